from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """Pages that stay right while rows are added: a cursor on the id, newest first."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 200

"""Links to an object's page for the rows of a list, without a ``reverse`` a row.

``reverse`` (or ``{% url %}``) resolves the view's pattern at each call, about 30 µs: on a list of 25 to 50 rows
it was the most of the rows' drawing (5 ms of a page of 50 agenda lines, three links a line). It lives at the
bottom of the layers so that every app's pages may use it.
"""

from django.urls import reverse

# A number no URL of ours holds otherwise: it marks where the pk goes in a reversed URL.
PK_MARK = 987654321987654321


def url_for_pk(view_name, *args):
    """Return a function giving the URL of ``view_name`` for an object's pk, the view reversed once.

    The pk is the view's last argument, after ``args``: ``url_for_pk("workflow:study-detail")(pk)`` is
    ``reverse("workflow:study-detail", args=[pk])``.
    """
    before, after = reverse(view_name, args=[*args, PK_MARK]).rsplit(str(PK_MARK), 1)
    return lambda pk: f"{before}{pk}{after}"

"""What the jury pages share: fetching through the selectors and showing refusals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404

from juries.selectors import agenda_entries_for_user, sessions_for_user
from permissions.refusal import forbid


def session_or_404(request, pk, sessions=sessions_for_user):
    """Return a session the user may open, among ``sessions(user)``; any other is a 404, whether it exists or not."""
    return get_object_or_404(sessions(request.user).select_related("grid"), pk=pk)


def entry_or_404(request, pk):
    """Return an agenda entry the user may see, with its session, study and project."""
    return get_object_or_404(
        agenda_entries_for_user(request.user).select_related("session__grid", "study__project"), pk=pk
    )


def require(allowed):
    """Refuse, as the services do, a person who may not take the action at all (a 403 with the reason)."""
    if not allowed:
        forbid()


def show_refusal(request, refusal):
    """Show a refusal's reasons on the page; a person who may not act at all gets the 403 page instead."""
    if refusal.forbidden:
        raise refusal
    for reason in refusal.reasons:
        messages.error(request, reason)


def filters_of(form):
    """Return what a filter form's valid fields ask for; a value not offered is left out rather than refused."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


def page_of(rows, number, per_page, *, total=None):
    """Return the page ``number`` (Django's ``Page``) of ``rows``, a queryset, in one query.

    The total comes with the page's rows (``COUNT(*) OVER ()``) rather than from a query of its own: the jury
    pages have no query to spare. A caller who knows it already gives it (``total``): the window made PostgreSQL
    read and join every row to count them, where an index gives the page's rows alone. A page past the end, or
    no number, falls back to the paginator's own way.
    """
    paginator = Paginator(rows, per_page)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    if total is None:
        rows = rows.annotate(rows_in_all=Window(Count("pk")))
    found = list(rows[offset : offset + per_page])
    if not found and number > 1:
        return paginator.get_page(number)
    paginator.count = total if total is not None else _rows_in_all(found[0]) if found else 0
    page = paginator.page(number)
    page.object_list = found
    return page


def _rows_in_all(row):
    return row["rows_in_all"] if isinstance(row, dict) else row.rows_in_all

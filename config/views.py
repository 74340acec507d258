"""The home page: it takes each person to the work that needs them now, whatever their roles."""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.links import url_for_pk
from config.menu import uses_projects
from config.todo import todo_for_user
from juries.enums import SessionState
from juries.selectors import sessions_for_user
from projects.selectors import projects_for_holder
from workflow.dashboard import stalled_count_for_user
from workflow.rules import coordinated_region_ids, holder_project_ids, jury_session_ids

HOME_LIST_LENGTH = 10


def _next_sessions(user):
    """The next jury sessions ``user`` may open, soonest first (a national coordinator may open them all)."""
    if not (user.is_national_coordinator or jury_session_ids(user)):
        # He sits on no session: his scopes, read for the menu, say so without a query.
        return []
    rows = (
        sessions_for_user(user)
        .exclude(state=SessionState.CLOSED)
        .order_by("date", "pk")
        .values_list("pk", "title", "date", "state")
    )
    url = url_for_pk("juries:session-detail")
    return [
        {
            "url": url(pk),
            "title": title,
            "date": date,
            "state": SessionState(state).label,
        }
        for pk, title, date, state in rows[:HOME_LIST_LENGTH]
    ]


@login_required
def home(request):
    user = request.user
    coordinates = user.is_national_coordinator or bool(coordinated_region_ids(user))
    context = {
        "todo": todo_for_user(user),
        "coordinates": coordinates,
        "jury_sessions": _next_sessions(user),
        # The to-do list has read the person's teams already: a national coordinator's cost nothing more here.
        "show_projects": uses_projects(user) or bool(holder_project_ids(user)),
    }
    if context["show_projects"]:
        context["projects"] = projects_for_holder(user)
    if coordinates:
        context["stalled_count"] = stalled_count_for_user(user)
    return render(request, "home.html", context)


def server_error(request):
    """Answer 503 when the database is unreachable, 500 otherwise; never a stack trace, never a query."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(render_to_string("500.html"))

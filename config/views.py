"""The home page: it takes each person to the work that needs them now, whatever their roles."""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from juries.enums import SessionState
from juries.selectors import sessions_for_user
from projects.selectors import projects_for_holder
from workflow.dashboard import coordinated_studies, stalled_count_for_user
from workflow.enums import State
from workflow.rules import coordinated_region_ids, holder_project_ids, jury_session_ids
from workflow.selectors import studies_for_user

HOME_LIST_LENGTH = 10
# A number no URL of ours holds otherwise: it marks where the pk goes in a reversed URL.
PK_MARK = 987654321987654321


def _url_of(view_name):
    """Return a function giving the URL of ``view_name`` for an object's pk.

    ``reverse`` resolves the view once, rather than once a row (20 µs each, the most of a short list's drawing).
    """
    before, after = reverse(view_name, args=[PK_MARK]).split(str(PK_MARK))
    return lambda pk: f"{before}{pk}{after}"


def _study_links(studies):
    """The first studies of a home list, newest change first, with what the list shows: link, name and region.

    Plain rows rather than models, with their links built here rather than by the template: both cost less.
    """
    rows = studies.order_by("-updated_at", "pk").values_list("pk", "project__name", "project__region__name")
    url = _url_of("workflow:study-detail")
    return [{"url": url(pk), "name": name, "region": region} for pk, name, region in rows[:HOME_LIST_LENGTH]]


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
    url = _url_of("juries:session-detail")
    return [
        {
            "url": url(pk),
            "title": title,
            "date": date,
            "state": SessionState(state).label,
        }
        for pk, title, date, state in rows[:HOME_LIST_LENGTH]
    ]


def _holds_projects(user):
    """Say whether ``user`` is on the team of a school project.

    Everyone's scopes but a national coordinator's are read for the menu already; his are not (he coordinates
    every region), and one small query costs less than reading them all.
    """
    if user.is_national_coordinator:
        return user.school_projects.exists()
    return bool(holder_project_ids(user))


@login_required
def home(request):
    user = request.user
    coordinates = user.is_national_coordinator or bool(coordinated_region_ids(user))
    context = {"coordinates": coordinates, "jury_sessions": _next_sessions(user), "projects": projects_for_holder(user)}
    if coordinates:
        work = coordinated_studies(user)
        context |= {
            "to_screen": _study_links(work.filter(state=State.SUBMITTED)),
            "in_training": _study_links(work.filter(state=State.TRAINING)),
            "stalled_count": stalled_count_for_user(user),
        }
    if user.is_bank_expert:
        context["to_review"] = _study_links(studies_for_user(user).filter(state=State.FINANCING_REVIEW))
        context["to_fund"] = _study_links(studies_for_user(user).filter(state=State.APPROVED))
    context["show_projects"] = _holds_projects(user) or not (coordinates or user.is_bank_expert or user.is_jury_member)
    return render(request, "home.html", context)


def server_error(request):
    """Answer 503 when the database is unreachable, 500 otherwise; never a stack trace, never a query."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(render_to_string("500.html"))

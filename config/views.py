"""The home page: it takes each person to the work that needs them now, whatever their roles."""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from juries.enums import SessionState
from juries.selectors import sessions_for_user
from projects.selectors import projects_for_holder
from workflow.enums import State
from workflow.rules import coordinated_region_ids
from workflow.selectors import stalled_filter, studies_for_user, studies_of_coordinated_regions

HOME_LIST_LENGTH = 10


def _home_list(studies):
    """The first studies of a home list, newest change first, with what the list shows: name and region."""
    return (
        studies.select_related("project__region")
        .only("pk", "project__name", "project__region__name")
        .order_by("-updated_at", "pk")[:HOME_LIST_LENGTH]
    )


@login_required
def home(request):
    user = request.user
    coordinates = user.is_national_coordinator or bool(coordinated_region_ids(user))
    context = {"projects": projects_for_holder(user)}
    if coordinates:
        # The work of a regional coordinator is in his regions, every study of which he may open (the region
        # set of ``studies_for_user``): PostgreSQL walks the state's index by date instead of building the set
        # of all the studies he may open.
        work = studies_for_user(user) if user.is_national_coordinator else studies_of_coordinated_regions(user)
        context |= {
            "to_screen": _home_list(work.filter(state=State.SUBMITTED)),
            "in_training": _home_list(work.filter(state=State.TRAINING)),
            "stalled_count": work.filter(stalled_filter()).count(),
        }
    if user.is_bank_expert:
        context["to_review"] = _home_list(studies_for_user(user).filter(state=State.FINANCING_REVIEW))
        context["to_fund"] = _home_list(studies_for_user(user).filter(state=State.APPROVED))
    # The next sessions only: a national coordinator may open every session of the federation.
    context["jury_sessions"] = (
        sessions_for_user(user)
        .exclude(state=SessionState.CLOSED)
        .only("pk", "title", "date", "state")
        .order_by("date", "pk")[:HOME_LIST_LENGTH]
    )
    context["coordinates"] = coordinates
    context["show_projects"] = context["projects"].exists() or not (
        coordinates or user.is_bank_expert or user.is_jury_member
    )
    return render(request, "home.html", context)


def server_error(request):
    """Answer 503 when the database is unreachable, 500 otherwise; never a stack trace, never a query."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(render_to_string("500.html"))

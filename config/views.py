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
from workflow.selectors import stalled_filter, study_list_for_user

HOME_LIST_LENGTH = 10


@login_required
def home(request):
    user = request.user
    coordinates = user.is_national_coordinator or bool(coordinated_region_ids(user))
    context = {"projects": projects_for_holder(user)}
    if coordinates:
        visible = study_list_for_user(user)
        if not user.is_national_coordinator:
            # The work of a regional coordinator is in his regions; the filter also lets PostgreSQL walk the
            # state's index by date instead of reading every study he may open.
            visible = visible.filter(project__region_id__in=coordinated_region_ids(user))
        context |= {
            "to_screen": visible.filter(state=State.SUBMITTED)[:HOME_LIST_LENGTH],
            "in_training": visible.filter(state=State.TRAINING)[:HOME_LIST_LENGTH],
            "stalled_count": visible.filter(stalled_filter()).count(),
        }
    if user.is_bank_expert:
        context["to_review"] = study_list_for_user(user, state=State.FINANCING_REVIEW)[:HOME_LIST_LENGTH]
        context["to_fund"] = study_list_for_user(user, state=State.APPROVED)[:HOME_LIST_LENGTH]
    context["jury_sessions"] = sessions_for_user(user).exclude(state=SessionState.CLOSED).order_by("date")
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

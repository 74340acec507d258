"""What the jury pages share: fetching through the selectors and showing refusals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from juries.selectors import agenda_entries_for_user, sessions_for_user


def session_or_404(request, pk):
    """Return a session the user may open; any other is a 404, whether it exists or not."""
    return get_object_or_404(sessions_for_user(request.user).select_related("grid"), pk=pk)


def entry_or_404(request, pk):
    """Return an agenda entry the user may see, with its session, study and project."""
    return get_object_or_404(
        agenda_entries_for_user(request.user).select_related("session__grid", "study__project"), pk=pk
    )


def require(allowed):
    if not allowed:
        raise PermissionDenied


def show_refusal(request, refusal):
    for reason in refusal.reasons:
        messages.error(request, reason)

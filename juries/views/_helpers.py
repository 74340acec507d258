"""What the jury pages share: fetching through the selectors and showing refusals."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from juries.selectors import agenda_entries_for_user, sessions_for_user
from permissions.refusal import forbid


def session_or_404(request, pk):
    """Return a session the user may open; any other is a 404, whether it exists or not."""
    return get_object_or_404(sessions_for_user(request.user).select_related("grid"), pk=pk)


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

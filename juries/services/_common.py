"""Helpers shared by the jury services: refusals, row locks and the jury log."""

from django.utils.translation import gettext as _

from juries.enums import SessionState
from juries.models import AgendaEntry, JuryLog, JurySession
from permissions.refusal import forbid, refuse_if

__all__ = ["fetch_entry", "lock_session", "refuse_if", "require", "state_refusal", "write_log"]


def require(allowed):
    """Refuse an actor who may not act at all (a wrong state is a refusal with a reason, not this)."""
    if not allowed:
        forbid()


def lock_session(session_id):
    """Lock the session row; every jury service takes this lock, after the study's when it needs both."""
    return JurySession.objects.select_for_update().get(pk=session_id)


def fetch_entry(entry_id):
    return AgendaEntry.objects.select_related("session", "study__project").get(pk=entry_id)


def state_refusal(session, allowed_states):
    """Return the reason an action is refused in the session's current state, or an empty list."""
    if session.state in allowed_states:
        return []
    return [
        _("This is not possible while the jury session is “%(state)s”.") % {"state": SessionState(session.state).label}
    ]


def write_log(session, action, *, actor, entry=None, member=None, detail=""):
    return JuryLog.objects.create(
        session_id=session.pk, entry=entry, action=action, actor=actor, member=member, detail=detail
    )

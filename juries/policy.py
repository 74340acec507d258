"""Who may see and do what in a jury: the policies services, views and templates ask.

Each ``view`` action agrees with its selector (``visible``); the matrices of ``tests/juries/test_blindness.py``
and ``tests/security`` check them together. The state of the session (scoring open, deadline) is the services'
to check, with a reason.
"""

from juries.rules import (
    can_decide_entry,
    can_declare_conflict_on_entry,
    can_extend_deadline,
    can_manage_session,
    can_recuse_members,
    can_recuse_on_entry,
    can_reopen_scorecard_of_entry,
    can_score_entry,
    can_view_agenda_entry,
    can_view_session,
    can_view_submission_progress,
)
from juries.selectors import agenda_entries_for_user, sessions_for_user
from permissions.policy import PermissionPolicy


class SessionPolicy(PermissionPolicy):
    actions = {
        "view": can_view_session,
        "manage": can_manage_session,
        "extend_deadline": can_extend_deadline,
        "recuse": can_recuse_members,
        "view_progress": can_view_submission_progress,
    }

    def visible(self, user):
        return sessions_for_user(user)


class AgendaEntryPolicy(PermissionPolicy):
    actions = {
        "view": can_view_agenda_entry,
        "score": can_score_entry,
        "declare_conflict": can_declare_conflict_on_entry,
        "recuse": can_recuse_on_entry,
        "reopen": can_reopen_scorecard_of_entry,
        "decide": can_decide_entry,
    }

    def visible(self, user):
        return agenda_entries_for_user(user)


session_policy = SessionPolicy()
entry_policy = AgendaEntryPolicy()

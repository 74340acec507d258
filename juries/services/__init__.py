"""The jury's state changes, one function per change, each in its own durable transaction.

They are the only way to change a session's state, its agenda, conflicts, scores and decisions.
Each takes the acting user as the keyword ``actor`` and raises ``permissions.refusal.ActionRefused`` with its
reasons: ``forbidden`` for an actor who may not act at all, not for an action that is not possible now.
"""

from juries.services.conflicts import declare_conflict
from juries.services.decisions import record_decision
from juries.services.grids import create_grid, criteria_refusals, new_grid_version, update_grid
from juries.services.scoring import reopen_scorecard, save_scorecard, submit_scorecard
from juries.services.sessions import (
    add_member,
    add_to_agenda,
    agenda_refusals,
    close_scoring,
    close_session,
    extend_deadline,
    open_scoring,
    open_scoring_refusals,
    plan_session,
    remove_from_agenda,
    remove_member,
    set_president,
    update_session,
)

__all__ = [
    "add_member",
    "add_to_agenda",
    "agenda_refusals",
    "close_scoring",
    "close_session",
    "create_grid",
    "criteria_refusals",
    "declare_conflict",
    "extend_deadline",
    "new_grid_version",
    "open_scoring",
    "open_scoring_refusals",
    "plan_session",
    "record_decision",
    "remove_from_agenda",
    "remove_member",
    "reopen_scorecard",
    "save_scorecard",
    "set_president",
    "submit_scorecard",
    "update_grid",
    "update_session",
]

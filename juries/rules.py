"""Who may see and do what in a jury: ``rules`` predicates.

Each predicate that guards rows is paired with a selector in ``juries.selectors`` (tested together as a
matrix). Predicates read the objects and their relations only, so that the models can import them.
The state of the session (scoring open, deadline) is checked by the services, which say why they refuse.
"""

import rules

from juries.enums import ScorecardStatus, SessionState
from workflow.rules import is_conflicted_on_study, is_national_coordinator

REVEALED_STATES = (SessionState.DELIBERATION, SessionState.CLOSED)


def _is_active(user):
    return user is not None and user.is_authenticated and user.is_active


def _membership(user, session):
    """Return the user's membership of the session, or None.

    Read from the session's few memberships: those the session page prefetched, so that its flags cost no
    query, or else one query, as an ``exists()`` would cost.
    """
    return next((membership for membership in session.memberships.all() if membership.user_id == user.pk), None)


@rules.predicate
def is_session_member(user, session):
    return session is not None and _is_active(user) and _membership(user, session) is not None


@rules.predicate
def is_session_president(user, session):
    if session is None or not _is_active(user):
        return False
    membership = _membership(user, session)
    return membership is not None and membership.is_president


@rules.predicate
def is_conflicted_on_entry(user, entry):
    """Whether ``user`` has a conflict of interest on the project of the entry's study, declared in any session."""
    return entry is not None and _is_active(user) and is_conflicted_on_study(user, entry.study)


can_view_session = is_national_coordinator | is_session_member
# A member declares his own conflicts; a national coordinator his own too, on any study of an agenda.
can_declare_own_conflict = is_national_coordinator | is_session_member
can_manage_session = is_national_coordinator
can_extend_deadline = is_session_president | is_national_coordinator
# Whom ``declare_conflict`` lets recuse another member: the pages offer the recusal to them only.
can_recuse_members = is_session_president | is_national_coordinator
# The president chases late scorers, so he sees who has submitted; what they gave stays hidden.
can_view_submission_progress = is_session_president | is_national_coordinator


@rules.predicate
def can_view_results(user, session):
    """Whether ``user`` may see the scores and results of the session: from deliberation on."""
    return (
        session is not None
        and session.state in REVEALED_STATES
        and (is_national_coordinator(user) or is_session_member(user, session))
    )


@rules.predicate
def can_view_agenda_entry(user, entry):
    """Members see the whole agenda, including the studies they are conflicted on (not their content)."""
    return entry is not None and (is_national_coordinator(user) or is_session_member(user, entry.session))


@rules.predicate
def can_score_entry(user, entry):
    return entry is not None and is_session_member(user, entry.session) and not is_conflicted_on_entry(user, entry)


@rules.predicate
def can_reopen_scorecard_of_entry(user, entry):
    return entry is not None and is_session_president(user, entry.session) and not is_conflicted_on_entry(user, entry)


@rules.predicate
def can_recuse_on_entry(user, entry):
    """The president or a national coordinator, not conflicted on the study: he may recuse another member."""
    return entry is not None and can_recuse_members(user, entry.session) and not is_conflicted_on_entry(user, entry)


@rules.predicate
def can_declare_conflict_on_entry(user, entry):
    """A member of the session, or a national coordinator, not yet conflicted on the study's project."""
    return (
        entry is not None and can_declare_own_conflict(user, entry.session) and not is_conflicted_on_entry(user, entry)
    )


@rules.predicate
def can_decide_entry(user, entry):
    """The president, or a national coordinator, neither of them conflicted on the study."""
    return (
        entry is not None
        and (is_session_president(user, entry.session) or is_national_coordinator(user))
        and not is_conflicted_on_entry(user, entry)
    )


@rules.predicate
def can_view_scorecard(user, scorecard):
    """Before deliberation a member sees only his own scorecards; nobody sees a study he is conflicted on.

    From deliberation on, the session's members and the national coordinators see the submitted
    scorecards, except those of members who declared a conflict on the study.
    """
    if scorecard is None or not _is_active(user):
        return False
    entry = scorecard.entry
    if is_conflicted_on_entry(user, entry):
        return False
    if scorecard.member_id == user.pk:
        return True
    return (
        scorecard.status == ScorecardStatus.SUBMITTED
        and entry.session.state in REVEALED_STATES
        and not scorecard.member.jury_conflicts.filter(project_id=entry.study.project_id).exists()
        and (is_national_coordinator(user) or is_session_member(user, entry.session))
    )


@rules.predicate
def can_view_decision(user, decision):
    return (
        decision is not None
        and can_view_agenda_entry(user, decision.entry)
        and not is_conflicted_on_entry(user, decision.entry)
    )

"""Conflicts of interest: a person's declaration, or his recusal by the president."""

from django.db import transaction
from django.utils.translation import gettext as _

from juries.enums import JuryAction, SessionState
from juries.models import AgendaEntry, ConflictOfInterest, JuryDecision, JurySession
from juries.policy import entry_policy
from juries.rules import can_declare_own_conflict, is_conflicted_on_entry, is_session_member
from juries.services._common import fetch_entry, lock_session, refuse_if, require, state_refusal, write_log
from juries.services.results import publish_results
from juries.signals import conflict_declared
from workflow.rules import forget_scopes


def declare_conflict(entry, *, actor, reason, member=None):
    """Record a conflict of interest of ``member`` (by default the actor himself) on the project of a study.

    A member, or a national coordinator, declares his own; the president (unless conflicted on the study) or a
    national coordinator recuses another member. The conflict binds the person and the project across every
    session: he can open neither its studies nor their scores and outcome, and his scorecards on them no longer
    count. The figures already published of every session deliberating on the project are published again.
    A conflict is never withdrawn. Refused once the study of this entry has a decision.
    """
    member = member or actor
    with transaction.atomic(durable=True):
        session = lock_session(entry.session_id)
        entry = fetch_entry(entry.pk)
        forget_scopes(actor)
        if member == actor:
            require(can_declare_own_conflict(actor, session))
        elif is_conflicted_on_entry(actor, entry):
            refuse_if(
                [_("You have a conflict of interest on this study: you cannot recuse anyone from it.")], forbidden=True
            )
        else:
            entry_policy.check(actor, "recuse", entry)
        reasons = state_refusal(session, (SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION))
        if member != actor and not is_session_member(member, session):
            reasons.append(_("%(user)s is not a member of this session.") % {"user": member})
        if not reason.strip():
            reasons.append(_("Give the reason for the conflict of interest."))
        if JuryDecision.objects.filter(entry=entry).exists():
            reasons.append(_("The jury has already decided on this study."))
        if ConflictOfInterest.objects.filter(project_id=entry.study.project_id, member=member).exists():
            reasons.append(_("This conflict of interest is already recorded."))
        refuse_if(reasons)
        conflict = ConflictOfInterest.objects.create(
            project_id=entry.study.project_id, entry=entry, member=member, reason=reason.strip(), declared_by=actor
        )
        _republish_sessions_of_project(entry.study.project_id, locked=session)
        write_log(
            session,
            JuryAction.CONFLICT_DECLARED if member == actor else JuryAction.MEMBER_RECUSED,
            actor=actor,
            entry=entry,
            member=member,
            detail=conflict.reason,
        )
        conflict_declared.send(sender=ConflictOfInterest, conflict=conflict, actor=actor)
    return conflict


def _republish_sessions_of_project(project_id, *, locked):
    """Publish again the figures of every session in deliberation with one of the project's studies on its agenda.

    Only these have figures the conflict changes: a session still scoring publishes them when it closes, and
    a closed session keeps the figures its decisions rested on. Every session not yet closed is locked all the
    same, in id order after ``locked`` (the one the caller holds), so that a closing of the scoring waits for
    the conflict, and two declarations on one project never wait on each other in a cycle.
    """
    if locked.state == SessionState.DELIBERATION:
        publish_results(locked)
    others = (
        AgendaEntry.objects.filter(study__project_id=project_id)
        .exclude(session_id=locked.pk)
        .exclude(session__state=SessionState.CLOSED)
        .values_list("session_id", flat=True)
    )
    for session in JurySession.objects.select_for_update().filter(pk__in=list(others)).order_by("pk"):
        if session.state == SessionState.DELIBERATION:
            publish_results(session)

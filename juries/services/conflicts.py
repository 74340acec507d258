"""Conflicts of interest: a member's declaration, or his recusal by the president."""

from django.db import transaction
from django.utils.translation import gettext as _

from juries.enums import JuryAction, SessionState
from juries.models import ConflictOfInterest, JuryDecision
from juries.rules import is_national_coordinator, is_session_member, is_session_president
from juries.services._common import fetch_entry, lock_session, refuse_if, require, state_refusal, write_log
from juries.services.results import refresh_results
from juries.signals import conflict_declared


def declare_conflict(entry, *, actor, reason, member=None):
    """Record a conflict of interest of ``member`` (by default the actor himself) on a study of the agenda.

    A member declares his own; the president or a national coordinator recuses another member. From then
    on the member can neither open nor score the study, and his scorecard, if any, no longer counts
    towards its quorum and results. A conflict is never withdrawn. Refused once the study has a decision.
    """
    member = member or actor
    with transaction.atomic(durable=True):
        session = lock_session(entry.session_id)
        entry = fetch_entry(entry.pk)
        if member == actor:
            require(is_session_member(actor, session))
        else:
            require(is_session_president(actor, session) or is_national_coordinator(actor))
        reasons = state_refusal(session, (SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION))
        if member != actor and not is_session_member(member, session):
            reasons.append(_("%(user)s is not a member of this session.") % {"user": member})
        if member != actor and not is_national_coordinator(actor) and entry.conflicts.filter(member=actor).exists():
            reasons.append(_("You have a conflict of interest on this study: you cannot recuse anyone from it."))
        if not reason.strip():
            reasons.append(_("Give the reason for the conflict of interest."))
        if JuryDecision.objects.filter(entry=entry).exists():
            reasons.append(_("The jury has already decided on this study."))
        if entry.conflicts.filter(member=member).exists():
            reasons.append(_("This conflict of interest is already recorded."))
        refuse_if(reasons)
        conflict = ConflictOfInterest.objects.create(
            entry=entry, member=member, reason=reason.strip(), declared_by=actor
        )
        refresh_results(session)
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

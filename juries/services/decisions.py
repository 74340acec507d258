"""The jury's decision on a study: the only door to the study's ``approve``, ``defer`` and ``reject``."""

from django.utils.translation import gettext as _

from accounts.enums import Role
from juries.enums import Decision, JuryAction, SessionState
from juries.models import AgendaEntry, JuryDecision, JurySession
from juries.policy import entry_policy
from juries.rules import is_conflicted_on_entry, is_session_president
from juries.services._common import fetch_entry, refuse_if, state_refusal, write_log
from juries.signals import decision_recorded
from workflow.rules import forget_scopes
from workflow.services import apply_transition


def _entry_of(entry_or_study):
    if isinstance(entry_or_study, AgendaEntry):
        return fetch_entry(entry_or_study.pk)
    entry = (
        AgendaEntry.objects.filter(study=entry_or_study, session__state=SessionState.DELIBERATION)
        .select_related("session", "study__project")
        .first()
    )
    refuse_if([_("The study's jury session is not in deliberation.")] if entry is None else [])
    return entry


def record_decision(entry_or_study, *, actor, decision, motivation):
    """Record the jury's decision on a study (approve, defer or reject) and move the study accordingly.

    The president of the session, or a national coordinator, neither conflicted on the study, records it with
    a motivation, while the session deliberates and the study is in the jury's hands. The decision row is
    written through ``apply_transition``'s ``record`` hook, under the study's lock and then the session's: the
    life cycle's guard ``decided_by_the_jury`` finds it there, so the decision and the transition commit
    together or not at all, and no other door can perform the transition. Of two decisions at once on one
    study, exactly one wins: the other finds the study moved and is refused.
    """
    try:
        decision = Decision(decision)
    except ValueError:
        refuse_if([_("Unknown decision.")])
    entry = _entry_of(entry_or_study)
    refuse_if(state_refusal(entry.session, (SessionState.DELIBERATION,)))
    forget_scopes(actor)
    if is_conflicted_on_entry(actor, entry):
        refuse_if([_("You have a conflict of interest on this study: you cannot decide on it.")], forbidden=True)
    entry_policy.check(actor, "decide", entry)
    refuse_if([] if motivation.strip() else [_("A motivation is required for the jury's decision.")])
    recorded = []

    def write(locked_study):
        # The study is locked; the session next, the order ``add_to_agenda`` uses too.
        session = JurySession.objects.select_for_update().get(pk=entry.session_id)
        reasons = state_refusal(session, (SessionState.DELIBERATION,))
        if JuryDecision.objects.filter(entry=entry).exists():
            reasons.append(_("The jury has already decided on this study."))
        refuse_if(reasons)
        row = JuryDecision.objects.create(
            entry=entry,
            decision=decision,
            motivation=motivation.strip(),
            decided_by=actor,
            decided_as=Role.JURY_PRESIDENT if is_session_president(actor, session) else Role.NATIONAL_COORDINATOR,
        )
        write_log(session, JuryAction.DECISION_RECORDED, actor=actor, entry=entry, detail=row.get_decision_display())
        decision_recorded.send(sender=JuryDecision, decision=row, actor=actor)
        recorded.append(row)

    apply_transition(entry.study, decision.value, actor=actor, comment=motivation, record=write)
    return recorded[0]

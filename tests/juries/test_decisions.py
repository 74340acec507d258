import pytest

from accounts.enums import Role
from juries import signals
from juries.enums import Decision, JuryAction
from juries.models import JuryDecision
from juries.services import declare_conflict, record_decision
from permissions.refusal import ActionRefused
from workflow.enums import State
from workflow.models import TransitionLog


def study_state(entry):
    entry.study.refresh_from_db()
    return entry.study.state


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "state"),
    [(Decision.APPROVE, State.APPROVED), (Decision.DEFER, State.DEFERRED), (Decision.REJECT, State.REJECTED)],
)
def test_record_decision_moves_the_study(deliberating_session, entries, president, decision, state, received):
    recorded = received(signals.decision_recorded)

    row = record_decision(entries[0], actor=president, decision=decision, motivation="  Motivation du jury.  ")

    log = TransitionLog.objects.get(study=entries[0].study, transition=decision.value)
    assert (row.decision, row.motivation, row.decided_as, study_state(entries[0])) == (
        decision,
        "Motivation du jury.",
        Role.JURY_PRESIDENT,
        state,
    )
    assert (log.actor_role, log.comment, deliberating_session.log.last().action) == (
        Role.JURY_PRESIDENT,
        "Motivation du jury.",
        JuryAction.DECISION_RECORDED,
    )
    assert [call["decision"] for call in recorded] == [row]


@pytest.mark.django_db
def test_record_decision_by_study(deliberating_session, entries, president):
    row = record_decision(entries[1].study, actor=president, decision="reject", motivation="Marché saturé.")

    assert (row.entry, study_state(entries[1])) == (entries[1], State.REJECTED)


@pytest.mark.django_db
def test_record_decision_by_a_national_coordinator(deliberating_session, entries, coordinator):
    row = record_decision(entries[0], actor=coordinator, decision=Decision.DEFER, motivation="Budget à revoir.")

    assert row.decided_as == Role.NATIONAL_COORDINATOR


@pytest.mark.django_db
def test_record_decision_by_a_member_refused(deliberating_session, entries, alice):
    with pytest.raises(ActionRefused):
        record_decision(entries[0], actor=alice, decision=Decision.APPROVE, motivation="Oui.")

    assert (study_state(entries[0]), JuryDecision.objects.count()) == (State.JURY, 0)


@pytest.mark.django_db
def test_record_decision_without_motivation_refused(deliberating_session, entries, president):
    with pytest.raises(ActionRefused) as refused:
        record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation=" ")

    assert (refused.value.reasons, study_state(entries[0])) == (
        ["A motivation is required for the jury's decision."],
        State.JURY,
    )


@pytest.mark.django_db
def test_record_unknown_decision_refused(deliberating_session, entries, president):
    with pytest.raises(ActionRefused):
        record_decision(entries[0], actor=president, decision="withdraw", motivation="Non.")

    assert study_state(entries[0]) == State.JURY


@pytest.mark.django_db
def test_record_decision_before_deliberation_refused(scoring_session, entries, president):
    with pytest.raises(ActionRefused) as refused:
        record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Trop tôt.")

    assert (refused.value.reasons, JuryDecision.objects.count()) == (
        ["This is not possible while the jury session is “Scoring”."],
        0,
    )


@pytest.mark.django_db
def test_record_decision_by_a_conflicted_president_refused(deliberating_session, entries, president):
    declare_conflict(entries[0], actor=president, reason="Membre du conseil d'administration.")

    with pytest.raises(ActionRefused) as refused:
        record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Oui.")

    assert (refused.value.reasons, study_state(entries[0]), JuryDecision.objects.count()) == (
        ["You have a conflict of interest on this study: you cannot decide on it."],
        State.JURY,
        0,
    )


@pytest.mark.django_db
def test_record_second_decision_refused_first_one_kept(deliberating_session, entries, president):
    first = record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Retenu.")

    with pytest.raises(ActionRefused):
        record_decision(entries[0], actor=president, decision=Decision.REJECT, motivation="Finalement non.")

    assert (list(JuryDecision.objects.all()), study_state(entries[0])) == ([first], State.APPROVED)


@pytest.mark.django_db
def test_decision_rows_are_immutable(deliberating_session, entries, president):
    row = record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Retenu.")
    row.decision = Decision.REJECT

    with pytest.raises(ValueError):
        row.save()
    assert JuryDecision.objects.get().decision == Decision.APPROVE

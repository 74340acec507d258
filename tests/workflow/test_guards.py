"""Each guard is first refused with its reason, then satisfied."""

import datetime
from decimal import Decimal

import pytest

from juries.enums import ScorecardStatus, SessionState
from juries.models import JurySession, Scorecard
from juries.services import record_decision
from permissions.refusal import ActionRefused
from tests.factories import complete_study
from tests.workflow.conftest import deliberate, put_in_state, put_on_agenda
from workflow.enums import Instrument, Opinion, Purpose, State
from workflow.models import TrainingModule, TrainingProgress
from workflow.services import (
    apply_transition,
    record_financing_review,
    record_funding,
    record_opening,
    validate_training_module,
)


def refusal_reasons(study, name, actor, **kwargs):
    with pytest.raises(ActionRefused) as refusal:
        apply_transition(study, name, actor=actor, **kwargs)
    return refusal.value.reasons


@pytest.mark.django_db
def test_submit_guard_lists_what_is_missing_then_passes(study, holder):
    reasons = refusal_reasons(study, "submit", holder)

    assert reasons[:2] == [
        "The section “Territorial diagnosis” is empty.",
        "The section “Companies' needs and support” is empty.",
    ]
    assert "The financing plan is empty." in reasons
    assert "Attach at least one document of this kind: Letter of support." in reasons
    complete_study(study)
    assert apply_transition(study, "submit", actor=holder).to_state == State.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "actor_key"), [(State.SUBMITTED, "regional_coordinator"), (State.FINANCING_REVIEW, "bank_expert")]
)
def test_request_changes_needs_a_comment(study, people, source, actor_key):
    study = put_in_state(study, source)

    assert refusal_reasons(study, "request_changes", people[actor_key], comment="  ") == [
        "A comment is required for this action."
    ]
    log = apply_transition(study, "request_changes", actor=people[actor_key], comment="Précisez le budget.")
    assert (log.to_state, log.comment) == (State.CHANGES_REQUESTED, "Précisez le budget.")


@pytest.mark.django_db
def test_resubmission_returns_to_the_stage_that_asked_for_changes(study, people, holder):
    study = complete_study(put_in_state(study, State.FINANCING_REVIEW))
    apply_transition(study, "request_changes", actor=people["bank_expert"], comment="Revoir le prêt.")
    study.refresh_from_db()

    log = apply_transition(study, "submit", actor=holder)

    study.refresh_from_db()
    assert (log.to_state, study.changes_requested_from) == (State.FINANCING_REVIEW, "")


@pytest.mark.django_db
def test_accept_enrols_the_team_in_mandatory_modules_only(study, people):
    mandatory = TrainingModule.objects.create(title="Gouvernance associative", is_mandatory=True)
    TrainingModule.objects.create(title="Atelier facultatif", is_mandatory=False)
    study = put_in_state(study, State.SUBMITTED)

    apply_transition(study, "accept", actor=people["regional_coordinator"])

    assert list(TrainingProgress.objects.values_list("project_id", "module_id")) == [(study.project_id, mandatory.pk)]


@pytest.mark.django_db
def test_complete_training_needs_every_mandatory_module_validated(study, people):
    module = TrainingModule.objects.create(title="Construire le budget prévisionnel", is_mandatory=True)
    coordinator = people["regional_coordinator"]
    study = put_in_state(study, State.TRAINING)

    assert refusal_reasons(study, "complete_training", coordinator) == [
        "Training module not validated yet: Construire le budget prévisionnel."
    ]
    validate_training_module(study, actor=coordinator, module=module)
    assert apply_transition(study, "complete_training", actor=coordinator).to_state == State.FINANCING_REVIEW


@pytest.mark.django_db
def test_send_to_jury_needs_a_review_and_an_agenda(study, people):
    expert = people["bank_expert"]
    study = put_in_state(study, State.FINANCING_REVIEW)

    assert refusal_reasons(study, "send_to_jury", expert) == [
        "The financing review has not been recorded with an opinion.",
        "The study is not on the agenda of an upcoming jury session.",
    ]
    record_financing_review(
        study,
        actor=expert,
        opinion=Opinion.RESERVED,
        budget_analysis="Charges de personnel sous-estimées.",
        financing_plan_analysis="Dépendance forte à la subvention régionale.",
        instruments=[(Instrument.SUBORDINATED_LOAN, Decimal("150000.00"), "Prêt participatif sur 10 ans")],
    )
    put_on_agenda(study, president=people["jury_president"])
    assert apply_transition(study, "send_to_jury", actor=expert).to_state == State.JURY


@pytest.mark.django_db
def test_decision_needs_deliberation_quorum_and_motivation(study, people):
    president = people["jury_president"]
    study = put_in_state(study, State.JURY)
    entry = put_on_agenda(study, president=president, members=[people["jury_member"]], state=SessionState.SCORING)

    # The president of a session still scoring decides nothing yet.
    assert refusal_reasons(study, "approve", president, comment="Projet solide.") == [
        "This action is reserved for: Jury president, National coordinator."
    ]
    JurySession.objects.filter(pk=entry.session_id).update(state=SessionState.DELIBERATION)
    Scorecard.objects.create(entry=entry, member=president, status=ScorecardStatus.SUBMITTED)
    jury_door = "The jury's decision is recorded by the president of its session, on the session's page."
    assert refusal_reasons(study, "approve", president, comment="Projet solide.") == [
        "Quorum not reached: 1 scorecard submitted out of 3 required.",
        jury_door,
    ]
    assert refusal_reasons(study, "approve", president) == [
        "Quorum not reached: 1 scorecard submitted out of 3 required.",
        jury_door,
        "A comment is required for this action.",
    ]


@pytest.mark.django_db
def test_decision_allowed_once_quorum_reached(study, people):
    study = put_in_state(study, State.JURY)
    deliberate(study, president=people["jury_president"], member=people["jury_member"])

    record_decision(study, actor=people["jury_president"], decision="defer", motivation="Budget à consolider.")

    log = study.transition_logs.latest("pk")
    assert (log.to_state, log.actor_role) == (State.DEFERRED, "jury_president")


@pytest.mark.django_db
def test_withdraw_needs_a_reason(study, holder):
    assert refusal_reasons(study, "withdraw", holder) == ["A comment is required for this action."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instruments", "reason"),
    [
        ([], "Give at least one financing instrument with its amount."),
        ([(Instrument.LOAN, Decimal("-5.00"), "")], "Each financing amount must be greater than zero."),
        ([(Instrument.LOAN, Decimal("0"), "")], "Each financing amount must be greater than zero."),
    ],
)
def test_record_funding_refuses_missing_or_non_positive_amounts(study, people, instruments, reason):
    study = put_in_state(study, State.APPROVED)

    with pytest.raises(ActionRefused) as refusal:
        record_funding(study, actor=people["bank_expert"], instruments=instruments)

    study.refresh_from_db()
    assert (refusal.value.reasons, study.state, study.fundings.exists()) == ([reason], State.APPROVED, False)


@pytest.mark.django_db
def test_record_funding_guard_then_funding(study, people):
    study = put_in_state(study, State.APPROVED)

    assert refusal_reasons(study, "record_funding", people["bank_expert"]) == [
        "The funding has not been recorded with its amount and instruments."
    ]
    record_funding(
        study,
        actor=people["bank_expert"],
        instruments=[
            (Instrument.SUBORDINATED_LOAN, Decimal("150000.00"), "", Purpose.EQUIPMENT),
            (Instrument.GRANT, Decimal("0.50"), ""),
        ],
    )
    study.refresh_from_db()
    funding = study.fundings.get()
    assert (study.state, funding.total, sorted(funding.instruments.values_list("purpose", flat=True))) == (
        State.FUNDED,
        Decimal("150000.50"),
        ["", Purpose.EQUIPMENT],
    )


@pytest.mark.django_db
def test_record_opening_guard_then_opening(study, people):
    study = put_in_state(study, State.FUNDED)

    assert refusal_reasons(study, "record_opening", people["regional_coordinator"]) == [
        "The opening date has not been recorded."
    ]
    record_opening(study, actor=people["regional_coordinator"], opened_on=datetime.date(2027, 9, 6))
    study.refresh_from_db()
    assert (study.state, study.opened_on) == (State.OPENED, datetime.date(2027, 9, 6))

"""Every transition × every role: allowed or refused as the life-cycle contract says.

A refused attempt changes nothing: neither the state, nor the log, nor the events sent.
"""

import datetime
from decimal import Decimal

import pytest

from juries.services import record_decision
from permissions.refusal import ActionRefused
from tests.factories import complete_study
from tests.workflow.conftest import deliberate, put_in_state, put_on_agenda, record_review, validate_all_training
from workflow.enums import Instrument, State
from workflow.models import TransitionLog
from workflow.services import apply_transition, record_funding, record_opening
from workflow.signals import study_transitioned

ROLES = (
    "holder",
    "other_holder",
    "regional_coordinator",
    "other_regional_coordinator",
    "national_coordinator",
    "bank_expert",
    "jury_president",
    "jury_member",
)
COORDINATORS = {"regional_coordinator", "national_coordinator"}

# scenario: (transition, source state, target state, roles allowed)
CONTRACT = [
    ("submit", State.DRAFT, State.SUBMITTED, {"holder"}),
    ("request_changes", State.SUBMITTED, State.CHANGES_REQUESTED, COORDINATORS),
    ("request_changes", State.FINANCING_REVIEW, State.CHANGES_REQUESTED, {"bank_expert"}),
    ("accept", State.SUBMITTED, State.TRAINING, COORDINATORS),
    ("complete_training", State.TRAINING, State.FINANCING_REVIEW, COORDINATORS),
    ("send_to_jury", State.FINANCING_REVIEW, State.JURY, {"bank_expert"}),
    ("approve", State.JURY, State.APPROVED, {"jury_president", "national_coordinator"}),
    ("defer", State.JURY, State.DEFERRED, {"jury_president", "national_coordinator"}),
    ("reject", State.JURY, State.REJECTED, {"jury_president", "national_coordinator"}),
    ("revise", State.DEFERRED, State.DRAFT, {"holder"}),
    ("withdraw", State.DRAFT, State.WITHDRAWN, {"holder"}),
    ("record_funding", State.APPROVED, State.FUNDED, {"bank_expert", "national_coordinator"}),
    ("record_opening", State.FUNDED, State.OPENED, COORDINATORS),
]


def satisfy_guards(study, name, people):
    """Give the study what the transition's guards ask for."""
    if name == "submit":
        complete_study(study)
    elif name == "complete_training":
        validate_all_training(study, people["regional_coordinator"])
    elif name == "send_to_jury":
        record_review(study, people["bank_expert"])
        put_on_agenda(study, president=people["jury_president"], members=[people["jury_member"]])
    elif name in {"approve", "defer", "reject"}:
        deliberate(study, president=people["jury_president"], member=people["jury_member"])


def perform(study, name, actor):
    comment = "Motif détaillé de la décision."
    if name == "record_funding":
        return record_funding(study, actor=actor, instruments=[(Instrument.LOAN, Decimal("150000.00"), "")])
    if name == "record_opening":
        return record_opening(study, actor=actor, opened_on=datetime.date(2027, 9, 1))
    if name in {"approve", "defer", "reject"}:
        # The jury's decision is the one door to these transitions.
        record_decision(study, actor=actor, decision=name, motivation=comment)
        return study.transition_logs.latest("pk")
    return apply_transition(study, name, actor=actor, comment=comment)


@pytest.fixture
def events():
    sent = []

    def receiver(sender, study, log, **kwargs):
        sent.append((study.pk, log.transition))

    study_transitioned.connect(receiver)
    yield sent
    study_transitioned.disconnect(receiver)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "source", "target", "allowed"), CONTRACT, ids=[f"{c[0]}-from-{c[1]}" for c in CONTRACT]
)
def test_transition_matrix(study, people, events, role, name, source, target, allowed):
    study = put_in_state(study, source)
    satisfy_guards(study, name, people)

    if role in allowed:
        log = perform(study, name, people[role])
        study.refresh_from_db()
        assert (study.state, log.from_state, log.to_state, log.actor_role) == (target, source, target, role)
        assert events == [(study.pk, name)]
    else:
        with pytest.raises(ActionRefused):
            perform(study, name, people[role])
        study.refresh_from_db()
        assert (study.state, TransitionLog.objects.count(), events) == (source, 0, [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source",
    [State.SUBMITTED, State.CHANGES_REQUESTED, State.TRAINING, State.FINANCING_REVIEW, State.JURY, State.DEFERRED],
)
def test_withdraw_by_holder_from_every_open_stage(study, holder, source):
    study = put_in_state(study, source)

    apply_transition(study, "withdraw", actor=holder, comment="Le projet ne trouve pas de locaux.")

    study.refresh_from_db()
    assert study.state == State.WITHDRAWN


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.APPROVED, State.REJECTED, State.FUNDED, State.OPENED, State.WITHDRAWN])
def test_withdraw_refused_once_decided(study, holder, state):
    study = put_in_state(study, state)

    with pytest.raises(ActionRefused) as refusal:
        apply_transition(study, "withdraw", actor=holder, comment="Abandon.")

    assert refusal.value.reasons == [f"This action is not possible while the study is “{State(state).label}”."]


@pytest.mark.django_db
def test_refusal_for_wrong_role_names_the_roles_allowed(study, people):
    study = put_in_state(study, State.SUBMITTED)

    with pytest.raises(ActionRefused) as refusal:
        apply_transition(study, "accept", actor=people["bank_expert"])

    assert refusal.value.reasons == ["This action is reserved for: Regional coordinator, National coordinator."]


@pytest.mark.django_db
def test_unknown_transition_name_is_refused(study, holder):
    with pytest.raises(ActionRefused) as refusal:
        apply_transition(study, "delete", actor=holder)

    assert refusal.value.reasons == ["Unknown action."]


@pytest.mark.django_db
def test_stale_copy_is_refused_with_the_new_state(study, people):
    study = put_in_state(study, State.SUBMITTED)
    stale = put_in_state(study, State.SUBMITTED)
    apply_transition(study, "accept", actor=people["regional_coordinator"])

    with pytest.raises(ActionRefused) as refusal:
        apply_transition(stale, "request_changes", actor=people["national_coordinator"], comment="Préciser.")

    assert refusal.value.reasons == [
        "Someone else changed this study meanwhile: it is now “Training”. Reload the page."
    ]
    assert TransitionLog.objects.count() == 1

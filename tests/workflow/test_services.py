import pytest

from permissions.refusal import ActionRefused
from projects.services import update_study
from tests.factories import complete_study
from tests.workflow.conftest import put_in_state
from workflow.enums import Opinion, State
from workflow.models import RegionTransfer, TrainingModule
from workflow.services import (
    apply_transition,
    available_transitions,
    record_financing_review,
    transfer_region,
    validate_training_module,
)
from workflow.signals import project_transferred


@pytest.mark.django_db
def test_each_submission_freezes_a_numbered_version(complete, holder, people):
    apply_transition(complete, "submit", actor=holder)
    complete.refresh_from_db()
    apply_transition(complete, "request_changes", actor=people["regional_coordinator"], comment="Préciser.")
    complete.refresh_from_db()
    update_study(complete, actor=holder, territorial_diagnosis="Diagnostic révisé.")
    complete.refresh_from_db()

    apply_transition(complete, "submit", actor=holder)

    versions = {v.number: v.content["sections"]["territorial_diagnosis"] for v in complete.versions.all()}
    assert versions == {1: "Contenu de la section territorial_diagnosis.", 2: "Diagnostic révisé."}


@pytest.mark.django_db
def test_submitted_version_does_not_follow_later_edits(complete, holder):
    apply_transition(complete, "submit", actor=holder)
    complete.refresh_from_db()

    with pytest.raises(ActionRefused) as refusal:
        update_study(complete, actor=holder, premises="Nouveaux locaux.")

    assert refusal.value.reasons == ["The study can be edited only as a draft or when changes were requested."]
    assert complete.versions.get().content["sections"]["premises"] == "Contenu de la section premises."


@pytest.mark.django_db
def test_available_transitions_say_why_refused(study, holder):
    options = available_transitions(study, holder)

    assert [(o.name, o.allowed) for o in options] == [("submit", False), ("withdraw", True)]
    assert options[0].reasons[0] == "The section “Territorial diagnosis” is empty."


@pytest.mark.django_db
def test_available_transitions_for_a_coordinator_of_a_submitted_study(study, people):
    study = put_in_state(study, State.SUBMITTED)

    options = available_transitions(study, people["regional_coordinator"])

    assert [(o.name, o.allowed, o.comment) for o in options] == [
        ("request_changes", True, "required"),
        ("accept", True, "optional"),
        ("withdraw", False, "required"),
    ]


@pytest.mark.django_db
def test_validate_training_refused_to_other_region_coordinator(study, people):
    module = TrainingModule.objects.create(title="Gouvernance associative")
    study = put_in_state(study, State.TRAINING)

    with pytest.raises(ActionRefused, match="not allowed"):
        validate_training_module(study, actor=people["other_regional_coordinator"], module=module)

    assert module.progress.filter(validated_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_validate_training_refused_outside_training(study, people):
    module = TrainingModule.objects.create(title="Gouvernance associative")

    with pytest.raises(ActionRefused):
        validate_training_module(study, actor=people["regional_coordinator"], module=module)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_key", ["regional_coordinator", "national_coordinator", "holder"])
def test_financing_review_only_by_bank_experts(study, people, actor_key):
    study = put_in_state(study, State.FINANCING_REVIEW)

    with pytest.raises(ActionRefused, match="not allowed"):
        record_financing_review(
            study, actor=people[actor_key], opinion=Opinion.FAVOURABLE, budget_analysis="-", financing_plan_analysis="-"
        )

    assert not hasattr(study, "financing_review")


@pytest.mark.django_db
def test_financing_review_replaced_not_duplicated(study, people):
    study = put_in_state(study, State.FINANCING_REVIEW)
    for opinion in (Opinion.RESERVED, Opinion.FAVOURABLE):
        record_financing_review(
            study, actor=people["bank_expert"], opinion=opinion, budget_analysis="-", financing_plan_analysis="-"
        )

    study.refresh_from_db()
    assert study.financing_review.opinion == Opinion.FAVOURABLE


@pytest.mark.django_db
def test_transfer_region_logs_both_regions_and_tells(study, people, home_region, other_region):
    told = []
    project_transferred.connect(receiver := lambda sender, project, transfer, **kw: told.append(transfer.pk))

    transfer = transfer_region(
        study.project, actor=people["regional_coordinator"], region=other_region, reason="Déménagement"
    )

    project_transferred.disconnect(receiver)
    study.project.refresh_from_db()
    assert (study.project.region, transfer.from_region, transfer.to_region, transfer.actor_role) == (
        other_region,
        home_region,
        other_region,
        "regional_coordinator",
    )
    assert told == [transfer.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("actor_key", ["holder", "other_regional_coordinator", "bank_expert"])
def test_transfer_region_refused_to_others(study, people, other_region, home_region, actor_key):
    with pytest.raises(ActionRefused, match="not allowed"):
        transfer_region(study.project, actor=people[actor_key], region=other_region, reason="Déménagement")

    study.project.refresh_from_db()
    assert (study.project.region, RegionTransfer.objects.count()) == (home_region, 0)


@pytest.mark.django_db
def test_transfer_region_needs_a_reason(study, people, other_region):
    with pytest.raises(ActionRefused) as refusal:
        transfer_region(study.project, actor=people["national_coordinator"], region=other_region, reason=" ")

    assert refusal.value.reasons == ["A reason is required to move a project to another region."]


@pytest.mark.django_db
def test_transition_log_rows_are_immutable(complete, holder):
    log = apply_transition(complete, "submit", actor=holder)
    log.comment = "réécrit"

    with pytest.raises(ValueError):
        log.save()
    with pytest.raises(ValueError):
        log.delete()


@pytest.mark.django_db
def test_complete_study_fixture_is_complete(study):
    assert complete_study(study).missing_for_submission() == []

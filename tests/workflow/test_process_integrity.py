"""Regressions of the issue "Process integrity" in the life cycle: the training gate and the audited writes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from juries.services import create_grid, update_grid
from permissions.refusal import ActionRefused
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, complete_study
from tests.workflow.conftest import put_in_state
from workflow.enums import AuditAction, Instrument, Opinion, State
from workflow.models import AuditEntry, TrainingModule
from workflow.services import (
    apply_transition,
    record_financing_review,
    save_training_module,
    validate_training_module,
)

MODULES = ("Le modèle pédagogique", "La production", "Le budget", "La gouvernance")


@pytest.fixture
def two_projects_in_training(study, people, home_region):
    """The study under test and another project's, both accepted into training (so both enrolled)."""
    for position, title in enumerate(MODULES):
        TrainingModule.objects.create(title=title, is_mandatory=True, position=position)
    coordinator = people["regional_coordinator"]
    other = OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region))
    studies = []
    for each in (study, other):
        complete_study(each)
        apply_transition(each, "submit", actor=each.project.team.get())
        each.refresh_from_db()
        apply_transition(each, "accept", actor=coordinator)
        each.refresh_from_db()
        studies.append(each)
    return studies


@pytest.mark.django_db
def test_training_gate_is_not_opened_by_another_projects_validation(two_projects_in_training, people):
    """Finding 1: with 0 of 4 modules validated, « Terminer la formation » succeeded (another project's did)."""
    study, other = two_projects_in_training
    coordinator = people["regional_coordinator"]
    for module in TrainingModule.objects.all():
        validate_training_module(other, actor=coordinator, module=module)

    with pytest.raises(ActionRefused) as refused:
        apply_transition(study, "complete_training", actor=coordinator)

    assert refused.value.reasons == [f"Training module not validated yet: {title}." for title in MODULES]
    assert apply_transition(other, "complete_training", actor=coordinator).to_state == State.FINANCING_REVIEW


@pytest.mark.django_db
def test_training_gate_shows_its_reasons_before_anyone_presses(client, two_projects_in_training, people):
    study, _other = two_projects_in_training
    client.force_login(people["regional_coordinator"])

    response = client.get(reverse("workflow:study-detail", args=[study.pk]))

    gate = next(option for option in response.context["options"] if option.name == "complete_training")
    assert (gate.allowed, len(gate.reasons)) == (False, 4)
    assert "Training module not validated yet: La production." in response.content.decode()


@pytest.mark.django_db
def test_financing_review_recorded_again_keeps_the_first_in_the_audit_trail(study, people):
    """Finding 8: recording the review again overwrote the opinion and the instruments with no history."""
    study = put_in_state(study, State.FINANCING_REVIEW)
    expert = people["bank_expert"]
    for opinion, amount in ((Opinion.FAVOURABLE, "150000.00"), (Opinion.UNFAVOURABLE, "80000.00")):
        record_financing_review(
            study,
            actor=expert,
            opinion=opinion,
            budget_analysis="Analyse du budget.",
            financing_plan_analysis="Analyse du plan.",
            instruments=[(Instrument.LOAN, Decimal(amount), "")],
        )

    trail = AuditEntry.objects.filter(study=study, action=AuditAction.FINANCING_REVIEW_RECORDED)
    assert [(entry.values["opinion"], entry.values["instruments"][0]["amount"]) for entry in trail] == [
        ("favourable", "150000.00"),
        ("unfavourable", "80000.00"),
    ]


@pytest.mark.django_db
def test_training_module_saved_is_audited_and_refused_to_others(people):
    """Finding 8: training modules were saved without a transaction, a lock or a log."""
    with pytest.raises(ActionRefused):
        save_training_module(actor=people["regional_coordinator"], title="Intrus")
    module = save_training_module(actor=people["national_coordinator"], title="Le budget")
    save_training_module(actor=people["national_coordinator"], module=module, title="Le budget prévisionnel")

    trail = AuditEntry.objects.filter(action=AuditAction.TRAINING_MODULE_SAVED)
    assert ([entry.values["title"] for entry in trail], TrainingModule.objects.count()) == (
        ["Le budget", "Le budget prévisionnel"],
        1,
    )


@pytest.mark.django_db
def test_scoring_grid_changes_are_audited(people):
    """Finding 8: a grid's weights, on which every score rests, changed with no trace."""
    coordinator = people["national_coordinator"]
    grid = create_grid(actor=coordinator, name="Grille", criteria=[{"title": "Territoire", "weight": 100}])
    update_grid(
        grid,
        actor=coordinator,
        criteria=[{"title": "Territoire", "weight": 60}, {"title": "Entreprises", "weight": 40}],
    )

    created, updated = AuditEntry.objects.filter(subject=str(grid)).order_by("pk")
    assert (created.action, updated.action) == (AuditAction.GRID_CREATED, AuditAction.GRID_UPDATED)
    assert [criterion["weight"] for criterion in updated.values["before"]["criteria"]] == [100]
    assert [criterion["weight"] for criterion in updated.values["after"]["criteria"]] == [60, 40]

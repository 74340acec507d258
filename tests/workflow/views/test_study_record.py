"""The study page's record (version, timeline, attachments, instruments) comes from the cache until it changes.

Each test views the page once, so that the record is cached, then changes it the way the application does, and
checks that the page shows the change.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacy.services import erase_person, request_erasure
from projects.enums import AttachmentKind
from projects.models import Trade
from projects.services import add_attachment
from tests.factories import OpportunityStudyFactory
from tests.factories.projects import MINIMAL_PDF
from tests.workflow.conftest import put_in_state
from workflow.enums import Instrument, Opinion, State
from workflow.models import TrainingModule
from workflow.services import apply_transition, record_financing_review, validate_training_module


def record_of(client, study):
    return client.get(reverse("workflow:study-detail", args=[study.pk])).context["record"]


@pytest.fixture
def viewer(client, people):
    client.force_login(people["national_coordinator"])
    return client


@pytest.mark.django_db
def test_a_transition_shows_in_the_timeline(viewer, study, people):
    study = put_in_state(study, State.SUBMITTED)
    record_of(viewer, study)

    apply_transition(study, "accept", actor=people["regional_coordinator"], comment="Bienvenue !")

    assert [(entry.to_state, entry.comment) for entry in record_of(viewer, study).timeline] == [
        (State.TRAINING, "Bienvenue !")
    ]


@pytest.mark.django_db
def test_an_attachment_added_while_revising_shows_only_once_submitted(viewer, complete, holder, people):
    apply_transition(complete, "submit", actor=holder)
    complete.refresh_from_db()
    apply_transition(complete, "request_changes", actor=people["regional_coordinator"], comment="Un devis ?")
    complete.refresh_from_db()
    record_of(viewer, complete)

    add_attachment(
        complete,
        actor=holder,
        kind=AttachmentKind.OTHER,
        uploaded_file=SimpleUploadedFile("devis.pdf", MINIMAL_PDF),
    )
    complete.refresh_from_db()
    revising = [item["name"] for item in record_of(viewer, complete).version.attachment_list()]
    apply_transition(complete, "submit", actor=holder)
    complete.refresh_from_db()
    resubmitted = [item["name"] for item in record_of(viewer, complete).version.attachment_list()]

    assert "devis.pdf" not in revising
    assert resubmitted == [*revising, "devis.pdf"]


@pytest.mark.django_db
def test_a_financing_review_recorded_again_shows_its_new_instruments(viewer, study, people):
    study = put_in_state(study, State.FINANCING_REVIEW)
    review = {
        "actor": people["bank_expert"],
        "opinion": Opinion.FAVOURABLE,
        "budget_analysis": "Budget cohérent.",
        "financing_plan_analysis": "Plan équilibré.",
    }
    record_financing_review(study, instruments=[(Instrument.LOAN, Decimal("50000"), "")], **review)
    record_of(viewer, study)

    record_financing_review(study, instruments=[(Instrument.GRANT, Decimal("20000"), "Fondation")], **review)

    assert [(item.kind, item.amount) for item in record_of(viewer, study).instruments] == [
        (Instrument.GRANT, Decimal("20000"))
    ]


@pytest.mark.django_db
def test_a_person_renamed_or_erased_is_named_anew(viewer, study, people, django_capture_on_commit_callbacks):
    study = put_in_state(study, State.SUBMITTED)
    coordinator = people["regional_coordinator"]
    apply_transition(study, "accept", actor=coordinator)
    record_of(viewer, study)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.full_name = "Camille Martin-Durand"
        coordinator.save()
    renamed = str(record_of(viewer, study).timeline[0].actor)
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(request_erasure(user=coordinator), actor=people["national_coordinator"])
    erased = str(record_of(viewer, study).timeline[0].actor)

    assert (renamed, erased.startswith("Erased person")) == ("Camille Martin-Durand", True)


@pytest.mark.django_db
def test_signing_in_keeps_the_records(viewer, study, people, django_capture_on_commit_callbacks):
    record_of(viewer, study)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        viewer.force_login(people["regional_coordinator"])  # writes last_login

    assert callbacks == []


@pytest.mark.django_db
def test_training_validated_shows_on_every_study_of_the_project(viewer, study, people):
    module = TrainingModule.objects.create(title="Le modèle pédagogique", is_mandatory=True)
    earlier = put_in_state(OpportunityStudyFactory(project=study.project), State.WITHDRAWN)
    study = put_in_state(study, State.SUBMITTED)
    record_of(viewer, study), record_of(viewer, earlier)

    apply_transition(study, "accept", actor=people["regional_coordinator"])
    enrolled = [progress is not None for _module, progress in record_of(viewer, earlier).training]
    validate_training_module(study, actor=people["regional_coordinator"], module=module)

    assert enrolled == [True]
    for each in (study, earlier):
        assert [progress.validated_at is not None for _module, progress in record_of(viewer, each).training] == [True]


@pytest.mark.django_db
def test_a_training_module_renamed_is_named_anew(viewer, study, django_capture_on_commit_callbacks):
    module = TrainingModule.objects.create(title="Le modèle pédagogique", is_mandatory=True)
    record_of(viewer, study)

    module.title = "Pédagogie de l'École de Production"
    with django_capture_on_commit_callbacks(execute=True):
        module.save()

    assert [module.title for module, _progress in record_of(viewer, study).training] == [module.title]


@pytest.mark.django_db
def test_trades_changed_from_either_side_or_renamed_show(viewer, study, django_capture_on_commit_callbacks):
    menuiserie, usinage = Trade.objects.get(slug="menuiserie"), Trade.objects.get(slug="usinage")
    study.project.trades.set([menuiserie])
    record_of(viewer, study)

    study.project.trades.add(usinage)
    both = record_of(viewer, study).trades
    menuiserie.projects.remove(study.project)
    one = record_of(viewer, study).trades
    usinage.name = "Usinage de précision"
    with django_capture_on_commit_callbacks(execute=True):
        usinage.save()

    assert (both, one) == ("Bois — Menuiserie, Industrie — Usinage", "Industrie — Usinage")
    assert record_of(viewer, study).trades == "Industrie — Usinage de précision"

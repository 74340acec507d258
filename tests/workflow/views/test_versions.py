"""Submitted versions are frozen: what reviewers read, every version readable, what changed between two."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import RestrictedError
from django.urls import reverse

from projects.enums import AttachmentKind
from projects.models import Attachment, StudyVersion
from projects.services import add_attachment, remove_attachment, replace_financing_plan, update_study
from tests.factories.projects import MINIMAL_PDF
from workflow.services import apply_transition

NEW_PREMISES = "Un atelier de 400 m² loué à la commune."


def signed_in(client, user):
    client.force_login(user)
    return client


def fresh(study):
    study.refresh_from_db()
    return study


def submit(study, holder):
    apply_transition(fresh(study), "submit", actor=holder)
    return fresh(study)


def ask_changes(study, coordinator):
    apply_transition(fresh(study), "request_changes", actor=coordinator, comment="Précisez les locaux.")
    return fresh(study)


def revise(study, holder):
    """What the team does while it revises: a new document, a section rewritten, the plan's staff raised."""
    attachment = add_attachment(
        study,
        actor=holder,
        kind=AttachmentKind.PREMISES_PLAN,
        uploaded_file=SimpleUploadedFile("plan-atelier.pdf", MINIMAL_PDF),
    )
    update_study(study, actor=holder, premises=NEW_PREMISES)
    lines = [
        {"year": line.year, "side": line.side, "category": line.category, "label": line.label, "amount": line.amount}
        for line in study.financing_lines.all()
    ]
    for line in lines:
        if line["year"] == study.plan_start_year and line["category"] == "staff":
            line["amount"] = Decimal("260000.00")
        if line["year"] == study.plan_start_year and line["category"] == "region":
            line["amount"] = Decimal("135000.00")
    replace_financing_plan(study, actor=holder, lines=lines)
    return attachment


def page(client, study):
    return client.get(reverse("workflow:study-detail", args=[study.pk])).content.decode()


@pytest.mark.django_db
def test_submitted_version_is_frozen_while_holder_revises(client, complete, holder, people):
    study = ask_changes(submit(complete, holder), people["regional_coordinator"])
    reviewer = signed_in(client, people["regional_coordinator"])
    page(reviewer, study)  # the record is cached from now on

    added = revise(study, holder)

    shown = page(reviewer, fresh(study))
    assert "Submitted version 1" in shown
    assert ("plan-atelier.pdf" in shown, NEW_PREMISES in shown, "260,000.00" in shown) == (False, False, False)
    assert reviewer.get(reverse("workflow:attachment-download", args=[added.pk])).status_code == 404

    submit(study, holder)

    shown = page(reviewer, fresh(study))
    assert "Submitted version 2" in shown
    assert ("plan-atelier.pdf" in shown, NEW_PREMISES in shown, "260,000.00" in shown) == (True, True, True)
    assert reviewer.get(reverse("workflow:attachment-download", args=[added.pk])).status_code == 200


@pytest.mark.django_db
def test_holder_downloads_his_draft_attachment_before_submitting_it(client, complete, holder, people):
    study = ask_changes(submit(complete, holder), people["regional_coordinator"])
    added = revise(study, holder)
    url = reverse("workflow:attachment-download", args=[added.pk])

    answers = {who: signed_in(client, people[who]).get(url).status_code for who in ("holder", "national_coordinator")}

    assert answers == {"holder": 200, "national_coordinator": 404}


@pytest.mark.django_db
def test_file_taken_out_of_the_study_stays_downloadable_from_its_version(client, complete, holder, people):
    study = ask_changes(submit(complete, holder), people["regional_coordinator"])
    statutes = study.current_attachments().get(kind=AttachmentKind.STATUTES)
    remove_attachment(statutes, actor=holder)
    url = reverse("workflow:attachment-download", args=[statutes.pk])

    answers = {
        who: signed_in(client, people[who]).get(url).status_code
        for who in ("holder", "regional_coordinator", "other_regional_coordinator", "other_holder")
    }

    assert answers == {
        "holder": 200,
        "regional_coordinator": 200,
        "other_regional_coordinator": 404,
        "other_holder": 404,
    }
    assert b"".join(signed_in(client, holder).get(url).streaming_content) == MINIMAL_PDF


@pytest.mark.django_db
def test_an_attachment_a_version_lists_cannot_be_deleted(complete, holder):
    submit(complete, holder)

    with pytest.raises(RestrictedError):
        complete.attachments.first().delete()


@pytest.mark.django_db
def test_a_study_deleted_takes_its_versions_and_their_attachments(complete, holder):
    complete.freeze_version(submitted_by=holder)  # a study with a log cannot be deleted: no transition here

    complete.delete()

    assert (Attachment.objects.count(), StudyVersion.objects.count()) == (0, 0)

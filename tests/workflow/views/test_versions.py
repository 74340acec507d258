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


def version_page(client, study, number):
    return client.get(reverse("workflow:version-detail", args=[study.pk, number]))


def frozen_content(response):
    """The part of a version's page that shows what was submitted (its links to other versions follow them)."""
    page = response.content.decode()
    return page[page.index('aria-labelledby="content-title"') : page.index("</section>", page.index("content-title"))]


def compare_page(client, study, start, end):
    return client.get(reverse("workflow:version-compare", args=[study.pk, start, end]))


@pytest.mark.django_db
def test_submitted_version_is_frozen_while_holder_revises(client, complete, holder, people):
    study = ask_changes(submit(complete, holder), people["regional_coordinator"])
    reviewer = signed_in(client, people["regional_coordinator"])
    page(reviewer, study)  # the record is cached from now on
    first = frozen_content(version_page(reviewer, study, 1))

    added = revise(study, holder)

    # While the team revises, the reviewer reads version 1 as it was submitted, on the study page and its own.
    shown = page(reviewer, fresh(study))
    assert "Submitted version 1" in shown
    assert ("plan-atelier.pdf" in shown, NEW_PREMISES in shown, "260,000.00" in shown) == (False, False, False)
    assert frozen_content(version_page(reviewer, study, 1)) == first
    assert version_page(reviewer, study, 2).status_code == 404
    assert reviewer.get(reverse("workflow:attachment-download", args=[added.pk])).status_code == 404

    submit(study, holder)

    shown = page(reviewer, fresh(study))
    assert "Submitted version 2" in shown
    assert ("plan-atelier.pdf" in shown, NEW_PREMISES in shown, "260,000.00" in shown) == (True, True, True)
    assert reviewer.get(reverse("workflow:attachment-download", args=[added.pk])).status_code == 200
    second = frozen_content(version_page(reviewer, study, 2))
    assert ("plan-atelier.pdf" in second, NEW_PREMISES in second, "260,000.00" in second) == (True, True, True)
    # Version 1 stays readable, unchanged.
    assert frozen_content(version_page(reviewer, study, 1)) == first
    # The comparison lists exactly what the team changed.
    comparison = compare_page(reviewer, study, 1, 2).context["comparison"]
    assert [change.key for change in comparison.sections] == ["premises"]
    assert [(c.category, c.year, c.before, c.after) for c in comparison.plan] == [
        ("staff", 2027, Decimal("250000.00"), Decimal("260000.00")),
        ("region", 2027, Decimal("125000.00"), Decimal("135000.00")),
    ]
    assert [item["name"] for item in comparison.attachments_added] == ["plan-atelier.pdf"]
    assert (comparison.attachments_removed, comparison.figures) == ([], [])


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


def version_urls(study):
    return [
        reverse("workflow:version-list", args=[study.pk]),
        reverse("workflow:version-detail", args=[study.pk, 1]),
        reverse("workflow:version-compare", args=[study.pk, 1, 1]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_holder", "other_regional_coordinator", "jury_member"])
def test_versions_of_another_persons_study_are_404(client, complete, holder, people, who):
    study = submit(complete, holder)
    other = signed_in(client, people[who])

    assert [other.get(url).status_code for url in version_urls(study)] == [404, 404, 404]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["holder", "regional_coordinator", "national_coordinator"])
def test_versions_are_readable_by_whoever_may_open_the_study(client, complete, holder, people, who):
    study = submit(complete, holder)
    viewer = signed_in(client, people[who])

    assert [viewer.get(url).status_code for url in version_urls(study)] == [200, 200, 200]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "numbers",
    [("version-detail", 2), ("version-detail", 0), ("version-compare", 1, 2), ("version-compare", 2, 1)],
    ids=str,
)
def test_a_version_never_submitted_is_404(client, complete, holder, people, numbers):
    study = submit(complete, holder)
    name, *numbers = numbers

    response = signed_in(client, people["regional_coordinator"]).get(
        reverse(f"workflow:{name}", args=[study.pk, *numbers])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_compare_form_leads_to_the_comparison(client, complete, holder, people):
    study = submit(complete, holder)
    viewer = signed_in(client, people["regional_coordinator"])

    response = viewer.get(reverse("workflow:version-list", args=[study.pk]), {"from": "1", "to": "2"})

    assert response["Location"] == reverse("workflow:version-compare", args=[study.pk, 1, 2])


@pytest.mark.django_db
def test_the_diff_of_a_section_is_shown_escaped(client, complete, holder, people):
    study = ask_changes(submit(complete, holder), people["regional_coordinator"])
    update_study(study, actor=holder, premises="<script>alert(1)</script> Un atelier.")
    submit(study, holder)

    content = compare_page(signed_in(client, people["regional_coordinator"]), study, 1, 2).content.decode()

    assert "<script>alert(1)" not in content
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.django_db
def test_a_study_without_a_version_lists_none(client, study, people):
    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:version-list", args=[study.pk]))

    assert (response.status_code, response.context["versions"]) == (200, [])


def many_versions(study, holder, coordinator, count, files):
    """Submit ``count`` versions of a complete study, each with ``files`` more attachments than the previous."""
    for number in range(1, count + 1):
        for index in range(files):
            add_attachment(
                fresh(study),
                actor=holder,
                kind=AttachmentKind.OTHER,
                uploaded_file=SimpleUploadedFile(f"annexe-{number}-{index}.pdf", MINIMAL_PDF),
            )
        update_study(fresh(study), actor=holder, premises=f"Version {number} des locaux.")
        submit(study, holder)
        if number < count:
            ask_changes(study, coordinator)
    return fresh(study)


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "files"), [(2, 1), (6, 5)])
def test_version_pages_query_count(client, django_assert_num_queries, complete, holder, people, count, files):
    study = many_versions(complete, holder, people["regional_coordinator"], count, files)
    viewer = signed_in(client, people["regional_coordinator"])
    viewer.get(reverse("workflow:version-list", args=[study.pk]))  # the session and the menu's caches

    # Session, user, his scopes, then the version with its study, the versions' numbers, the unread count.
    with django_assert_num_queries(6):
        response = version_page(viewer, study, count)
    assert len(response.context["version"].attachment_list()) == 2 + count * files
    with django_assert_num_queries(6):
        response = compare_page(viewer, study, 1, count)
    assert len(response.context["comparison"].attachments_added) == (count - 1) * files
    # Session, user, his scopes, the study, its versions, the unread count.
    with django_assert_num_queries(6):
        response = viewer.get(reverse("workflow:version-list", args=[study.pk]))
    assert len(response.context["versions"]) == count

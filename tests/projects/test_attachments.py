import io
import zipfile
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from permissions.refusal import ActionRefused
from projects.enums import AttachmentKind
from projects.models import Attachment
from projects.services import add_attachment, remove_attachment
from tests.factories import UserFactory, region
from tests.factories.projects import MINIMAL_PDF
from tests.workflow.conftest import put_in_state
from workflow.enums import State

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00\x03" + b"\x00" * 64


def office_file(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office_file({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODS = office_file({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"})


def upload(study, holder, name, content, kind=AttachmentKind.LETTER_OF_SUPPORT):
    return add_attachment(study, actor=holder, kind=kind, uploaded_file=SimpleUploadedFile(name, content))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type", "suffix"),
    [
        ("lettre.pdf", MINIMAL_PDF, "application/pdf", ".pdf"),
        ("plan.png", PNG, "image/png", ".png"),
        ("statuts.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ("budget.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
        ("budget-mal-nommé.pdf", ODS, "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    ],
)
def test_accepted_types_are_recognised_from_content(study, holder, name, content, content_type, suffix):
    attachment = upload(study, holder, name, content)

    assert (attachment.content_type, PurePosixPath(attachment.file.name).suffix) == (content_type, suffix)
    assert attachment.original_name.endswith(suffix)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [ELF, WINDOWS_EXE, b"<html><script>alert(1)</script></html>", b"plain text", office_file({"a.txt": "x"})],
    ids=["elf", "exe", "html", "text", "plain-zip"],
)
def test_other_content_renamed_pdf_is_refused(study, holder, content):
    with pytest.raises(ValidationError) as refusal:
        upload(study, holder, "lettre.pdf", content)

    assert refusal.value.code == "type"
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_oversized_file_is_refused_before_reading(study, holder, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refusal:
        upload(study, holder, "gros.pdf", MINIMAL_PDF + b"0" * 2048)

    assert refusal.value.messages == ["The file is too large (2.0\xa0KB); the limit is 1.0\xa0KB."]
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_decompression_bomb_is_refused(study, holder):
    bomb = office_file({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "0" * (30 * 1024 * 1024)})

    with pytest.raises(ValidationError) as refusal:
        upload(study, holder, "bombe.odt", bomb)

    assert refusal.value.code == "archive"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\lettre de soutien.pdf", "lettre de soutien.pdf"),
        ("ma\x00li\x1bgne\u202e.pdf", "maligne.pdf"),
        ("\x01\x02.pdf", "document.pdf"),
        ("a" * 400 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_hostile_names_are_stored_safely(study, holder, name, stored):
    attachment = upload(study, holder, name, MINIMAL_PDF)

    path = PurePosixPath(attachment.file.name)
    assert attachment.original_name == stored
    assert (path.parts[:2], len(path.stem), path.suffix) == (("studies", str(study.pk)), 32, ".pdf")


@pytest.mark.django_db
def test_upload_refused_once_submitted(study, holder):
    study = put_in_state(study, State.SUBMITTED)

    with pytest.raises(ActionRefused):
        upload(study, holder, "lettre.pdf", MINIMAL_PDF)

    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_upload_refused_to_another_holder(study):
    with pytest.raises(ActionRefused, match="not allowed"):
        upload(study, UserFactory(), "lettre.pdf", MINIMAL_PDF)


@pytest.mark.django_db
def test_removed_attachment_no_longer_counts(study, holder):
    attachment = upload(study, holder, "lettre.pdf", MINIMAL_PDF)

    remove_attachment(attachment, actor=holder)

    assert list(study.current_attachments()) == []


@pytest.mark.django_db
def test_download_served_as_attachment_to_the_holder(client, study, holder):
    attachment = upload(study, holder, "lettre.pdf", MINIMAL_PDF)
    client.force_login(holder)

    response = client.get(reverse("workflow:attachment-download", args=[attachment.pk]))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, MINIMAL_PDF)
    assert response["Content-Disposition"] == 'attachment; filename="lettre.pdf"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_holder", "other_region_coordinator", "anonymous"])
def test_download_is_404_for_those_who_may_not_see_the_study(client, study, holder, who):
    attachment = upload(study, holder, "lettre.pdf", MINIMAL_PDF)
    if who == "other_holder":
        client.force_login(UserFactory())
    elif who == "other_region_coordinator":
        client.force_login(UserFactory(coordinates=[region("11")]))

    response = client.get(reverse("workflow:attachment-download", args=[attachment.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_download_allowed_to_the_region_coordinator_once_a_version_lists_it(client, study, holder):
    attachment = upload(study, holder, "lettre.pdf", MINIMAL_PDF)
    client.force_login(UserFactory(coordinates=[study.project.region]))
    url = reverse("workflow:attachment-download", args=[attachment.pk])

    draft = client.get(url).status_code
    study.freeze_version(submitted_by=holder)

    assert (draft, client.get(url).status_code) == (404, 200)

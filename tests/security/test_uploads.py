import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory
from django.urls import reverse

from projects.models import Attachment
from projects.uploads import SizeLimitedUploadHandler
from tests.factories.projects import MINIMAL_PDF


def test_handler_drops_the_file_as_soon_as_it_passes_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    handler = SizeLimitedUploadHandler(request)
    handler.new_file("file", "gros.pdf", "application/pdf", 5000)

    kept = [handler.receive_data_chunk(b"x" * 400, start) for start in (0, 400)]
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 400, 800)

    assert (kept, request.upload_too_large) == ([b"x" * 400] * 2, True)


@pytest.mark.django_db
def test_oversized_upload_is_refused_with_the_limit_and_nothing_saved(client, study, holder, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(holder)
    upload = SimpleUploadedFile("gros.pdf", MINIMAL_PDF + b"0" * 4096)

    response = client.post(reverse("projects:attachments", args=[study.pk]), {"kind": "statutes", "file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is too large; the limit is 1.0\xa0KB."]
    assert Attachment.objects.count() == 0

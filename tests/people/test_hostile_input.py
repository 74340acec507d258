"""Hostile input on the people forms, the public one first: never a server error, never a half save."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from people.models import Invitation, JoinRequest, PeopleLog
from tests.security.test_hostile_input import hostile_numbers, hostile_text, hypothesis_settings


@pytest.mark.django_db
@hypothesis_settings
@given(
    name=hostile_text,
    email=st.one_of(st.just("fanny@example.org"), hostile_text),
    project=hostile_text,
    region=hostile_numbers,
    message=hostile_text,
)
def test_public_join_form(home_region, name, email, project, region, message):
    data = {
        "full_name": name,
        "email": email,
        "project_name": project,
        "commune": "Annecy",
        "region": region,
        "message": message,
    }

    response = Client(raise_request_exception=False).post(reverse("people:join-request"), data)

    assert response.status_code in {200, 302}
    # A request and its log row are written together or not at all.
    assert JoinRequest.objects.count() == PeopleLog.objects.filter(join_request__isnull=False).count()


@pytest.mark.django_db
@hypothesis_settings
@given(
    name=hostile_text,
    email=st.one_of(st.just("new@example.org"), hostile_text),
    grant=st.one_of(st.just("holder"), hostile_text),
    region=hostile_numbers,
)
def test_invitation_form(cast, name, email, grant, region):
    client = Client(raise_request_exception=False)
    client.force_login(cast["regional"])

    response = client.post(
        reverse("people:invitation-list"), {"full_name": name, "email": email, "grant": grant, "region": region}
    )

    assert response.status_code in {200, 302}
    assert Invitation.objects.count() == PeopleLog.objects.filter(invitation__isnull=False).count()

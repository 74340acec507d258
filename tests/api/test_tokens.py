"""API tokens: stored hashed, shown once, expiring, revocable, scoped, throttled, their last use noted."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.enums import TokenScope
from api.models import ApiToken
from api.services import create_token, token_for_key
from tests.api.conftest import bearer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOTIFICATIONS = "/api/v1/notifications/"


def signed_in(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_token_is_stored_as_the_hash_of_its_key_only(person):
    token, key = create_token(actor=person, name="Tableur", scope=TokenScope.READ)

    stored = ApiToken.objects.values().get(pk=token.pk)
    assert (stored["key_hash"], key.startswith(f"tpl_{token.prefix}_")) == (
        hashlib.sha256(key.encode()).hexdigest(),
        True,
    )
    assert [value for value in stored.values() if isinstance(value, str) and key in value] == []


def test_account_page_shows_a_new_key_once(person):
    client = signed_in(person)

    created = client.post(reverse("api:tokens"), {"name": "Tableur du réseau", "scope": "read"})
    key = created.context["key"]
    again = client.get(reverse("api:tokens"))

    assert (created.status_code, key.encode() in created.content, created["Cache-Control"]) == (200, True, "no-store")
    assert (again.status_code, key.encode() in again.content, b"Tableur du r" in again.content) == (200, False, True)


def test_a_new_key_opens_the_api_as_its_owner(person):
    client = signed_in(person)
    key = client.post(reverse("api:tokens"), {"name": "Tableur", "scope": "read"}).context["key"]

    response = Client().get(NOTIFICATIONS, headers={"Authorization": f"Bearer {key}"})

    assert (response.status_code, response.json()["results"]) == (200, [])


def test_expired_token_is_refused_in_the_error_format(person):
    token, key = create_token(actor=person, name="Ancien", scope=TokenScope.READ)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = Client(headers={"Accept-Language": "en"}).get(NOTIFICATIONS, headers={"Authorization": f"Bearer {key}"})

    assert (response.status_code, response.json()) == (
        401,
        {
            "status": 401,
            "code": "not_authenticated",
            "reasons": ["This token is unknown, expired or revoked."],
            "fields": {},
        },
    )
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_token_expires_after_the_lifetime_setting(person, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 7

    token, _key = create_token(actor=person, name="Court", scope=TokenScope.READ)

    assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_revoked_token_is_refused_from_then_on(person):
    client = signed_in(person)
    key = client.post(reverse("api:tokens"), {"name": "Tableur", "scope": "read"}).context["key"]
    token = ApiToken.objects.get(user=person)
    before = Client().get(NOTIFICATIONS, headers={"Authorization": f"Bearer {key}"}).status_code

    revoked = client.post(reverse("api:token-revoke", args=[token.pk]))
    after = Client().get(NOTIFICATIONS, headers={"Authorization": f"Bearer {key}"}).status_code

    assert (before, revoked.status_code, after) == (200, 302, 401)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_nobody_revokes_another_persons_token(person):
    token, key = create_token(actor=person, name="Tableur", scope=TokenScope.READ)

    response = signed_in(UserFactory()).post(reverse("api:token-revoke", args=[token.pk]))

    assert (response.status_code, ApiToken.objects.get(pk=token.pk).revoked_at) == (404, None)
    assert token_for_key(key) is not None


def test_a_forged_key_with_a_known_prefix_is_refused(person):
    token, key = create_token(actor=person, name="Tableur", scope=TokenScope.READ)
    forged = f"tpl_{token.prefix}_{'A' * 43}"

    response = Client().get(NOTIFICATIONS, headers={"Authorization": f"Bearer {forged}"})

    assert (forged != key, response.status_code) == (True, 401)


def test_token_of_a_deactivated_person_is_refused(person):
    client = bearer(person, TokenScope.READ)
    person.is_active = False
    person.save()

    assert client.get(NOTIFICATIONS).status_code == 401


def test_read_only_token_is_refused_a_write_in_the_error_format(person):
    client = bearer(person, TokenScope.READ)

    response = client.post("/api/v1/studies/1/transitions/", {"name": "submit"}, content_type="application/json")

    assert (response.status_code, response.json()["code"], response.json()["fields"]) == (403, "forbidden", {})
    assert response.json()["reasons"] == [
        "This token is read only: create a read and write token on your account page to change anything."
    ]


def test_last_use_is_written_at_most_once_a_minute(person):
    token, key = create_token(actor=person, name="Tableur", scope=TokenScope.READ)
    client = Client(headers={"Authorization": f"Bearer {key}"})

    client.get(NOTIFICATIONS)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    client.get(NOTIFICATIONS)
    unchanged = ApiToken.objects.get(pk=token.pk).last_used_at
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    client.get(NOTIFICATIONS)
    moved = ApiToken.objects.get(pk=token.pk).last_used_at

    assert (first is not None, unchanged == first, moved > first) == (True, True, True)


def test_requests_are_throttled_per_token(person, settings):
    settings.API_TOKEN_RATE = "3/minute"
    first, second = bearer(person, TokenScope.READ), bearer(person, TokenScope.READ)

    answers = [first.get(NOTIFICATIONS).status_code for _ in range(4)]
    refused = first.get(NOTIFICATIONS)
    other_token = second.get(NOTIFICATIONS)

    assert (answers, refused.json()["code"], other_token.status_code) == ([200, 200, 200, 429], "throttled", 200)
    assert int(refused["Retry-After"]) > 0


def test_browsable_api_works_with_the_session_and_needs_its_csrf_token(person):
    client = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    client.force_login(person)

    page = client.get(NOTIFICATIONS, headers={"Accept": "text/html"})
    write = client.post("/api/v1/studies/1/transitions/", {"name": "submit"}, content_type="application/json")

    assert (page.status_code, page["Content-Type"].startswith("text/html")) == (200, True)
    assert (write.status_code, write.json()["code"]) == (403, "forbidden")
    assert "CSRF" in write.json()["reasons"][0]


def test_anonymous_request_is_asked_to_authenticate():
    response = Client(headers={"Accept-Language": "en"}).get(NOTIFICATIONS)

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")

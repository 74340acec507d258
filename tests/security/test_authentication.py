import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "secret-password-1"


def attempt(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.django_db
def test_five_failures_lock_the_account_with_a_clear_message(client, settings):
    user = UserFactory(email="claire@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, user.email, "wrong").status_code == 200

    locked = attempt(client, user.email, "wrong")
    still_locked = attempt(client, user.email, PASSWORD)

    assert (locked.status_code, still_locked.status_code) == (429, 429)
    assert "from this connection or on this account: for your security, signing in is paused for 15 min" in (
        still_locked.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_successful_sign_in_resets_the_failure_count(client, settings):
    user = UserFactory(email="claire@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, user.email, "wrong")

    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, user.email, "wrong").status_code == 200


def attempt_from(client, address, email, password):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_many_usernames_from_one_address_lock_the_address(client, settings):
    user = UserFactory(email="claire@example.org")
    for index in range(20):
        attempt_from(client, "203.0.113.7", f"guess-{index}@example.org", "wrong")

    locked = attempt_from(client, "203.0.113.7", user.email, PASSWORD)
    elsewhere = attempt_from(Client(), "198.51.100.2", user.email, PASSWORD)

    assert (locked.status_code, elsewhere.status_code) == (429, 302)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_on_an_account_lock_it_from_another_address(client, settings):
    user = UserFactory(email="claire@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(client, "203.0.113.7", user.email, "wrong")
    other = Client()

    response = attempt_from(other, "198.51.100.2", user.email, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in other.session
    assert attempt_from(Client(), "198.51.100.2", "nadia@example.org", "wrong").status_code == 200


@pytest.mark.django_db
def test_own_sign_in_does_not_reset_the_address_failures_on_other_accounts(client, settings):
    own, victim = UserFactory(email="attaquant@example.org"), UserFactory(email="claire@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_from(client, "203.0.113.7", victim.email, "wrong")
    assert attempt_from(client, "203.0.113.7", own.email, PASSWORD).status_code == 302
    client.logout()

    assert attempt_from(client, "203.0.113.7", victim.email, "wrong").status_code == 429


@pytest.mark.django_db
def test_password_reset_reveals_nothing_about_which_emails_exist(client):
    UserFactory(email="claire@example.org")

    known = client.post(reverse("password_reset"), {"email": "claire@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["claire@example.org"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password123", "This password is too common."),
        ("87654321", "This password is entirely numeric."),
        ("claire@example.org", "The password is too similar to the email address."),
        ("c0urt!", "This password is too short. It must contain at least 8 characters."),
    ],
)
def test_weak_passwords_are_refused(client, password, reason):
    user = UserFactory(email="claire@example.org")
    client.post(reverse("password_reset"), {"email": user.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form_page = client.get(link, follow=True)

    response = client.post(form_page.request["PATH_INFO"], {"new_password1": password, "new_password2": password})

    user.refresh_from_db()
    assert response.status_code == 200
    assert reason in response.context["form"].errors["new_password2"]
    assert user.check_password(PASSWORD)


def test_sessions_end_with_the_browser_and_after_eight_hours(settings):
    assert (settings.SESSION_EXPIRE_AT_BROWSER_CLOSE, settings.SESSION_COOKIE_AGE) == (True, 8 * 3600)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_username_too_long_is_a_failed_login(client, url):
    UserFactory(email="claire@example.org")
    username = "a" * 300 + "@example.org"

    response = client.post(url, {"username": username, "password": PASSWORD})

    assert response.status_code == 200
    assert "correct email address and password" in response.context["form"].non_field_errors()[0]
    assert "_auth_user_id" not in client.session
    column = AccessAttempt._meta.get_field("username").max_length
    assert all(len(name) <= column for name in AccessAttempt.objects.values_list("username", flat=True))

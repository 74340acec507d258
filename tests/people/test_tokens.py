"""The invitation link: single use, expiring, not forgeable, and for the person invited only."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from accounts.models import User
from people.enums import Grant
from people.models import Invitation, PeopleLog
from people.services import accept_invitation, invite_person, resend_invitation, revoke_invitation
from people.tokens import SALT, make_token
from permissions.refusal import ActionRefused
from tests.factories import UserFactory
from tests.people.conftest import english, link_path

PASSWORD = "Un-mot-de-passe-2-fondateur!"


@pytest.fixture
def invitation(cast):
    return invite_person(
        actor=cast["founder"],
        email="karim@example.org",
        full_name="Karim Coporteur",
        grant=Grant.HOLDER,
        project=cast["project"],
    )


def accept_anonymously(path):
    client = english()
    response = client.post(path, {"full_name": "Karim Coporteur", "new_password1": PASSWORD, "new_password2": PASSWORD})
    return client, response


def test_link_from_the_outbox_creates_the_account_signs_in_and_grants_the_team(cast, invitation):
    client, response = accept_anonymously(link_path("karim@example.org"))

    karim = User.objects.get(email="karim@example.org")
    assert (response.status_code, response["Location"], client.session["_auth_user_id"]) == (302, "/", str(karim.pk))
    assert (karim.check_password(PASSWORD), list(karim.school_projects.all())) == (True, [cast["project"]])
    assert PeopleLog.objects.filter(invitation=invitation).values_list("action", flat=True).count() == 2


def test_link_used_twice_says_it_was_accepted_and_changes_nothing(invitation):
    path = link_path("karim@example.org")
    accept_anonymously(path)
    before = User.objects.get(email="karim@example.org").password

    _client, response = accept_anonymously(path)

    assert (response.status_code, "already accepted" in response.content.decode()) == (409, True)
    assert User.objects.get(email="karim@example.org").password == before


def test_link_after_its_expiry_says_it_expired_and_creates_no_account(invitation, settings):
    path = link_path("karim@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    _client, response = accept_anonymously(path)

    assert (response.status_code, "expired" in response.content.decode()) == (409, True)
    assert not User.objects.filter(email="karim@example.org").exists()


def test_expiry_is_the_setting_in_days(cast, settings):
    settings.TREMPLIN_INVITATION_DAYS = 3
    before = timezone.now()

    invitation = invite_person(actor=cast["national"], email="j@example.org", full_name="J", grant=Grant.JURY_MEMBER)

    assert before + timedelta(days=3) <= invitation.expires_at <= timezone.now() + timedelta(days=3)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps([1, "nonce"], salt="another.salt"),
        signing.dumps("text", salt=SALT),
    ],
)
def test_made_up_or_foreign_token_is_a_404(invitation, token):
    assert english().get(f"/invitations/{token}/").status_code == 404


def test_tampered_token_is_a_404_and_creates_nothing(invitation):
    token = make_token(invitation)
    payload, rest = token.split(":", 1)
    forged = signing.dumps([invitation.pk, "another-nonce"], salt=SALT).split(":", 1)[0] + ":" + rest

    _client, response = accept_anonymously(f"/invitations/{forged}/")

    assert (response.status_code, User.objects.filter(email="karim@example.org").exists()) == (404, False)
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_a_resend_makes_the_earlier_link_stale(invitation, cast):
    first = link_path("karim@example.org")
    resend_invitation(invitation, actor=cast["founder"])
    latest = link_path("karim@example.org")

    _client, stale = accept_anonymously(first)
    _client, fresh = accept_anonymously(latest)

    assert (first != latest, stale.status_code, "sent again" in stale.content.decode()) == (True, 409, True)
    assert fresh.status_code == 302


def test_revoked_link_says_it_was_revoked(invitation, cast):
    revoke_invitation(invitation, actor=cast["founder"])

    _client, response = accept_anonymously(link_path("karim@example.org"))

    assert (response.status_code, "revoked" in response.content.decode()) == (409, True)
    assert not User.objects.filter(email="karim@example.org").exists()


def test_link_opened_signed_in_as_another_person_is_refused_and_changes_nothing(invitation, cast):
    client = english()
    client.force_login(cast["other_founder"])

    page = client.get(link_path("karim@example.org"))
    post = client.post(link_path("karim@example.org"))

    assert (page.status_code, post.status_code) == (403, 403)
    assert "another address" in page.content.decode()
    assert (
        list(cast["other_founder"].school_projects.all()),
        Invitation.objects.get(pk=invitation.pk).accepted_at,
    ) == (
        [cast["other_project"]],
        None,
    )


def test_existing_account_is_asked_to_sign_in_then_gets_the_grant(invitation, cast):
    karim = UserFactory(email="karim@example.org", full_name="Karim Coporteur")
    path = link_path("karim@example.org")

    anonymous = english().get(path)
    refused = english().post(path, {"full_name": "X", "new_password1": PASSWORD, "new_password2": PASSWORD})
    client = english()
    client.force_login(karim)
    accepted = client.post(path)

    assert ("Sign in" in anonymous.content.decode(), refused.status_code) == (True, 200)
    assert User.objects.get(pk=karim.pk).check_password(PASSWORD) is False
    assert (accepted.status_code, list(karim.school_projects.all())) == (302, [cast["project"]])


def test_weak_password_is_refused_by_the_validators(invitation):
    response = english().post(
        link_path("karim@example.org"), {"full_name": "Karim", "new_password1": "123", "new_password2": "123"}
    )

    assert (response.status_code, User.objects.filter(email="karim@example.org").exists()) == (200, False)
    assert response.context["form"].errors["new_password2"]


def test_service_refuses_a_signed_in_stranger(invitation, cast):
    with pytest.raises(ActionRefused) as refused:
        accept_invitation(make_token(invitation), user=cast["national"])

    assert refused.value.forbidden is True

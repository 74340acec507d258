import json

import pytest
from django.urls import reverse

from notifications.models import Delivery, Notification, WebhookEndpoint
from people.enums import Grant
from people.services import invite_person
from permissions.refusal import ActionRefused
from privacy.models import ErasureRequest
from privacy.services import erase_person, request_erasure
from tests.factories import SchoolProjectFactory, UserFactory
from tests.factories.notifications import WebhookEndpointFactory
from workflow.models import TransitionLog
from workflow.services import apply_transition


@pytest.fixture
def submitted(complete, holder):
    apply_transition(complete, "submit", actor=holder, comment="Première version.")
    return complete


@pytest.mark.django_db
def test_download_has_the_founders_data_and_nobody_elses(client, submitted, holder):
    client.force_login(holder)

    response = client.post(reverse("privacy:download"))

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="tremplin-my-data.json"'
    assert data["account"]["email"] == holder.email
    assert [p["name"] for p in data["projects"]] == [submitted.project.name]
    assert [(a["transition"], a["comment"]) for a in data["actions"]] == [("submit", "Première version.")]
    assert len(data["attachments_uploaded"]) == 2


@pytest.mark.django_db
def test_download_needs_a_post(client, holder):
    client.force_login(holder)

    assert client.get(reverse("privacy:download")).status_code == 405


@pytest.mark.django_db
def test_erasure_is_asked_once(client, holder):
    client.force_login(holder)

    client.post(reverse("privacy:my-data"), {"reason": "Je quitte le projet."})
    again = client.post(reverse("privacy:my-data"), {"reason": "Encore."}, follow=True)

    assert ErasureRequest.objects.filter(user=holder).count() == 1
    assert [str(m) for m in again.context["messages"]][-1] == (
        "Your request is already recorded; the federation will carry it out."
    )


@pytest.mark.django_db
def test_erasure_pseudonymises_and_keeps_the_audit_trail(submitted, holder, people):
    Notification.objects.create(recipient=holder, kind="study_submitted", text="Votre étude est déposée.")
    erasure = request_erasure(user=holder, reason="Départ.")

    erase_person(erasure, actor=people["national_coordinator"])

    holder.refresh_from_db()
    log = TransitionLog.objects.get(study=submitted)
    assert (holder.email, holder.full_name, holder.is_active, holder.has_usable_password()) == (
        f"erased-{holder.pk}@erased.invalid",
        f"Erased person #{holder.pk}",
        False,
        False,
    )
    assert (log.actor_id, log.comment) == (holder.pk, "Première version.")
    assert Notification.objects.filter(recipient=holder).count() == 0
    assert list(submitted.project.team.all()) == [holder]


@pytest.mark.django_db
def test_erased_person_cannot_sign_in(client, holder, people):
    erase_person(request_erasure(user=holder), actor=people["national_coordinator"])

    response = client.post(reverse("login"), {"username": holder.email, "password": "secret-password-1"})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["regional_coordinator", "bank_expert", "holder"])
def test_only_national_coordinators_erase(holder, people, who):
    erasure = request_erasure(user=holder)

    with pytest.raises(ActionRefused, match="not allowed"):
        erase_person(erasure, actor=people[who])

    holder.refresh_from_db()
    assert holder.is_active


@pytest.mark.django_db
def test_erasure_carried_out_once(holder, people):
    erasure = request_erasure(user=holder)
    erase_person(erasure, actor=people["national_coordinator"])

    with pytest.raises(ActionRefused):
        erase_person(erasure, actor=people["national_coordinator"])


@pytest.mark.django_db
def test_another_persons_data_is_never_in_my_export(client, submitted):
    stranger = UserFactory()
    client.force_login(stranger)

    data = json.loads(client.post(reverse("privacy:download")).content)

    assert (data["projects"], data["actions"], data["attachments_uploaded"]) == ([], [], [])


def test_erasure_forgets_the_address_on_invitations_and_their_emails(holder, people):
    team_project = holder.school_projects.first() or SchoolProjectFactory(team=[holder])
    invitation = invite_person(
        actor=holder,
        email="cofondatrice@example.org",
        full_name="Corinne Cofondatrice",
        grant=Grant.HOLDER,
        project=team_project,
    )
    cofounder = UserFactory(email="cofondatrice@example.org", full_name="Corinne Cofondatrice")
    erasure = request_erasure(user=cofounder, reason="Départ.")

    erase_person(erasure, actor=people["national_coordinator"])

    invitation.refresh_from_db()
    assert (invitation.email, invitation.full_name) == (
        f"erased-{cofounder.pk}@erased.invalid",
        f"Erased person #{cofounder.pk}",
    )
    assert Delivery.objects.filter(to_email="cofondatrice@example.org").count() == 0


@pytest.mark.django_db
def test_a_coordinators_endpoints_are_in_his_export_without_their_secrets_and_go_with_his_erasure(client, people):
    coordinator = people["regional_coordinator"]
    endpoint = WebhookEndpointFactory(owner=coordinator, description="Outil du réseau")
    client.force_login(coordinator)

    exported = json.loads(client.post(reverse("privacy:download")).content)
    erase_person(request_erasure(user=coordinator), actor=people["national_coordinator"])

    assert [(e["url"], e["description"]) for e in exported["webhook_endpoints"]] == [(endpoint.url, "Outil du réseau")]
    assert endpoint.secret not in json.dumps(exported)
    assert not WebhookEndpoint.objects.filter(owner=coordinator).exists()

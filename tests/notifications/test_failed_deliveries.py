"""Who sees and sends again the emails that could not be sent: one rule for the page, the service and the list.

Two regions: ``home`` and ``other``. A regional coordinator answers for the failed emails of the people he
answers for (his networks' coordinators, his regions' founders) and of the addresses of his regions'
invitations and requests to join; a national coordinator for all; nobody else for any.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from notifications.rules import can_resend_delivery
from notifications.selectors import deliveries_for_user, failed_deliveries_for_user
from notifications.services import resend_delivery
from people.enums import Grant
from people.models import Invitation, JoinRequest
from permissions.refusal import ActionRefused
from tests.factories import SchoolProjectFactory, UserFactory, region


def failed_email(to_email, recipient=None):
    return Delivery.objects.create(
        recipient=recipient,
        to_email=to_email,
        subject="Votre étude.",
        template="notifications/email/study_submitted",
        language="fr",
        status=DeliveryStatus.FAILED,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def invitation(email, *, invited_by, grant=Grant.HOLDER, region=None, project=None):
    return Invitation.objects.create(
        invited_by=invited_by,
        email=email,
        full_name="Ines Invitée",
        grant=grant,
        region=region,
        project=project,
        expires_at=timezone.now() + timedelta(days=7),
    )


def join_request(email, *, region):
    return JoinRequest.objects.create(
        full_name="Fanny Fondatrice", email=email, project_name="École du Lac", commune="Annecy", region=region
    )


@pytest.fixture
def outbox(db):
    """People of two regions and one failed email to each kind of recipient a coordinator may or may not answer for."""
    home, other = region("84"), region("11")
    people = {
        "national": UserFactory(is_national_coordinator=True),
        "regional": UserFactory(coordinates=[home]),
        "colleague": UserFactory(coordinates=[home]),
        "other_regional": UserFactory(coordinates=[other]),
        "holder": SchoolProjectFactory(region=home).team.get(),
        "other_holder": SchoolProjectFactory(region=other).team.get(),
        "bank_expert": UserFactory(is_bank_expert=True),
        "inactive_regional": UserFactory(coordinates=[home], is_active=False),
        # Coordinates the home region and founds a project in the other one.
        "regional_founder": UserFactory(coordinates=[home]),
    }
    other_team_project = SchoolProjectFactory(region=other, team=[people["regional_founder"]])
    national = people["national"]
    emails = {
        "to_holder": failed_email(people["holder"].email, people["holder"]),
        "to_other_holder": failed_email(people["other_holder"].email, people["other_holder"]),
        "to_colleague": failed_email(people["colleague"].email, people["colleague"]),
        "to_other_regional": failed_email(people["other_regional"].email, people["other_regional"]),
        "to_bank_expert": failed_email(people["bank_expert"].email, people["bank_expert"]),
        "to_national": failed_email(national.email, national),
        "invitation_home": failed_email(invitation("ines@example.org", invited_by=national, region=home).email),
        "invitation_other": failed_email(invitation("olga@example.org", invited_by=national, region=other).email),
        "invitation_other_team": failed_email(
            invitation("theo@example.org", invited_by=national, project=other_team_project).email
        ),
        # The federation's own invitations belong to no region, even when the invitee founds a project in one.
        "invitation_federation": failed_email(
            invitation("expert@example.org", invited_by=national, grant=Grant.BANK_EXPERT).email
        ),
        "join_request_home": failed_email(join_request("fanny@example.org", region=home).email),
        "join_request_other": failed_email(join_request("omar@example.org", region=other).email),
        "unknown_address": failed_email("nobody@example.org"),
    }
    return people, emails


REGIONAL_SEES = {"to_holder", "to_colleague", "invitation_home", "join_request_home"}
EXPECTED = {
    "national": "all",
    "regional": REGIONAL_SEES,
    "colleague": REGIONAL_SEES,
    "other_regional": {
        "to_other_holder",
        "to_other_regional",
        "invitation_other",
        "invitation_other_team",
        "join_request_other",
    },
    "holder": set(),
    "other_holder": set(),
    "bank_expert": set(),
    "inactive_regional": set(),
    # His own team's invitation too, as he manages it; never the other region's people or requests.
    "regional_founder": REGIONAL_SEES | {"invitation_other_team"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_list_and_the_predicate_agree_on_every_failed_email(outbox, role):
    people, emails = outbox
    user = people[role]
    listed = {name for name, email in emails.items() if email in set(failed_deliveries_for_user(user))}
    answered_for = {name for name, email in emails.items() if email in set(deliveries_for_user(user))}
    allowed = {name for name, email in emails.items() if can_resend_delivery(user, email)}

    assert listed == answered_for == allowed
    assert listed == (set(emails) if EXPECTED[role] == "all" else EXPECTED[role])


@pytest.mark.django_db
def test_an_email_sent_meanwhile_leaves_the_list(outbox):
    people, emails = outbox
    Delivery.objects.filter(pk=emails["to_holder"].pk).update(status=DeliveryStatus.SENT)

    assert emails["to_holder"] not in failed_deliveries_for_user(people["regional"])
    assert emails["to_holder"] in deliveries_for_user(people["regional"])


@pytest.mark.django_db
def test_the_second_of_two_coordinators_sending_again_is_told_why_and_changes_nothing(client, outbox):
    people, emails = outbox
    resend_delivery(actor=people["national"], delivery_id=emails["to_holder"].pk)
    client.force_login(people["regional"])

    response = client.post(reverse("notifications:resend", args=[emails["to_holder"].pk]))

    assert response.status_code == 302
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]
    delivery = Delivery.objects.get(pk=emails["to_holder"].pk)
    assert (delivery.status, delivery.resent_by) == (DeliveryStatus.PENDING, people["national"])


@pytest.mark.django_db
def test_regional_coordinator_sends_again_an_email_of_his_region_from_the_page(
    client, outbox, django_capture_on_commit_callbacks
):
    people, emails = outbox
    client.force_login(people["regional"])

    page = client.get(reverse("notifications:failed")).content.decode()
    assert "fanny@example.org" in page and "omar@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[emails["invitation_home"].pk]))

    assert response.status_code == 302
    delivery = Delivery.objects.get(pk=emails["invitation_home"].pk)
    assert (delivery.status, delivery.resent_by) == (DeliveryStatus.SENT, people["regional"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["to_other_holder", "invitation_other", "join_request_other", "to_national"])
def test_regional_coordinator_cannot_send_again_another_regions_email(client, outbox, name):
    people, emails = outbox
    client.force_login(people["regional"])

    response = client.post(reverse("notifications:resend", args=[emails[name].pk]))

    assert response.status_code == 404
    delivery = Delivery.objects.get(pk=emails[name].pk)
    assert (delivery.status, delivery.resent_by) == (DeliveryStatus.FAILED, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name"), [("holder", "to_holder"), ("other_regional", "to_holder")])
def test_the_service_refuses_as_forbidden_those_who_may_not(outbox, role, name):
    people, emails = outbox

    with pytest.raises(ActionRefused) as refusal:
        resend_delivery(actor=people[role], delivery_id=emails[name].pk)

    assert refusal.value.forbidden
    assert Delivery.objects.get(pk=emails[name].pk).status == DeliveryStatus.FAILED


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status_code"), [("national", 200), ("regional", 200), ("holder", 404)])
def test_the_page_is_for_coordinators_only(client, outbox, role, status_code):
    people, _ = outbox
    client.force_login(people[role])

    assert client.get(reverse("notifications:failed")).status_code == status_code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "tab"), [("regional", 'Emails not sent <span class="badge">4</span>'), ("holder", "")]
)
def test_the_inbox_shows_the_tab_and_its_count_to_coordinators_only(client, outbox, role, tab, settings):
    settings.LANGUAGE_CODE = "en"
    people, _ = outbox
    client.force_login(people[role])

    page = client.get(reverse("notifications:inbox"), headers={"accept-language": "en"}).content.decode()

    assert (reverse("notifications:failed") in page) == bool(tab)
    assert tab in page


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 4])
def test_a_regional_coordinators_page_runs_the_same_queries_whatever_the_rows(
    client, django_assert_num_queries, item_count
):
    home = region("84")
    coordinator = UserFactory(coordinates=[home])
    for number in range(item_count):
        holder = SchoolProjectFactory(region=home).team.get()
        failed_email(holder.email, holder)
        failed_email(join_request(f"fondateur{number}@example.org", region=home).email)
    client.force_login(coordinator)

    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:failed"))

    assert response.content.decode().count('action="/notifications/failed/') == 2 * item_count


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 4])
def test_the_inbox_with_the_tabs_count_runs_the_same_queries_whatever_the_rows(
    client, django_assert_num_queries, item_count
):
    home = region("84")
    coordinator = UserFactory(coordinates=[home])
    for _ in range(item_count):
        holder = SchoolProjectFactory(region=home).team.get()
        failed_email(holder.email, holder)
    client.force_login(coordinator)

    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:inbox"))

    assert f'<span class="badge">{item_count}</span>' in response.content.decode()

"""The webhook pages: an endpoint is its owner's alone; the secret is shown once; the log is escaped and paged."""

import pytest
from django.urls import reverse

from notifications.enums import Channel, DeliveryStatus, EventKind
from notifications.models import Delivery, WebhookAttempt, WebhookEndpoint
from notifications.policy import endpoint_policy
from notifications.selectors import endpoints_for_user
from notifications.webhooks import payload
from tests.factories import UserFactory
from tests.factories.notifications import WebhookEndpointFactory


@pytest.fixture
def owners(people):
    """An endpoint for each role that may have one; the key names its owner in ``people``."""
    return {
        role: WebhookEndpointFactory(owner=people[role])
        for role in ("national_coordinator", "regional_coordinator", "other_regional_coordinator", "bank_expert")
    }


def attempt_of(endpoint, *, excerpt="ok", status_code=200):
    delivery = Delivery.objects.create(
        channel=Channel.WEBHOOK,
        endpoint=endpoint,
        status=DeliveryStatus.SENT,
        context=payload(EventKind.STUDY_SUBMITTED, data={}, timestamp=endpoint.created_at),
    )
    WebhookAttempt.objects.create(delivery=delivery, status_code=status_code, response_excerpt=excerpt, duration_ms=12)
    return delivery


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status_code"),
    [
        ("national_coordinator", 200),
        ("regional_coordinator", 200),
        ("bank_expert", 200),
        ("holder", 404),
        ("juror", 404),
    ],
)
def test_the_section_is_for_coordinators_and_the_bank(client, people, role, status_code):
    client.force_login(people[role])

    answers = {
        client.get(reverse(name)).status_code for name in ("notifications:webhook-list", "notifications:webhook-create")
    }

    assert answers == {status_code}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["webhook-detail", "webhook-edit"])
@pytest.mark.parametrize(
    ("role", "status_code"),
    [
        ("regional_coordinator", 200),
        ("other_regional_coordinator", 404),
        ("national_coordinator", 404),
        ("holder", 404),
    ],
)
def test_an_endpoint_is_its_owners_alone(client, people, owners, name, role, status_code):
    client.force_login(people[role])

    response = client.get(reverse(f"notifications:{name}", args=[owners["regional_coordinator"].pk]))

    assert response.status_code == status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["webhook-delete", "webhook-secret", "webhook-test", "webhook-edit"])
@pytest.mark.parametrize("role", ["other_regional_coordinator", "national_coordinator", "holder"])
def test_nobody_else_acts_on_an_endpoint_and_nothing_changes(client, people, owners, name, role):
    endpoint = owners["regional_coordinator"]
    client.force_login(people[role])

    response = client.post(
        reverse(f"notifications:{name}", args=[endpoint.pk]),
        {"url": "https://elsewhere.example.org/", "kinds": [EventKind.STUDY_SUBMITTED], "is_active": "on"},
    )

    assert response.status_code == 404
    after = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (after.url, after.secret, after.kinds, after.is_active) == (
        endpoint.url,
        endpoint.secret,
        endpoint.kinds,
        True,
    )
    assert Delivery.objects.filter(endpoint=endpoint).count() == 0


@pytest.mark.django_db
def test_another_owners_delivery_cannot_be_sent_again(client, people, owners):
    delivery = attempt_of(owners["other_regional_coordinator"])
    client.force_login(people["regional_coordinator"])

    mine = client.post(reverse("notifications:webhook-resend", args=[owners["regional_coordinator"].pk, delivery.pk]))
    theirs = client.post(
        reverse("notifications:webhook-resend", args=[owners["other_regional_coordinator"].pk, delivery.pk])
    )

    assert (mine.status_code, theirs.status_code) == (404, 404)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_policy_and_selector_agree_for_every_person_and_endpoint(people, owners):
    disagreements = [
        (role, key)
        for role, user in people.items()
        for key, endpoint in owners.items()
        if endpoint_policy.can(user, "view", endpoint) != endpoints_for_user(user).filter(pk=endpoint.pk).exists()
    ]

    assert disagreements == []


@pytest.mark.django_db
def test_registering_shows_the_secret_once_and_stores_it(client, people, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    client.force_login(people["bank_expert"])

    response = client.post(
        reverse("notifications:webhook-create"),
        {"url": "https://93.184.215.14/tremplin", "description": "Crédit", "kinds": [EventKind.STUDY_FUNDED]},
    )

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert endpoint.secret.startswith("whsec_")
    assert response.content.decode().count(endpoint.secret) == 1
    assert endpoint.secret not in client.get(endpoint.get_absolute_url()).content.decode()
    assert (endpoint.owner, endpoint.kinds) == (people["bank_expert"], [EventKind.STUDY_FUNDED])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://127.0.0.1/hook", "https://192.168.1.20/hook", "https://[fe80::1]/hook"])
def test_registering_a_private_address_is_refused_with_a_message(client, people, settings, url):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    client.force_login(people["regional_coordinator"])

    response = client.post(reverse("notifications:webhook-create"), {"url": url, "kinds": [EventKind.STUDY_SUBMITTED]})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["url"]
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.django_db
def test_disabling_then_enabling_again_forgets_the_failures(client, people, owners):
    endpoint = owners["regional_coordinator"]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=endpoint.created_at)
    client.force_login(people["regional_coordinator"])
    data = {"url": endpoint.url, "kinds": endpoint.kinds}

    client.post(reverse("notifications:webhook-edit", args=[endpoint.pk]), data)
    disabled = WebhookEndpoint.objects.get(pk=endpoint.pk)
    client.post(reverse("notifications:webhook-edit", args=[endpoint.pk]), {**data, "is_active": "on"})
    enabled = WebhookEndpoint.objects.get(pk=endpoint.pk)

    assert (disabled.is_active, disabled.disabled_at is not None) == (False, True)
    assert (enabled.is_active, enabled.failing_since, enabled.disabled_at) == (True, None, None)


@pytest.mark.django_db
def test_the_log_shows_each_attempt_with_its_answer_escaped(client, people, owners):
    endpoint = owners["regional_coordinator"]
    attempt_of(endpoint, excerpt='<script>alert("x")</script>', status_code=500)
    client.force_login(people["regional_coordinator"])

    page = client.get(endpoint.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_the_log_runs_the_same_queries_whatever_the_rows(client, django_assert_num_queries, item_count):
    owner = UserFactory(is_national_coordinator=True)
    endpoint = WebhookEndpointFactory(owner=owner)
    for _number in range(item_count):
        attempt_of(endpoint)
    client.force_login(owner)

    with django_assert_num_queries(8):
        response = client.get(endpoint.get_absolute_url())

    assert len(response.context["page"].object_list) == item_count


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_the_list_runs_the_same_queries_whatever_the_rows(client, django_assert_num_queries, item_count):
    owner = UserFactory(is_national_coordinator=True)
    for _number in range(item_count):
        WebhookEndpointFactory(owner=owner)
    client.force_login(owner)

    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:webhook-list"))

    assert len(response.context["endpoints"]) == item_count


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "offered"), [("bank_expert", True), ("holder", False)])
def test_only_those_who_may_have_webhooks_choose_how_to_hear_of_one_disabled(client, people, role, offered):
    client.force_login(people[role])

    form = client.get(reverse("notifications:preferences")).context["form"]

    assert (EventKind.WEBHOOK_DISABLED in form.fields) == offered


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [("regional_coordinator", True), ("national_coordinator", True), ("bank_expert", True), ("holder", False)],
)
def test_my_account_leads_to_the_webhooks_of_those_who_may_have_them(client, people, role, shown):
    client.force_login(people[role])

    page = client.get(reverse("accounts:my-account")).content.decode()

    assert (reverse("notifications:webhook-list") in page) == shown

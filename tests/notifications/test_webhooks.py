"""Webhooks in the outbox: written with the change, routed like the inbox, signed, sent once, retried, disabled."""

import datetime
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from standardwebhooks import Webhook

from juries.models import AgendaEntry, ConflictOfInterest
from notifications import addresses
from notifications.endpoints import resend_webhook, rotate_secret, send_test_event
from notifications.enums import WEBHOOK_TEST_TYPE, Channel, DeliveryStatus, DisabledBecause, EventKind
from notifications.models import Delivery, Notification, WebhookAttempt, WebhookEndpoint
from notifications.routing import Event
from notifications.selectors import deliveries_for_user
from notifications.services import send_delivery
from notifications.webhooks import write_webhooks
from tests.factories.notifications import WebhookEndpointFactory
from tests.notifications.conftest import jury_session, put_in_state
from tests.notifications.receiver import Receiver
from workflow.enums import State
from workflow.services import apply_transition, record_opening


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def endpoint(people, receiver):
    """The national coordinator's endpoint, on the receiver, hearing of every kind."""
    endpoint = WebhookEndpointFactory(owner=people["national_coordinator"], url=receiver.url)
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def retry_schedule(settings):
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 1800
    settings.NOTIFICATIONS_RETRY_JITTER = False
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 24


def accept(study, people):
    study = put_in_state(study, State.SUBMITTED)
    apply_transition(study, "accept", actor=people["regional_coordinator"])
    return study


def webhooks():
    return Delivery.objects.filter(channel=Channel.WEBHOOK).order_by("pk")


@pytest.mark.django_db
def test_a_transition_writes_one_webhook_per_endpoint_its_routing_reaches(study, people):
    for role in ("national_coordinator", "regional_coordinator", "other_regional_coordinator", "bank_expert"):
        WebhookEndpointFactory(owner=people[role])

    accept(study, people)

    # Accepted into training: the region's coordinators (the one who acted too) and the federation, not the bank.
    owners = {delivery.endpoint.owner for delivery in webhooks()}
    assert owners == {people["national_coordinator"], people["regional_coordinator"]}
    assert set(webhooks().values_list("status", "queued_at")) == {(DeliveryStatus.PENDING, None)}


@pytest.mark.django_db
def test_another_regions_endpoint_hears_an_opening_as_federation_news_as_its_owners_inbox_does(study, people):
    """The README's promise: routed as the inbox is, federation news included."""
    elsewhere = people["other_regional_coordinator"]
    WebhookEndpointFactory(owner=elsewhere)
    study = put_in_state(study, State.FUNDED)

    record_opening(study, actor=people["regional_coordinator"], opened_on=datetime.date(2027, 9, 6))

    heard = [delivery.context["type"] for delivery in webhooks().filter(endpoint__owner=elsewhere)]
    inbox = list(Notification.objects.filter(recipient=elsewhere).values_list("kind", flat=True))
    assert heard == [EventKind.FEDERATION_NEWS] and inbox == [EventKind.FEDERATION_NEWS]


@pytest.mark.django_db
def test_an_endpoint_hears_only_of_the_kinds_it_chose(study, people):
    WebhookEndpointFactory(owner=people["national_coordinator"], kinds=[EventKind.STUDY_SUBMITTED])

    accept(study, people)

    assert webhooks().count() == 0


@pytest.mark.django_db
def test_a_disabled_endpoint_hears_nothing(study, people):
    WebhookEndpointFactory(owner=people["national_coordinator"], is_active=False)

    accept(study, people)

    assert webhooks().count() == 0


@pytest.mark.django_db
def test_an_owner_conflicted_on_the_project_hears_nothing_of_it(study, people):
    WebhookEndpointFactory(owner=people["national_coordinator"])
    entry = AgendaEntry.objects.create(session=jury_session(president=people["juror"]), study=study)
    coordinator = people["national_coordinator"]
    ConflictOfInterest.objects.create(entry=entry, member=coordinator, declared_by=coordinator, reason="Parent.")

    accept(study, people)

    assert webhooks().count() == 0


@pytest.mark.django_db
def test_a_webhook_is_signed_and_its_body_says_what_happened(study, people, endpoint, receiver, settings):
    settings.SITE_URL = "https://tremplin.example.org"
    study = accept(study, people)
    (delivery,) = webhooks()

    send_delivery(delivery_id=delivery.pk)

    (received,) = receiver.received
    assert received.verified
    assert received.webhook_id == delivery.webhook_id
    assert received.payload == {
        "type": "accepted_into_training",
        "timestamp": delivery.created_at.isoformat(),
        "data": {
            "study": study.pk,
            "project": study.project_id,
            "region": "84",
            "session": None,
            "report": None,
            "state": "training",
            "urls": {
                "page": f"https://tremplin.example.org/studies/{study.pk}/",
                "api": f"https://tremplin.example.org/api/v1/studies/{study.pk}/",
            },
        },
    }
    delivery.refresh_from_db()
    attempt = WebhookAttempt.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert (attempt.status_code, attempt.response_excerpt) == (200, f"<b>received</b> {delivery.webhook_id}")


@pytest.mark.django_db
def test_a_webhook_answered_2xx_is_never_sent_again_by_a_copy_of_its_task(study, people, endpoint, receiver):
    accept(study, people)
    (delivery,) = webhooks()

    results = [send_delivery(delivery_id=delivery.pk) for _copy in range(3)]

    assert [result is not None for result in results] == [True, False, False]
    assert receiver.delivered() == {delivery.webhook_id: 1}


@pytest.mark.django_db
def test_a_failed_webhook_is_retried_later_with_the_same_id(study, people, endpoint, receiver, retry_schedule):
    accept(study, people)
    (delivery,) = webhooks()
    receiver.status = 503

    send_delivery(delivery_id=delivery.pk)
    failed = Delivery.objects.get(pk=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())
    receiver.status = 204
    send_delivery(delivery_id=delivery.pk)

    assert failed.status == DeliveryStatus.PENDING
    assert failed.due_at - timezone.now() > timedelta(seconds=55)
    assert [(entry.webhook_id, entry.answered) for entry in receiver.received] == [
        (delivery.webhook_id, 503),
        (delivery.webhook_id, 204),
    ]
    assert list(WebhookAttempt.objects.order_by("pk").values_list("status_code", "error")) == [
        (503, "HTTP 503"),
        (204, ""),
    ]
    assert WebhookEndpoint.objects.get().failing_since is None


def fail_until_given_up(delivery_id):
    """Fail a webhook until it is given up, letting each wait pass; return the waits between tries, in minutes."""
    delays = []
    send_delivery(delivery_id=delivery_id)
    while (delivery := Delivery.objects.get(pk=delivery_id)).status == DeliveryStatus.PENDING:
        wait = delivery.due_at - timezone.now()
        delays.append(round(wait.total_seconds() / 60))
        # The wait passes: every date moves back by it, as the clock would move forward.
        Delivery.objects.filter(pk=delivery_id).update(due_at=F("due_at") - wait, give_up_at=F("give_up_at") - wait)
        WebhookEndpoint.objects.update(failing_since=F("failing_since") - wait)
        send_delivery(delivery_id=delivery_id)
    return delays


@pytest.mark.django_db
def test_retries_back_off_then_a_day_of_failures_disables_the_endpoint_and_tells_its_owner(
    study, people, endpoint, receiver, retry_schedule
):
    accept(study, people)
    (delivery, *_rest) = webhooks()
    receiver.status = 500

    delays = fail_until_given_up(delivery.pk)

    # 1 minute doubling to 30, then every 30 minutes, until a day has passed since the first failure.
    assert delays[:7] == [1, 2, 4, 8, 16, 30, 30]
    assert sum(delays) <= 24 * 60 < sum(delays) + 30
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, DisabledBecause.FAILURES)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED
    (told,) = Notification.objects.filter(kind=EventKind.WEBHOOK_DISABLED)
    assert (told.recipient, told.target) == (people["national_coordinator"], endpoint)
    assert told.delivery.to_email == people["national_coordinator"].email


@pytest.mark.django_db
def test_a_redirect_is_not_followed(study, people, endpoint, receiver):
    elsewhere = Receiver().start()
    receiver.status, receiver.location = 307, elsewhere.url
    accept(study, people)
    (delivery,) = webhooks()

    send_delivery(delivery_id=delivery.pk)

    elsewhere.stop()
    assert (elsewhere.received, WebhookAttempt.objects.get().status_code) == ([], 307)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING


@pytest.mark.django_db
def test_a_name_resolving_to_a_private_address_at_the_send_is_not_contacted(study, people, monkeypatch):
    WebhookEndpointFactory(owner=people["national_coordinator"], url="https://rebind.example.org/hook")
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["10.20.30.40"])
    accept(study, people)
    (delivery,) = webhooks()

    send_delivery(delivery_id=delivery.pk)

    attempt = WebhookAttempt.objects.get()
    assert (attempt.status_code, attempt.error) == (
        None,
        "rebind.example.org leads to a private address (10.20.30.40), which webhooks may not reach.",
    )
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING


@pytest.mark.django_db
def test_the_send_connects_to_the_address_checked_and_keeps_the_host_name(study, people, receiver, monkeypatch):
    port = receiver.server.server_address[1]
    endpoint = WebhookEndpointFactory(owner=people["national_coordinator"], url=f"http://hooks.example.org:{port}/in")
    receiver.secret = endpoint.secret
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["127.0.0.1"])
    accept(study, people)

    send_delivery(delivery_id=webhooks().get().pk)

    (received,) = receiver.received
    assert (received.verified, received.headers["Host"]) == (True, f"hooks.example.org:{port}")


@pytest.mark.django_db
def test_after_a_rotation_both_secrets_sign_for_a_while(study, people, endpoint, receiver):
    old_secret = endpoint.secret
    _endpoint, new_secret = rotate_secret(actor=people["national_coordinator"], endpoint_id=endpoint.pk)
    receiver.secret = new_secret
    accept(study, people)

    send_delivery(delivery_id=webhooks().get().pk)

    (received,) = receiver.received
    assert received.verified
    assert Webhook(old_secret).verify(received.body, received.headers)["type"] == "accepted_into_training"
    assert len(received.headers["webhook-signature"].split(" ")) == 2


@pytest.mark.django_db
def test_a_delivery_sent_again_keeps_its_webhook_id(study, people, endpoint, receiver):
    accept(study, people)
    delivery = webhooks().get()
    send_delivery(delivery_id=delivery.pk)

    resend_webhook(actor=people["national_coordinator"], endpoint_id=endpoint.pk, delivery_id=delivery.pk)
    send_delivery(delivery_id=delivery.pk)

    assert receiver.delivered() == {delivery.webhook_id: 2}


@pytest.mark.django_db
def test_a_test_event_reaches_the_endpoint_signed(people, endpoint, receiver):
    delivery = send_test_event(actor=people["national_coordinator"], endpoint_id=endpoint.pk)

    send_delivery(delivery_id=delivery.pk)

    (received,) = receiver.received
    assert (received.verified, received.payload["type"]) == (True, WEBHOOK_TEST_TYPE)
    assert received.payload["data"]["endpoint"] == endpoint.pk


@pytest.mark.django_db
def test_webhooks_are_not_among_the_emails_coordinators_send_again(study, people, endpoint):
    accept(study, people)
    Delivery.objects.update(status=DeliveryStatus.FAILED)

    assert set(deliveries_for_user(people["national_coordinator"]).values_list("channel", flat=True)) == {Channel.EMAIL}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint_count", [1, 3])
def test_writing_an_events_webhooks_takes_two_queries_whatever_the_endpoints(
    study, people, django_assert_num_queries, endpoint_count
):
    for _number in range(endpoint_count):
        WebhookEndpointFactory(owner=people["national_coordinator"])
    event = Event(kind=EventKind.STUDY_SUBMITTED, study=study, project=study.project, region=study.project.region)

    # The endpoints the routing reaches, then one insert of all their deliveries.
    with django_assert_num_queries(2):
        written = write_webhooks([event])

    assert len(written) == endpoint_count

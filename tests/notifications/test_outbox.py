"""The outbox: rows written with the event, emails queued on commit, sent once, retried, then failed."""

from datetime import timedelta

import pytest
from celery.signals import task_retry
from django.core import mail
from django.utils import timezone

from notifications.enums import DeliveryStatus, EventKind
from notifications.models import Delivery, Notification
from notifications.selectors import failed_deliveries_for_user
from notifications.services import requeue_stale_deliveries, send_delivery
from notifications.tasks import task_deliver, task_sweep_outbox
from tests.notifications.backends import ObservingEmailBackend
from tests.notifications.conftest import put_in_state
from workflow.enums import State
from workflow.services import apply_transition


@pytest.fixture
def accepted(study, people, django_capture_on_commit_callbacks):
    """Accept a submitted study, and keep the delivery tasks it queued on commit without running them."""
    study = put_in_state(study, State.SUBMITTED)
    with django_capture_on_commit_callbacks() as callbacks:
        apply_transition(study, "accept", actor=people["regional_coordinator"])
    return callbacks


@pytest.mark.django_db
def test_transition_writes_inbox_and_outbox_rows_but_sends_nothing_before_commit(accepted):
    assert Notification.objects.filter(kind=EventKind.ACCEPTED_INTO_TRAINING).count() == 2
    assert list(Delivery.objects.values_list("status", flat=True)) == [DeliveryStatus.PENDING] * 2
    assert len(accepted) == 2
    assert mail.outbox == []


@pytest.mark.django_db
def test_delivery_tasks_queued_on_commit_send_each_email(accepted, people):
    for callback in accepted:
        callback()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["holder"].email, people["co_holder"].email]
    )
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}


@pytest.mark.django_db
def test_delivery_task_run_twice_sends_one_email(accepted):
    delivery = Delivery.objects.first()

    task_deliver.delay(delivery.pk)
    task_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


@pytest.fixture
def observed_send(settings, monkeypatch):
    """Run a function while the email backend is sending (the claim is committed, the outcome not yet written)."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.ObservingEmailBackend"
    monkeypatch.setattr(ObservingEmailBackend, "sent", [])

    def observe(function):
        monkeypatch.setattr(ObservingEmailBackend, "while_sending", staticmethod(function))
        return ObservingEmailBackend.sent

    return observe


@pytest.mark.django_db
def test_delivery_is_marked_sent_before_the_email_goes_and_not_sent_twice(accepted, observed_send):
    delivery = Delivery.objects.first()
    seen = []

    def while_sending(message):
        seen.append(Delivery.objects.values_list("status", "attempts").get(pk=delivery.pk))
        seen.append(send_delivery(delivery_id=delivery.pk))

    sent = observed_send(while_sending)

    send_delivery(delivery_id=delivery.pk)

    assert seen == [(DeliveryStatus.SENT, 1), None]
    assert len(sent) == 1


@pytest.mark.django_db
def test_delivery_of_a_worker_lost_while_sending_is_pending_again_and_swept(accepted, observed_send):
    delivery = Delivery.objects.first()

    def lose_the_worker(message):
        raise SystemExit("the worker was killed")

    observed_send(lose_the_worker)
    with pytest.raises(SystemExit):
        send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (DeliveryStatus.PENDING, 0, None)
    assert delivery.pk in requeue_stale_deliveries(now=delivery.due_at + timedelta(seconds=61))


@pytest.fixture
def retries(monkeypatch):
    """Collect the countdown of each retry Celery schedules (in-process, where a retry runs at once).

    Celery re-raises a retry of an eager task when ``task_eager_propagates`` is on; off, it runs the
    retries in turn as a worker would, only without waiting.
    """
    monkeypatch.setitem(task_deliver.app.conf, "task_eager_propagates", False)
    countdowns = []

    def collect(sender=None, request=None, reason=None, **kwargs):
        countdowns.append(reason.when)

    task_retry.connect(collect)
    yield countdowns
    task_retry.disconnect(collect)


@pytest.mark.django_db
def test_failing_email_backend_retries_with_backoff_then_fails(accepted, settings, retries, people):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_JITTER = False
    delivery = Delivery.objects.first()

    task_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert retries == [60, 120, 240]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 4)
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert list(failed_deliveries_for_user(people["national_coordinator"])) == [delivery]


@pytest.mark.django_db
def test_backoff_never_passes_its_maximum(accepted, settings, retries):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 6
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 300
    settings.NOTIFICATIONS_RETRY_JITTER = False

    task_deliver.delay(Delivery.objects.first().pk)

    assert retries == [60, 120, 240, 300, 300]


@pytest.mark.django_db
def test_failed_deliveries_are_hidden_from_everyone_but_national_coordinators(accepted, people):
    Delivery.objects.update(status=DeliveryStatus.FAILED, last_error="SMTPServerDisconnected")

    assert list(failed_deliveries_for_user(people["regional_coordinator"])) == []
    assert list(failed_deliveries_for_user(people["bank_expert"])) == []
    assert failed_deliveries_for_user(people["national_coordinator"]).count() == 2


@pytest.mark.django_db
def test_sweeper_sends_deliveries_pending_for_over_a_minute(accepted):
    Delivery.objects.update(due_at=timezone.now() - timedelta(seconds=61))

    task_sweep_outbox.delay()

    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
def test_sweeper_leaves_recent_deliveries_to_their_task(accepted):
    task_sweep_outbox.delay()

    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}


@pytest.mark.django_db
def test_sweeper_does_not_queue_a_delivery_waiting_for_its_retry(accepted):
    now = timezone.now()
    Delivery.objects.update(attempts=1, due_at=now + timedelta(seconds=120))

    assert requeue_stale_deliveries(now=now + timedelta(seconds=170)) == []
    assert len(requeue_stale_deliveries(now=now + timedelta(seconds=181))) == 2

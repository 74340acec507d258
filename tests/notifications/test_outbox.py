"""The outbox: rows written with the event, one wake-up on commit, each email sent once, retried for hours."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.template import TemplateSyntaxError
from django.utils import timezone

from notifications.enums import DeliveryStatus, EventKind
from notifications.models import Delivery, Notification
from notifications.selectors import failed_deliveries_for_user
from notifications.services import (
    claim_due_deliveries,
    message_id,
    release_deliveries_when_the_server_answers,
    resend_delivery,
    send_delivery,
)
from notifications.tasks import task_deliver, task_sweep_outbox
from permissions.refusal import ActionRefused
from projects.models import OpportunityStudy
from tests.notifications.backends import FailingEmailBackend, ObservingEmailBackend
from tests.notifications.conftest import put_in_state
from workflow.enums import State
from workflow.services import apply_transition


@pytest.fixture
def accepted(study, people, django_capture_on_commit_callbacks):
    """Accept a submitted study, and keep the outbox's callbacks on commit without running them.

    The caches' own (``workflow.caches`` renews the data version on commit) are left out.
    """
    study = put_in_state(study, State.SUBMITTED)
    with django_capture_on_commit_callbacks() as callbacks:
        apply_transition(study, "accept", actor=people["regional_coordinator"])
    return [callback for callback in callbacks if not callback.__module__.startswith("workflow.")]


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 1800
    settings.NOTIFICATIONS_RETRY_JITTER = False
    settings.NOTIFICATIONS_RETRY_HOURS = 48
    return FailingEmailBackend


def retry_delays(delivery_id):
    """Fail a delivery until it is given up, letting each wait pass; return the waits between tries, in minutes."""
    delays = []
    send_delivery(delivery_id=delivery_id)
    while (delivery := Delivery.objects.get(pk=delivery_id)).status == DeliveryStatus.PENDING:
        wait = delivery.due_at - timezone.now()
        delays.append(round(wait.total_seconds() / 60))
        # The wait passes: the row's dates move back by it, as the clock would move forward.
        Delivery.objects.filter(pk=delivery_id).update(due_at=F("due_at") - wait, give_up_at=F("give_up_at") - wait)
        send_delivery(delivery_id=delivery_id)
    return delays


@pytest.mark.django_db
def test_transition_writes_inbox_and_outbox_rows_and_one_wake_up_but_sends_nothing_before_commit(accepted):
    assert Notification.objects.filter(kind=EventKind.ACCEPTED_INTO_TRAINING).count() == 2
    assert list(Delivery.objects.values_list("status", "queued_at")) == [(DeliveryStatus.PENDING, None)] * 2
    assert len(accepted) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_wake_up_on_commit_sends_each_email(accepted, people):
    (wake_up,) = accepted

    wake_up()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["holder"].email, people["co_holder"].email]
    )
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}


@pytest.mark.django_db
def test_email_is_rendered_when_sent_with_a_message_id_of_its_delivery(accepted, settings):
    settings.SITE_URL = "https://tremplin.example.org"
    delivery = Delivery.objects.get(recipient__full_name="Claire Porteuse")

    send_delivery(delivery_id=delivery.pk)

    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == message_id(delivery)
    assert message_id(delivery) == f"<delivery.{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S}@tremplin.example.org>"
    assert sent.body.splitlines()[0] == "Bonjour Claire Porteuse,"
    assert delivery.template == "notifications/email/accepted_into_training"


@pytest.mark.django_db
def test_delivery_task_run_twice_sends_one_email(accepted):
    delivery = Delivery.objects.first()

    task_deliver.delay(delivery.pk)
    task_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


@pytest.mark.django_db
def test_copies_of_a_failed_delivery_run_at_once_count_one_attempt(accepted, failing_backend):
    delivery = Delivery.objects.first()
    task_deliver.delay(delivery.pk)
    planned = Delivery.objects.get(pk=delivery.pk).due_at

    for _copy in range(6):
        task_deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.due_at) == (DeliveryStatus.PENDING, 1, planned)
    assert planned > timezone.now() + timedelta(seconds=59)


@pytest.mark.django_db
def test_delivery_not_due_yet_is_not_tried(accepted):
    delivery = Delivery.objects.first()
    Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now() + timedelta(minutes=5))

    assert send_delivery(delivery_id=delivery.pk) is None
    assert mail.outbox == []


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
def test_delivery_of_a_worker_lost_while_sending_is_pending_again_and_swept_once_its_task_is_lost(
    accepted, observed_send, settings
):
    settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS = 0
    delivery = Delivery.objects.first()
    assert claim_due_deliveries() == sorted(Delivery.objects.values_list("pk", flat=True))

    def lose_the_worker(message):
        raise SystemExit("the worker was killed")

    observed_send(lose_the_worker)
    with pytest.raises(SystemExit):
        send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (DeliveryStatus.PENDING, 0, None)
    assert delivery.pk in claim_due_deliveries()


@pytest.mark.django_db
def test_retries_double_up_to_their_maximum_for_the_hours_set_then_fail(accepted, failing_backend, people):
    delivery = Delivery.objects.first()

    delays = retry_delays(delivery.pk)

    assert delays[:7] == [1, 2, 4, 8, 16, 30, 30]
    assert set(delays[6:]) == {30}
    assert 60 * 47 < sum(delays) <= 60 * 48
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, len(delays) + 1)
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert list(failed_deliveries_for_user(people["national_coordinator"])) == [delivery]


@pytest.mark.django_db
def test_failed_deliveries_are_shown_to_the_coordinators_of_the_founders_only(accepted, people):
    Delivery.objects.update(status=DeliveryStatus.FAILED, last_error="SMTPServerDisconnected")

    assert failed_deliveries_for_user(people["national_coordinator"]).count() == 2
    assert failed_deliveries_for_user(people["regional_coordinator"]).count() == 2
    assert list(failed_deliveries_for_user(people["other_regional_coordinator"])) == []
    assert list(failed_deliveries_for_user(people["inactive_coordinator"])) == []
    assert list(failed_deliveries_for_user(people["bank_expert"])) == []
    assert list(failed_deliveries_for_user(people["holder"])) == []


@pytest.mark.django_db
def test_national_coordinator_resends_a_failed_delivery_and_it_goes(accepted, people):
    delivery = Delivery.objects.first()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=40, give_up_at=timezone.now(), queued_at=timezone.now()
    )
    coordinator = people["national_coordinator"]

    resend_delivery(actor=coordinator, delivery_id=delivery.pk)
    task_sweep_outbox.delay()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.resent_by) == (DeliveryStatus.SENT, 41, coordinator)
    assert [message.to[0] for message in mail.outbox].count(delivery.to_email) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_regional_coordinator", "inactive_coordinator", "holder", "bank_expert"])
def test_resend_by_anyone_else_is_forbidden_and_changes_nothing(accepted, people, role):
    delivery = Delivery.objects.first()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)

    with pytest.raises(ActionRefused) as refusal:
        resend_delivery(actor=people[role], delivery_id=delivery.pk)

    assert refusal.value.forbidden
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED


@pytest.mark.django_db
def test_resend_of_a_delivery_not_failed_is_refused(accepted, people):
    delivery = Delivery.objects.first()

    with pytest.raises(ActionRefused) as refusal:
        resend_delivery(actor=people["national_coordinator"], delivery_id=delivery.pk)

    assert (refusal.value.forbidden, refusal.value.reasons) == (
        False,
        ["This email is not among those that could not be sent."],
    )
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING


@pytest.mark.django_db
def test_sweeper_sends_due_deliveries_that_no_task_waits_for(accepted):
    task_sweep_outbox.delay()

    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
def test_sweeper_does_not_queue_again_a_delivery_whose_task_waits(accepted):
    assert len(claim_due_deliveries()) == 2

    assert claim_due_deliveries() == []


@pytest.mark.django_db
def test_sweeper_does_not_queue_a_delivery_waiting_for_its_retry(accepted):
    now = timezone.now()
    Delivery.objects.update(attempts=1, due_at=now + timedelta(seconds=120), queued_at=now - timedelta(seconds=60))

    assert claim_due_deliveries() == []
    Delivery.objects.update(due_at=now)
    assert len(claim_due_deliveries()) == 2


@pytest.mark.django_db
def test_deliveries_that_could_not_reach_the_server_go_as_soon_as_it_answers(accepted, settings):
    later = timezone.now() + timedelta(minutes=30)
    Delivery.objects.update(attempts=3, due_at=later, server_unreachable=True)

    settings.EMAIL_BACKEND = "tests.notifications.backends.UnreachableEmailBackend"
    assert release_deliveries_when_the_server_answers() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert release_deliveries_when_the_server_answers() == 2
    task_sweep_outbox.delay()

    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_broken_email_template_fails_only_the_email_never_the_state_change(study, people, monkeypatch):
    """The email is rendered by the task, outside the study's transaction: a template that breaks is an email to
    retry, not a refused transition."""

    def broken(*args, **kwargs):
        raise TemplateSyntaxError("Invalid block tag on line 3: 'endfi'")

    monkeypatch.setattr("notifications.services.render_to_string", broken)
    study = put_in_state(study, State.SUBMITTED)

    apply_transition(study, "accept", actor=people["regional_coordinator"])
    delivery = Delivery.objects.first()
    send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert OpportunityStudy.objects.get(pk=study.pk).state == State.TRAINING
    assert (delivery.status, delivery.attempts, mail.outbox) == (DeliveryStatus.PENDING, 1, [])
    assert "endfi" in delivery.last_error

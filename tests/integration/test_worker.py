"""A real Celery worker on a real Redis delivers the notifications of a transition."""

import pytest
from django.core import mail

from notifications.enums import DeliveryStatus, EventKind
from notifications.models import Delivery, Notification
from tests.integration.conftest import wait_for
from tests.notifications.conftest import put_in_state
from workflow.enums import State
from workflow.services import apply_transition

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_transition_is_delivered_by_a_real_worker(celery_worker, study, people):
    study = put_in_state(study, State.SUBMITTED)

    apply_transition(study, "accept", actor=people["regional_coordinator"])

    wait_for(lambda: len(mail.outbox) == 2)
    wait_for(lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists())
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["holder"].email, people["co_holder"].email]
    )
    assert sorted(Notification.objects.values_list("recipient__email", "kind")) == sorted(
        [
            (people["holder"].email, EventKind.ACCEPTED_INTO_TRAINING),
            (people["co_holder"].email, EventKind.ACCEPTED_INTO_TRAINING),
        ]
    )
    assert list(Delivery.objects.values_list("attempts", flat=True)) == [1, 1]


def test_failing_email_backend_ends_failed_once_its_retry_window_is_over(celery_worker, study, people, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    settings.NOTIFICATIONS_RETRY_HOURS = 0
    study = put_in_state(study, State.SUBMITTED)

    apply_transition(study, "accept", actor=people["regional_coordinator"])

    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 2, timeout=30)
    assert set(Delivery.objects.values_list("attempts", "last_error")) == {
        (1, "SMTPServerDisconnected: Connection unexpectedly closed")
    }
    assert mail.outbox == []

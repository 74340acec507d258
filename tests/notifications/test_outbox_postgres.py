"""The outbox on PostgreSQL: two workers on one delivery, and how PostgreSQL finds the row it claims."""

import time

import pytest
from django.db import connection
from django.utils import timezone

from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from notifications.services import _CLAIM_SQL, send_delivery
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.notifications.backends import ObservingEmailBackend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def deliveries(count, *, status=DeliveryStatus.PENDING):
    recipient = UserFactory()
    return Delivery.objects.bulk_create(
        Delivery(
            recipient=recipient,
            to_email=recipient.email,
            subject="Sujet",
            template="notifications/email/accepted_into_training",
            language="fr",
            status=status,
        )
        for _ in range(count)
    )


def test_two_workers_sending_one_delivery_at_once_send_one_email(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.notifications.backends.ObservingEmailBackend"
    monkeypatch.setattr(ObservingEmailBackend, "sent", [])
    monkeypatch.setattr(ObservingEmailBackend, "while_sending", staticmethod(lambda message: time.sleep(0.2)))
    (delivery,) = deliveries(1)

    outcomes = run_together(
        lambda: send_delivery(delivery_id=delivery.pk), lambda: send_delivery(delivery_id=delivery.pk)
    )

    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    assert len(ObservingEmailBackend.sent) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_claim_reads_the_row_by_its_id_even_when_statistics_say_nothing_is_pending():
    # The statistics of an outbox where everything was sent once led the planner to a status index, through
    # which each claim walked every pending and dead entry: slower and slower in a burst of emails.
    deliveries(2000, status=DeliveryStatus.SENT)
    (pending,) = deliveries(1)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Delivery._meta.db_table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        now = timezone.now()
        cursor.execute("EXPLAIN " + _CLAIM_SQL, [DeliveryStatus.SENT, now, pending.pk, DeliveryStatus.PENDING, now])
        plan = "\n".join(line for (line,) in cursor.fetchall())

    assert f"Index Scan using {Delivery._meta.db_table}_pkey" in plan, plan

"""A yearly report's reminder, sent by the periodic task on a real worker, reaches its team by email once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.enums import DeliveryStatus, EventKind
from notifications.models import Delivery, Notification
from notifications.tasks import task_send_reminders
from schools.services import open_campaign
from tests.factories import UserFactory, region
from tests.integration.conftest import wait_for
from tests.schools.conftest import opened_school

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_deadline_reminder_is_sent_once_by_a_real_worker(celery_worker):
    team = UserFactory(email="ecole@example.org")
    opened_school(team=[team], home=region("84"))
    national = UserFactory(is_national_coordinator=True)
    open_campaign(actor=national, school_year=2025, deadline=timezone.localdate() + timedelta(days=3))
    wait_for(lambda: len(mail.outbox) == 1)  # the campaign's opening, told to the team

    task_send_reminders.delay()
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2)
    # Run again in this process: a reminder already sent for this deadline writes nothing more.
    task_send_reminders.apply()

    reminder = Notification.objects.get(kind=EventKind.REPORT_DEADLINE_NEAR)
    assert (reminder.recipient, reminder.delivery.status) == (team, DeliveryStatus.SENT)
    # The campaign's opening and the reminder, nothing twice.
    assert [message.to for message in mail.outbox] == [[team.email], [team.email]]

"""A broker outage delays notifications but never loses one nor sends one twice.

The test runs its own redis-server (never the machine's), stops it mid-test by its process id, and
starts it again on the same port.
"""

from collections import Counter

import pytest
from celery.contrib.testing.app import TestApp, setup_default_app
from celery.contrib.testing.worker import start_worker
from django.core import mail

from notifications.enums import DeliveryStatus
from notifications.models import Delivery, Notification
from notifications.tasks import task_sweep_outbox
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory
from tests.integration.conftest import project_celery_config, wait_for
from workflow.enums import State
from workflow.services import apply_transition

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def outage_worker(own_redis):
    """A worker whose broker is ``own_redis``; it rides out the outage and reconnects by itself."""
    app = TestApp(config=project_celery_config(own_redis.url))
    with setup_default_app(app), start_worker(app, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


def submitted_study(people, home_region, name):
    project = SchoolProjectFactory(name=name, team=[people["holder"], people["co_holder"]], region=home_region)
    study = OpportunityStudyFactory(project=project)
    study.__class__.objects.filter(pk=study.pk).update(state=State.SUBMITTED)
    return study.__class__.objects.get(pk=study.pk)


def test_broker_outage_delays_notifications_then_the_sweeper_delivers_each_once(
    outage_worker, own_redis, people, home_region, settings
):
    settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS = 0
    coordinator = people["regional_coordinator"]
    studies = [submitted_study(people, home_region, f"École de Production n°{n}") for n in range(3)]

    apply_transition(studies[0], "accept", actor=coordinator)
    wait_for(lambda: len(mail.outbox) == 2)

    own_redis.stop()
    apply_transition(studies[1], "accept", actor=coordinator)
    apply_transition(studies[2], "accept", actor=coordinator)

    assert Notification.objects.count() == 6
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4
    assert len(mail.outbox) == 2

    own_redis.start()
    task_sweep_outbox.delay()
    wait_for(lambda: len(mail.outbox) == 6, timeout=60)
    task_sweep_outbox.delay()
    task_sweep_outbox.delay()
    wait_for(lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists())

    sent = Counter((message.to[0], message.subject) for message in mail.outbox)
    assert len(sent) == 6
    assert set(sent.values()) == {1}
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}

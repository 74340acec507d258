"""Webhooks through real faults: none lost, none doubled for a 2xx, across a broker outage and a worker killed.

The fault rig of the emails (``fault_rig``): a Redis of the test's own, a worker and beat as processes, with the
retry schedule scaled to seconds; a real receiver on the loopback (``tests.notifications.receiver``) that
verifies each signature with ``standardwebhooks`` and counts the answers by ``webhook-id``. In turn: steady
work, the broker killed then brought back, the worker SIGKILLed while the receiver holds a request.
"""

import pytest

from notifications.enums import Channel
from notifications.models import Delivery
from notifications.tasks import task_sweep_outbox
from tests.factories.notifications import WebhookEndpointFactory
from tests.integration import fault_rig
from tests.notifications.receiver import Receiver

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 30


@pytest.fixture
def rig(tmp_path, own_redis, monkeypatch):
    receiver = Receiver().start()
    processes = fault_rig.Processes(
        tmp_path,
        redis_url=own_redis.url,
        smtp_port=0,
        settings_module="tests.settings",
        # The emails of the same transitions stay in the worker's memory: only the webhooks are under test.
        environment={**fault_rig.SCALED, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    )
    monkeypatch.setitem(task_sweep_outbox.app.conf, "broker_url", own_redis.url)
    monkeypatch.setitem(task_sweep_outbox.app.conf, "task_always_eager", False)
    processes.start_worker()
    processes.start_beat()
    try:
        yield receiver, processes, own_redis
    finally:
        processes.stop()
        receiver.stop()
        print("worker log:\n" + processes.log("worker")[-3000:])


def webhooks_of(delivery_ids):
    return list(Delivery.objects.filter(pk__in=delivery_ids, channel=Channel.WEBHOOK))


def all_answered(receiver, deliveries):
    delivered = receiver.delivered()
    return all(delivered[delivery.webhook_id] for delivery in deliveries)


def test_no_webhook_is_lost_or_doubled_through_broker_and_worker_faults(rig, people, home_region):
    receiver, processes, redis = rig
    endpoint = WebhookEndpointFactory(owner=people["national_coordinator"], url=receiver.url)
    receiver.secret = endpoint.secret
    events = fault_rig.Events(people, home_region)
    groups = {}

    ids, _longest = events.accept(3)
    groups["steady"] = webhooks_of(ids)
    assert fault_rig.wait_until(lambda: all_answered(receiver, groups["steady"]), timeout=TIMEOUT) is not None

    # The broker killed: the transitions write their webhooks anyway; the worker sends them once it is back.
    redis.stop()
    ids, longest_without_broker = events.accept(3)
    groups["broker"] = webhooks_of(ids)
    fault_rig.wait_until(lambda: False, timeout=2)
    redis.start()
    assert fault_rig.wait_until(lambda: all_answered(receiver, groups["broker"]), timeout=TIMEOUT) is not None
    processes.check_worker_alive()

    # The worker SIGKILLed while the receiver holds a request: its claim rolls back, the sweeper sends it again.
    receiver.delay = 1.5
    before = len(receiver.received)
    ids, _longest = events.accept(3)
    groups["worker"] = webhooks_of(ids)
    fault_rig.wait_until(lambda: len(receiver.received) > before, timeout=TIMEOUT)
    processes.kill_worker()
    receiver.delay = 0.0
    processes.start_worker()
    assert fault_rig.wait_until(lambda: all_answered(receiver, groups["worker"]), timeout=TIMEOUT) is not None

    sent = [delivery for group in groups.values() for delivery in group]
    delivered = receiver.delivered()
    print(f"webhooks: {len(sent)}; requests received: {len(receiver.received)}; answers by id: {dict(delivered)}")
    assert len(sent) == 9
    assert longest_without_broker < 1.0
    assert [delivery.webhook_id for delivery in sent if delivered[delivery.webhook_id] != 1] == []
    assert all(entry.verified for entry in receiver.received)
    # The killed send was really cut: its request came again, unanswered the first time.
    assert any(count > 1 for count in receiver.ids().values())

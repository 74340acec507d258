"""Fault injection: the outbox loses no email when the broker, the worker or the mail server fails.

A Redis, a worker, beat and an SMTP server of the test's own, with the retry schedule scaled from minutes to
seconds. In turn: the broker killed then brought back, the broker frozen, the worker SIGKILLed while a message
is being sent, the mail server down for longer than the old retry window (six tries over about 31 minutes,
here 9 seconds), then slow to answer after DATA. Every email must reach the server; a second copy is allowed
only where the server was slow after DATA (it took the message, the client gave up or died before its
answer), and is counted.
"""

import pytest
from django.core import mail

from notifications.models import Delivery
from notifications.tasks import task_sweep_outbox
from tests.integration import fault_rig

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def rig(tmp_path, own_redis, monkeypatch):
    smtp = fault_rig.SmtpServer(fault_rig.free_port(2530, 2560))
    smtp.start()
    processes = fault_rig.Processes(
        tmp_path,
        redis_url=own_redis.url,
        smtp_port=smtp.port,
        settings_module="tests.settings",
        environment=fault_rig.SCALED,
    )
    # This process publishes the outbox's wake-ups to the test's Redis, as a web process would.
    monkeypatch.setitem(task_sweep_outbox.app.conf, "broker_url", own_redis.url)
    monkeypatch.setitem(task_sweep_outbox.app.conf, "task_always_eager", False)
    processes.start_worker()
    processes.start_beat()
    try:
        yield smtp, processes, own_redis
    finally:
        processes.stop()
        if smtp.controller is not None:
            smtp.stop()
        print("worker log:\n" + processes.log("worker")[-3000:])


def test_no_email_is_lost_through_broker_worker_and_mail_server_faults(rig, people, home_region):
    smtp, processes, redis = rig

    outcome = fault_rig.run_scenario(smtp, processes, redis, fault_rig.Events(people, home_region), per_fault=3)

    print(f"recovery (s): {outcome.recovery}; doubles: {outcome.doubles} of {Delivery.objects.count()} emails")
    assert None not in outcome.recovery.values(), (outcome.recovery, processes.log("worker"))
    assert outcome.worker_survived_the_broker, processes.log("worker")
    assert outcome.longest_transition_without_broker < 1.0
    assert outcome.longest_transition_with_frozen_broker < 1.0
    assert outcome.lost == []
    assert mail.outbox == []  # every email went through the worker and the SMTP server
    assert set(outcome.doubles) <= set(outcome.groups["worker"]) | set(outcome.groups["slow server"])
    assert set(outcome.groups["slow server"]) & set(outcome.doubles)

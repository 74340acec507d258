"""Fault injection: the outbox loses no email when the broker, the worker or the mail server fails.

A Redis, a worker, beat and an SMTP server of the test's own, with the retry schedule scaled from minutes to
seconds. In turn: the broker killed then brought back, the worker SIGKILLed while a message is being sent, the
mail server down for longer than the old retry window (six tries over about 31 minutes, here 9 seconds), then
slow to answer after DATA. Every email must reach the server; a second copy is allowed only where the server
was slow after DATA (it took the message, the client gave up or died before its answer), and is counted.
"""

import time

import pytest
from django.core import mail

from notifications.models import Delivery
from notifications.tasks import task_sweep_outbox
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory
from tests.integration import fault_rig
from workflow.enums import State
from workflow.services import apply_transition

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The schedule of production (1 minute doubling to 30, for 48 hours), in seconds for the test.
SCALED = {
    "NOTIFICATIONS_RETRY_BACKOFF": "1",
    "NOTIFICATIONS_RETRY_BACKOFF_MAX": "2",
    "NOTIFICATIONS_RETRY_JITTER": "0",
    "NOTIFICATIONS_RETRY_HOURS": "0.05",
    "NOTIFICATIONS_SWEEP_SECONDS": "1",
    "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "4",
    "EMAIL_CONNECT_TIMEOUT": "1",
    "EMAIL_TIMEOUT": "1.5",
}
OLD_RETRY_WINDOW = 1 + 2 + 2 + 2 + 2  # six tries with the old backoff, scaled like the new one
EVENTS_PER_FAULT = 3  # each tells the study's two founders: two emails


@pytest.fixture
def rig(tmp_path, own_redis, monkeypatch):
    smtp = fault_rig.SmtpServer(fault_rig.free_port(2530, 2560))
    smtp.start()
    processes = fault_rig.Processes(
        tmp_path,
        redis_url=own_redis.url,
        smtp_port=smtp.port,
        settings_module="tests.settings",
        environment=SCALED,
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


class Events:
    """Accept submitted studies, each a transition that emails its two founders."""

    def __init__(self, people, region):
        self.people, self.region, self.count = people, region, 0

    def accept(self, number):
        """Accept ``number`` studies; return the new deliveries' ids and the longest transition, in seconds."""
        before = set(Delivery.objects.values_list("pk", flat=True))
        longest = 0.0
        for _ in range(number):
            self.count += 1
            project = SchoolProjectFactory(
                name=f"École de Production n°{self.count}",
                team=[self.people["holder"], self.people["co_holder"]],
                region=self.region,
            )
            study = OpportunityStudyFactory(project=project)
            study.__class__.objects.filter(pk=study.pk).update(state=State.SUBMITTED)
            study = study.__class__.objects.get(pk=study.pk)
            started = time.monotonic()
            apply_transition(study, "accept", actor=self.people["regional_coordinator"])
            longest = max(longest, time.monotonic() - started)
        return sorted(set(Delivery.objects.values_list("pk", flat=True)) - before), longest


def test_no_email_is_lost_through_broker_worker_and_mail_server_faults(rig, people, home_region):
    smtp, processes, redis = rig
    events = Events(people, home_region)
    recovery = {}

    steady, _ = events.accept(EVENTS_PER_FAULT)
    assert fault_rig.wait_until(lambda: fault_rig.all_sent(steady), timeout=60) is not None, processes.log("worker")

    # The broker killed: the transitions do not wait for it, the worker rides it out and sweeps on reconnection.
    redis.stop()
    during_outage, longest = events.accept(EVENTS_PER_FAULT)
    time.sleep(3)
    redis.start()
    recovery["broker"] = fault_rig.wait_until(lambda: fault_rig.all_sent(during_outage), timeout=60)
    assert processes.worker.poll() is None, processes.log("worker")
    assert longest < 1.0

    # The worker SIGKILLed while the server holds a message's answer.
    smtp.answer_after = 0.5
    received = len(smtp.received)
    killed, _ = events.accept(EVENTS_PER_FAULT)
    assert fault_rig.wait_until(lambda: len(smtp.received) > received, timeout=30) is not None
    processes.kill_worker()
    smtp.answer_after = 0.0
    processes.start_worker()
    recovery["worker"] = fault_rig.wait_until(lambda: fault_rig.all_sent(killed), timeout=60)

    # The mail server down for longer than the old retry window.
    smtp.stop()
    while_down, _ = events.accept(EVENTS_PER_FAULT)
    time.sleep(OLD_RETRY_WINDOW + 3)
    smtp.start()
    recovery["mail server"] = fault_rig.wait_until(lambda: fault_rig.all_sent(while_down), timeout=60)

    # The mail server slow after DATA, past the client's answer timeout, for a while.
    smtp.answer_after = 2.5
    slow, _ = events.accept(EVENTS_PER_FAULT)
    time.sleep(4)
    smtp.answer_after = 0.0
    recovery["slow server"] = fault_rig.wait_until(lambda: fault_rig.all_sent(slow), timeout=60)

    lost, doubles = fault_rig.lost_and_doubles(smtp)
    print(f"recovery (s): {recovery}; doubles: {len(doubles)} of {Delivery.objects.count()}")
    assert None not in recovery.values(), (recovery, processes.log("worker"))
    assert lost == []
    assert mail.outbox == []  # every email went through the worker and the SMTP server
    assert set(doubles) <= set(killed) | set(slow)
    assert set(slow) & set(doubles)

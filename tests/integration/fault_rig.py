"""The outbox under real faults: a Redis, a worker, beat and an SMTP server of its own, each broken on purpose.

Used by the fault-injection test (``test_faults.py``, a few events per fault, in CI) and by the benchmark
(``python -m bench.faults``, many). Everything runs on the machine: the Redis on a port of its own, the worker
and beat as processes of their own session (so that a SIGKILL reaches the worker's pool too), the SMTP server
(aiosmtpd) in a thread. Only these are ever stopped or killed, by their process ids.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from notifications.services import message_id
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory
from workflow.enums import State
from workflow.services import apply_transition

ROOT = Path(__file__).resolve().parents[2]

# Production's schedule (1 minute doubling to 30, for 48 hours), in seconds for the worker under test.
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
# The old retries: six tries, 1 + 2 + 4 + 8 + 16 minutes apart (about 31 minutes), scaled like the new ones.
OLD_RETRY_WINDOW = 1 + 2 + 2 + 2 + 2


def free_port(start, stop):
    for port in range(start, stop):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port in {start}-{stop}.")


class SmtpServer:
    """An SMTP server that records the ``Message-ID`` of each message it takes; it can go down, or answer late.

    A message is taken as soon as its DATA has arrived: with ``answer_after`` set, the server holds its
    "250" that long, as a slow server does, and a client that gives up meanwhile sends the message again.
    """

    def __init__(self, port):
        self.port = port
        self.answer_after = 0.0
        self.received = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        self.received.append(message_from_bytes(envelope.original_content)["Message-ID"])
        if self.answer_after:
            await asyncio.sleep(self.answer_after)
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None

    def copies(self):
        """Return how many times each ``Message-ID`` arrived."""
        return Counter(self.received)


class Processes:
    """The worker and beat, as separate processes on the test's database, broker and mail server."""

    def __init__(self, directory, *, redis_url, smtp_port, settings_module, environment=None):
        self.directory = Path(directory)
        database = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                f"/{database['NAME']}"
            ),
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "notifications.mail.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "LOG_LEVEL": "WARNING",
            **(environment or {}),
        }
        self.worker = None
        self.beat = None

    def _start(self, name, *arguments):
        log = open(self.directory / f"{name}.log", "ab")  # noqa: SIM115 -- the process writes it until it ends
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *arguments],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_worker(self):
        self.worker = self._start(
            "worker", "worker", "-Q", "notifications", "-c", "2", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-l", "warning",
        )  # fmt: skip

    def start_beat(self):
        self.beat = self._start("beat", "beat", "-s", str(self.directory / "beat-schedule"), "-l", "warning")

    def check_worker_alive(self):
        if self.worker.poll() is not None:
            log = self.log("worker")[-4000:]
            raise AssertionError(f"The worker exited by itself ({self.worker.returncode}):\n{log}")

    def kill_worker(self):
        """SIGKILL the worker and its pool, as the kernel's OOM killer or a lost machine would."""
        self.check_worker_alive()
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=10)

    def stop(self):
        for process in (self.worker, self.beat):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)

    def log(self, name):
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def all_sent(delivery_ids):
    return not Delivery.objects.filter(pk__in=delivery_ids).exclude(status=DeliveryStatus.SENT).exists()


def wait_until(condition, *, timeout, interval=0.1):
    """Wait until ``condition()`` is true; return the seconds waited, or ``None`` after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(interval)
    return None


def lost_and_doubles(smtp):
    """Return the deliveries that never reached the server, and the copies that reached it twice or more."""
    copies = smtp.copies()
    expected = {message_id(delivery): delivery.pk for delivery in Delivery.objects.all()}
    lost = sorted(pk for mid, pk in expected.items() if copies[mid] == 0)
    doubles = {expected.get(mid, mid): count for mid, count in copies.items() if count > 1}
    return lost, doubles


def in_background(function):
    """Run ``function`` in a thread; return the thread."""
    thread = threading.Thread(target=function, daemon=True)
    thread.start()
    return thread


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


@dataclass
class Outcome:
    recovery: dict = field(default_factory=dict)  # seconds from the end of each fault to its last email sent
    groups: dict = field(default_factory=dict)  # the deliveries written during each fault
    longest_transition_without_broker: float = 0.0
    longest_transition_with_frozen_broker: float = 0.0
    worker_survived_the_broker: bool = False
    lost: list = field(default_factory=list)
    doubles: dict = field(default_factory=dict)


def run_scenario(smtp, processes, redis, events, *, per_fault, timeout=90):
    """Break the broker, the worker and the mail server in turn, ``per_fault`` events each; return the outcome."""
    outcome = Outcome()

    def recover(name, started_at):
        ids = outcome.groups[name]
        waited = wait_until(lambda: all_sent(ids), timeout=timeout)
        outcome.recovery[name] = None if waited is None else round(time.monotonic() - started_at, 1)

    outcome.groups["steady"], _ = events.accept(per_fault)
    recover("steady", time.monotonic())

    # The broker killed: the transitions do not wait for it; the worker rides it out and sweeps on reconnection.
    redis.stop()
    outcome.groups["broker"], outcome.longest_transition_without_broker = events.accept(per_fault)
    time.sleep(3)
    redis.start()
    recover("broker", time.monotonic())
    outcome.worker_survived_the_broker = processes.worker.poll() is None
    processes.check_worker_alive()

    # The broker frozen (SIGSTOP: it holds its connections and answers nothing, as behind a partition).
    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        outcome.groups["frozen broker"], outcome.longest_transition_with_frozen_broker = events.accept(per_fault)
        time.sleep(2)
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
    recover("frozen broker", time.monotonic())
    processes.check_worker_alive()

    # The worker SIGKILLed while the server holds a message's answer.
    smtp.answer_after = 0.5
    received = len(smtp.received)
    outcome.groups["worker"], _ = events.accept(per_fault)
    wait_until(lambda: len(smtp.received) > received, timeout=timeout)
    processes.kill_worker()
    smtp.answer_after = 0.0
    processes.start_worker()
    recover("worker", time.monotonic())

    # The mail server down for longer than the old retry window.
    smtp.stop()
    outcome.groups["mail server"], _ = events.accept(per_fault)
    time.sleep(OLD_RETRY_WINDOW + 3)
    smtp.start()
    recover("mail server", time.monotonic())

    # The mail server slow after DATA, past the client's answer timeout, for a while.
    smtp.answer_after = 2.5
    outcome.groups["slow server"], _ = events.accept(per_fault)
    time.sleep(4)
    smtp.answer_after = 0.0
    recover("slow server", time.monotonic())

    outcome.lost, outcome.doubles = lost_and_doubles(smtp)
    return outcome

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
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from notifications.services import message_id

ROOT = Path(__file__).resolve().parents[2]


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

    def kill_worker(self):
        """SIGKILL the worker and its pool, as the kernel's OOM killer or a lost machine would."""
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

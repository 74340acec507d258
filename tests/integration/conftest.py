"""A real Celery worker against a real Redis, with Celery's own pytest fixtures (``celery.contrib.pytest``).

The worker runs in a thread of the test process, on a test application configured like the project's
(the ``CELERY_*`` settings) but never eager, with its broker on Redis database 15. Tests that use it
need ``django_db(transaction=True)``: the worker's thread reads the rows the test committed.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from celery.contrib.pytest import (  # noqa: F401 -- Celery's fixtures, used by the tests below
    celery_app,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_parameters,
    celery_worker_pool,
    use_celery_app_trap,
)
from django.conf import settings

from tests.notifications.conftest import home_region, other_region, people, study  # noqa: F401 -- fixtures
from tests.services import REDIS_URL


def project_celery_config(broker_url):
    """Return the project's Celery settings, with a real broker and no eager mode."""
    config = {
        name[len("CELERY_") :].lower(): value
        for name, value in vars(settings._wrapped).items()
        if name.startswith("CELERY_")
    }
    config.update(
        broker_url=broker_url,
        task_always_eager=False,
        result_backend="cache+memory://",
        beat_schedule={},
        broker_connection_retry_on_startup=True,
    )
    return config


@pytest.fixture(scope="session")
def celery_config():
    return project_celery_config(REDIS_URL)


@pytest.fixture(autouse=True)
def own_keys_only():
    """Delete, after the test, the keys it created in the test database of the machine's Redis."""
    client = redis.Redis.from_url(REDIS_URL)
    before = set(client.keys("*"))
    yield
    created = set(client.keys("*")) - before
    if created:
        client.delete(*created)


def wait_for(condition, timeout=20.0, interval=0.05):
    """Wait until ``condition()`` is true, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Still false after {timeout} s: {condition.__doc__ or condition}")


def _free_port(start=6391, stop=6400):
    for port in range(start, stop):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port for a Redis of the test's own.")


class OwnRedis:
    """A redis-server of the test's own, on a port of its own, that the test may stop and restart."""

    def __init__(self, directory):
        self.directory = directory
        self.port = _free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10)

    def stop(self):
        """Stop this server only, by its process id."""
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None

    def answers(self):
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
        except redis.RedisError:
            return False


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        reason = "needs redis-server to start a Redis of the test's own"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI must provide this service: {reason}", pytrace=False)
        pytest.skip(reason)
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.stop()

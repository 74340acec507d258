"""Which outside services answer here; the test suite and the Makefile both ask.

Run as ``python -m tests.services postgres`` (or ``redis``, ``chromium``): exit status 0 when it answers.
"""

import os
import shutil
import socket
import sys
from urllib.parse import urlparse

POSTGRES_URL = os.environ.get("TREMPLIN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/tremplin")
REDIS_URL = os.environ.get("TREMPLIN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _answers(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def postgres_answers():
    return _answers(POSTGRES_URL, 5432)


def redis_answers():
    return _answers(REDIS_URL, 6379)


def chromium_path():
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")


CHECKS = {"postgres": postgres_answers, "redis": redis_answers, "chromium": lambda: bool(chromium_path())}

if __name__ == "__main__":
    sys.exit(0 if CHECKS[sys.argv[1]]() else 1)

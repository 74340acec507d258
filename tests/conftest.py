import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.services import chromium_path, redis_answers

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SERVICE_MARKERS = ("postgres", "redis", "celery_worker", "browser")


def _service_missing(marker_name):
    """Say why a marked test cannot run here, or return None when its service answers."""
    if marker_name == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: run with DATABASE_URL=postgres://... (make test does when it answers)"
    if marker_name in {"redis", "celery_worker"} and not redis_answers():
        return "needs Redis on 127.0.0.1:6379 (or TREMPLIN_TEST_REDIS_URL)"
    if marker_name == "browser" and not chromium_path():
        return "needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    """Skip a test whose service is missing, except under CI where that is a failure."""
    for marker_name in SERVICE_MARKERS:
        if item.get_closest_marker(marker_name) is None:
            continue
        reason = _service_missing(marker_name)
        if reason and IN_CI:
            pytest.fail(f"CI must provide this service: {reason}", pytrace=False)
        if reason:
            pytest.skip(reason)


# Ids of seven digits: a page that prints an id localised ("1 000 000" in French) where a form, a link or an
# attribute needs the bare number fails in every test, not only after a thousand rows.
FIRST_ID = 1_000_000


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Start every table's ids at ``FIRST_ID`` once the test database is migrated."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT oid::regclass::text FROM pg_class WHERE relkind = 'S'")
            for (sequence,) in cursor.fetchall():
                cursor.execute("SELECT setval(%s, GREATEST(%s, last_value)) FROM " + sequence, [sequence, FIRST_ID])
        elif connection.vendor == "sqlite":
            tables = connection.introspection.table_names(cursor)
            cursor.execute("DELETE FROM sqlite_sequence")
            rows = [(table, FIRST_ID) for table in tables]
            cursor.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", rows)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache: a rolled-back test's ids come again in the next one (SQLite)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _english_messages():
    """Assert on English messages by default; tests of the French texts override the language."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A test client whose browser asks for English; tests of French pages pass their own header."""
    return Client(headers={"Accept-Language": "en"})

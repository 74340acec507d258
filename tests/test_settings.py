"""Production and development modes of ``config.settings``, each loaded in a fresh process.

The test process runs ``tests.settings``; these tests start ``manage.py`` or Python with
``DJANGO_SETTINGS_MODULE=config.settings`` and an environment holding only the variables given.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()
SETTINGS_VARIABLES = set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", SETTINGS_SOURCE))
SECRET_KEY_REFUSAL = "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
CELERY_PROBE = (
    "import django; django.setup(); from config.celery import app; "
    "print(app.conf.task_always_eager, app.conf.broker_url)"
)


def run(args, **variables):
    """Run ``python <args>`` in the project with config.settings and only ``variables`` as settings input."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_VARIABLES and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def production(**variables):
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "tremplin.example.org"} | (
        variables
    )


def test_check_deploy_passes_without_warning_in_production_mode():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production())

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_secret_key_is_long_enough_for_the_check():
    assert len(production()["SECRET_KEY"]) >= 50


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("too-short-" + secrets.token_urlsafe(20), id="short"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="django-insecure"),
        pytest.param("ab" * 40, id="few-distinct-characters"),
    ],
)
def test_production_settings_refuse_an_insecure_secret_key(secret_key):
    variables = production()
    if secret_key is None:
        del variables["SECRET_KEY"]
    else:
        variables["SECRET_KEY"] = secret_key

    result = run(["manage.py", "check"], **variables)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {SECRET_KEY_REFUSAL}" in result.stderr


def test_development_settings_load_without_secret_key():
    result = run(["manage.py", "check"], DEBUG="1")

    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


def test_development_without_redis_url_runs_celery_tasks_in_process():
    result = run(["-c", CELERY_PROBE], DEBUG="1")

    assert (result.returncode, result.stdout.split()) == (0, ["True", "memory://"])


CACHE_PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'] or '-')"
)


@pytest.mark.parametrize(
    ("variables", "cache"),
    [
        ({}, ["django.core.cache.backends.locmem.LocMemCache", "-"]),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/3"},
            ["config.cache.ForgivingRedisCache", "redis://127.0.0.1:6379/3"],
        ),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/3", "CACHE_URL": "redis://127.0.0.1:6379/4"},
            ["config.cache.ForgivingRedisCache", "redis://127.0.0.1:6379/4"],
        ),
    ],
)
def test_cache_shared_on_redis_when_there_is_one(variables, cache):
    result = run(["-c", CACHE_PROBE], DEBUG="1", **variables)

    assert (result.returncode, result.stdout.split()) == (0, cache)


def test_redis_url_sends_celery_tasks_to_the_broker():
    result = run(["-c", CELERY_PROBE], DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")

    assert (result.returncode, result.stdout.split()) == (0, ["False", "redis://127.0.0.1:6379/3"])

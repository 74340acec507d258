"""The docker-compose recipe, checked without a Docker engine.

The file must parse, every application service must run a command that the image installs, and every
variable it sets must be one that ``config/settings.py`` reads, with the required ones present.
"""

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
REQUIRED_VARIABLES = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")
APP_SERVICES = ("web", "worker", "beat")
# The Python package that provides each command the app services run.
COMMAND_PACKAGES = {"gunicorn": "gunicorn", "celery": "celery"}


def settings_variables():
    """Return the names of the environment variables ``config/settings.py`` reads through ``env``."""
    source = (ROOT / "config" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))


def dependency_names():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[\[=<>~! ]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}


def dockerfile_instructions():
    """Return the Dockerfile's instructions as (keyword, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [tuple(line.split(None, 1)) for line in lines]


def dockerfile_values(keyword):
    return [arguments for name, arguments in dockerfile_instructions() if name.upper() == keyword]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def test_compose_file_parses_with_every_service(services):
    assert sorted(services) == ["beat", "db", "mailpit", "redis", "web", "worker"]


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_are_started_again_whatever_ended_them(services, name):
    assert services[name]["restart"] == "always"


def test_compose_backing_services_use_the_expected_images(services):
    images = {name: services[name]["image"] for name in ("db", "redis", "mailpit")}

    assert images == {"db": "postgres:15", "redis": "redis:7", "mailpit": "axllent/mailpit"}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_app_service_is_built_from_the_dockerfile(services, name):
    assert services[name]["build"] == "."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("web", ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]),
        ("worker", ["celery", "-A", "config", "worker", "-Q", "notifications"]),
        ("beat", ["celery", "-A", "config", "beat"]),
    ],
)
def test_compose_app_service_runs_its_command(services, name, expected):
    command = services[name]["command"]

    assert command[: len(expected)] == expected


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_command_is_installed_by_the_image(services, name):
    program = services[name]["command"][0]

    assert COMMAND_PACKAGES[program] in dependency_names()


def test_dockerfile_installs_the_pinned_dependencies_and_the_code():
    runs = dockerfile_values("RUN")
    copies = dockerfile_values("COPY")

    assert any("pip install -c constraints.txt ." in run for run in runs)
    assert any(copy.split()[0] == "pyproject.toml" for copy in copies)
    assert any(copy.split()[-2:] == [".", "."] for copy in copies)


def test_dockerfile_runs_as_a_non_root_user():
    users = dockerfile_values("USER")

    assert users
    assert users[-1] not in {"root", "0"}


def test_dockerfile_entrypoint_script_exists_and_migrates_before_the_web_server():
    entrypoint = yaml.safe_load(dockerfile_values("ENTRYPOINT")[-1])[0]
    script = ROOT / entrypoint
    text = script.read_text()

    assert script.is_file()
    assert os.access(script, os.X_OK)
    assert text.startswith("#!/bin/sh")
    assert "manage.py migrate --noinput" in text
    assert "manage.py collectstatic --noinput" in text
    assert 'exec "$@"' in text


def test_dockerfile_default_command_is_the_web_command(services):
    default = yaml.safe_load(dockerfile_values("CMD")[-1])

    assert default == services["web"]["command"]


def test_web_and_worker_entry_points_exist():
    wsgi = (ROOT / "config" / "wsgi.py").read_text()
    celery = (ROOT / "config" / "celery.py").read_text()

    assert "application = get_wsgi_application()" in wsgi
    assert "app = Celery(" in celery


def test_worker_consumes_the_queue_tasks_are_sent_to(services):
    from django.conf import settings  # noqa: PLC0415 -- read after pytest-django configured the settings

    command = services["worker"]["command"]

    assert command[command.index("-Q") + 1] == settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_sets_only_variables_the_settings_read(services, name):
    unknown = set(services[name]["environment"]) - settings_variables()

    assert unknown == set()


@pytest.mark.parametrize("name", APP_SERVICES)
@pytest.mark.parametrize("variable", REQUIRED_VARIABLES)
def test_compose_sets_the_required_variables(services, name, variable):
    value = services[name]["environment"].get(variable)

    assert value
    assert str(value).strip()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_runs_in_production_mode(services, name):
    assert services[name]["environment"]["DEBUG"] == "0"


@pytest.mark.parametrize(
    ("variable", "service"), [("DATABASE_URL", "db"), ("REDIS_URL", "redis"), ("EMAIL_HOST", "mailpit")]
)
def test_compose_urls_point_at_the_compose_services(services, variable, service):
    value = services["web"]["environment"][variable]
    host = value if "://" not in value else urlparse(value).hostname

    assert host == service


def test_compose_database_credentials_match_the_postgres_service(services):
    url = urlparse(services["web"]["environment"]["DATABASE_URL"])
    postgres = services["db"]["environment"]

    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )


def test_compose_app_services_wait_for_healthy_backing_services(services):
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert "healthcheck" in services["db"]
    assert "healthcheck" in services["redis"]


def test_settings_variables_parser_finds_the_core_settings():
    assert set(REQUIRED_VARIABLES) | {"DEBUG", "EMAIL_HOST", "EMAIL_PORT"} <= settings_variables()

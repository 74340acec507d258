"""Logs carry a request id and user ids, never secrets nor personal data."""

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_requests_are_logged_with_their_id_and_the_users_id_only(caplog):
    user = UserFactory(email="claire.secret@example.org", full_name="Claire Secret")
    client = Client()
    client.force_login(user)

    with caplog.at_level(logging.INFO):
        response = client.get(reverse("home"), headers={"X-Request-ID": "req-42"})

    lines = [record.getMessage() for record in caplog.records if record.name == "log_request_id.middleware"]
    assert response["X-Request-ID"] == "req-42"
    assert lines == [f"method=GET path=/ status=200 user={user.pk}"]
    assert ("claire.secret" in caplog.text, "Claire Secret" in caplog.text) == (False, False)


@pytest.mark.django_db
def test_failed_sign_in_logs_neither_the_email_nor_the_password(caplog):
    UserFactory(email="claire.secret@example.org")

    with caplog.at_level(logging.DEBUG):
        Client().post(reverse("login"), {"username": "claire.secret@example.org", "password": "Mot-de-passe-42"})

    assert ("claire.secret" in caplog.text, "Mot-de-passe-42" in caplog.text) == (False, False)


def test_production_logs_are_json_with_the_request_id():
    config = {**settings.LOGGING, "handlers": {**settings.LOGGING["handlers"]}}
    config["handlers"]["console"] = {**config["handlers"]["console"], "formatter": "json"}
    formatter = logging.config.DictConfigurator(config).configure_formatter(config["formatters"]["json"])
    record = logging.LogRecord("tremplin", logging.WARNING, __file__, 1, "Study %s refused", (7,), None)
    record.request_id = "req-42"

    assert json.loads(formatter.format(record)) | {"time": "t"} == {
        "time": "t",
        "level": "WARNING",
        "logger": "tremplin",
        "request_id": "req-42",
        "message": "Study 7 refused",
    }

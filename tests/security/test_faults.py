"""Faults cost no data and show no internals: a database outage is a 503 page, health says what is down."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_database_unreachable_gives_a_503_page_without_trace(monkeypatch, holder):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    client.force_login(holder)

    def refuse(self):
        raise OperationalError('could not connect to server: Connection refused (password="hunter2")')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", lambda self: refuse(self))
    response = client.get(reverse("home"))

    body = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert "Tremplin is briefly unavailable" in body
    assert ("Traceback" in body, "hunter2" in body, "OperationalError" in body) == (False, False, False)


@pytest.mark.django_db
def test_other_errors_give_a_500_page_without_trace(monkeypatch, holder):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    client.force_login(holder)
    monkeypatch.setattr("config.views.projects_for_holder", lambda user: 1 / 0)

    response = client.get(reverse("home"))

    assert response.status_code == 500
    assert ("Something went wrong" in response.content.decode(), "ZeroDivisionError" in response.content.decode()) == (
        True,
        False,
    )


@pytest.mark.django_db
def test_health_without_broker(client, settings):
    settings.REDIS_URL = ""

    response = client.get(reverse("health"))

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "broker": "in-process", "worker": "in-process"},
    )


@pytest.mark.django_db
def test_health_with_the_broker_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("health"))

    assert (response.status_code, response.json()["broker"], response.json()["worker"]) == (503, "down", "down")


@pytest.mark.django_db
def test_health_with_the_database_down(client, monkeypatch, settings):
    settings.REDIS_URL = ""

    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get(reverse("health"))

    assert (response.status_code, response.json()["database"]) == (503, "down")

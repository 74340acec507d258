"""Liveness of what Tremplin needs: the database, the broker and a Celery worker, for monitoring."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app

WORKER_PING_TIMEOUT = 1.0


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def broker_status():
    if not settings.REDIS_URL:
        return "in-process"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return "down"
    return "ok"


def worker_status(broker):
    """A worker answers Celery's ping; without a broker, tasks run in the web process itself."""
    if broker != "ok":
        return broker
    try:
        replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception:  # noqa: BLE001 -- any broker failure means no worker can be reached
        return "down"
    return "ok" if replies else "down"


@never_cache
def health(request):
    """Report each dependency; 503 when the database or a configured broker is down.

    A missing worker does not fail the check: pages and transitions keep working, notifications wait.
    """
    broker = broker_status()
    report = {"database": database_status(), "broker": broker, "worker": worker_status(broker)}
    healthy = report["database"] == "ok" and broker in {"ok", "in-process"}
    return JsonResponse({"status": "ok" if healthy else "degraded", **report}, status=200 if healthy else 503)

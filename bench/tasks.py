"""The no-op task the notification pipeline is compared with: it only counts itself in Redis."""

import redis
from django.conf import settings

from config.celery import app

COUNTER = "bench:noop"
_client = None


@app.task(name="bench.noop", acks_late=True, ignore_result=True)
def task_noop():
    global _client  # one connection per worker process, as the broker's own
    if _client is None:
        _client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    _client.incr(COUNTER)

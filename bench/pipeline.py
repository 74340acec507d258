"""The notification pipeline with a real worker on Redis, against a no-op task through the same broker.

    REDIS_URL=redis://127.0.0.1:6379/14 python -m bench.pipeline [--count 2000] [--repeats 3]

A worker (prefork, with the deployment's ``CELERY_WORKER_CONCURRENCY`` processes unless told) consumes the
``notifications`` queue. Each repeat queues ``count`` no-op tasks, then ``task_deliver`` for ``count`` pending
deliveries of the outbox, and times each batch from the first task queued to the last one done. The rates are the
medians over the repeats.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
import redis
from django.conf import settings
from django.utils import timezone

from bench.report import report
from bench.tasks import COUNTER, task_noop
from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from notifications.tasks import task_deliver

WORKER_CONCURRENCY = settings.CELERY_WORKER_CONCURRENCY


def start_worker(concurrency=WORKER_CONCURRENCY):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "bench.celery_app",
        "worker",
        "-Q",
        "notifications",
        "-c",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "warning",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(condition, timeout=300, interval=0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("The worker did not finish in time.")
        time.sleep(interval)


def run_noop(client, count):
    client.set(COUNTER, 0)
    started = time.perf_counter()
    for _ in range(count):
        task_noop.delay()
    wait_until(lambda: int(client.get(COUNTER) or 0) >= count)
    return count / (time.perf_counter() - started)


def pending_deliveries(count):
    """Copy ``count`` sent emails of the outbox as new pending deliveries; return their ids."""
    now = timezone.now()
    template = list(Delivery.objects.filter(status=DeliveryStatus.SENT).order_by("pk")[:count])
    copies = [
        Delivery(
            recipient_id=d.recipient_id,
            to_email=d.to_email,
            subject=d.subject,
            template=d.template,
            context=d.context,
            language=d.language,
            created_at=now,
            due_at=now,
        )
        for d in template
    ]
    ids = [d.pk for d in Delivery.objects.bulk_create(copies)]
    if max(ids) - min(ids) + 1 != len(ids):
        raise RuntimeError("The copies' ids do not follow each other: something else writes deliveries.")
    return ids


def run_deliveries(count):
    ids = pending_deliveries(count)
    started = time.perf_counter()
    for delivery_id in ids:
        task_deliver.delay(delivery_id)
    # The ids of one bulk insert follow each other: a range is cheap to ask about every 20 ms, where a list of
    # 2,000 ids made the measuring process take CPU time from the worker.
    remaining = Delivery.objects.filter(pk__range=(min(ids), max(ids)), status=DeliveryStatus.PENDING)
    wait_until(lambda: not remaining.exists())
    rate = count / (time.perf_counter() - started)
    if Delivery.objects.filter(pk__in=ids).exclude(status=DeliveryStatus.SENT).exists():
        raise RuntimeError("Some deliveries were not sent.")
    return rate


def measure(count=2000, repeats=3, concurrency=WORKER_CONCURRENCY):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise SystemExit("Set REDIS_URL: the pipeline is measured with a real broker and worker.")
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    worker = start_worker(concurrency)
    try:
        run_noop(client, 50)  # the worker is up and warm
        noop, deliveries = [], []
        for _ in range(repeats):
            noop.append(run_noop(client, count))
            deliveries.append(run_deliveries(count))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        client.flushdb()
    noop_rate, delivery_rate = statistics.median(noop), statistics.median(deliveries)
    return {
        "tasks_per_batch": count,
        "repeats": repeats,
        "worker_processes": concurrency,
        "noop_per_second": round(noop_rate),
        "deliveries_per_second": round(delivery_rate),
        "ratio": round(delivery_rate / noop_rate, 2),
        "broker": settings.CELERY_BROKER_URL.split("@")[-1],
    }


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=WORKER_CONCURRENCY)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    result = measure(count=args.count, repeats=args.repeats, concurrency=args.concurrency)
    report(result, args.json)


if __name__ == "__main__":
    main()

"""The outbox under real faults, at a larger scale than the test: recovery after each fault, lost and doubles.

    python -m bench.faults [--events 25] [--rounds 3]

Runs the scenario of ``tests/integration/test_faults.py`` (a Redis on a port of its own in 6391-6399, a worker
and beat as processes, an aiosmtpd server in a thread; the broker killed, the worker SIGKILLed mid-send, the
mail server down past the old retry window, then slow after DATA) with ``--events`` transitions per fault, two
emails each, ``--rounds`` times, on a database of its own (``BENCH_FAULTS_DATABASE_URL``, dropped and created).
The retry schedule is production's, scaled from minutes to seconds.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

DATABASE_URL = os.environ.get("BENCH_FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tremplin_bench_faults")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.pop("REDIS_URL", None)  # this process publishes to the Redis of the rig, set below
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

# isort: split
from django.core.management import call_command  # noqa: E402

from notifications.models import Delivery  # noqa: E402
from notifications.tasks import task_sweep_outbox  # noqa: E402
from tests.factories import UserFactory, region  # noqa: E402
from tests.integration import fault_rig  # noqa: E402
from tests.integration.conftest import OwnRedis  # noqa: E402


def fresh_database():
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def one_round(directory, per_fault):
    home = region("84")
    people = {
        "holder": UserFactory(full_name="Claire Porteuse"),
        "co_holder": UserFactory(full_name="Karim Coporteur", language="en"),
        "regional_coordinator": UserFactory(coordinates=[home]),
    }
    redis = OwnRedis(directory)
    redis.start()
    smtp = fault_rig.SmtpServer(fault_rig.free_port(2530, 2560))
    smtp.start()
    processes = fault_rig.Processes(
        directory, redis_url=redis.url, smtp_port=smtp.port, settings_module="tests.settings",
        environment=fault_rig.SCALED,
    )  # fmt: skip
    task_sweep_outbox.app.conf.update(broker_url=redis.url, task_always_eager=False)
    processes.start_worker()
    processes.start_beat()
    try:
        outcome = fault_rig.run_scenario(smtp, processes, redis, fault_rig.Events(people, home), per_fault=per_fault)
    finally:
        processes.stop()
        if smtp.controller is not None:
            smtp.stop()
        if redis.process is not None:
            redis.stop()
    return outcome


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    fresh_database()
    outcomes = []
    for number in range(args.rounds):
        outcomes.append(one_round(Path(tempfile.mkdtemp(prefix=f"faults-{number}-")), args.events))
        Delivery.objects.all().delete()
    faults = outcomes[0].recovery.keys()
    result = {
        "events_per_fault": args.events,
        "emails_per_round": 2 * args.events * len(faults),
        "rounds": args.rounds,
        "recovery_seconds": {fault: [outcome.recovery[fault] for outcome in outcomes] for fault in faults},
        "recovery_median_seconds": {
            fault: statistics.median(outcome.recovery[fault] or float("inf") for outcome in outcomes)
            for fault in faults
        },
        "lost": [len(outcome.lost) for outcome in outcomes],
        "doubles": [sum(count - 1 for count in outcome.doubles.values()) for outcome in outcomes],
        "doubles_outside_slow_data": [
            len(set(outcome.doubles) - set(outcome.groups["worker"]) - set(outcome.groups["slow server"]))
            for outcome in outcomes
        ],
        "longest_transition_without_broker_seconds": [
            round(outcome.longest_transition_without_broker, 3) for outcome in outcomes
        ],
        "longest_transition_with_frozen_broker_seconds": [
            round(outcome.longest_transition_with_frozen_broker, 3) for outcome in outcomes
        ],
        "worker_survived_the_broker": [outcome.worker_survived_the_broker for outcome in outcomes],
    }
    text = json.dumps(result, indent=2)
    if args.json:
        Path(args.json).write_text(text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()

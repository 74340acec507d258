"""The load test: gunicorn (2 workers) and PostgreSQL under 20 signed-in users for 60 s, driven by locust.

    python -m bench.load [--users 20] [--seconds 60] [--json FILE]

Traffic goes to 127.0.0.1 only and stops after ``--seconds``. The accounts are signed in beforehand (a session
row each, as after the sign-in form): 3 national coordinators, 9 regional coordinators, 3 bank experts,
3 jurors (presidents of a session in deliberation) and 2 holders.
"""

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from bench.report import report
from juries.models import JuryMembership
from notifications.models import Notification
from projects.models import OpportunityStudy
from workflow.selectors import studies_for_user

PORT = 8123
CACHE_URL = "redis://127.0.0.1:6379/13"
MIX = {"national": 3, "coordinator": 9, "bank": 3, "president": 3, "holder": 2}


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _visible(user, limit=200):
    return list(studies_for_user(user).order_by("?").values_list("pk", flat=True)[:limit])


def accounts():
    """Sign in the load test's people and list what each may open and do."""
    try:
        reverse("juries:results", args=[1])
        has_jury_pages = True
    except NoReverseMatch:
        has_jury_pages = False
    people = []
    national = User.objects.filter(is_national_coordinator=True).order_by("pk")[: MIX["national"]]
    people += [{"user": user, "role": "national"} for user in national]
    coordinators = User.objects.filter(coordinated_networks__isnull=False).order_by("pk")[: MIX["coordinator"]]
    people += [{"user": user, "role": "coordinator"} for user in coordinators]
    bank = User.objects.filter(is_bank_expert=True).order_by("pk")[: MIX["bank"]]
    people += [{"user": user, "role": "bank"} for user in bank]
    presidents = JuryMembership.objects.filter(is_president=True, session__state="deliberation").select_related(
        "user", "session"
    )[: MIX["president"]]
    people += [{"user": m.user, "role": "president", "session_pk": m.session_id} for m in presidents]
    holders = User.objects.filter(school_projects__studies__state="changes_requested").distinct().order_by("pk")
    people += [{"user": user, "role": "holder"} for user in holders[: MIX["holder"]]]
    out = []
    for person in people:
        user = person.pop("user")
        entry = {**person, "email": user.email, "session": _session(user), "has_jury_pages": has_jury_pages}
        entry["studies"] = _visible(user) or [0]
        if person["role"] == "coordinator":
            region = user.coordinated_networks.first().region_id
            entry["actionable"] = list(
                OpportunityStudy.objects.filter(state="submitted", project__region_id=region).values_list(
                    "pk", flat=True
                )[:40]
            )
        entry["notifications"] = list(
            Notification.objects.filter(recipient=user).order_by("-created_at").values_list("pk", flat=True)[:50]
        )
        out.append(entry)
    return out


def _wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError("gunicorn did not start")


def _wait_until_ready(port, timeout=60):
    """Wait for ``/health/`` to answer 200, as a load balancer does before it sends a new server traffic.

    Each worker answers once it has loaded what its first requests need (``config.startup``); the measured
    minute starts with the workers' very first pages, with no warm-up requests.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def run(users=20, seconds=60):
    workdir = Path(tempfile.mkdtemp(prefix="tremplin-load-"))
    accounts_file = workdir / "accounts.json"
    people = accounts()
    accounts_file.write_text(json.dumps(people))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_LOAD_ACCOUNTS": str(accounts_file)}
    env.pop("REDIS_URL", None)  # the transitions' emails are sent in-process, as without a broker
    # The two workers share the cache (the dashboard's figures) on Redis, as in production.
    env["CACHE_URL"] = CACHE_URL
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(PORT)
        _wait_until_ready(PORT)
        subprocess.run(
            [
                str(bin_dir / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = _read_stats(workdir / "load_stats.csv")
    result.update(users=users, seconds=seconds, gunicorn_workers=2)
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def _read_stats(path):
    rows = {}
    with open(path) as source:
        for row in csv.DictReader(source):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "per_second": round(float(row["Requests/s"]), 1),
            }
    return {"total": rows.pop("Aggregated"), "by_request": rows}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    result = run(users=args.users, seconds=args.seconds)
    report(result, args.json)


if __name__ == "__main__":
    main()

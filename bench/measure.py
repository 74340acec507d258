"""In-process measurements on the seeded database: pages, queries per page, exports, transitions.

    python -m bench.measure pages|exports|transitions [--rounds N] [--json FILE]

Pages go through Django's test client, so through the whole middleware stack and the templates, with
``DEBUG`` off. Each page is requested once per round, the pages of a round in a shuffled order so that a burst
of noise on the machine falls on all of them alike; a page's figure is the median of its rounds, and its ratio
is to the median of the baseline page measured in the same rounds.
"""

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from bench.urls import BASELINE_URL
from juries.models import JuryMembership, JurySession
from juries.selectors import session_results_for_user
from projects.models import OpportunityStudy
from workflow.selectors import record_key
from workflow.services import apply_transition


def signed_in(user):
    client = Client(headers={"Accept-Language": "fr"})
    client.force_login(user)
    return client


def people():
    """The accounts the measurements sign in as: the busiest of each role."""
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    coordinator = User.objects.filter(coordinated_networks__isnull=False).order_by("pk").first()
    session = JurySession.objects.filter(state="deliberation").order_by("pk").first()
    president = JuryMembership.objects.get(session=session, is_president=True).user
    return {"national": national, "coordinator": coordinator, "president": president, "session": session}


# A study page measured without its record in the cache, as at the first view of a study since it changed.
FIRST_VIEW = " (first view since a change)"


def forget_record(label, url):
    if label.endswith(FIRST_VIEW):
        cache.delete(record_key(OpportunityStudy.objects.get(pk=url.strip("/").rsplit("/", 1)[-1])))


def page_list(who):
    """Return (label, user, url): the pages of the issue, each as the person who lives in it."""
    region = who["coordinator"].coordinated_networks.first().region_id
    in_review = OpportunityStudy.objects.filter(state="financing_review", project__region_id=region).order_by("pk")
    in_jury, other_in_jury = OpportunityStudy.objects.filter(agenda_entries__session=who["session"]).order_by("pk")[:2]
    return [
        ("baseline (layout only)", who["national"], BASELINE_URL),
        ("studies list, national, state filter, page 3", who["national"], "/studies/?state=training&page=3"),
        ("studies list, regional, search + sort, page 2", who["coordinator"], "/studies/?q=lyon&sort=waiting&page=2"),
        ("study page, regional, financing review", who["coordinator"], f"/studies/{in_review.first().pk}/"),
        ("study page, national, on a jury agenda", who["national"], f"/studies/{in_jury.pk}/"),
        (f"study page, national, on a jury agenda{FIRST_VIEW}", who["national"], f"/studies/{other_in_jury.pk}/"),
        ("dashboard, national (20,000 studies)", who["national"], "/dashboard/"),
        ("dashboard, regional", who["coordinator"], "/dashboard/"),
        ("home, national", who["national"], "/"),
        ("home, regional", who["coordinator"], "/"),
        ("inbox, national", who["national"], "/notifications/"),
        ("inbox, regional", who["coordinator"], "/notifications/"),
        *deliberation_page(who),
    ]


def deliberation_page(who):
    """The jury's deliberation table, as its president, when the jury pages are there."""
    try:
        url = reverse("juries:results", args=[who["session"].pk])
    except NoReverseMatch:
        return []
    return [("deliberation table, president (page)", who["president"], url)]


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def measure_pages(rounds=25, warmup=3):
    """Return per page: median and quartiles in ms, ratio to the baseline, SQL queries."""
    who = people()
    pages = page_list(who)
    clients = {user.pk: signed_in(user) for _label, user, _url in pages}
    for _ in range(warmup):
        for _label, user, url in pages:
            _get(clients[user.pk], url)
    # Counted as measured: what the cache holds in service held (the first view of a study is a page of its own).
    queries = {}
    for label, user, url in pages:
        forget_record(label, url)
        with CaptureQueriesContext(connection) as captured:
            _get(clients[user.pk], url)
        queries[label] = len(captured.captured_queries)
    timings = {label: [] for label, _user, _url in pages}
    order = list(pages)
    for _ in range(rounds):
        random.shuffle(order)
        for label, user, url in order:
            gc.collect()
            forget_record(label, url)
            started = time.perf_counter()
            _get(clients[user.pk], url)
            timings[label].append((time.perf_counter() - started) * 1000)
    # The deliberation table's data alone, through its selector.
    deliberation = []
    for _ in range(warmup + rounds):
        started = time.perf_counter()
        results = session_results_for_user(who["session"], who["president"])
        deliberation.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        session_results_for_user(who["session"], who["president"])
    baseline = statistics.median(timings[pages[0][0]])
    out = []
    for label, _user, url in pages:
        values = timings[label]
        median = statistics.median(values)
        out.append(_row(label, url, values, median, baseline, queries[label]))
    values = deliberation[warmup:]
    median = statistics.median(values)
    row = _row(
        "deliberation table (selector only)",
        f"session_results_for_user, {len(results.studies)} studies",
        values,
        median,
        baseline,
        len(captured.captured_queries),
    )
    row["ratio"] = round((baseline + median) / baseline, 2)  # the layout's cost plus the table's data
    out.append(row)
    return {"rounds": rounds, "pages": out}


def _row(label, url, values, median, baseline, queries):
    quartiles = statistics.quantiles(values, n=4)
    return {
        "page": label,
        "url": url,
        "median_ms": round(median, 1),
        "q1_ms": round(quartiles[0], 1),
        "q3_ms": round(quartiles[2], 1),
        "ratio": round(median / baseline, 2),
        "queries": queries,
    }


def _consume(response):
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def measure_exports(runs=5):
    """Return per format: median time of the whole download, its size, and the peak of Python allocations."""
    national = people()["national"]
    client = signed_in(national)
    rows = OpportunityStudy.objects.count()
    out = []
    for label, url in (("CSV", "/studies/export.csv"), ("XLSX", "/studies/export.xlsx")):
        _consume(client.get(url))
        times = []
        for _ in range(runs):
            gc.collect()
            started = time.perf_counter()
            size = _consume(client.get(url))
            times.append(time.perf_counter() - started)
        gc.collect()
        tracemalloc.start()
        _consume(client.get(url))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out.append(
            {
                "export": label,
                "rows": rows,
                "median_s": round(statistics.median(times), 2),
                "bytes": size,
                "peak_alloc_mb": round(peak / 2**20, 1),
            }
        )
    return {"exports": out, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def export_rss(fmt):
    """Download one export in this fresh process; return its resident memory before and at the peak (MB)."""
    client = signed_in(people()["national"])
    client.get(BASELINE_URL)
    before = _rss_mb()
    _consume(client.get(f"/studies/export.{fmt}"))
    return {"before_mb": before, "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _rss_mb():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def measure_transitions(count=400):
    """Perform ``count`` transitions through ``apply_transition`` (half accept, half withdraw); return the rate.

    Each one locks the row, checks role and guards, writes the log and the notification rows, and queues the
    emails on the broker once committed (Redis when ``REDIS_URL`` is set).
    """
    accepts = list(
        OpportunityStudy.objects.filter(state="submitted").select_related("project").order_by("pk")[: count // 2]
    )
    drafts = list(OpportunityStudy.objects.filter(state="draft").select_related("project").order_by("pk")[: count // 2])
    coordinators = {}
    work = []
    for study in accepts:
        region = study.project.region_id
        if region not in coordinators:
            coordinators[region] = User.objects.filter(coordinated_networks__region_id=region).first()
        work.append((study, "accept", coordinators[region], ""))
    holders = {p.pk: p.team.first() for p in (s.project for s in drafts)}
    work += [(study, "withdraw", holders[study.project_id], "Projet abandonné.") for study in drafts]
    random.shuffle(work)
    latencies = []
    started = time.perf_counter()
    for study, name, actor, comment in work:
        one = time.perf_counter()
        apply_transition(study, name, actor=actor, comment=comment)
        latencies.append((time.perf_counter() - one) * 1000)
    elapsed = time.perf_counter() - started
    return {
        "transitions": len(work),
        "per_second": round(len(work) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[18], 1),
        "broker": settings.CELERY_BROKER_URL.split("@")[-1],
    }


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["pages", "exports", "export-rss", "transitions"])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--format", default="csv")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    if args.what == "pages":
        result = measure_pages(rounds=args.rounds)
    elif args.what == "exports":
        result = measure_exports()
    elif args.what == "export-rss":
        result = export_rss(args.format)
    else:
        result = measure_transitions()
    text = json.dumps(result, indent=2, default=str)
    if args.json:
        with open(args.json, "w") as target:
            target.write(text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()

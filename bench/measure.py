"""In-process measurements on the seeded database: pages cold and warm, writes, exports, transitions.

    python -m bench.measure pages|dashboards|writes|exports|export-rss|transitions [--rounds N] [--json FILE]

Pages go through Django's test client, so through the whole middleware stack and the templates, with
``DEBUG`` off, and the cache where production keeps it: Redis when ``REDIS_URL`` is set (``bench.run`` sets it).
Each page is measured twice a round:

- **cold**: the first view after a write that invalidates it. The cache's Redis database is emptied just before
  (``cache.clear()``), which leaves the page every entry a write could make stale missing at once: the study's
  record, the dashboard's figures, the stalled count, the filter choices. Memos of a process that hold no data
  (compiled statements, templates) stay warm, as they do in service;
- **warm**: the same view right after, the cache filled by the cold one.

The dashboards are also measured at their **first view after a transition** (``dashboards``): a study withdrawn by
its holder through the service, in one region, then the dashboards, whose cache holds what the transition left.

The pages of a round come in a shuffled order, so that a burst of noise on the machine falls on all of them
alike; no garbage collection is forced inside the timed loop (a page that leaves garbage pays for its
collection, as it does in service). A figure is the median of the rounds, its ratio is to the median of the
baseline page (layout only) measured in the same rounds, cold and warm alike.
"""

import argparse
import gc
import random
import resource
import statistics
import time
import tracemalloc
from contextlib import nullcontext
from functools import partial

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.caches import CACHES
from bench.report import report
from bench.urls import BASELINE_URL
from juries.models import JurySession
from people.enums import Grant
from people.services import invite_person
from projects.models import OpportunityStudy, Region
from projects.services import update_study
from workflow.enums import Opinion, State
from workflow.models import TrainingModule
from workflow.services import apply_transition, record_financing_review, transfer_region, validate_training_module


def signed_in(user):
    client = Client(headers={"Accept-Language": "fr"})
    client.force_login(user)
    return client


def people():
    """Return the accounts the measurements sign in as, and the objects their pages show.

    The national coordinator; the coordinator of the region with the most studies in financing review; the
    sessions in deliberation and planned with the longest agenda. Chosen from the data, so that the same code
    measures the seed at 200 studies and at 20,000.
    """
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    region = (
        OpportunityStudy.objects.filter(
            state=State.FINANCING_REVIEW, project__region__network__coordinators__isnull=False
        )
        .values("project__region")
        .annotate(n=Count("pk"))
        .order_by("-n", "project__region")
        .values_list("project__region", flat=True)
        .first()
    )
    coordinator = User.objects.filter(coordinated_networks__region_id=region).order_by("pk").first()
    by_agenda = JurySession.objects.annotate(n=Count("agenda")).order_by("-n", "pk")
    return {
        "national": national,
        "coordinator": coordinator,
        "region": region,
        "session": by_agenda.filter(state="deliberation").first(),
        "planned": by_agenda.filter(state="planned").first(),
    }


def page_list(who):
    """Return (label, user, url): the pages of the issue but the jury's, each as the person who lives in it."""
    in_review = OpportunityStudy.objects.filter(state="financing_review", project__region_id=who["region"])
    in_review = in_review.order_by("pk").first()
    in_jury = OpportunityStudy.objects.filter(agenda_entries__session=who["session"]).order_by("pk").first()
    return [
        ("baseline (layout only)", who["national"], BASELINE_URL),
        ("studies list, national, state filter, page 3", who["national"], "/studies/?state=training&page=3"),
        ("studies list, regional, search + sort, page 2", who["coordinator"], "/studies/?q=lyon&sort=waiting&page=2"),
        ("study page, regional, financing review", who["coordinator"], f"/studies/{in_review.pk}/"),
        ("study page, national, on a jury agenda", who["national"], f"/studies/{in_jury.pk}/"),
        ("dashboard, national", who["national"], "/dashboard/"),
        ("dashboard, regional", who["coordinator"], "/dashboard/"),
        ("home, national", who["national"], "/"),
        ("home, regional", who["coordinator"], "/"),
        ("inbox, national", who["national"], "/notifications/"),
        ("inbox, regional", who["coordinator"], "/notifications/"),
        # Every study in financing review is a candidate for its agenda: the page lists some, with their forms.
        ("session page, national, planned", who["national"], f"/juries/{who['planned'].pk}/"),
    ]


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def _timed(client, url):
    started = time.perf_counter()
    _get(client, url)
    return (time.perf_counter() - started) * 1000


def _counted(client, url):
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return len(captured.captured_queries)


def measure_pages(rounds=15, warmup=2, pages=None, without=None):
    """Return per page: cold and warm medians in ms (quartiles), ratios to the baseline, SQL queries.

    ``without`` names a cache of ``bench.caches`` to measure the pages without (its data computed at each view).
    """
    who = people()
    pages = pages or page_list(who)
    clients = {user.pk: signed_in(user) for _label, user, _url in pages}
    switch = CACHES[without].off() if without else nullcontext()
    with switch:
        for _ in range(warmup):
            for _label, user, url in pages:
                _get(clients[user.pk], url)
        queries = {}
        for label, user, url in pages:
            cache.clear()
            queries[label] = (_counted(clients[user.pk], url), _counted(clients[user.pk], url))
        cold = {label: [] for label, _user, _url in pages}
        warm = {label: [] for label, _user, _url in pages}
        order = list(pages)
        for _ in range(rounds):
            random.shuffle(order)
            for label, user, url in order:
                cache.clear()
                cold[label].append(_timed(clients[user.pk], url))
                warm[label].append(_timed(clients[user.pk], url))
    bases = (statistics.median(cold[pages[0][0]]), statistics.median(warm[pages[0][0]]))
    out = [_page_row(label, url, (cold[label], warm[label]), bases, queries[label]) for label, _user, url in pages]
    return {"rounds": rounds, "without": without, "cache": settings.CACHES["default"]["BACKEND"], "pages": out}


def _page_row(label, url, times, bases, queries):
    """Return a page's figures: its cold and warm ``times`` against the baselines', and its queries, each a pair."""
    return {
        "page": label,
        "url": url,
        "cold": _stats(times[0], bases[0]),
        "warm": _stats(times[1], bases[1]),
        "queries_cold": queries[0],
        "queries_warm": queries[1],
    }


def _stats(values, baseline):
    median = statistics.median(values)
    quartiles = statistics.quantiles(values, n=4)
    return {
        "median_ms": round(median, 1),
        "q1_ms": round(quartiles[0], 1),
        "q3_ms": round(quartiles[2], 1),
        "ratio": round(median / baseline, 2),
    }


def _row(label, url, values, median, baseline, queries):
    """Return one series of a page as a row: median, quartiles, ratio to the baseline, queries (suites' rows)."""
    return {"page": label, "url": url, **_stats(values, baseline), "median_ms": round(median, 1), "queries": queries}


def measure_caches(rounds=15):
    """Measure, for each cache of ``bench.caches``, the pages it serves with it and without it."""
    who = people()
    everything = {label: (label, user, url) for label, user, url in page_list(who)}
    out = []
    for name, entry in CACHES.items():
        pages = [everything["baseline (layout only)"], *(everything[label] for label in entry.pages)]
        with_it = measure_pages(rounds=rounds, pages=pages)
        without_it = measure_pages(rounds=rounds, pages=pages, without=name)
        for label in entry.pages:
            on = next(row for row in with_it["pages"] if row["page"] == label)
            off = next(row for row in without_it["pages"] if row["page"] == label)
            out.append({"cache": name, "page": label, "with": on, "without": off})
    return {"rounds": rounds, "caches": out}


def _withdrawable(region_ids, count):
    """Return up to ``count`` studies of ``region_ids`` their holder may withdraw, each with its holder."""
    transitions = OpportunityStudy._meta.get_field("state").get_all_transitions(OpportunityStudy)
    states = {transition.source for transition in transitions if transition.name == "withdraw"}
    studies = (
        OpportunityStudy.objects.filter(state__in=states, project__region_id__in=region_ids)
        .select_related("project")
        .order_by("pk")[:count]
    )
    return [(study, study.project.team.order_by("pk").first()) for study in studies]


def measure_dashboards(rounds=15):
    """Return the dashboards' first view after a transition, and warm: medians, ratios to the baseline, queries.

    Each round views both dashboards warm, withdraws a study of another region than the regional coordinator's
    (the national dashboard counts that region again; the regional one has nothing of his changed), views them,
    then withdraws a study of his region and views his dashboard. A first round counts the queries. The rounds
    are as many as the seed has studies to withdraw in his region (fewer than ``rounds`` at 200 studies).
    """
    who = people()
    national, regional = signed_in(who["national"]), signed_in(who["coordinator"])
    others = list(Region.objects.exclude(pk=who["region"]).values_list("pk", flat=True))
    here = _withdrawable([who["region"]], rounds + 1)
    elsewhere = _withdrawable(others, len(here))
    labels = {
        "baseline": ("baseline (layout only)", national, BASELINE_URL),
        "national": ("dashboard, national, after a transition in a region", national, "/dashboard/"),
        "elsewhere": ("dashboard, regional, after a transition in another region", regional, "/dashboard/"),
        "here": ("dashboard, regional, after a transition in its region", regional, "/dashboard/"),
    }
    times = {"after": {key: [] for key in labels}, "warm": {key: [] for key in labels}}
    queries = {}

    def view(key, series):
        """Count the queries of the first view of each series, time the others."""
        _label, client, url = labels[key]
        if (key, series) in queries:
            times[series][key].append(_timed(client, url))
        else:
            queries[key, series] = _counted(client, url)

    def withdraw(study, holder):
        apply_transition(study, "withdraw", actor=holder, comment="Projet abandonné.")

    for (study_here, holder_here), (study_elsewhere, holder_elsewhere) in zip(here, elsewhere, strict=False):
        for key in ("baseline", "national", "elsewhere"):
            _get(labels[key][1], labels[key][2])
            view(key, "warm")
        withdraw(study_elsewhere, holder_elsewhere)
        view("national", "after")
        view("elsewhere", "after")
        withdraw(study_here, holder_here)
        view("here", "after")
        view("here", "warm")
        view("baseline", "after")
    base = statistics.median(times["warm"]["baseline"])
    return {
        "rounds": len(times["warm"]["baseline"]),
        "pages": [
            _page_row(
                label,
                url,
                (times["after"][key], times["warm"][key]),
                (base, base),
                (queries[key, "after"], queries[key, "warm"]),
            )
            for key, (label, _client, url) in labels.items()
        ],
    }


def _write_rows(count):
    """Return the writes to time, each a list of ``count`` calls on different rows, their arguments read before."""
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    expert = User.objects.filter(is_bank_expert=True).order_by("pk").first()

    def studies(state, order="pk"):
        return OpportunityStudy.objects.filter(state=state).select_related("project").order_by(order)

    def coordinator_of(study):
        return User.objects.filter(coordinated_networks__region_id=study.project.region_id).first()

    accepts = [
        partial(apply_transition, study, "accept", actor=coordinator_of(study))
        for study in studies("submitted")[:count]
    ]
    reviews = [
        partial(
            record_financing_review,
            study,
            actor=expert,
            opinion=Opinion.FAVOURABLE,
            budget_analysis="Budget équilibré sur cinq ans.",
            financing_plan_analysis="Plan de financement réaliste.",
            instruments=[("loan", 150_000, "Prêt participatif")],
        )
        for study in studies("financing_review")[:count]
    ]
    modules = list(TrainingModule.objects.filter(is_active=True).order_by("pk"))
    validations = []
    for study in studies("training").iterator():
        validated = set(study.project.training_progress.exclude(validated_at=None).values_list("module_id", flat=True))
        module = next((m for m in modules if m.pk not in validated), None)
        if module is not None:
            validations.append(partial(validate_training_module, study, actor=coordinator_of(study), module=module))
        if len(validations) == count:
            break
    stamp = time.time_ns()
    invitations = [
        partial(
            invite_person,
            actor=national,
            email=f"invitee-{stamp}-{n}@example.org",
            full_name="Ines Invitée",
            grant=Grant.BANK_EXPERT,
        )
        for n in range(count)
    ]
    first, second = Region.objects.order_by("pk")[:2]
    transfers = [
        partial(
            transfer_region,
            study.project,
            actor=national,
            region=second if study.project.region_id == first.pk else first,
            reason="Déménagement.",
        )
        for study in studies("changes_requested", "-pk")[:count]
    ]
    edits = [
        partial(update_study, study, actor=study.project.team.first(), territorial_diagnosis=f"Diagnostic {n}.")
        for n, study in enumerate(studies("draft")[:count])
    ]
    return {
        "transition (accept into training)": accepts,
        "financing review recorded": reviews,
        "training module validated": validations,
        "invitation sent": invitations,
        "region transfer": transfers,
        "study section saved (draft)": edits,
    }


def measure_writes(count=30):
    """Time each write through its service, ``count`` times each on different rows: median and p90 in ms."""
    return {"writes": [write_row(label, *time_calls(calls)) for label, calls in _write_rows(count).items()]}


def time_calls(calls, *, before=None):
    """Run each call, timed, after ``before()`` (untimed) when given; return the times in ms and the SQL queries
    of the first call."""
    times, queries = [], None
    for call in calls:
        if before is not None:
            before()
        with CaptureQueriesContext(connection) if queries is None else nullcontext() as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        if queries is None:
            queries = len(captured.captured_queries)
    return times, queries


def write_row(label, times, queries):
    """Return one write's row: how many were timed, their median and 90th percentile in ms, the first's queries."""
    if len(times) < 2:
        return {"write": label, "count": len(times), "median_ms": None, "p90_ms": None, "queries": queries}
    return {
        "write": label,
        "count": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(statistics.quantiles(times, n=10)[8], 1),
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
            started = time.perf_counter()
            size = _consume(client.get(url))
            times.append(time.perf_counter() - started)
        # Outside the timings: the peak of allocations is the export's own, not leftovers of the runs before.
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
    parser.add_argument(
        "what", choices=["pages", "dashboards", "caches", "writes", "exports", "export-rss", "transitions"]
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=30, help="writes of each kind")
    parser.add_argument("--format", default="csv")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    if args.what == "pages":
        result = measure_pages(rounds=args.rounds)
    elif args.what == "dashboards":
        result = measure_dashboards(rounds=args.rounds)
    elif args.what == "caches":
        result = measure_caches(rounds=args.rounds)
    elif args.what == "writes":
        result = measure_writes(count=args.count)
    elif args.what == "exports":
        result = measure_exports()
    elif args.what == "export-rss":
        result = export_rss(args.format)
    else:
        result = measure_transitions()
    report(result, args.json)


if __name__ == "__main__":
    main()

"""The figures of the coordinators' tracking dashboard.

Every figure is read from the studies of the coordinator's regions (all of them for the national coordinators)
and from their transition log, in a constant number of queries whatever the number of studies: counts are
grouped in the database; the medians are taken in Python over one streamed column of durations.

At federation scale that costs a hundred milliseconds or more, so the figures are cached per scope (the federation,
or one set of regions) and language. The key holds the data version of ``workflow.caches``, which every
transition, region transfer and new or deleted study replaces, so a cached dashboard never hides a change of
state. Figures that move with the clock alone (stalled studies) or with an edit that sends no such event (a
project's trades) are at most ``DASHBOARD_CACHE_SECONDS`` old.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Case, Count, DateField, F, Min, Q, When, Window
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear, Lead, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import Region
from workflow.caches import data_version
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.rules import coordinated_region_ids
from workflow.selectors import stalled_filter, studies_for_user, studies_of_coordinated_regions

# The stages a study goes through from submission to opening, in order.
FUNNEL_STAGES = (
    State.SUBMITTED,
    State.TRAINING,
    State.FINANCING_REVIEW,
    State.JURY,
    State.APPROVED,
    State.FUNDED,
    State.OPENED,
)
# The stages a study waits in, whose time spent is measured.
TIMED_STAGES = (
    State.SUBMITTED,
    State.CHANGES_REQUESTED,
    State.TRAINING,
    State.FINANCING_REVIEW,
    State.JURY,
    State.DEFERRED,
    State.APPROVED,
    State.FUNDED,
)
DECISIONS = (State.APPROVED, State.DEFERRED, State.REJECTED)
# Decisions, then openings: the series of the per-quarter and per-trade tables.
OUTCOMES = (*DECISIONS, State.OPENED)
SECONDS_PER_DAY = 86400
DURATIONS_CHUNK = 5000
DASHBOARD_CACHE_SECONDS = 300
# A count of stalled studies is exact until a change or the clock makes it stale; this only bounds the memory.
STALLED_CACHE_SECONDS = 3600


def is_dashboard_user(user):
    """Say whether the user coordinates at least one region, or the whole federation."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_national_coordinator or bool(coordinated_region_ids(user)))
    )


def dashboard_regions_for_user(user):
    """Return the regions the dashboard shows for ``user``."""
    regions = Region.objects.order_by("name")
    if user.is_national_coordinator:
        return regions
    return regions.filter(pk__in=coordinated_region_ids(user))


@dataclass
class Outcomes:
    """Decisions and openings under one heading (a quarter, a trade family)."""

    label: str
    counts: dict = field(default_factory=dict)

    @property
    def values(self):
        return [self.counts.get(state, 0) for state in OUTCOMES]

    @property
    def decision_values(self):
        return [self.counts.get(state, 0) for state in DECISIONS]

    @property
    def decisions(self):
        return sum(self.decision_values)


def studies_by_region_and_state(studies, regions):
    """Return ``(states, rows, totals)``: per region, the number of studies in each state, and the totals."""
    counts = defaultdict(Counter)
    for row in studies.order_by().values("project__region_id", "state").annotate(n=Count("pk")):
        counts[row["project__region_id"]][row["state"]] = row["n"]
    states = list(State)
    rows = [
        (region, [counts[region.pk][state] for state in states], sum(counts[region.pk].values())) for region in regions
    ]
    totals = [sum(row[1][i] for row in rows) for i in range(len(states))]
    return states, rows, totals


def funnel(logs):
    """Return ``(stage, studies)`` pairs: how many studies ever reached each stage from submission to opening."""
    reached = dict(
        logs.filter(to_state__in=FUNNEL_STAGES)
        .order_by()
        .values("to_state")
        .annotate(n=Count("study_id", distinct=True))
        .values_list("to_state", "n")
    )
    return [(stage, reached.get(stage, 0)) for stage in FUNNEL_STAGES]


def median_days_per_stage(logs):
    """Return ``(stage, median days, stays)`` for each timed stage, from consecutive log rows of each study.

    A stay in a stage runs from the log row entering it to the study's next log row; stays not over yet are not
    counted. PostgreSQL takes the medians itself (``percentile_cont``); elsewhere one column of durations is
    streamed to Python.
    """
    stays = (
        logs.annotate(
            left_at=Window(Lead("created_at"), partition_by=[F("study_id")], order_by=[F("created_at"), F("pk")])
        )
        .filter(left_at__isnull=False)
        .order_by()
        .values_list("to_state", "created_at", "left_at")
    )
    if connections[stays.db].vendor == "postgresql":
        medians = _medians_in_postgresql(stays)
    else:
        medians = _medians_in_python(stays)
    return [(stage, *medians.get(stage, (None, 0))) for stage in TIMED_STAGES]


def _medians_in_python(stays):
    durations = defaultdict(list)
    for state, entered_at, left_at in stays.iterator(chunk_size=DURATIONS_CHUNK):
        if state in TIMED_STAGES:
            durations[state].append((left_at - entered_at).total_seconds() / SECONDS_PER_DAY)
    return {state: (statistics.median(days), len(days)) for state, days in durations.items()}


def _medians_in_postgresql(stays):
    sql, params = stays.query.sql_with_params()
    with connections[stays.db].cursor() as cursor:
        cursor.execute(
            "SELECT to_state, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM left_at - created_at)),"
            f" COUNT(*) FROM ({sql}) AS stays WHERE to_state = ANY(%s) GROUP BY to_state",
            [*params, [str(stage) for stage in TIMED_STAGES]],
        )
        return {state: (float(seconds) / SECONDS_PER_DAY, n) for state, seconds, n in cursor.fetchall()}


def stalled_by_state(studies):
    """Return ``(state, studies)`` pairs of the studies longer in their stage than its time limit."""
    counts = dict(
        studies.filter(stalled_filter()).order_by().values("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [(state, counts[state]) for state in State if state in counts]


def count_stalled(studies, now):
    """Return how many of ``studies`` are stalled at ``now``, and the moment the next of the others will be.

    That moment is ``None`` when none of the others is in a stage with a time limit.
    """
    limits = {state: timedelta(days=days) for state, days in settings.TREMPLIN_STAGE_TIME_LIMITS.items()}
    figures = studies.aggregate(
        stalled=Count("pk", filter=stalled_filter(now)),
        **{
            state: Min("state_changed_at", filter=Q(state=state, state_changed_at__gte=now - limit))
            for state, limit in limits.items()
        },
    )
    stalled = figures.pop("stalled")
    return stalled, min((since + limits[state] for state, since in figures.items() if since), default=None)


def _outcome_logs(logs):
    """The decision and opening log rows, each with the day it counts on.

    An opening counts on the school's opening date; a decision on the day it was recorded.
    """
    return (
        logs.filter(to_state__in=OUTCOMES)
        .order_by()
        .annotate(
            day=Case(
                When(to_state=State.OPENED, study__opened_on__isnull=False, then=F("study__opened_on")),
                default=TruncDate("created_at"),
                output_field=DateField(),
            )
        )
    )


def outcomes_per_quarter(logs):
    """Return an ``Outcomes`` per quarter with a decision or an opening, oldest first."""
    rows = (
        _outcome_logs(logs)
        .annotate(year=ExtractYear("day"), quarter=ExtractQuarter("day"))
        .values("year", "quarter", "to_state")
        .annotate(n=Count("pk"))
    )
    quarters = {}
    for row in rows:
        key = (row["year"], row["quarter"])
        label = _("Q%(quarter)s %(year)s") % {"quarter": row["quarter"], "year": row["year"]}
        quarters.setdefault(key, Outcomes(label)).counts[row["to_state"]] = row["n"]
    return [quarters[key] for key in sorted(quarters)]


def outcomes_per_trade_family(logs):
    """Return an ``Outcomes`` per trade family; a study with trades in two families counts in both."""
    rows = (
        _outcome_logs(logs)
        .annotate(
            family=Coalesce("study__project__trades__parent__name", "study__project__trades__name"),
        )
        .values("family", "to_state")
        .annotate(n=Count("pk", distinct=True))
    )
    families = {}
    for row in rows:
        label = row["family"] or _("No trade")
        families.setdefault(label, Outcomes(label)).counts[row["to_state"]] = row["n"]
    return [families[label] for label in sorted(families)]


def key_figures(reached, quarters):
    """Return the federation's key figures from the funnel and the decisions."""
    reached = dict(reached)
    decisions = sum(quarter.decisions for quarter in quarters)
    approved = sum(quarter.counts.get(State.APPROVED, 0) for quarter in quarters)
    return {
        "funded": reached[State.FUNDED],
        "opened": reached[State.OPENED],
        "decisions": decisions,
        "approved": approved,
        "favourable_share": approved / decisions if decisions else None,
        "favourable_percent": round(approved * 100 / decisions) if decisions else None,
    }


def _scope_and_version(user):
    """Return what a cached figure of ``user`` is read from: his scope (the federation or his regions), and the
    data version (``workflow.caches``); None when the cache is out of reach, and the figures are computed."""
    version = data_version()
    if version is None:
        return None
    scope = "all" if user.is_national_coordinator else ",".join(map(str, sorted(coordinated_region_ids(user))))
    return f"{scope}:{version}"


def dashboard_cache_key(user):
    """Return the cache key of ``user``'s dashboard: his scope, the data version, the language, the time slot."""
    scope_and_version = _scope_and_version(user)
    if scope_and_version is None:
        return None
    slot = int(timezone.now().timestamp() // DASHBOARD_CACHE_SECONDS)
    return f"workflow.dashboard:{scope_and_version}:{translation.get_language()}:{slot}"


def coordinated_studies(user):
    """Return the studies the dashboard and the home page count for ``user``: his regions', or all of them.

    A regional coordinator may open every study of his regions: the region set of ``studies_for_user`` alone lets
    PostgreSQL walk an index on the studies instead of building the set of all the studies he may open.
    """
    return studies_for_user(user) if user.is_national_coordinator else studies_of_coordinated_regions(user)


def stalled_count_for_user(user):
    """Return how many studies of ``user``'s regions (all of them for a national coordinator) are stalled.

    The count is cached and never stale: it changes when a study changes state or moves to another region,
    events that give the data a new version (``workflow.caches``), hence a new key, and when the clock takes a
    study past its stage's time limit, a moment kept with the count. A study that left draft is never deleted:
    its log protects it.
    """
    scope_and_version = _scope_and_version(user)
    now = timezone.now()
    if scope_and_version is None:
        return count_stalled(coordinated_studies(user), now)[0]
    limits = ",".join(f"{state}={days}" for state, days in settings.TREMPLIN_STAGE_TIME_LIMITS.items())
    key = f"workflow.stalled:{scope_and_version}:{limits}"
    cached = cache.get(key)
    if cached is not None and (cached[1] is None or now < cached[1]):
        return cached[0]
    count, next_stall = count_stalled(coordinated_studies(user), now)
    cache.set(key, (count, next_stall), STALLED_CACHE_SECONDS)
    return count


def dashboard_for_user(user):
    """Return every figure of the tracking dashboard for ``user`` (a coordinator), in a constant number of queries.

    The figures come from the cache when nothing they are read from has changed (see the module's docstring).
    """
    key = dashboard_cache_key(user)
    if key is None:
        return compute_dashboard(user)
    figures = cache.get(key)
    if figures is None:
        figures = compute_dashboard(user)
        cache.set(key, figures, DASHBOARD_CACHE_SECONDS)
    return figures


def compute_dashboard(user):
    """Compute every figure of the tracking dashboard for ``user`` from the database."""
    studies = coordinated_studies(user)
    # The federation sees every study: its log needs no subquery of the studies.
    logs = TransitionLog.objects.filter(Q() if user.is_national_coordinator else Q(study__in=studies.values("pk")))
    states, by_region, state_totals = studies_by_region_and_state(studies, dashboard_regions_for_user(user))
    reached = funnel(logs)
    quarters = outcomes_per_quarter(logs)
    stalled = stalled_by_state(studies)
    medians = median_days_per_stage(logs)
    families = outcomes_per_trade_family(logs)
    return {
        "states": states,
        "by_region": by_region,
        "state_totals": state_totals,
        "studies_total": sum(state_totals),
        "funnel": reached,
        "medians": medians,
        "stalled": stalled,
        "stalled_total": sum(n for _state, n in stalled),
        "quarters": quarters,
        "trade_families": families,
        "key_figures": key_figures(reached, quarters),
        "decision_series": [state.label for state in DECISIONS],
        "outcome_series": [state.label for state in OUTCOMES],
        "charts": {
            "states": list(zip(states, state_totals, strict=True)),
            "medians": [(stage, median) for stage, median, _stays in medians],
            "quarters": [(quarter.label, quarter.decision_values) for quarter in quarters],
            "families": [(family.label, family.decision_values) for family in families],
        },
    }

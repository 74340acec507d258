"""The figures of the coordinators' tracking dashboard.

Every figure is read from the studies of the coordinator's regions (all of them for the national coordinators)
and from their transition log, in a constant number of queries whatever the number of studies: counts are
grouped by region in the database, and the medians are taken over the regions' sorted durations of stays.

At federation scale that costs a hundred milliseconds or more, so each region's figures (``RegionFigures``) are
cached under the region's version of ``workflow.caches``, which a transition, region transfer and new or deleted
study of the region replaces: the dashboard of several regions, or of the federation, puts its regions' figures
together and counts again only those of the regions that changed. The dashboard itself is cached per scope and
language, keyed on the versions of its regions (the federation's data version for the national coordinators), so
a cached dashboard never hides a change of state. Figures that move with the clock alone (stalled studies) or with
an edit that sends no such event (a project's trades) are at most ``DASHBOARD_CACHE_SECONDS`` old.
"""

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import chain

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Case, Count, DateField, F, Min, Q, When, Window
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear, Lead, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import OpportunityStudy, Region, SchoolProject
from workflow.caches import data_version, region_versions
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.rules import conflicted_project_ids, coordinated_region_ids
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
REGION_FIGURES_KEY = "workflow.dashboard.region:{}:{}"
LOG_REGION = "study__project__region_id"
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


@dataclass
class RegionFigures:
    """What the studies of one region add to the dashboard, in plain values, whatever the language.

    Counts add up over the regions (a study, its log rows, belong to one region); the medians do not, so the
    durations of the stays that are over are kept, each stage's sorted, for the medians of regions taken together.
    """

    counted_at: float = field(default_factory=time.time)
    states: dict = field(default_factory=dict)
    reached: dict = field(default_factory=dict)
    stalled: dict = field(default_factory=dict)
    # (year, quarter) -> {decision or opening: log rows}
    quarters: dict = field(default_factory=dict)
    # trade family's name (None: no trade) -> {decision or opening: log rows}
    families: dict = field(default_factory=dict)
    # timed stage -> sorted seconds of each stay over
    stays: dict = field(default_factory=dict)


def region_figures(studies, logs):
    """Return ``{region id: RegionFigures}`` of ``studies`` and of ``logs``, theirs, in four queries.

    A region without studies has empty figures.
    """
    figures = defaultdict(RegionFigures)
    states = (
        studies.order_by()
        .values("project__region_id", "state")
        .annotate(n=Count("pk"), stalled=Count("pk", filter=stalled_filter()))
    )
    for row in states:
        region = figures[row["project__region_id"]]
        region.states[row["state"]] = row["n"]
        if row["stalled"]:
            region.stalled[row["state"]] = row["stalled"]
    reached, stays = walk_the_log(logs)
    for (region_id, stage), n in reached.items():
        figures[region_id].reached[stage] = n
    for (region_id, stage), seconds in stays.items():
        figures[region_id].stays[stage] = seconds
    quarters = (
        _outcome_logs(logs)
        .annotate(year=ExtractYear("day"), quarter=ExtractQuarter("day"))
        .values(LOG_REGION, "year", "quarter", "to_state")
        .annotate(n=Count("pk"))
    )
    for row in quarters:
        figures[row[LOG_REGION]].quarters.setdefault((row["year"], row["quarter"]), {})[row["to_state"]] = row["n"]
    # A log row of a study with trades in two families counts in both.
    families = (
        _outcome_logs(logs)
        .annotate(family=Coalesce("study__project__trades__parent__name", "study__project__trades__name"))
        .values(LOG_REGION, "family", "to_state")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in families:
        figures[row[LOG_REGION]].families.setdefault(row["family"], {})[row["to_state"]] = row["n"]
    return figures


def walk_the_log(logs):
    """Return, in one pass over ``logs``, ``{(region id, stage): studies}`` that reached each stage of the funnel,
    and ``{(region id, timed stage): sorted seconds}``: the stays over, from consecutive log rows of each study.

    A stay in a stage runs from the log row entering it to the study's next log row. PostgreSQL counts, measures
    and sorts them itself; elsewhere the rows are streamed to Python.
    """
    rows = logs.annotate(
        left_at=Window(Lead("created_at"), partition_by=[F("study_id")], order_by=[F("created_at"), F("pk")])
    ).order_by()
    if connections[rows.db].vendor == "postgresql":
        return _walk_in_postgresql(rows.values_list("study_id", "to_state", "created_at", "left_at"))
    rows = rows.values_list(LOG_REGION, "study_id", "to_state", "created_at", "left_at")
    return _walk_in_python(rows.iterator(chunk_size=DURATIONS_CHUNK))


def _walk_in_python(rows):
    studies, seconds = defaultdict(set), defaultdict(list)
    for region_id, study_id, state, entered_at, left_at in rows:
        if state in FUNNEL_STAGES:
            studies[region_id, state].add(study_id)
        if state in TIMED_STAGES and left_at is not None:
            seconds[region_id, state].append((left_at - entered_at).total_seconds())
    return {key: len(ids) for key, ids in studies.items()}, {key: sorted(values) for key, values in seconds.items()}


def _walk_in_postgresql(rows):
    # The region is joined to the log rows once their stays are measured: the window then walks the log alone, in
    # the order of its index on the study.
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(
            "SELECT project.region_id, log.to_state,"
            " COUNT(DISTINCT log.study_id) FILTER (WHERE log.to_state = ANY(%s)),"
            " array_agg(log.seconds ORDER BY log.seconds)"
            " FILTER (WHERE log.seconds IS NOT NULL AND log.to_state = ANY(%s))"
            " FROM (SELECT study_id, to_state, EXTRACT(EPOCH FROM left_at - created_at)::float8 AS seconds"
            f" FROM ({sql}) AS walked) AS log"
            f" JOIN {OpportunityStudy._meta.db_table} AS study ON study.id = log.study_id"
            f" JOIN {SchoolProject._meta.db_table} AS project ON project.id = study.project_id"
            " GROUP BY project.region_id, log.to_state",
            [[str(stage) for stage in FUNNEL_STAGES], [str(stage) for stage in TIMED_STAGES], *params],
        )
        reached, stays = {}, {}
        for region_id, state, studies, seconds in cursor.fetchall():
            if studies:
                reached[region_id, state] = studies
            if seconds:
                stays[region_id, state] = seconds
        return reached, stays


def median_days(seconds):
    """Return the median of sorted ``seconds``, in days, interpolated as PostgreSQL's ``percentile_cont(0.5)``."""
    middle = (len(seconds) - 1) / 2
    low, high = seconds[math.floor(middle)], seconds[math.ceil(middle)]
    return (low + 0.5 * (high - low)) / SECONDS_PER_DAY


def medians_of(stays):
    """Return ``(stage, median days, stays)`` for each timed stage over the ``stays`` of regions taken together.

    ``stays`` are ``{stage: sorted seconds}`` of each region: sorting their concatenation merges sorted runs.
    """
    medians = []
    for stage in TIMED_STAGES:
        seconds = sorted(chain.from_iterable(region.get(stage, ()) for region in stays))
        medians.append((stage, median_days(seconds) if seconds else None, len(seconds)))
    return medians


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


def _outcomes(counts, label):
    """Return an ``Outcomes`` per key of ``counts`` (``{key: {state: n}}`` of each region), added up and labelled."""
    merged = {}
    for region in counts:
        for key, by_state in region.items():
            outcomes = merged.setdefault(key, Outcomes(label(key)))
            for state, n in by_state.items():
                outcomes.counts[state] = outcomes.counts.get(state, 0) + n
    return merged


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
    """Return what a cached figure of ``user`` is read from: his scope (the federation, or his regions less the
    projects a conflict of interest hides from him) and its version (``workflow.caches``: the federation's, or his
    regions'); None when the cache is out of reach, and the figures are computed."""
    if user.is_national_coordinator:
        version = data_version()
        return None if version is None else f"all:{version}"
    region_ids = sorted(coordinated_region_ids(user))
    versions = region_versions(region_ids)
    if versions is None:
        return None
    # The projects a conflict of interest hides from him, read with his regions at no cost: his figures are his.
    hidden = "".join(f"-{project_id}" for project_id in sorted(conflicted_project_ids(user)))
    return f"{','.join(map(str, region_ids))}{hidden}:{'-'.join(str(versions[region_id]) for region_id in region_ids)}"


def dashboard_cache_key(user):
    """Return the cache key of ``user``'s dashboard: his scope, its version, the language."""
    scope_and_version = _scope_and_version(user)
    if scope_and_version is None:
        return None
    return f"workflow.dashboard:{scope_and_version}:{translation.get_language()}"


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

    The figures come from the cache when nothing they are read from has changed; else they are put together from
    each region's figures, cached under the region's version, so that a change in one region has only that one's
    counted again (see the module's docstring). A coordinator from whom a conflict of interest hides studies has
    his figures counted for him alone, and not cached.
    """
    key = dashboard_cache_key(user)
    if key is None:
        return compute_dashboard(user)
    figures = cache.get(key)
    if figures is None:
        if conflicted_project_ids(user):
            return compute_dashboard(user)
        regions = list(dashboard_regions_for_user(user))
        parts = _cached_region_figures(regions, every_region=user.is_national_coordinator)
        if parts is None:
            return compute_dashboard(user)
        figures = combine(regions, parts)
        # No older than its oldest region's figures allow (the clock, the trades: see the module's docstring).
        oldest = min((part.counted_at for part in parts), default=time.time())
        cache.set(key, figures, max(1, round(oldest + DASHBOARD_CACHE_SECONDS - time.time())))
    return figures


def _cached_region_figures(regions, *, every_region):
    """Return the figures of each of ``regions``, counting again those whose version changed since they were cached;
    None when the cache is out of reach. ``every_region`` says that ``regions`` are all of them."""
    versions = region_versions([region.pk for region in regions])
    if versions is None:
        return None
    keys = {region.pk: REGION_FIGURES_KEY.format(region.pk, versions[region.pk]) for region in regions}
    cached = cache.get_many(keys.values())
    missing = [region_id for region_id, key in keys.items() if key not in cached]
    if missing:
        studies, logs = OpportunityStudy.objects.all(), TransitionLog.objects.all()
        # Counting every region, the queries read the tables without joining them to the regions to filter them.
        if not (every_region and len(missing) == len(regions)):
            studies = studies.filter(project__region_id__in=missing)
            logs = logs.filter(study__project__region_id__in=missing)
        fresh = region_figures(studies, logs)
        counted = {keys[region_id]: fresh[region_id] for region_id in missing}
        cache.set_many(counted, DASHBOARD_CACHE_SECONDS)
        cached |= counted
    return [cached[keys[region.pk]] for region in regions]


def _logs_of(user, studies):
    # The federation sees every study: its log needs no subquery of the studies.
    if user.is_national_coordinator and not conflicted_project_ids(user):
        return TransitionLog.objects.all()
    return TransitionLog.objects.filter(study__in=studies.values("pk"))


def compute_dashboard(user):
    """Compute every figure of the tracking dashboard for ``user`` from the database."""
    regions = list(dashboard_regions_for_user(user))
    studies = coordinated_studies(user)
    figures = region_figures(studies, _logs_of(user, studies))
    return combine(regions, [figures[region.pk] for region in regions])


def combine(regions, parts):
    """Return every figure of the dashboard from the ``parts`` (``RegionFigures``) of ``regions``, in order."""
    states = list(State)
    by_region = [
        (region, [part.states.get(state, 0) for state in states], sum(part.states.values()))
        for region, part in zip(regions, parts, strict=True)
    ]
    state_totals = [sum(row[1][i] for row in by_region) for i in range(len(states))]
    reached = [(stage, sum(part.reached.get(stage, 0) for part in parts)) for stage in FUNNEL_STAGES]
    stalled_counts = Counter()
    for part in parts:
        stalled_counts.update(part.stalled)
    stalled = [(state, stalled_counts[state]) for state in State if stalled_counts[state]]
    medians = medians_of([part.stays for part in parts])
    quarters = _outcomes(
        [part.quarters for part in parts],
        lambda key: _("Q%(quarter)s %(year)s") % {"quarter": key[1], "year": key[0]},
    )
    quarters = [quarters[key] for key in sorted(quarters)]
    families = _outcomes(
        [{family or _("No trade"): counts for family, counts in part.families.items()} for part in parts],
        lambda label: label,
    )
    families = [families[label] for label in sorted(families)]
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

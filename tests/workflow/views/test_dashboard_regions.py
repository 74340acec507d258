"""The dashboard put together from each region's figures, each cached under its region's version."""

import datetime
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.enums import Role
from juries.models import ConflictOfInterest
from projects.models import Trade
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region
from tests.workflow.conftest import put_in_state, put_on_agenda
from workflow.caches import region_versions
from workflow.dashboard import REGION_FIGURES_KEY, TIMED_STAGES, compute_dashboard
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.services import apply_transition, transfer_region

pytestmark = pytest.mark.django_db
START = datetime.datetime(2027, 1, 4, 12, 0, tzinfo=datetime.UTC)


def study_in(area, *trades):
    project = SchoolProjectFactory(region=area)
    project.trades.set(Trade.objects.filter(slug__in=trades or ("usinage",)))
    return OpportunityStudyFactory(project=project)


def walk(study, actor, *steps):
    """Write the study's log: ``steps`` are ``(seconds from START, to_state)``."""
    for seconds, to_state in steps:
        TransitionLog.objects.create(
            study=study,
            transition="test",
            from_state=State.DRAFT,
            to_state=to_state,
            actor=actor,
            actor_role=Role.NATIONAL_COORDINATOR,
            created_at=START + timedelta(seconds=seconds),
        )


def cached_figures(area):
    """The figures of ``area`` cached under its current version, or None."""
    return cache.get(REGION_FIGURES_KEY.format(area.pk, region_versions([area.pk])[area.pk]))


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("workflow:dashboard")).context


def test_a_transition_counts_again_only_its_own_region(client, people, home_region, other_region):
    moved = put_in_state(study_in(home_region), State.SUBMITTED)
    put_in_state(study_in(other_region), State.SUBMITTED)
    dashboard(client, people["national_coordinator"])
    other_before = cached_figures(other_region)

    apply_transition(moved, "accept", actor=people["regional_coordinator"])

    assert (cached_figures(home_region), cached_figures(other_region)) == (None, other_before)
    figures = dashboard(client, people["national_coordinator"])
    assert cached_figures(other_region).counted_at == other_before.counted_at
    assert cached_figures(home_region).states == {State.TRAINING: 1}
    states = list(State)
    assert figures["state_totals"][states.index(State.TRAINING)] == 1


def test_a_regional_dashboard_stays_cached_through_a_transition_elsewhere(
    client, django_assert_num_queries, people, home_region, other_region
):
    elsewhere = put_in_state(study_in(other_region), State.SUBMITTED)
    dashboard(client, people["regional_coordinator"])

    apply_transition(elsewhere, "accept", actor=people["other_regional_coordinator"])

    # The session, its user and his scopes: the figures come from the cache.
    with django_assert_num_queries(4):
        client.get(reverse("workflow:dashboard"))


def test_a_transfer_counts_again_both_regions(client, people, home_region, other_region):
    moved = put_in_state(study_in(home_region), State.SUBMITTED)
    third = region("53")
    put_in_state(study_in(third), State.SUBMITTED)
    dashboard(client, people["national_coordinator"])
    third_before = cached_figures(third)

    transfer_region(moved.project, actor=people["national_coordinator"], region=other_region, reason="Déménagement.")

    assert (cached_figures(home_region), cached_figures(other_region)) == (None, None)
    assert cached_figures(third) == third_before
    figures = dashboard(client, people["national_coordinator"])
    rows = {area.code: total for area, _counts, total in figures["by_region"]}
    assert (rows["84"], rows["11"], rows["53"]) == (0, 1, 1)


def test_a_coordinator_with_a_conflict_has_his_figures_without_the_project_and_shares_none(client, people, home_region):
    hidden = put_in_state(study_in(home_region), State.SUBMITTED)
    put_in_state(study_in(home_region), State.SUBMITTED)
    coordinator = people["regional_coordinator"]
    entry = put_on_agenda(hidden, president=people["national_coordinator"])
    ConflictOfInterest.objects.create(entry=entry, member=coordinator, declared_by=coordinator, reason="Parent.")

    his = dashboard(client, coordinator)["studies_total"]
    colleague = dashboard(client, UserFactory(coordinates=[home_region]))["studies_total"]
    his_again = dashboard(client, coordinator)["studies_total"]

    assert (his, colleague, his_again, cached_figures(home_region).states) == (1, 2, 1, {State.SUBMITTED: 2})


def seeded_world(actor):
    """Studies in three regions with histories to the microsecond, trades in one or two families."""
    areas = [region("84"), region("11"), region("53")]
    for n in range(30):
        study = study_in(areas[n % 3], *(("usinage", "menuiserie") if n % 4 == 0 else ("usinage",)))
        put_in_state(study, [State.SUBMITTED, State.TRAINING, State.JURY, State.FUNDED][n % 4])
        steps = [State.SUBMITTED, State.TRAINING, State.FINANCING_REVIEW, State.JURY, State.APPROVED]
        steps = steps[: 2 + n % 4] + ([State.REJECTED] if n % 5 == 0 else [State.FUNDED, State.OPENED][: n % 3])
        walk(
            study,
            actor,
            *((86_400 * day * (n + 1) + 7_919 * n + 0.123457 * day, state) for day, state in enumerate(steps)),
        )
    return areas


def test_national_figures_are_the_regions_put_together(client, people):
    areas = seeded_world(people["national_coordinator"])
    coordinator = UserFactory(coordinates=areas[:2])

    national = dashboard(client, people["national_coordinator"])
    several = dashboard(client, coordinator)

    from_the_database = compute_dashboard(people["national_coordinator"])
    for figure in ("by_region", "state_totals", "funnel", "medians", "stalled", "key_figures"):
        assert national[figure] == from_the_database[figure]
    assert [(q.label, q.counts) for q in national["quarters"]] == [
        (q.label, q.counts) for q in from_the_database["quarters"]
    ]
    assert [(f.label, f.counts) for f in national["trade_families"]] == [
        (f.label, f.counts) for f in from_the_database["trade_families"]
    ]
    assert [area.code for area, _counts, _total in several["by_region"]] == ["84", "11"]
    assert several["medians"] == compute_dashboard(coordinator)["medians"]


@pytest.mark.postgres
def test_medians_of_regions_put_together_equal_postgresql_s_over_them_all(client, people):
    seeded_world(people["national_coordinator"])

    medians = dashboard(client, people["national_coordinator"])["medians"]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_state, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM left_at - created_at)),"
            " COUNT(*) FROM (SELECT to_state, created_at, LEAD(created_at) OVER (PARTITION BY study_id"
            " ORDER BY created_at, id) AS left_at FROM workflow_transitionlog) AS stays"
            " WHERE left_at IS NOT NULL GROUP BY to_state"
        )
        over_them_all = {state: (seconds / 86400, n) for state, seconds, n in cursor.fetchall()}
    assert medians == [(stage, *over_them_all.get(stage, (None, 0))) for stage in TIMED_STAGES]
    assert sum(n for _stage, _median, n in medians) > 40

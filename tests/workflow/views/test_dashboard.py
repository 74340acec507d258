import datetime
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db.models import F, Window
from django.db.models.functions import Lead
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from projects.models import OpportunityStudy, SchoolProject, Trade
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory
from tests.services import REDIS_URL
from tests.workflow.conftest import put_in_state
from workflow.dashboard import _walk_in_python, dashboard_cache_key, medians_of, walk_the_log
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.services import apply_transition

START = datetime.datetime(2027, 1, 4, 12, 0, tzinfo=datetime.UTC)


def signed_in(client, user):
    client.force_login(user)
    return client


def walk(study, actor, *steps):
    """Write the study's log directly: ``steps`` are ``(day, to_state)`` pairs, days counted from START."""
    previous = State.DRAFT
    for day, to_state in steps:
        TransitionLog.objects.create(
            study=study,
            transition="test",
            from_state=previous,
            to_state=to_state,
            actor=actor,
            actor_role=Role.NATIONAL_COORDINATOR,
            created_at=START + timedelta(days=day),
        )
        previous = to_state


def study_in(region, *, trades=("usinage",), name=None):
    project = SchoolProjectFactory(region=region, **({"name": name} if name else {}))
    project.trades.set(Trade.objects.filter(slug__in=trades))
    return OpportunityStudyFactory(project=project)


@pytest.fixture
def pipeline(people, home_region):
    """Three studies of the home region with known histories."""
    actor = people["national_coordinator"]
    opened = study_in(home_region)
    walk(
        opened,
        actor,
        (0, State.SUBMITTED),
        (10, State.TRAINING),
        (40, State.FINANCING_REVIEW),
        (50, State.JURY),
        (60, State.APPROVED),
        (80, State.FUNDED),
        (100, State.OPENED),
    )
    withdrawn = study_in(home_region)
    walk(withdrawn, actor, (0, State.SUBMITTED), (20, State.TRAINING), (26, State.WITHDRAWN))
    resubmitted = study_in(home_region)
    walk(resubmitted, actor, (0, State.SUBMITTED), (4, State.CHANGES_REQUESTED), (10, State.SUBMITTED))
    return {"opened": opened, "withdrawn": withdrawn, "resubmitted": resubmitted}


@pytest.mark.django_db
def test_dashboard_funnel_counts_studies_that_reached_each_stage(client, people, pipeline):
    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard"))

    assert response.context["funnel"] == [
        (State.SUBMITTED, 3),
        (State.TRAINING, 2),
        (State.FINANCING_REVIEW, 1),
        (State.JURY, 1),
        (State.APPROVED, 1),
        (State.FUNDED, 1),
        (State.OPENED, 1),
    ]


@pytest.mark.django_db
def test_dashboard_medians_come_from_consecutive_log_rows(client, people, pipeline):
    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard"))

    medians = {stage: (median, stays) for stage, median, stays in response.context["medians"]}
    assert medians[State.SUBMITTED] == (10, 3)
    assert medians[State.TRAINING] == (18, 2)
    assert medians[State.CHANGES_REQUESTED] == (6, 1)
    assert medians[State.FUNDED] == (20, 1)
    assert medians[State.DEFERRED] == (None, 0)


@pytest.mark.django_db
def test_dashboard_counts_studies_by_region_and_state(client, people, home_region, other_region):
    put_in_state(study_in(home_region), State.SUBMITTED)
    put_in_state(study_in(home_region), State.SUBMITTED)
    study_in(home_region)
    put_in_state(study_in(other_region), State.TRAINING)

    response = signed_in(client, people["national_coordinator"]).get(reverse("workflow:dashboard"))

    rows = {
        region.code: (dict(zip(response.context["states"], counts, strict=True)), total)
        for region, counts, total in response.context["by_region"]
    }
    assert (rows["84"][0][State.SUBMITTED], rows["84"][0][State.DRAFT], rows["84"][1]) == (2, 1, 3)
    assert (rows["11"][0][State.TRAINING], rows["11"][1]) == (1, 1)
    assert response.context["studies_total"] == 4


@pytest.mark.django_db
def test_dashboard_decisions_and_openings_per_quarter(client, people, home_region):
    actor = people["national_coordinator"]
    opened = study_in(home_region)
    walk(opened, actor, (37, State.APPROVED), (80, State.FUNDED), (271, State.OPENED))
    OpportunityStudy.objects.filter(pk=opened.pk).update(opened_on=datetime.date(2027, 9, 6))
    walk(study_in(home_region), actor, (47, State.DEFERRED))
    walk(study_in(home_region, trades=("menuiserie",)), actor, (117, State.REJECTED))

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard"))

    assert [(q.label, q.values) for q in response.context["quarters"]] == [
        ("Q1 2027", [1, 1, 0, 0]),
        ("Q2 2027", [0, 0, 1, 0]),
        ("Q3 2027", [0, 0, 0, 1]),
    ]
    assert [(f.label, f.values) for f in response.context["trade_families"]] == [
        ("Bois", [0, 0, 1, 0]),
        ("Industrie", [1, 1, 0, 1]),
    ]


@pytest.mark.django_db
def test_dashboard_key_figures(client, people, home_region):
    actor = people["national_coordinator"]
    walk(study_in(home_region), actor, (1, State.JURY), (2, State.APPROVED), (3, State.FUNDED), (4, State.OPENED))
    walk(study_in(home_region), actor, (1, State.JURY), (2, State.APPROVED), (3, State.FUNDED))
    walk(study_in(home_region), actor, (1, State.JURY), (2, State.APPROVED))
    walk(study_in(home_region), actor, (1, State.JURY), (2, State.REJECTED))

    response = signed_in(client, people["national_coordinator"]).get(reverse("workflow:dashboard"))

    figures = response.context["key_figures"]
    assert (figures["funded"], figures["opened"], figures["favourable_share"], figures["favourable_percent"]) == (
        2,
        1,
        0.75,
        75,
    )


@pytest.mark.django_db
def test_dashboard_counts_stalled_studies_and_links_to_the_list(client, people, home_region, settings):
    settings.TREMPLIN_STAGE_TIME_LIMITS = {"submitted": 15}
    stalled = put_in_state(study_in(home_region), State.SUBMITTED)
    fresh = put_in_state(study_in(home_region), State.SUBMITTED)
    OpportunityStudy.objects.filter(pk=stalled.pk).update(state_changed_at=timezone.now() - timedelta(days=20))
    OpportunityStudy.objects.filter(pk=fresh.pk).update(state_changed_at=timezone.now() - timedelta(days=2))

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard"))

    assert (response.context["stalled"], response.context["stalled_total"]) == ([(State.SUBMITTED, 1)], 1)
    assert response.content.decode().count('href="/studies/?stalled=on&amp;state=submitted"') == 1


@pytest.mark.django_db
def test_dashboard_of_a_regional_coordinator_has_only_his_region(client, people, pipeline, other_region):
    walk(study_in(other_region), people["national_coordinator"], (0, State.SUBMITTED), (3, State.TRAINING))

    regional = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard")).context
    national = signed_in(client, people["national_coordinator"]).get(reverse("workflow:dashboard")).context

    assert ([r.code for r, _counts, _total in regional["by_region"]], regional["studies_total"]) == (["84"], 3)
    assert (regional["funnel"][0], regional["funnel"][1]) == ((State.SUBMITTED, 3), (State.TRAINING, 2))
    assert (national["funnel"][0], national["funnel"][1]) == ((State.SUBMITTED, 4), (State.TRAINING, 3))
    assert dict((s, m) for s, m, _n in regional["medians"])[State.SUBMITTED] == 10


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["holder", "bank_expert", "jury_president", "jury_member"])
def test_dashboard_is_404_for_non_coordinators(client, people, who):
    response = signed_in(client, people[who]).get(reverse("workflow:dashboard"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_dashboard_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("workflow:dashboard"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/dashboard/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "menu"),
    [
        # Nobody of them carries a project: « My projects » would lead them nowhere.
        ("regional_coordinator", ["Home", "Studies", "Dashboard", "People", "Schools", "Inbox"]),
        (
            "national_coordinator",
            ["Home", "Studies", "Jury", "Dashboard", "People", "Training", "Schools", "Inbox"],
        ),
        ("bank_expert", ["Home", "Studies", "Schools", "Inbox"]),
    ],
)
def test_menu_of_each_role(client, people, who, menu):
    response = signed_in(client, people[who]).get(reverse("home"))

    assert [str(item["label"]) for item in response.context["main_menu"]] == menu


@pytest.mark.django_db
def test_dashboard_charts_are_inline_svg_without_script_nor_style(client, people, pipeline):
    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:dashboard"))

    html = response.content.decode().split("<main", 1)[1]
    assert (html.count("<svg xmlns"), html.count("<script"), html.count("style=")) == (5, 0, 0)
    assert html.count('role="img" aria-labelledby="chart-funnel-title chart-funnel-desc"') == 1


def many_studies(region, count, actor):
    """Insert ``count`` studies with projects, trades and log rows in a few bulk queries."""
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region) for n in range(count)
    )
    usinage = Trade.objects.get(slug="usinage")
    SchoolProject.trades.through.objects.bulk_create(
        SchoolProject.trades.through(schoolproject_id=project.pk, trade_id=usinage.pk) for project in projects
    )
    states = [State.SUBMITTED, State.TRAINING, State.APPROVED, State.OPENED, State.REJECTED]
    studies = OpportunityStudy.objects.bulk_create(
        OpportunityStudy(project=project, state=states[n % len(states)], state_changed_at=START)
        for n, project in enumerate(projects)
    )
    TransitionLog.objects.bulk_create(
        TransitionLog(
            study=study,
            transition="test",
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            actor_role=Role.NATIONAL_COORDINATOR,
            created_at=START + timedelta(days=day),
        )
        for study in studies
        for day, (from_state, to_state) in enumerate(
            [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.TRAINING), (State.TRAINING, study.state)]
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
# The figures' cache is keyed on versions held in the cache itself (``workflow.caches``): no query for them. The
# figures of the regions take four queries: the studies by state, one walk of the log, decisions per quarter, per
# trade family.
@pytest.mark.parametrize(("who", "queries"), [("regional_coordinator", 9), ("national_coordinator", 9)])
def test_dashboard_query_count(client, django_assert_num_queries, people, home_region, item_count, who, queries):
    many_studies(home_region, item_count, UserFactory())
    signed_in(client, people[who])

    with django_assert_num_queries(queries):
        response = client.get(reverse("workflow:dashboard"))

    assert response.context["studies_total"] == item_count


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "queries"), [("regional_coordinator", 4), ("national_coordinator", 3)])
def test_dashboard_served_from_the_cache_when_nothing_changed(
    client, django_assert_num_queries, people, home_region, who, queries
):
    many_studies(home_region, 10, UserFactory())
    signed_in(client, people[who])
    client.get(reverse("workflow:dashboard"))

    with django_assert_num_queries(queries):
        response = client.get(reverse("workflow:dashboard"))

    assert response.context["studies_total"] == 10


@pytest.mark.django_db
def test_dashboard_cache_follows_a_transition(client, people, home_region):
    study = put_in_state(study_in(home_region), State.SUBMITTED)
    signed_in(client, people["regional_coordinator"])
    before = client.get(reverse("workflow:dashboard")).context["state_totals"]

    apply_transition(study, "accept", actor=people["regional_coordinator"])
    after = client.get(reverse("workflow:dashboard")).context["state_totals"]

    states = list(State)
    assert (before[states.index(State.SUBMITTED)], before[states.index(State.TRAINING)]) == (1, 0)
    assert (after[states.index(State.SUBMITTED)], after[states.index(State.TRAINING)]) == (0, 1)


@pytest.mark.django_db
def test_dashboard_cache_follows_a_new_study(client, people, home_region):
    signed_in(client, people["national_coordinator"])
    before = client.get(reverse("workflow:dashboard")).context["studies_total"]

    study_in(home_region)
    after = client.get(reverse("workflow:dashboard")).context["studies_total"]

    assert (before, after) == (0, 1)


@pytest.mark.django_db
def test_dashboard_answers_when_its_cache_is_out_of_reach(client, people, home_region, settings):
    many_studies(home_region, 3, UserFactory())
    settings.CACHES = {"default": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    signed_in(client, people["national_coordinator"])

    response = client.get(reverse("workflow:dashboard"))

    assert (response.status_code, response.context["studies_total"]) == (200, 3)


@pytest.mark.redis
@pytest.mark.django_db
def test_dashboard_cache_on_redis_is_shared_by_the_web_processes(client, people, home_region, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "t"}
    }
    caches["default"].clear()
    many_studies(home_region, 3, UserFactory())
    signed_in(client, people["national_coordinator"])
    client.get(reverse("workflow:dashboard"))
    another_process = caches.create_connection("default")

    figures = another_process.get(dashboard_cache_key(people["national_coordinator"]))

    assert figures["studies_total"] == 3


@pytest.mark.postgres
@pytest.mark.django_db
def test_medians_taken_by_postgresql_equal_those_taken_in_python(people, home_region):
    actor = people["national_coordinator"]
    for index in range(5):
        walk(study_in(home_region, name=f"École {index}"), actor, (0, State.SUBMITTED), (index + 1, State.TRAINING))
    walk(study_in(home_region, name="École 5"), actor, (0, State.SUBMITTED), (3, State.CHANGES_REQUESTED))
    stays = (
        TransitionLog.objects.annotate(
            left_at=Window(Lead("created_at"), partition_by=[F("study_id")], order_by=[F("created_at"), F("pk")])
        )
        .filter(left_at__isnull=False)
        .order_by()
        .values_list("to_state", "created_at", "left_at")
    )

    in_database = medians_of(by_region(walk_the_log(TransitionLog.objects.all())[1]))

    assert in_database == medians_of(by_region(_walk_in_python((None, None, *row) for row in stays)[1]))
    assert in_database[0] == (State.SUBMITTED, 3.0, 6)


def by_region(stays):
    """``{(region, stage): sorted seconds}`` as ``medians_of`` takes them: one ``{stage: seconds}`` a region."""
    regions = {}
    for (region_id, stage), seconds in stays.items():
        regions.setdefault(region_id, {})[stage] = seconds
    return list(regions.values())

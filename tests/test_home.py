"""The home page (``config.views.home``): the coordinators' work lists, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.enums import SessionState
from juries.models import JuryMembership, JurySession
from projects.models import OpportunityStudy, SchoolProject
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region
from workflow.enums import State
from workflow.services import apply_transition, transfer_region


def studies_in(region_code, count, state):
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region(region_code)) for n in range(count)
    )
    return OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project, state=state) for project in projects)


def study_in(region_code, state, *, in_stage=timedelta(0), name="École de production"):
    """A study placed in ``state`` directly, ``in_stage`` ago (real code moves it through the service)."""
    study = OpportunityStudyFactory(project=SchoolProjectFactory(region=region(region_code), name=name))
    OpportunityStudy.objects.filter(pk=study.pk).update(state=state, state_changed_at=timezone.now() - in_stage)
    return OpportunityStudy.objects.get(pk=study.pk)


def stalled_count(client):
    return client.get(reverse("home")).context["stalled_count"]


def todo(client):
    return [(item.label, item.url, item.overdue) for item in client.get(reverse("home")).context["todo"]]


def study_url(study):
    return reverse("workflow:study-detail", args=[study.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
# One query each for the studies, the jury and the requests to join of the to-do list; at most 12 (issue 14).
@pytest.mark.parametrize(("national", "queries"), [(False, 9), (True, 12)])
def test_home_of_a_coordinator_query_count(client, django_assert_num_queries, item_count, national, queries):
    studies_in("84", item_count, State.SUBMITTED)
    studies_in("84", item_count, State.TRAINING)
    studies_in("84", item_count, State.FUNDED)
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=16))
    user = UserFactory(is_national_coordinator=True) if national else UserFactory(coordinates=[region("84")])
    client.force_login(user)

    with django_assert_num_queries(queries):
        response = client.get(reverse("home"))
    # The count of stalled studies comes from the cache once counted.
    with django_assert_num_queries(queries - 1):
        client.get(reverse("home"))

    assert len(response.context["todo"]) == 30


@pytest.mark.django_db
def test_home_todo_of_a_coordinator_lists_the_work_of_his_regions_only(client):
    coordinator = UserFactory(coordinates=[region("84")])
    mine = study_in("84", State.SUBMITTED, name="École du bois")
    study_in("11", State.SUBMITTED, name="École d'ailleurs")
    # He also holds a submitted study elsewhere: he may open it, but screening it is not his work.
    elsewhere = OpportunityStudyFactory(project=SchoolProjectFactory(region=region("11"), team=[coordinator]))
    OpportunityStudy.objects.filter(pk=elsewhere.pk).update(state=State.SUBMITTED)
    client.force_login(coordinator)

    assert todo(client) == [("Screen the study of “École du bois”", study_url(mine), False)]


@pytest.mark.django_db
def test_home_todo_puts_overdue_work_first_then_the_soonest_due(client):
    soon = study_in("84", State.SUBMITTED, in_stage=timedelta(days=10), name="École du bois")
    late = study_in("84", State.FUNDED, in_stage=timedelta(days=400), name="École du fer")
    later = study_in("84", State.TRAINING, in_stage=timedelta(days=1), name="École du verre")
    client.force_login(UserFactory(coordinates=[region("84")]))

    assert todo(client) == [
        ("Record the opening of “École du fer”", study_url(late), True),
        ("Screen the study of “École du bois”", study_url(soon), False),
        ("Mark the training of “École du verre” completed", study_url(later), False),
    ]


@pytest.mark.django_db
def test_home_todo_of_a_bank_expert_lists_reviews_sends_to_jury_and_fundings(client):
    bank_expert = UserFactory(is_bank_expert=True)
    to_review = study_in("84", State.FINANCING_REVIEW, name="École du bois")
    to_fund = study_in("11", State.APPROVED, name="École du fer")
    study_in("84", State.SUBMITTED)
    client.force_login(bank_expert)

    assert todo(client) == [
        ("Record the financing review of “École du bois”", study_url(to_review), False),
        ("Record the funding of “École du fer”", study_url(to_fund), False),
    ]


@pytest.mark.django_db
def test_home_lists_the_next_jury_sessions_soonest_first_with_their_state(client):
    today = timezone.localdate()
    later = JurySession.objects.create(title="Jury d'automne", date=today + timedelta(days=60))
    sooner = JurySession.objects.create(title="Jury de printemps", date=today + timedelta(days=5))
    closed = JurySession.objects.create(title="Jury clos", date=today + timedelta(days=1))
    JurySession.objects.filter(pk=closed.pk).update(state=SessionState.CLOSED)
    client.force_login(UserFactory(is_national_coordinator=True, language="en"))

    sessions = client.get(reverse("home"), headers={"accept-language": "en"}).context["jury_sessions"]

    assert [(session["url"], session["title"], session["date"], session["state"]) for session in sessions] == [
        (reverse("juries:session-detail", args=[sooner.pk]), "Jury de printemps", sooner.date, "Planned"),
        (reverse("juries:session-detail", args=[later.pk]), "Jury d'automne", later.date, "Planned"),
    ]


@pytest.mark.django_db
def test_home_lists_the_sessions_a_regional_coordinator_sits_on_only(client):
    coordinator = UserFactory(coordinates=[region("84")])
    his = JurySession.objects.create(title="Jury de printemps", date=timezone.localdate())
    JurySession.objects.create(title="Jury d'automne", date=timezone.localdate())
    JuryMembership.objects.create(session=his, user=coordinator)
    client.force_login(coordinator)

    sessions = client.get(reverse("home")).context["jury_sessions"]

    assert [session["url"] for session in sessions] == [reverse("juries:session-detail", args=[his.pk])]


@pytest.mark.django_db
@pytest.mark.parametrize("national", [False, True])
@pytest.mark.parametrize("holds_a_project", [False, True])
def test_home_shows_a_coordinators_projects_when_he_holds_one(client, national, holds_a_project):
    user = UserFactory(is_national_coordinator=True) if national else UserFactory(coordinates=[region("84")])
    if holds_a_project:
        SchoolProjectFactory(team=[user])
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.context["show_projects"] == holds_a_project


@pytest.mark.django_db
@pytest.mark.parametrize("national", [False, True])
def test_home_counts_the_stalled_studies_of_the_coordinators_regions(client, national):
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=16))
    study_in("84", State.TRAINING, in_stage=timedelta(days=91))
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=14))
    study_in("84", State.DRAFT, in_stage=timedelta(days=400))
    study_in("11", State.SUBMITTED, in_stage=timedelta(days=16))
    user = UserFactory(is_national_coordinator=True) if national else UserFactory(coordinates=[region("84")])
    client.force_login(user)

    assert stalled_count(client) == (3 if national else 2)


@pytest.mark.django_db
def test_home_stalled_count_follows_a_transition(client):
    coordinator = UserFactory(coordinates=[region("84")])
    study = study_in("84", State.SUBMITTED, in_stage=timedelta(days=16))
    client.force_login(coordinator)
    before = stalled_count(client)

    apply_transition(study, "accept", actor=coordinator)

    assert (before, stalled_count(client)) == (1, 0)


@pytest.mark.django_db
def test_home_stalled_count_follows_a_region_transfer(client):
    coordinator = UserFactory(coordinates=[region("84")])
    study = study_in("84", State.SUBMITTED, in_stage=timedelta(days=16))
    client.force_login(coordinator)
    before = stalled_count(client)

    transfer_region(
        study.project, actor=UserFactory(is_national_coordinator=True), region=region("11"), reason="Déménagement"
    )

    assert (before, stalled_count(client)) == (1, 0)


@pytest.mark.django_db
def test_home_stalled_count_follows_the_clock(client, monkeypatch):
    # Both cross their stage's time limit within the minute: the cached count must not outlive that moment.
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=15, seconds=-60))
    study_in("84", State.TRAINING, in_stage=timedelta(days=90, seconds=-50))
    client.force_login(UserFactory(coordinates=[region("84")]))
    before = stalled_count(client)

    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=1))

    assert (before, stalled_count(client)) == (0, 2)


@pytest.mark.django_db
def test_home_stalled_count_follows_the_stage_time_limits(client, settings):
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=20))
    client.force_login(UserFactory(coordinates=[region("84")]))
    before = stalled_count(client)

    settings.TREMPLIN_STAGE_TIME_LIMITS = {**settings.TREMPLIN_STAGE_TIME_LIMITS, "submitted": 30}

    assert (before, stalled_count(client)) == (1, 0)


@pytest.mark.django_db
def test_home_answers_when_the_cache_is_out_of_reach(client, settings):
    study_in("84", State.SUBMITTED, in_stage=timedelta(days=16))
    settings.CACHES = {"default": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    client.force_login(UserFactory(is_national_coordinator=True))

    response = client.get(reverse("home"))

    assert (response.status_code, response.context["stalled_count"]) == (200, 1)

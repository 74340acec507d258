"""The lists' filters narrow what they return, and a cursor walks a list whole, each row once, while rows arrive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import OpportunityStudy
from tests.api.conftest import bearer
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, region
from workflow.enums import State

pytestmark = pytest.mark.django_db


def ids(client, path, **query):
    response = client.get(path, query)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def study_in(home, state=State.SUBMITTED):
    study = OpportunityStudyFactory(project=SchoolProjectFactory(region=home))
    OpportunityStudy.objects.filter(pk=study.pk).update(state=state)
    return study


def test_state_and_region_filters_narrow_the_studies(coordinator):
    home, elsewhere = region("84"), region("11")
    submitted_home, training_home = study_in(home), study_in(home, State.TRAINING)
    submitted_elsewhere = study_in(elsewhere)
    api = bearer(coordinator)

    assert ids(api, "/api/v1/studies/", state=State.SUBMITTED) == sorted([submitted_home.pk, submitted_elsewhere.pk])
    assert ids(api, "/api/v1/studies/", region="84") == sorted([submitted_home.pk, training_home.pk])
    assert ids(api, "/api/v1/studies/", state=State.SUBMITTED, region="84") == [submitted_home.pk]
    assert ids(api, "/api/v1/studies/", state=State.OPENED) == []


def test_a_study_changed_since_a_moment_is_listed_alone(coordinator):
    changed, untouched = study_in(region("84")), study_in(region("84"))
    OpportunityStudy.objects.filter(pk__in=[changed.pk, untouched.pk]).update(
        updated_at=timezone.now() - timedelta(hours=2)
    )
    since = timezone.now() - timedelta(hours=1)
    OpportunityStudy.objects.filter(pk=changed.pk).update(updated_at=timezone.now())

    assert ids(bearer(coordinator), "/api/v1/studies/", updated_since=since.isoformat()) == [changed.pk]


def test_an_unknown_state_is_refused_with_its_field_named(coordinator):
    response = bearer(coordinator).get("/api/v1/studies/", {"state": "lost"})

    assert response.status_code == 400
    assert "state" in response.content.decode()


def test_the_cursor_walks_every_row_once_newest_first_while_rows_arrive(coordinator):
    home = region("84")
    first = [study_in(home).pk for _ in range(5)]
    api = bearer(coordinator)

    walked, url = [], "/api/v1/studies/?page_size=2"
    while url:
        body = api.get(url).json()
        walked += [row["id"] for row in body["results"]]
        if len(walked) == 2:
            study_in(home)  # a new study lands before the rows already walked: the cursor does not repeat any
        url = body["next"]

    assert walked == sorted(first, reverse=True)

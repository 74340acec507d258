"""The home page (``config.views.home``): the coordinators' work lists, in a constant number of queries."""

import pytest
from django.urls import reverse

from projects.models import OpportunityStudy, SchoolProject
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region
from workflow.enums import State


def studies_in(region_code, count, state):
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region(region_code)) for n in range(count)
    )
    return OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project, state=state) for project in projects)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
@pytest.mark.parametrize(("national", "queries"), [(False, 9), (True, 8)])
def test_home_of_a_coordinator_query_count(client, django_assert_num_queries, item_count, national, queries):
    studies_in("84", item_count, State.SUBMITTED)
    studies_in("84", item_count, State.TRAINING)
    user = UserFactory(is_national_coordinator=True) if national else UserFactory(coordinates=[region("84")])
    client.force_login(user)

    with django_assert_num_queries(queries):
        response = client.get(reverse("home"))

    assert (len(response.context["to_screen"]), len(response.context["in_training"])) == (10, 10)


@pytest.mark.django_db
def test_home_lists_the_work_of_the_coordinators_regions_only(client):
    coordinator = UserFactory(coordinates=[region("84")])
    mine = OpportunityStudyFactory(project=SchoolProjectFactory(region=region("84")))
    OpportunityStudy.objects.filter(pk=mine.pk).update(state=State.SUBMITTED)
    # He also holds a submitted study elsewhere: he may open it, but screening it is not his work.
    elsewhere = OpportunityStudyFactory(project=SchoolProjectFactory(region=region("11"), team=[coordinator]))
    OpportunityStudy.objects.filter(pk=elsewhere.pk).update(state=State.SUBMITTED)
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert [study.pk for study in response.context["to_screen"]] == [mine.pk]

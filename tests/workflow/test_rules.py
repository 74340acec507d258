"""The view predicate and the ``studies_for_user`` selector agree on every user × study pair."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from projects.models import RegionalNetwork
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory
from tests.workflow.conftest import put_in_state, put_on_agenda
from workflow.enums import State
from workflow.rules import coordinated_region_ids, forget_scopes
from workflow.selectors import studies_for_user


@pytest.fixture
def world(people, home_region, other_region):
    studies = {}
    for region_key, region in (("home", home_region), ("other", other_region)):
        for state in State.values:
            owner = people["holder"] if region_key == "home" else UserFactory()
            project = SchoolProjectFactory(team=[owner], region=region)
            studies[(region_key, state)] = put_in_state(OpportunityStudyFactory(project=project), state)
    put_on_agenda(studies[("other", State.JURY)], president=people["jury_president"], members=[people["jury_member"]])
    return studies


@pytest.mark.django_db
def test_predicate_and_selector_agree(world, people):
    users = [
        *people.values(),
        UserFactory(),
        AnonymousUser(),
        UserFactory(is_national_coordinator=True, is_active=False),
    ]
    disagreements = []
    for user in users:
        visible = set(studies_for_user(user).values_list("pk", flat=True))
        for key, study in world.items():
            if user.has_perm("projects.view_opportunitystudy", study) != (study.pk in visible):
                disagreements.append((str(user), key))

    assert disagreements == []


def visible_keys(world, user):
    pks = set(studies_for_user(user).values_list("pk", flat=True))
    return {key for key, study in world.items() if study.pk in pks}


@pytest.mark.django_db
def test_regional_coordinator_sees_only_his_region(world, people):
    assert visible_keys(world, people["regional_coordinator"]) == {("home", s) for s in State.values}


@pytest.mark.django_db
def test_holder_sees_only_his_projects(world, people):
    assert visible_keys(world, people["holder"]) == {("home", s) for s in State.values}
    assert visible_keys(world, people["other_holder"]) == set()


@pytest.mark.django_db
def test_bank_expert_sees_studies_from_the_financing_review_on(world, people):
    bank_states = {"financing_review", "jury", "approved", "deferred", "rejected", "funded", "opened"}

    assert visible_keys(world, people["bank_expert"]) == {(r, s) for r in ("home", "other") for s in bank_states}


@pytest.mark.django_db
def test_juror_sees_only_his_agenda(world, people):
    assert visible_keys(world, people["jury_member"]) == {("other", State.JURY)}


@pytest.mark.django_db
def test_someone_seeing_studies_several_ways_sees_each_of_them(world, people):
    # Each way alone is filtered on its own; together they are joined: both paths of the selector.
    user = people["regional_coordinator"]
    world[("other", State.DRAFT)].project.team.add(user)
    put_on_agenda(world[("other", State.JURY)], president=people["jury_president"], members=[user])
    juror_and_holder = UserFactory()
    world[("other", State.TRAINING)].project.team.add(juror_and_holder)
    put_on_agenda(world[("other", State.JURY)], president=people["jury_president"], members=[juror_and_holder])

    assert visible_keys(world, user) == {("home", s) for s in State.values} | {
        ("other", State.DRAFT),
        ("other", State.JURY),
    }
    assert visible_keys(world, juror_and_holder) == {("other", State.TRAINING), ("other", State.JURY)}


@pytest.mark.django_db
def test_anonymous_and_inactive_see_nothing(world):
    assert visible_keys(world, AnonymousUser()) == set()
    assert visible_keys(world, UserFactory(is_national_coordinator=True, is_active=False)) == set()


@pytest.mark.django_db
def test_selector_lists_a_study_seen_several_ways_once(world, people):
    user = people["regional_coordinator"]
    user.is_bank_expert = True
    user.save(update_fields=["is_bank_expert"])
    study = world[("home", State.JURY)]
    study.project.team.add(user)
    put_on_agenda(study, president=people["jury_president"], members=[user])

    rows = list(studies_for_user(user).values_list("pk", flat=True))

    assert len(rows) == len(set(rows))
    assert rows.count(study.pk) == 1


@pytest.mark.django_db
def test_search_narrows_the_visible_studies_and_nothing_else(world, people):
    # Half the projects match; the search filters inside each set of the selector, so check it on them all.
    for index, study in enumerate(world.values()):
        if index % 2:
            study.project.commune = "Villeurbanne"
            study.project.save(update_fields=["commune"])
    matching = {study.pk for study in world.values() if "villeur" in study.project.commune.lower()}
    users = [*people.values(), UserFactory(), AnonymousUser()]
    for user in users:
        visible = set(studies_for_user(user).values_list("pk", flat=True))
        found = list(studies_for_user(user, q="VILLEUR").values_list("pk", flat=True))

        assert sorted(found) == sorted(visible & matching), str(user)


@pytest.mark.django_db
def test_forget_scopes_forgets_them_on_a_requests_lazy_user(home_region):
    coordinator = UserFactory(coordinates=[home_region])
    user = SimpleLazyObject(lambda: coordinator)
    coordinated_region_ids(user)
    RegionalNetwork.coordinators.through.objects.filter(user_id=coordinator.pk).delete()

    forget_scopes(user)

    assert coordinated_region_ids(user) == frozenset()

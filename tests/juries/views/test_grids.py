"""The national coordinators' pages of scoring grids: the list, a grid, its criteria and its new versions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.models import Criterion, ScoringGrid
from tests.factories import SchoolProjectFactory, UserFactory, region
from tests.factories.juries import ScoringGridFactory


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def criteria_data(rows, initial=0, deleted=()):
    """The criteria formset as the page posts it: ``rows`` of (title, weight), the first ``initial`` existing."""
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": str(initial)}
    for index, (title, weight) in enumerate(rows):
        data |= {f"criteria-{index}-title": title, f"criteria-{index}-weight": weight, f"criteria-{index}-guidance": ""}
        if index in deleted:
            data[f"criteria-{index}-DELETE"] = "on"
    return data


def criteria_of(grid):
    return list(Criterion.objects.filter(grid=grid).order_by("position").values_list("title", "weight"))


def freeze(grid):
    # Set-up only: a grid freezes when a session opens scoring with it, which the session tests cover.
    ScoringGrid.objects.filter(pk=grid.pk).update(frozen_at=timezone.now())
    grid.refresh_from_db()
    return grid


@pytest.mark.django_db
def test_the_list_shows_each_grid_with_its_criteria_count_and_frozen_mark(signed_in, coordinator, grid):
    freeze(grid)
    ScoringGridFactory(name="Grille courte", weights=[60, 40])

    response = signed_in(coordinator).get(reverse("juries:grid-list"))

    # Newest first; the grid the migrations seed comes last.
    rows = [(row.name, row.version, row.criterion_count, row.is_frozen) for row in response.context["grids"]]
    assert rows[:2] == [("Grille courte", 1, 2, False), ("Grille de test", 1, 3, True)]


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 5])
def test_the_list_runs_constant_queries(signed_in, coordinator, django_assert_num_queries, item_count):
    seeded = ScoringGrid.objects.count()
    ScoringGridFactory.create_batch(item_count)
    client = signed_in(coordinator)

    with django_assert_num_queries(4):
        response = client.get(reverse("juries:grid-list"))

    assert len(response.context["grids"]) == seeded + item_count


@pytest.mark.django_db
def test_creating_a_grid_makes_version_1_with_its_criteria_in_order(signed_in, coordinator):
    response = signed_in(coordinator).post(
        reverse("juries:grid-create"),
        {"name": "Grille 2027", "description": ""} | criteria_data([("Projet", "60"), ("Équipe", "40"), ("", "")]),
        follow=True,
    )

    grid = ScoringGrid.objects.get(name="Grille 2027")
    assert response.redirect_chain == [(reverse("juries:grid-detail", args=[grid.pk]), 302)]
    assert messages_of(response) == ["Scoring grid created."]
    assert (grid.version, criteria_of(grid)) == (1, [("Projet", 60), ("Équipe", 40)])


@pytest.mark.django_db
def test_weights_not_adding_up_to_100_show_the_reason_and_write_nothing(signed_in, coordinator):
    response = signed_in(coordinator).post(
        reverse("juries:grid-create"), {"name": "Grille 2027"} | criteria_data([("Projet", "60"), ("Équipe", "30")])
    )

    assert (response.status_code, messages_of(response)) == (
        200,
        ["The weights of the criteria must add up to 100, not 90."],
    )
    assert "Total of the weights typed: 90 out of 100." in response.content.decode()
    assert not ScoringGrid.objects.filter(name="Grille 2027").exists()


@pytest.mark.django_db
def test_a_grid_of_an_existing_name_becomes_its_next_version(signed_in, coordinator, grid):
    signed_in(coordinator).post(
        reverse("juries:grid-create"), {"name": "Grille de test"} | criteria_data([("Projet", "100")])
    )

    assert list(ScoringGrid.objects.filter(name="Grille de test").values_list("version", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_editing_replaces_the_criteria(signed_in, coordinator, grid):
    response = signed_in(coordinator).post(
        reverse("juries:grid-edit", args=[grid.pk]),
        {"description": "Revue."}
        | criteria_data([("Projet", "50"), ("Équipe", "25"), ("Critère 3", "25"), ("", "")], initial=3),
        follow=True,
    )

    grid.refresh_from_db()
    assert messages_of(response) == ["Scoring grid saved."]
    assert (grid.description, criteria_of(grid)) == ("Revue.", [("Projet", 50), ("Équipe", 25), ("Critère 3", 25)])


@pytest.mark.django_db
def test_a_row_marked_for_deletion_is_left_out(signed_in, coordinator, grid):
    rows = [("Critère 1", "50"), ("Critère 2", "30"), ("Critère 3", "20"), ("Critère 4", "20")]

    signed_in(coordinator).post(
        reverse("juries:grid-edit", args=[grid.pk]), {"description": ""} | criteria_data(rows, initial=3, deleted={2})
    )

    assert criteria_of(grid) == [("Critère 1", 50), ("Critère 2", 30), ("Critère 4", 20)]


@pytest.mark.django_db
def test_the_edit_page_of_a_frozen_grid_offers_a_new_version_instead_of_the_form(signed_in, coordinator, grid):
    freeze(grid)

    content = signed_in(coordinator).get(reverse("juries:grid-edit", args=[grid.pk])).content.decode()

    assert reverse("juries:grid-new-version", args=[grid.pk]) in content
    assert 'name="criteria-TOTAL_FORMS"' not in content


@pytest.mark.django_db
def test_saving_a_frozen_grid_is_refused_and_writes_nothing(signed_in, coordinator, grid):
    freeze(grid)

    response = signed_in(coordinator).post(
        reverse("juries:grid-edit", args=[grid.pk]), {"description": ""} | criteria_data([("Projet", "100")])
    )

    assert messages_of(response) == ["This grid is frozen: make a new version of it instead."]
    assert criteria_of(grid) == [("Critère 1", 50), ("Critère 2", 30), ("Critère 3", 20)]


@pytest.mark.django_db
def test_a_new_version_copies_the_criteria_into_an_unfrozen_grid(signed_in, coordinator, grid):
    freeze(grid)

    response = signed_in(coordinator).post(reverse("juries:grid-new-version", args=[grid.pk]), follow=True)

    copy = ScoringGrid.objects.get(name="Grille de test", version=2)
    assert response.redirect_chain == [(reverse("juries:grid-detail", args=[copy.pk]), 302)]
    assert messages_of(response) == ["Version 2 of the grid is made: change it here."]
    assert (copy.is_frozen, criteria_of(copy)) == (False, criteria_of(grid))


def grid_urls(grid):
    return [
        ("get", reverse("juries:grid-list")),
        ("get", reverse("juries:grid-create")),
        ("get", reverse("juries:grid-detail", args=[grid.pk])),
        ("get", reverse("juries:grid-edit", args=[grid.pk])),
        ("post", reverse("juries:grid-new-version", args=[grid.pk])),
    ]


@pytest.fixture
def not_a_national_coordinator(alice):
    return {
        "regional_coordinator": UserFactory(coordinates=[region()]),
        "juror": alice,
        "holder": SchoolProjectFactory().team.get(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_coordinator", "juror", "holder"])
def test_the_grid_pages_do_not_exist_for_anyone_else(signed_in, not_a_national_coordinator, grid, role):
    client = signed_in(not_a_national_coordinator[role])

    statuses = {url: getattr(client, method)(url).status_code for method, url in grid_urls(grid)}

    assert (set(statuses.values()), ScoringGrid.objects.filter(name=grid.name).count()) == ({404}, 1)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client, grid):
    locations = {getattr(client, method)(url)["Location"].split("?")[0] for method, url in grid_urls(grid)}

    assert locations == {reverse("login")}


@pytest.mark.django_db
def test_the_session_list_links_to_the_grids_for_a_national_coordinator_only(signed_in, coordinator, alice):
    contents = {
        user: signed_in(user).get(reverse("juries:session-list")).content.decode() for user in (coordinator, alice)
    }

    assert [reverse("juries:grid-list") in contents[user] for user in (coordinator, alice)] == [True, False]

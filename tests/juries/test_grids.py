import pytest
from django.contrib import admin
from django.test import RequestFactory

from juries.models import Criterion, ScoringGrid
from juries.services import create_grid, new_grid_version, update_grid
from permissions.refusal import ActionRefused

THREE = [
    {"title": "Territoire", "weight": 40, "guidance": "Besoins des jeunes."},
    {"title": "Entreprises", "weight": 35},
    {"title": "Finances", "weight": 25},
]


@pytest.mark.django_db
def test_default_grid_is_seeded_in_french_with_weights_summing_to_100():
    grid = ScoringGrid.objects.get(name="Grille Tremplin", version=1)

    assert (grid.criteria.count(), sum(grid.criteria.values_list("weight", flat=True)), grid.is_frozen) == (
        6,
        100,
        False,
    )
    assert grid.criteria.first().title == "Réponse aux besoins du territoire et des jeunes"


@pytest.mark.django_db
def test_create_grid_numbers_versions_per_name(coordinator):
    first = create_grid(actor=coordinator, name="Grille régionale", criteria=THREE)
    second = create_grid(actor=coordinator, name="Grille régionale", criteria=THREE)

    assert (first.version, second.version, list(second.criteria.values_list("title", "weight"))) == (
        1,
        2,
        [("Territoire", 40), ("Entreprises", 35), ("Finances", 25)],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("weights", "reason"),
    [
        ((40, 35, 20), "The weights of the criteria must add up to 100, not 95."),
        ((40, 35, 30), "The weights of the criteria must add up to 100, not 105."),
        ((100, 0), "The weight of “C1” must be a whole number from 1 to 100."),
    ],
)
def test_create_grid_weights_not_summing_to_100_refused(coordinator, weights, reason):
    criteria = [{"title": f"C{index}", "weight": weight} for index, weight in enumerate(weights)]

    with pytest.raises(ActionRefused) as refused:
        create_grid(actor=coordinator, name="Grille fausse", criteria=criteria)

    assert (refused.value.reasons, ScoringGrid.objects.filter(name="Grille fausse").count()) == ([reason], 0)


@pytest.mark.django_db
def test_create_grid_by_a_juror_is_forbidden(alice):
    with pytest.raises(ActionRefused, match="not allowed"):
        create_grid(actor=alice, name="Grille", criteria=THREE)


@pytest.mark.django_db
def test_update_grid_weights_not_summing_to_100_refused_nothing_changed(coordinator, grid):
    with pytest.raises(ActionRefused):
        update_grid(grid, actor=coordinator, criteria=[{"title": "Seul", "weight": 90}])

    assert list(grid.criteria.values_list("weight", flat=True)) == [50, 30, 20]


@pytest.mark.django_db
def test_update_grid_before_scoring_replaces_criteria(coordinator, grid):
    update_grid(grid, actor=coordinator, criteria=THREE, description="Révisée")

    grid.refresh_from_db()
    assert (grid.description, list(grid.criteria.values_list("weight", flat=True))) == ("Révisée", [40, 35, 25])


@pytest.mark.django_db
def test_opening_scoring_freezes_the_grid(scoring_session, grid):
    grid.refresh_from_db()

    assert grid.is_frozen is True


@pytest.mark.django_db
def test_update_frozen_grid_refused_nothing_changed(scoring_session, coordinator, grid):
    with pytest.raises(ActionRefused) as refused:
        update_grid(grid, actor=coordinator, criteria=THREE)

    assert (refused.value.reasons, list(grid.criteria.values_list("weight", flat=True))) == (
        ["This grid is frozen: make a new version of it instead."],
        [50, 30, 20],
    )


@pytest.mark.django_db
def test_frozen_grid_criterion_cannot_be_saved_nor_deleted(scoring_session, criteria):
    criterion = criteria[0]
    criterion.weight = 60

    with pytest.raises(ActionRefused):
        criterion.save()
    with pytest.raises(ActionRefused):
        criterion.delete()
    assert Criterion.objects.get(pk=criterion.pk).weight == 50


@pytest.mark.django_db
def test_new_version_of_a_frozen_grid_is_editable(scoring_session, coordinator, grid):
    grid.refresh_from_db()

    new = new_grid_version(grid, actor=coordinator)
    update_grid(new, actor=coordinator, criteria=THREE)

    assert (new.name, new.version, new.is_frozen, list(new.criteria.values_list("weight", flat=True))) == (
        grid.name,
        2,
        False,
        [40, 35, 25],
    )


@pytest.mark.django_db
def test_admin_frozen_grid_is_read_only(scoring_session, grid, coordinator):
    grid.refresh_from_db()
    coordinator.is_superuser = coordinator.is_staff = True
    request = RequestFactory().get("/")
    request.user = coordinator
    grid_admin = admin.site._registry[ScoringGrid]
    inline = grid_admin.get_inline_instances(request, grid)[0]

    assert (
        grid_admin.has_change_permission(request, grid),
        inline.has_change_permission(request, grid),
        inline.has_add_permission(request, grid),
        inline.has_delete_permission(request, grid),
    ) == (False, False, False, False)

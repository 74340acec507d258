import pytest
from django.contrib import admin
from django.urls import reverse

from juries.models import EntryResult, JurySession, Score, Scorecard


@pytest.fixture
def staff_client(client, coordinator):
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    return client


def test_scorecards_and_scores_are_not_in_the_admin():
    assert (admin.site.is_registered(Scorecard), admin.site.is_registered(Score)) == (False, False)


@pytest.mark.django_db
def test_admin_session_pages_load(staff_client, scoring_session, grid):
    pages = [
        reverse("admin:juries_jurysession_changelist"),
        reverse("admin:juries_jurysession_change", args=[scoring_session.pk]),
        reverse("admin:juries_scoringgrid_changelist"),
        reverse("admin:juries_scoringgrid_change", args=[grid.pk]),
        reverse("admin:juries_jurydecision_changelist"),
    ]

    assert [staff_client.get(page).status_code for page in pages] == [200] * len(pages)


@pytest.mark.django_db
def test_admin_session_writes_nothing(staff_client, planned_session, entries):
    """The admin writes around the services (finding 8): a session edited there is refused, quorum unchanged."""
    url = reverse("admin:juries_jurysession_change", args=[planned_session.pk])

    response = staff_client.post(url, {"title": "Autre titre", "quorum": 2, "date": "2027-01-01"})

    session = JurySession.objects.get(pk=planned_session.pk)
    assert (response.status_code, session.title, session.quorum) == (403, planned_session.title, None)


@pytest.mark.django_db
def test_admin_grid_and_session_are_read_only(staff_client, scoring_session, grid):
    site = admin.site
    request = staff_client.get(reverse("admin:index")).wsgi_request
    grid_admin, session_admin = site._registry[type(grid)], site._registry[JurySession]

    assert [
        (model_admin.has_add_permission(request), model_admin.has_change_permission(request, obj))
        for model_admin, obj in ((grid_admin, grid), (session_admin, scoring_session))
    ] == [(False, False), (False, False)]


@pytest.mark.django_db
def test_admin_quorum_cannot_be_changed_there(staff_client, planned_session, entries):
    before = list(EntryResult.objects.values_list("quorum", flat=True))

    staff_client.post(reverse("admin:juries_jurysession_change", args=[planned_session.pk]), {"quorum": 2})

    assert (
        JurySession.objects.get(pk=planned_session.pk).quorum,
        list(EntryResult.objects.values_list("quorum", flat=True)),
    ) == (None, before)

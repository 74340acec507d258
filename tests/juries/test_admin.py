import pytest
from django.contrib import admin
from django.urls import reverse

from juries.enums import SessionState
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
def test_admin_action_runs_the_service(staff_client, scoring_session, entries):
    response = staff_client.post(
        reverse("admin:juries_jurysession_changelist"),
        {"action": "close_scoring_action", "_selected_action": [scoring_session.pk]},
    )

    assert (response.status_code, JurySession.objects.get(pk=scoring_session.pk).state) == (
        302,
        SessionState.DELIBERATION,
    )


@pytest.mark.django_db
def test_admin_action_refused_says_why_and_changes_nothing(staff_client, planned_session):
    response = staff_client.post(
        reverse("admin:juries_jurysession_changelist"),
        {"action": "open_scoring_action", "_selected_action": [planned_session.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert (messages, JurySession.objects.get(pk=planned_session.pk).state) == (
        ["Jury de printemps: The agenda is empty."],
        SessionState.PLANNED,
    )


@pytest.mark.django_db
def test_admin_session_state_is_read_only(staff_client, scoring_session):
    url = reverse("admin:juries_jurysession_change", args=[scoring_session.pk])

    form_fields = staff_client.get(url).context["adminform"].form.fields

    assert ("state" in form_fields, "grid" in form_fields, "title" in form_fields) == (False, False, True)


@pytest.mark.django_db
def test_admin_quorum_change_rewrites_the_stored_figures(staff_client, planned_session, entries):
    url = reverse("admin:juries_jurysession_change", args=[planned_session.pk])
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{name}": value for name, value in management.initial.items()}

    response = staff_client.post(url, data | {"quorum": 2})

    assert (response.status_code, list(EntryResult.objects.values_list("quorum", flat=True))) == (302, [2, 2])

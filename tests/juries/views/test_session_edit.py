"""The page where a national coordinator corrects a session's details."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.enums import SessionState
from juries.models import JuryLog, JurySession


def edit_url(session):
    return reverse("juries:session-edit", args=[session.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def details_data(session, **changes):
    """The form as the page fills it for ``session``, but for ``changes``."""
    data = {
        "title": session.title,
        "date": session.date.isoformat(),
        "place": session.place,
        "video_link": session.video_link,
        "regions": [region.pk for region in session.regions.all()],
        "quorum": session.quorum or "",
    }
    return data | changes


def title_of(session):
    return JurySession.objects.get(pk=session.pk).title


@pytest.mark.django_db
def test_the_form_shows_the_sessions_details(signed_in, coordinator, planned_session):
    response = signed_in(coordinator).get(edit_url(planned_session))

    form = response.context["form"]
    assert [form[name].value() for name in ("title", "date", "place", "video_link", "quorum")] == [
        "Jury de printemps",
        planned_session.date,
        "Lyon",
        "",
        None,
    ]
    assert 'value="Jury de printemps"' in response.content.decode()


@pytest.mark.django_db
def test_saving_goes_back_to_the_session_page_with_a_confirmation(signed_in, coordinator, planned_session):
    later = timezone.localdate() + timedelta(days=21)

    response = signed_in(coordinator).post(
        edit_url(planned_session),
        details_data(planned_session, title="Jury d'été", date=later.isoformat(), quorum="4"),
        follow=True,
    )

    saved = JurySession.objects.get(pk=planned_session.pk)
    assert response.redirect_chain == [(reverse("juries:session-detail", args=[planned_session.pk]), 302)]
    assert messages_of(response) == ["Session details saved."]
    assert (saved.title, saved.date, saved.quorum) == ("Jury d'été", later, 4)


@pytest.mark.django_db
def test_a_refusal_shows_its_reason_and_changes_nothing(signed_in, coordinator, deliberating_session):
    # Set-up only: the services' own way to a closed session is tested with them.
    JurySession.objects.filter(pk=deliberating_session.pk).update(state=SessionState.CLOSED)
    logged = JuryLog.objects.count()

    response = signed_in(coordinator).post(
        edit_url(deliberating_session), details_data(deliberating_session, title="Jury d'été")
    )

    assert (response.status_code, messages_of(response)) == (
        200,
        ["This is not possible while the jury session is “Closed”."],
    )
    assert (title_of(deliberating_session), JuryLog.objects.count()) == ("Jury de printemps", logged)


@pytest.mark.django_db
def test_regions_and_quorum_are_disabled_once_scoring_has_opened(signed_in, coordinator, scoring_session):
    response = signed_in(coordinator).get(edit_url(scoring_session))

    fields = response.context["form"].fields
    assert {name: field.disabled for name, field in fields.items()} == {
        "title": False,
        "date": False,
        "place": False,
        "video_link": False,
        "regions": True,
        "quorum": True,
    }


@pytest.mark.django_db
def test_a_quorum_posted_once_scoring_has_opened_is_ignored(signed_in, coordinator, scoring_session):
    signed_in(coordinator).post(edit_url(scoring_session), details_data(scoring_session, quorum="4"))

    assert JurySession.objects.get(pk=scoring_session.pk).quorum is None


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("alice", 403), ("president", 403), ("outsider", 404)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_but_a_national_coordinator_is_refused(request, signed_in, planned_session, role, status, method):
    client = signed_in(request.getfixturevalue(role))

    response = getattr(client, method)(edit_url(planned_session), details_data(planned_session, title="Jury d'été"))

    assert (response.status_code, title_of(planned_session)) == (status, "Jury de printemps")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("coordinator", True), ("alice", False)])
def test_the_session_page_links_the_form_for_a_national_coordinator(request, signed_in, planned_session, role, shown):
    response = signed_in(request.getfixturevalue(role)).get(reverse("juries:session-detail", args=[planned_session.pk]))

    assert (f'href="{edit_url(planned_session)}"' in response.content.decode()) == shown


@pytest.mark.django_db
@pytest.mark.parametrize("quorum", ["99999999999999999999999999", "101"])
def test_quorum_huge_on_the_edit_form_is_refused_with_a_message(signed_in, coordinator, planned_session, quorum):
    response = signed_in(coordinator).post(edit_url(planned_session), details_data(planned_session, quorum=quorum))

    assert response.status_code == 200
    assert response.context["form"].errors["quorum"] == ["Ensure this value is less than or equal to 100."]
    assert JurySession.objects.get(pk=planned_session.pk).quorum is None

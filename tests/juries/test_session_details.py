"""Correcting a session's details: until it closes, but its regions and quorum only while it is planned."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from juries.enums import Decision, JuryAction
from juries.models import JuryLog, JurySession
from juries.services import close_session, record_decision, update_session
from permissions.refusal import ActionRefused
from tests.factories import region

DETAILS = ["title", "date", "place", "video_link", "regions", "quorum"]


def stored(session):
    """The session's details as the database holds them, and its log rows."""
    saved = JurySession.objects.get(pk=session.pk)
    return model_to_dict(saved, fields=DETAILS), JuryLog.objects.filter(session=saved).count()


def update(session, actor, **changes):
    """Submit the session's details as they are, but for ``changes``."""
    details = model_to_dict(JurySession.objects.get(pk=session.pk), fields=DETAILS)
    return update_session(session, actor=actor, **(details | changes))


def changes_logged(session):
    return list(session.log.filter(action=JuryAction.SESSION_UPDATED).values_list("detail", flat=True))


def new_value(field):
    return {
        "title": "Jury d'été",
        "date": timezone.localdate() + timedelta(days=30),
        "place": "Marseille",
        "video_link": "https://visio.example.org/jury",
        "regions": [region("84"), region("93")],
        "quorum": 4,
    }[field]


@pytest.fixture
def closed_session(deliberating_session, entries, coordinator, president):
    for entry in entries:
        record_decision(entry, actor=president, decision=Decision.APPROVE, motivation="Projet solide.")
    return close_session(deliberating_session, actor=coordinator)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("title", "title"),
        ("date", "date"),
        ("place", "place"),
        ("video_link", "video link"),
        ("regions", "regions covered"),
        ("quorum", "quorum"),
    ],
)
def test_each_detail_of_a_planned_session_is_saved_and_logged(planned_session, coordinator, field, label):
    update(planned_session, coordinator, **{field: new_value(field)})

    details, _rows = stored(planned_session)
    assert (details[field], changes_logged(planned_session)) == (new_value(field), [label])


@pytest.mark.django_db
def test_several_changes_make_one_log_row_naming_them(planned_session, coordinator):
    update(planned_session, coordinator, title="Jury d'été", place="", video_link="https://visio.example.org/jury")

    assert changes_logged(planned_session) == ["title, place, video link"]


@pytest.mark.django_db
def test_changing_nothing_writes_no_log_row(planned_session, coordinator):
    before = stored(planned_session)

    update(planned_session, coordinator)

    assert stored(planned_session) == before


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["scoring_session", "deliberating_session"])
def test_title_date_place_and_video_link_change_once_scoring_has_opened(request, coordinator, state):
    session = request.getfixturevalue(state)
    changes = {name: new_value(name) for name in ("title", "date", "place", "video_link")}

    update(session, coordinator, **changes)

    details, _rows = stored(session)
    assert ({name: details[name] for name in changes}, changes_logged(session)) == (
        changes,
        ["title, date, place, video link"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "reason"),
    [
        ("regions", "The regions covered can no longer change: scoring has opened."),
        ("quorum", "The quorum can no longer change: scoring has opened."),
    ],
)
def test_regions_and_quorum_are_refused_once_scoring_has_opened(scoring_session, coordinator, field, reason):
    before = stored(scoring_session)

    with pytest.raises(ActionRefused) as refused:
        update(scoring_session, coordinator, title="Jury d'été", **{field: new_value(field)})

    assert (refused.value.reasons, stored(scoring_session)) == ([reason], before)


@pytest.mark.django_db
def test_a_closed_session_is_refused(closed_session, coordinator):
    before = stored(closed_session)

    with pytest.raises(ActionRefused) as refused:
        update(closed_session, coordinator, title="Jury d'été")

    assert (refused.value.reasons, stored(closed_session)) == (
        ["This is not possible while the jury session is “Closed”."],
        before,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["alice", "president"])
def test_a_member_or_the_president_is_forbidden(request, planned_session, actor):
    before = stored(planned_session)

    with pytest.raises(ActionRefused, match="not allowed"):
        update(planned_session, request.getfixturevalue(actor), title="Jury d'été")

    assert stored(planned_session) == before


@pytest.mark.django_db
def test_a_quorum_below_one_is_refused_as_at_planning(planned_session, coordinator):
    before = stored(planned_session)

    with pytest.raises(ActionRefused) as refused:
        update(planned_session, coordinator, quorum=0)

    assert (refused.value.reasons, stored(planned_session)) == (
        ["The quorum must be at least 1, or left empty for the default."],
        before,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("quorum", [101, 10**26])
def test_quorum_huge_is_refused_by_the_service(planned_session, coordinator, quorum):
    before = stored(planned_session)

    with pytest.raises(ActionRefused) as refused:
        update(planned_session, coordinator, quorum=quorum)

    assert (refused.value.reasons, stored(planned_session)) == (
        ["The quorum cannot be more than 100 members."],
        before,
    )


@pytest.mark.django_db
def test_neither_place_nor_video_link_is_refused(planned_session, coordinator):
    before = stored(planned_session)

    with pytest.raises(ActionRefused) as refused:
        update(planned_session, coordinator, place="", video_link="")

    assert (refused.value.reasons, stored(planned_session)) == (
        ["Give the place of the session or its video link."],
        before,
    )

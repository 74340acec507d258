"""Reminders and escalations, read from due dates in the database; each sent once per due date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from juries.enums import ScorecardStatus, SessionState
from juries.models import AgendaEntry, JurySession, Scorecard
from notifications.enums import EventKind
from notifications.models import Notification
from notifications.services import send_due_reminders
from tests.notifications.conftest import jury_session, put_in_state
from workflow.enums import State

START = timezone.now().replace(microsecond=0) - timedelta(days=400)


def sent(keys, since_pk):
    rows = Notification.objects.filter(pk__gt=since_pk).order_by("pk")
    return [(key, row.kind) for row in rows for key in keys([row.recipient])]


def last_pk():
    return Notification.objects.order_by("pk").values_list("pk", flat=True).last() or 0


@pytest.mark.django_db
def test_stage_reminder_not_due_yet_sends_nothing(study):
    put_in_state(study, State.SUBMITTED, since=START)

    send_due_reminders(now=START + timedelta(days=14, hours=23))

    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_stage_reminder_due_is_sent_once_to_whoever_must_act(study, keys):
    put_in_state(study, State.SUBMITTED, since=START)

    send_due_reminders(now=START + timedelta(days=15, hours=1))
    send_due_reminders(now=START + timedelta(days=15, hours=2))

    assert sent(keys, 0) == [("regional_coordinator", EventKind.STAGE_REMINDER)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "days", "who"),
    [
        (State.CHANGES_REQUESTED, 30, ["co_holder", "holder"]),
        (State.FINANCING_REVIEW, 30, ["bank_expert"]),
        (State.APPROVED, 90, ["bank_expert"]),
        (State.FUNDED, 365, ["regional_coordinator"]),
    ],
)
def test_stage_reminder_goes_to_whoever_acts_in_that_stage(study, keys, state, days, who):
    put_in_state(study, state, since=START)

    send_due_reminders(now=START + timedelta(days=days - 1))
    assert Notification.objects.count() == 0
    send_due_reminders(now=START + timedelta(days=days, hours=1))

    assert sorted(sent(keys, 0)) == [(key, EventKind.STAGE_REMINDER) for key in who]


@pytest.mark.django_db
def test_stage_escalation_goes_to_regional_then_national_coordinators(study, keys, settings):
    settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS = 7
    put_in_state(study, State.TRAINING, since=START)
    runs = []

    for days in (90, 96, 97, 103, 104, 120):
        before = last_pk()
        send_due_reminders(now=START + timedelta(days=days, minutes=1))
        runs.append(sorted(sent(keys, before)))

    assert runs == [
        [("co_holder", EventKind.STAGE_REMINDER), ("holder", EventKind.STAGE_REMINDER)],
        [],
        [("regional_coordinator", EventKind.STAGE_ESCALATION)],
        [],
        [("national_coordinator", EventKind.STAGE_ESCALATION)],
        [],
    ]


@pytest.mark.django_db
def test_new_stay_in_a_stage_has_a_new_due_date(study, keys):
    put_in_state(study, State.FINANCING_REVIEW, since=START)
    send_due_reminders(now=START + timedelta(days=31))
    put_in_state(study, State.FINANCING_REVIEW, since=START + timedelta(days=60))

    send_due_reminders(now=START + timedelta(days=91))

    assert sent(keys, 0) == [("bank_expert", EventKind.STAGE_REMINDER)] * 2


@pytest.fixture
def scoring_session(study, people):
    """A session in scoring whose deadline is in 23 hours; the president has scored, the member has not."""
    session = jury_session(
        president=people["juror"],
        members=[people["bank_expert"]],
        scoring_deadline=timezone.now() + timedelta(hours=23),
    )
    JurySession.objects.filter(pk=session.pk).update(state=SessionState.SCORING)
    entry = AgendaEntry.objects.create(session=session, study=study)
    Scorecard.objects.create(entry=entry, member=people["juror"], status=ScorecardStatus.SUBMITTED)
    return session


@pytest.mark.django_db
def test_scoring_deadline_within_a_day_reminds_members_with_missing_scorecards_once(scoring_session, keys):
    send_due_reminders()
    send_due_reminders()

    assert sent(keys, 0) == [("bank_expert", EventKind.SCORING_DEADLINE_NEAR)]


@pytest.mark.django_db
def test_scoring_deadline_further_than_a_day_sends_nothing(scoring_session):
    send_due_reminders(now=timezone.now() - timedelta(hours=25))

    assert Notification.objects.count() == 0

"""Whose turn it is on a study: one line for every state of the life cycle, and on the study page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, region, study_in_financing_review
from workflow.enums import State
from workflow.services import apply_transition
from workflow.turn import StudyFacts, study_turn

SINCE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 6, 1, 18, 0, tzinfo=UTC)

# state, facts beyond the state, who holds the ball, what happens next, days until due (None: no due date)
TURNS = [
    (State.DRAFT, {}, "the founders", "complete the study and submit it", None),
    (State.SUBMITTED, {}, "the regional network", "screen the study: accept it into training or ask for changes", 15),
    (State.CHANGES_REQUESTED, {}, "the founders", "make the changes asked for and submit the study again", 30),
    (
        State.CHANGES_REQUESTED,
        {"changes_requested_from": State.FINANCING_REVIEW},
        "the founders",
        "make the changes the bank asked for and submit the study again",
        30,
    ),
    (
        State.TRAINING,
        {"training_modules_left": 2},
        "the founders",
        "follow the training: 2 mandatory modules still to validate",
        90,
    ),
    (
        State.TRAINING,
        {"training_modules_left": 0},
        "the regional network",
        "mark the training completed, which opens the financing review",
        90,
    ),
    (State.FINANCING_REVIEW, {}, "the bank", "record the financing review", 30),
    (
        State.FINANCING_REVIEW,
        {"has_financing_review": True},
        "the federation",
        "put the study on a jury session's agenda",
        30,
    ),
    (
        State.FINANCING_REVIEW,
        {"has_financing_review": True, "session_state": "planned"},
        "the bank",
        "send the study to the jury",
        30,
    ),
    (State.JURY, {"session_state": "planned"}, "the federation", "open the jury session's scoring", None),
    (State.JURY, {"session_state": "deliberation"}, "the jury's president", "record the jury's decision", None),
    (State.APPROVED, {}, "the bank", "record the funding", 90),
    (State.DEFERRED, {}, "the founders", "revise the study and submit it again, or withdraw it", None),
    (State.FUNDED, {}, "the regional network", "record the school's opening date", 365),
    (State.REJECTED, {}, None, "the jury did not select the study; its path ends here", None),
    (State.WITHDRAWN, {}, None, "the study was withdrawn; its path ends here", None),
    (State.OPENED, {}, None, "the school is open; its yearly reports follow", None),
]


@pytest.mark.parametrize(("state", "facts", "holder", "next_step", "days"), TURNS)
def test_each_state_says_who_holds_the_ball_and_what_happens_next(state, facts, holder, next_step, days):
    turn = study_turn(StudyFacts(state=state, state_changed_at=SINCE, **facts))

    assert (turn.stands, turn.holder and str(turn.holder), str(turn.next_step)) == (state.label, holder, next_step)
    assert turn.due == (SINCE + timedelta(days=days) if days else None)


def test_every_state_of_the_life_cycle_has_a_turn():
    assert {row[0] for row in TURNS} == set(State)


def test_while_the_jury_scores_the_due_date_is_the_scoring_deadline():
    turn = study_turn(StudyFacts(state=State.JURY, session_state="scoring", scoring_deadline=DEADLINE))

    assert (str(turn.holder), str(turn.next_step), turn.due) == (
        "the jurors",
        "score the study before the deadline",
        DEADLINE,
    )
    assert (turn.is_overdue(DEADLINE - timedelta(seconds=1)), turn.is_overdue(DEADLINE + timedelta(seconds=1))) == (
        False,
        True,
    )


def test_the_stage_time_limits_set_the_due_date(settings):
    settings.TREMPLIN_STAGE_TIME_LIMITS = {**settings.TREMPLIN_STAGE_TIME_LIMITS, "submitted": 7}

    assert study_turn(StudyFacts(state=State.SUBMITTED, state_changed_at=SINCE)).due == SINCE + timedelta(days=7)


def turn_line(client, study):
    html = client.get(reverse("workflow:study-detail", args=[study.pk])).content.decode()
    start = html.index('<p class="turn')
    return " ".join(html[start : html.index("</p>", start)].split())


@pytest.mark.django_db
def test_the_study_page_opens_with_whose_turn_it_is_after_each_step(client):
    bank_expert = UserFactory(is_bank_expert=True)
    coordinator = UserFactory(coordinates=[region("84")])
    study = study_in_financing_review(region=region("84"), bank_expert=bank_expert)
    client.force_login(coordinator)

    reviewed = turn_line(client, study)
    apply_transition(study, "request_changes", actor=bank_expert, comment="Préciser le plan.")

    assert "Waiting for: the federation — put the study on a jury session&#x27;s agenda" in reviewed
    assert "Waiting for: the founders — make the changes the bank asked for" in turn_line(client, study)


@pytest.mark.django_db
def test_the_study_page_says_when_the_stage_is_overdue(client):
    coordinator = UserFactory(coordinates=[region("84")])
    study = study_in_financing_review(region=region("84"))
    type(study).objects.filter(pk=study.pk).update(state_changed_at=timezone.now() - timedelta(days=31))
    client.force_login(coordinator)

    line = turn_line(client, study)

    assert line.startswith('<p class="turn overdue">')
    assert "overdue since" in line

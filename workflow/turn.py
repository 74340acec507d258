"""Whose turn it is: where a study stands, who holds the ball and what happens next, in one line.

``study_turn`` is a pure function of the study's state and of the few facts that decide the next step in it
(a financing review recorded, training modules left, the jury session's state), so that every state of the life
cycle has its answer and a test can walk them all without a database. ``stage_due`` gives the due date of a
stage from ``TREMPLIN_STAGE_TIME_LIMITS``; the home page's to-do list reads the same dates.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workflow.enums import State

FOUNDERS = _("the founders")
REGIONAL_NETWORK = _("the regional network")
BANK = _("the bank")
FEDERATION = _("the federation")
JURORS = _("the jurors")
JURY_PRESIDENT = _("the jury's president")


@dataclass(frozen=True)
class StudyFacts:
    """What the next step of a study depends on, besides its state."""

    state: str
    state_changed_at: datetime | None = None
    changes_requested_from: str = ""
    has_financing_review: bool = False
    training_modules_left: int = 0
    # The jury session whose (open) agenda holds the study, if any.
    session_state: str | None = None
    scoring_deadline: datetime | None = None


@dataclass(frozen=True)
class Turn:
    """One study's line: ``holder`` is None once nobody has anything left to do."""

    stands: str
    holder: str | None
    next_step: str
    due: datetime | None = None

    def is_overdue(self, now):
        return self.due is not None and self.due < now


def stage_due(state, state_changed_at):
    """Return when a study entered in ``state`` at ``state_changed_at`` should leave it (None: no time limit)."""
    days = settings.TREMPLIN_STAGE_TIME_LIMITS.get(str(state))
    if days is None or state_changed_at is None:
        return None
    return state_changed_at + timedelta(days=days)


def study_turn(facts):
    """Return the ``Turn`` of a study described by ``facts``; every state of the life cycle has one."""
    state = State(facts.state)
    holder, next_step = _next(facts, state)
    due = stage_due(state, facts.state_changed_at)
    if state == State.JURY and facts.session_state == "scoring":
        due = facts.scoring_deadline
    return Turn(stands=state.label, holder=holder, next_step=next_step, due=due)


def _next(facts, state):
    """Return (who holds the ball, what he does next) in ``state``."""
    match state:
        case State.DRAFT:
            return FOUNDERS, _("complete the study and submit it")
        case State.SUBMITTED:
            return REGIONAL_NETWORK, _("screen the study: accept it into training or ask for changes")
        case State.CHANGES_REQUESTED:
            if facts.changes_requested_from == State.FINANCING_REVIEW:
                return FOUNDERS, _("make the changes the bank asked for and submit the study again")
            return FOUNDERS, _("make the changes asked for and submit the study again")
        case State.TRAINING if facts.training_modules_left:
            left = facts.training_modules_left
            return FOUNDERS, ngettext(
                "follow the training: %(count)s mandatory module still to validate",
                "follow the training: %(count)s mandatory modules still to validate",
                left,
            ) % {"count": left}
        case State.TRAINING:
            return REGIONAL_NETWORK, _("mark the training completed, which opens the financing review")
        case State.FINANCING_REVIEW if not facts.has_financing_review:
            return BANK, _("record the financing review")
        case State.FINANCING_REVIEW if facts.session_state is None:
            return FEDERATION, _("put the study on a jury session's agenda")
        case State.FINANCING_REVIEW:
            return BANK, _("send the study to the jury")
        case State.JURY if facts.session_state == "planned":
            return FEDERATION, _("open the jury session's scoring")
        case State.JURY if facts.session_state == "deliberation":
            return JURY_PRESIDENT, _("record the jury's decision")
        case State.JURY:
            return JURORS, _("score the study before the deadline")
        case State.APPROVED:
            return BANK, _("record the funding")
        case State.DEFERRED:
            return FOUNDERS, _("revise the study and submit it again, or withdraw it")
        case State.FUNDED:
            return REGIONAL_NETWORK, _("record the school's opening date")
        case State.REJECTED:
            return None, _("the jury did not select the study; its path ends here")
        case State.WITHDRAWN:
            return None, _("the study was withdrawn; its path ends here")
        case State.OPENED:
            return None, _("the school is open; its yearly reports follow")


# What the founders read on their study's page, state by state: the turn line says whose turn it is, this says
# what to do (or that nothing is theirs to do yet).
FOUNDERS_NEXT_STEP = {
    State.DRAFT: _("Complete the sections of your study and its financing plan, then submit it."),
    State.CHANGES_REQUESTED: _(
        "Changes were asked: read the comment in the timeline, edit the study, then submit it again."
    ),
    State.SUBMITTED: _("Your regional network is screening your study: nothing to do until it answers."),
    State.TRAINING: _("Follow the mandatory training modules listed below: your coordinator validates each one."),
    State.FINANCING_REVIEW: _("The bank reviews your budget and financing plan: it may ask you for changes."),
    State.JURY: _("The jury scores your study: its decision will be shown here."),
    State.APPROVED: _("Your study was selected: the bank now records the funding."),
    State.DEFERRED: _("The jury deferred your study: revise it with its motivation in mind and submit it again."),
    State.FUNDED: _("Your school is funded: your coordinator records its opening date once it opens."),
}

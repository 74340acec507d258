"""Give the demo a past: the services record every step at the moment the seed runs, so the dashboard's
medians were all zero and no study was overdue. This moves each step back to a plausible date, keeping the
order of every study's log, so that a newcomer sees stays of realistic lengths, a few overdue studies, and a
spring jury session months before the autumn one.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from juries.models import ConflictOfInterest, JuryDecision, JuryLog, JurySession, Scorecard
from projects.models import OpportunityStudy, StudyVersion
from workflow.enums import State
from workflow.models import FinancingReview, Funding, TrainingProgress, TransitionLog

# How long a demo study stays in a state before its next step, in days (a few days more or less per study).
STAY_DAYS = {
    State.DRAFT: 50,
    State.SUBMITTED: 11,
    State.CHANGES_REQUESTED: 19,
    State.TRAINING: 68,
    State.FINANCING_REVIEW: 23,
    State.JURY: 26,
    State.APPROVED: 45,
    State.FUNDED: 120,
}
# How long each study has been in its current state: the submitted and training ones are past their stage's
# time limit (15 and 90 days by default), so the dashboard and the reminders have overdue studies to show.
CURRENT_AGE_DAYS = {
    State.DRAFT: 20,
    State.SUBMITTED: 22,
    State.CHANGES_REQUESTED: 9,
    State.TRAINING: 104,
    State.FINANCING_REVIEW: 12,
    State.JURY: 6,
    State.WITHDRAWN: 40,
}
# The spring session decided some months before the first intake of the school that opened.
SPRING_SESSION_BEFORE_OPENING = datetime.timedelta(days=150)
FUNDING_AFTER_DECISION = datetime.timedelta(days=38)


def _stay(state, index):
    """A study's stay in ``state``: the typical length, give or take a few days from one study to the next."""
    return datetime.timedelta(days=STAY_DAYS.get(state, 10) + (index * 7) % 9 - 4, hours=(index * 5) % 8)


def _move_back(logs, last_at, index):
    """Date the logs backwards from ``last_at`` (the newest), each one a stay before the next; return the
    moment the study started."""
    moment = last_at
    for log in reversed(logs):
        TransitionLog.objects.filter(pk=log.pk).update(created_at=moment)
        log.created_at = moment
        moment -= _stay(log.from_state, index)
    return moment


def _date_study(study, logs, index, *, decided_at, opened_on):
    if decided_at is not None:
        decision = next(
            i for i, log in enumerate(logs) if log.to_state in (State.APPROVED, State.DEFERRED, State.REJECTED)
        )
        started = _move_back(logs[: decision + 1], decided_at, index)
        after = logs[decision + 1 :]
        for log in after:
            moment = (
                timezone.make_aware(datetime.datetime.combine(opened_on, datetime.time(9)))
                if log.to_state == State.OPENED
                else decided_at + FUNDING_AFTER_DECISION
            )
            TransitionLog.objects.filter(pk=log.pk).update(created_at=moment)
            log.created_at = moment
    elif logs:
        started = _move_back(
            logs, timezone.now() - datetime.timedelta(days=CURRENT_AGE_DAYS.get(study.state, 15)), index
        )
    else:
        started = timezone.now() - datetime.timedelta(days=CURRENT_AGE_DAYS[State.DRAFT])
    OpportunityStudy.objects.filter(pk=study.pk).update(
        created_at=started,
        state_changed_at=logs[-1].created_at if logs else None,
        updated_at=timezone.now(),
    )
    study.project.__class__.objects.filter(pk=study.project_id).update(created_at=started)
    _date_records(study, logs)


def _date_records(study, logs):
    """The versions, the training and the bank's review at the steps that made them."""
    submits = [log for log in logs if log.transition == "submit"]
    for number, log in enumerate(submits, start=1):
        StudyVersion.objects.filter(study=study, number=number).update(submitted_at=log.created_at)
    accepted = next((log.created_at for log in logs if log.transition == "accept"), None)
    if accepted:
        TrainingProgress.objects.filter(project_id=study.project_id, validated_at__isnull=False).update(
            enrolled_at=accepted, validated_at=accepted + datetime.timedelta(days=30)
        )
    left_review = next((log.created_at for log in logs if log.transition == "send_to_jury"), None)
    if left_review:
        FinancingReview.objects.filter(study=study).update(recorded_at=left_review - datetime.timedelta(days=3))
    else:
        FinancingReview.objects.filter(study=study).update(recorded_at=timezone.now() - datetime.timedelta(days=2))
    funded = next((log.created_at for log in logs if log.transition == "record_funding"), None)
    if funded:
        Funding.objects.filter(study=study).update(recorded_at=funded)


def _spring_session(decided_at):
    """Move the closed session, and everything its members did in it, back to the day of its decisions."""
    session = JurySession.objects.filter(state="closed").first()
    if session is None:
        return
    shift = timezone.now() - decided_at
    JurySession.objects.filter(pk=session.pk).update(
        date=decided_at.date(),
        scoring_deadline=decided_at - datetime.timedelta(days=2),
        created_at=F("created_at") - shift,
    )
    JuryLog.objects.filter(session=session).update(created_at=F("created_at") - shift)
    Scorecard.objects.filter(entry__session=session).update(
        updated_at=F("updated_at") - shift, submitted_at=F("submitted_at") - shift
    )
    JuryDecision.objects.filter(entry__session=session).update(decided_at=F("decided_at") - shift)
    ConflictOfInterest.objects.filter(entry__session=session).update(declared_at=F("declared_at") - shift)


def spread_history(studies, *, opened_on):
    """Date the demo studies' past: ``studies`` are those just seeded, ``opened_on`` the opening day of the
    school that opened (the spring session decided months before it)."""
    decided_at = (
        timezone.make_aware(datetime.datetime.combine(opened_on, datetime.time(15))) - SPRING_SESSION_BEFORE_OPENING
    )
    decided = {State.APPROVED, State.DEFERRED, State.REJECTED, State.FUNDED, State.OPENED}
    for index, study in enumerate(studies):
        study = OpportunityStudy.objects.select_related("project").get(pk=study.pk)
        logs = list(study.transition_logs.order_by("created_at", "pk"))
        _date_study(
            study,
            logs,
            index,
            decided_at=decided_at + datetime.timedelta(minutes=20 * index) if study.state in decided else None,
            opened_on=opened_on,
        )
    _spring_session(decided_at)

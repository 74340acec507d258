"""Scorecards: drafting, submitting and reopening, only while scoring is open and before the deadline."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from juries.enums import JuryAction, ScorecardStatus, SessionState
from juries.models import MAX_SCORE, Score, Scorecard
from juries.policy import entry_policy
from juries.rules import is_conflicted_on_entry, is_session_member
from juries.selectors import awaits_scorecards
from juries.services._common import fetch_entry, lock_session, refuse_if, require, state_refusal, write_log
from juries.signals import all_scorecards_in, scorecard_reopened


def _scoring_refusals(session):
    reasons = state_refusal(session, (SessionState.SCORING,))
    if not reasons and not session.is_before_deadline():
        reasons.append(_("The scoring deadline has passed."))
    return reasons


def _open_for(entry_id, actor):
    """Lock the session and check that ``actor`` may write his scorecard of the entry now."""
    entry = fetch_entry(entry_id)
    session = lock_session(entry.session_id)
    require(is_session_member(actor, session))
    if is_conflicted_on_entry(actor, entry):
        refuse_if([_("You declared a conflict of interest on this study: you cannot score it.")])
    refuse_if(_scoring_refusals(session))
    return entry, session


def _answer_refusals(criteria, scores, comments):
    reasons = []
    known = set(criteria)
    if set(scores) - known or set(comments) - known:
        reasons.append(_("A score refers to a criterion that is not in this session's grid."))
    for criterion_id, value in scores.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            title = criteria[criterion_id].title if criterion_id in criteria else criterion_id
            reasons.append(
                _("The score of “%(criterion)s” must be a whole number from 0 to 5, or N/A.") % {"criterion": title}
            )
    return reasons


def _keyed(mapping):
    """Accept criteria or their ids as keys."""
    return {getattr(key, "pk", key): value for key, value in (mapping or {}).items()}


def _write(entry, session, actor, scores, comments, overall_comment):
    criteria = {criterion.pk: criterion for criterion in session.grid.criteria.all()}
    scores, comments = _keyed(scores), _keyed(comments)
    refuse_if(_answer_refusals(criteria, scores, comments))
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(entry=entry, member=actor)
    refuse_if([_("This scorecard is already submitted.")] if scorecard.is_submitted else [])
    scorecard.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            scorecard=scorecard,
            criterion_id=criterion_id,
            value=scores.get(criterion_id),
            not_applicable=criterion_id in scores and scores[criterion_id] is None,
            comment=(comments.get(criterion_id) or "").strip(),
        )
        for criterion_id in criteria
        if criterion_id in scores or (comments.get(criterion_id) or "").strip()
    )
    scorecard.overall_comment = (overall_comment or "").strip()
    scorecard.updated_at = timezone.now()
    scorecard.save()
    return scorecard


def save_scorecard(entry, *, actor, scores, comments=None, overall_comment=""):
    """Save the actor's draft scorecard of a study: it becomes exactly what is given.

    ``scores`` maps each criterion (or its id) to a whole score from 0 to 5, or to ``None`` for N/A; a
    criterion left out is not answered yet. ``comments`` maps criteria to their comments. Refused unless
    the session is scoring and the deadline has not passed, for a member not conflicted on the study,
    and while the scorecard is not submitted.
    """
    with transaction.atomic(durable=True):
        entry, session = _open_for(entry.pk, actor)
        return _write(entry, session, actor, scores, comments, overall_comment)


def submit_scorecard(entry, *, actor, scores=None, comments=None, overall_comment=None):
    """Submit (and lock) the actor's scorecard of a study, after saving ``scores`` if they are given.

    Every criterion must be answered, with a score or N/A. Sends ``all_scorecards_in`` when this was the
    last scorecard the session was waiting for. Nothing is recounted: the results are published when scoring
    closes, so a submission costs the same whatever the agenda's length.
    """
    with transaction.atomic(durable=True):
        entry, session = _open_for(entry.pk, actor)
        if scores is not None:
            scorecard = _write(entry, session, actor, scores, comments, overall_comment)
        else:
            scorecard = Scorecard.objects.select_for_update().filter(entry=entry, member=actor).first()
            refuse_if([_("There is no scorecard to submit yet.")] if scorecard is None else [])
            refuse_if([_("This scorecard is already submitted.")] if scorecard.is_submitted else [])
        answered = {score.criterion_id for score in scorecard.scores.all() if score.is_answered}
        missing = [criterion.title for criterion in session.grid.criteria.all() if criterion.pk not in answered]
        refuse_if(
            [_("Score every criterion, or mark it N/A: %(criteria)s.") % {"criteria": ", ".join(missing)}]
            if missing
            else []
        )
        scorecard.status = ScorecardStatus.SUBMITTED
        scorecard.submitted_at = scorecard.updated_at = timezone.now()
        scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
        write_log(session, JuryAction.SCORECARD_SUBMITTED, actor=actor, entry=entry, member=actor)
        # The session row is locked, so exactly one submission sees the last missing scorecard arrive. Only a
        # scorecard that is both its study's last and its juror's last asks about the whole session (once per
        # juror at most): any other leaves its study or its juror owing one.
        if not (
            awaits_scorecards(session, entry=entry)
            or awaits_scorecards(session, member=actor)
            or awaits_scorecards(session)
        ):
            all_scorecards_in.send(sender=type(session), session=session)
    return scorecard


def reopen_scorecard(entry, *, actor, member, reason):
    """Reopen ``member``'s submitted scorecard of a study as a draft (the president only), logged.

    Identified by study and member, and answered with the log row, so that the president reopens it
    without reading it. Only while scoring is open and before the deadline, so that the member can submit
    it again.
    """
    with transaction.atomic(durable=True):
        entry = fetch_entry(entry.pk)
        session = lock_session(entry.session_id)
        entry_policy.check(actor, "reopen", entry)
        reasons = _scoring_refusals(session)
        if not reason.strip():
            reasons.append(_("Give the reason for reopening the scorecard."))
        scorecard = Scorecard.objects.select_for_update().filter(entry=entry, member=member).not_conflicted().first()
        if scorecard is None or not scorecard.is_submitted:
            reasons.append(_("This member has no submitted scorecard for this study."))
        refuse_if(reasons)
        scorecard.status = ScorecardStatus.DRAFT
        scorecard.submitted_at = None
        scorecard.updated_at = timezone.now()
        scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
        log = write_log(
            session, JuryAction.SCORECARD_REOPENED, actor=actor, entry=entry, member=member, detail=reason.strip()
        )
        scorecard_reopened.send(sender=Scorecard, scorecard=scorecard, actor=actor, reason=reason.strip())
    return log

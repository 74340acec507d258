"""Rows and figures a user may see in the juries. Each selector agrees with its predicate in ``juries.rules``.

Blindness holds here: before deliberation, a member's queries return only his own scorecards and
scores; counts and results are built on these selectors, so they cannot leak what the rows hide.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from juries.aggregation import CardInput, Thresholds, aggregate_session
from juries.enums import ScorecardStatus, SessionState
from juries.models import (
    AgendaEntry,
    ConflictOfInterest,
    JuryDecision,
    JuryMembership,
    JurySession,
    Score,
    Scorecard,
)
from juries.rules import REVEALED_STATES, can_view_submission_progress


def _is_active(user):
    return user is not None and user.is_authenticated and user.is_active


def _member_of_session(user, session_ref="session"):
    return Exists(JuryMembership.objects.filter(session_id=OuterRef(session_ref), user=user))


def _conflicted(user, entry_ref="entry"):
    return Exists(ConflictOfInterest.objects.filter(entry_id=OuterRef(entry_ref), member=user))


def sessions_for_user(user):
    """Return the sessions ``user`` may open (``juries.view_jurysession``): all for a national coordinator,
    his own for a member."""
    if not _is_active(user):
        return JurySession.objects.none()
    if user.is_national_coordinator:
        return JurySession.objects.all()
    return JurySession.objects.filter(_member_of_session(user, "pk"))


def agenda_entries_for_user(user):
    """Return the agenda entries ``user`` may see (``can_view_agenda_entry``), conflicted ones included.

    Seeing the entry is not opening the study: a conflicted member cannot open its content
    (``workflow.selectors.studies_for_user``).
    """
    if not _is_active(user):
        return AgendaEntry.objects.none()
    if user.is_national_coordinator:
        return AgendaEntry.objects.all()
    return AgendaEntry.objects.filter(_member_of_session(user, "session_id"))


def scorecards_for_user(user):
    """Return the scorecards ``user`` may read (``juries.view_scorecard``).

    His own, except on studies he is conflicted on. From deliberation on, also the submitted scorecards
    of his sessions (every session for a national coordinator), except on studies he is conflicted on
    and those of members who declared a conflict on their study.
    """
    if not _is_active(user):
        return Scorecard.objects.none()
    revealed = Q(status=ScorecardStatus.SUBMITTED, entry__session__state__in=REVEALED_STATES) & ~Q(
        Exists(ConflictOfInterest.objects.filter(entry_id=OuterRef("entry_id"), member_id=OuterRef("member_id")))
    )
    if not user.is_national_coordinator:
        revealed &= Q(_member_of_session(user, "entry__session_id"))
    return Scorecard.objects.filter(Q(member=user) | revealed).exclude(_conflicted(user, "entry_id"))


def scores_for_user(user):
    """Return the criterion scores of the scorecards ``user`` may read."""
    return Score.objects.filter(scorecard__in=scorecards_for_user(user))


def decisions_for_user(user):
    """Return the jury decisions ``user`` may see (``can_view_decision``)."""
    return JuryDecision.objects.filter(entry__in=agenda_entries_for_user(user)).exclude(_conflicted(user, "entry_id"))


def conflicts_for_user(user):
    """Return the conflicts of interest declared in the sessions ``user`` may open."""
    return ConflictOfInterest.objects.filter(entry__in=agenda_entries_for_user(user))


@dataclass(frozen=True)
class ScorecardProgress:
    """Whether a member has submitted his scorecard of a study; what he gave is not here."""

    entry: AgendaEntry
    member: object
    submitted: bool


def _eligible_pairs(session):
    """Yield (entry, member) for every scorecard the session expects, conflicts left out (4 queries)."""
    members = [membership.user for membership in session.memberships.select_related("user")]
    entries = list(session.agenda.select_related("study__project"))
    conflicted = set(ConflictOfInterest.objects.filter(entry__session=session).values_list("entry_id", "member_id"))
    for entry in entries:
        for member in members:
            if (entry.pk, member.pk) not in conflicted:
                yield entry, member


def _submitted_pairs(session):
    return set(Scorecard.objects.filter(entry__session=session).counted().values_list("entry_id", "member_id"))


def missing_scorecards(session):
    """Return the (entry, member) pairs whose scorecard the session still waits for.

    For the services and the reminder task; it tells who is late, never what anyone gave.
    """
    submitted = _submitted_pairs(session)
    return [(entry, member) for entry, member in _eligible_pairs(session) if (entry.pk, member.pk) not in submitted]


def submission_progress_for_user(session, user):
    """Return who has submitted which scorecard, for a national coordinator or the session's president.

    Anyone else gets an empty list: before deliberation, even a count of others' scorecards is hidden
    from the members.
    """
    if not can_view_submission_progress(user, session):
        return []
    submitted = _submitted_pairs(session)
    return [
        ScorecardProgress(entry=entry, member=member, submitted=(entry.pk, member.pk) in submitted)
        for entry, member in _eligible_pairs(session)
    ]


@dataclass(frozen=True)
class MissingScorecard:
    session: JurySession
    entry: AgendaEntry
    member: object


def missing_scorecards_near_deadline(*, now=None, within=None):
    """Return the scorecards still missing in the scoring sessions whose deadline falls within ``within``.

    ``within`` defaults to ``TREMPLIN_JURY_REMINDER_BEFORE_DEADLINE_HOURS``; the notifications' periodic
    task reads this to remind the late members.
    """
    now = now or timezone.now()
    within = within if within is not None else timedelta(hours=settings.TREMPLIN_JURY_REMINDER_BEFORE_DEADLINE_HOURS)
    sessions = JurySession.objects.filter(
        state=SessionState.SCORING, scoring_deadline__gt=now, scoring_deadline__lte=now + within
    )
    return [
        MissingScorecard(session=session, entry=entry, member=member)
        for session in sessions
        for entry, member in missing_scorecards(session)
    ]


def disagreement_thresholds():
    """Return the configured disagreement thresholds (``TREMPLIN_JURY_DISAGREEMENT_*`` settings)."""
    return Thresholds(
        stdev=Decimal(str(settings.TREMPLIN_JURY_DISAGREEMENT_STDEV)),
        spread=int(settings.TREMPLIN_JURY_DISAGREEMENT_SPREAD),
    )


def session_results_for_user(session, user):
    """Return the session's results (``juries.aggregation.SessionResults``) as ``user`` may see them.

    Each study's result carries its agenda entry (with the study, project and decision) and the results
    carry the grid's criteria, so that a page shows them without another query (7 queries in all).

    ``None`` before deliberation or for someone who may not see them. Only counted scorecards enter
    (submitted, by members not conflicted on the study); the studies ``user`` is conflicted on are left
    out of what he gets, though they are ranked with the others.
    """
    # Read the session afresh: the caller's copy may predate the close of scoring.
    session = JurySession.objects.select_related("grid").get(pk=session.pk)
    member_ids = set(session.memberships.values_list("user_id", flat=True))
    # ``can_view_results``, on the member ids read anyway: it spares the results page a query.
    allowed = _is_active(user) and (user.is_national_coordinator or user.pk in member_ids)
    if session.state not in REVEALED_STATES or not allowed:
        return None
    criteria = list(session.grid.criteria.all()) if session.grid_id else []
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    # The table names each study by its project: the studies' wide rows (their section texts) stay unread.
    entries = list(
        session.agenda.select_related("study__project", "decision").only(
            "session_id", "study_id", "position", "added_at", "study__project__name", "decision__decision"
        )
    )
    for entry in entries:
        entry.session = session
    conflicts = list(ConflictOfInterest.objects.filter(entry__session=session).values_list("entry_id", "member_id"))
    # Plain tuples rather than models: a prefetch would build a queryset per scorecard (about 150 a session).
    counted = Scorecard.objects.filter(entry__session=session).counted()
    cards = list(counted.order_by("entry_id", "member_id").values_list("pk", "entry_id", "member_id"))
    scores_by_card = {pk: {} for pk, _entry_id, _member_id in cards}
    for card_id, criterion_id, value in (
        Score.objects.filter(scorecard__in=counted.values("pk"))
        .order_by()
        .values_list("scorecard_id", "criterion_id", "value")
    ):
        scores_by_card[card_id][criterion_id] = value
    results = aggregate_session(
        entry_ids=[entry.pk for entry in entries],
        weights=weights,
        cards=[
            CardInput(entry_id=entry_id, member_id=member_id, scores=scores_by_card[pk])
            for pk, entry_id, member_id in cards
        ],
        quorums={
            entry.pk: entry.required_quorum(
                eligible=len(member_ids - {member_id for entry_id, member_id in conflicts if entry_id == entry.pk})
            )
            for entry in entries
        },
        thresholds=disagreement_thresholds(),
    )
    hidden = {entry_id for entry_id, member_id in conflicts if member_id == user.pk}
    results.studies = [study for study in results.studies if study.entry_id not in hidden]
    by_pk = {entry.pk: entry for entry in entries}
    for study in results.studies:
        study.entry = by_pk[study.entry_id]
    results.criteria = criteria
    return results

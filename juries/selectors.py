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

from juries.aggregation import SessionResults, StudyResult, Thresholds
from juries.enums import Decision, JuryAction, ScorecardStatus, SessionState
from juries.models import (
    AgendaEntry,
    ConflictOfInterest,
    Criterion,
    EntryResult,
    JuryDecision,
    JuryLog,
    JuryMembership,
    JurySession,
    Score,
    Scorecard,
)
from juries.rules import REVEALED_STATES, can_view_submission_progress
from workflow.rules import conflicted_project_ids, jury_session_ids


def _is_active(user):
    return user is not None and user.is_authenticated and user.is_active


def _member_of_session(user, session_ref="session"):
    return Exists(JuryMembership.objects.filter(session_id=OuterRef(session_ref), user=user))


def _conflicted(user, entry_ref="entry"):
    """Whether ``user`` has a conflict on the project of the entry at ``entry_ref`` (a conflict binds the project)."""
    project = OuterRef(f"{entry_ref}__study__project_id")
    return Exists(ConflictOfInterest.objects.filter(project_id=project, member=user))


def _member_conflicted(entry_ref="entry", member_ref="member_id"):
    """Whether the member at ``member_ref`` has a conflict on the project of the entry at ``entry_ref``."""
    return Exists(
        ConflictOfInterest.objects.filter(
            project_id=OuterRef(f"{entry_ref}__study__project_id"), member_id=OuterRef(member_ref)
        )
    )


def sessions_for_user(user):
    """Return the sessions ``user`` may open (``juries.view_jurysession``): all for a national coordinator,
    his own for a member."""
    if not _is_active(user):
        return JurySession.objects.none()
    if user.is_national_coordinator:
        return JurySession.objects.all()
    return JurySession.objects.filter(_member_of_session(user, "pk"))


# What the session page's log tells every member: the session's own steps and who stands aside from which study.
# Scorecards and decisions are left out: who submitted has its own list, and a decision is the conflicted's secret.
PUBLIC_LOG_ACTIONS = (
    JuryAction.SESSION_PLANNED,
    JuryAction.SCORING_OPENED,
    JuryAction.DEADLINE_EXTENDED,
    JuryAction.SCORING_CLOSED,
    JuryAction.SESSION_CLOSED,
    JuryAction.CONFLICT_DECLARED,
    JuryAction.MEMBER_RECUSED,
)


def session_log_for_user(session, user):
    """Return the rows of the session's log that ``user``, who may open the session, may read, oldest first.

    The agenda names every study to every member, the conflicted ones included, so the log may too.
    """
    return (
        JuryLog.objects.filter(session=session, action__in=PUBLIC_LOG_ACTIONS)
        .select_related("actor", "member", "entry__study__project")
        .only(
            "action",
            "detail",
            "created_at",
            "actor__full_name",
            "actor__email",
            "member__full_name",
            "member__email",
            "entry__study__project__name",
        )
    )


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
    revealed = Q(status=ScorecardStatus.SUBMITTED, entry__session__state__in=REVEALED_STATES) & ~Q(_member_conflicted())
    if not user.is_national_coordinator:
        revealed &= Q(_member_of_session(user, "entry__session_id"))
    return Scorecard.objects.filter(Q(member=user) | revealed).exclude(_conflicted(user, "entry"))


def scores_for_user(user):
    """Return the criterion scores of the scorecards ``user`` may read."""
    return Score.objects.filter(scorecard__in=scorecards_for_user(user))


def decisions_for_user(user):
    """Return the jury decisions ``user`` may see (``can_view_decision``)."""
    if not _is_active(user):
        return JuryDecision.objects.none()
    return JuryDecision.objects.filter(entry__in=agenda_entries_for_user(user)).exclude(_conflicted(user, "entry"))


def conflicts_for_user(user):
    """Return the conflicts of interest declared in the sessions ``user`` may open."""
    return ConflictOfInterest.objects.filter(entry__in=agenda_entries_for_user(user))


def conflict_pairs(session_id):
    """Return (entry id, member id) for each conflict binding a member to the project of a study on the agenda.

    The conflicts of the session's members only would do; every conflict on the projects is as small and simpler.
    """
    return AgendaEntry.objects.filter(
        session_id=session_id, study__project__conflicts_of_interest__isnull=False
    ).values_list("pk", "study__project__conflicts_of_interest__member_id")


def _submitted(entry_id, member_id):
    return Exists(Scorecard.objects.filter(entry_id=entry_id, member_id=member_id, status=ScorecardStatus.SUBMITTED))


def _bound(project_id, member_id):
    return Exists(ConflictOfInterest.objects.filter(project_id=project_id, member_id=member_id))


def awaits_scorecards(session, *, entry=None, member=None):
    """Whether the session still waits for a scorecard: of ``entry``, or of ``member``, when given; one query.

    A member owes a scorecard of each study he is not conflicted on; only a submitted one counts. Asked of one
    entry, it reads that study's few scorecards; of one member, it stops at the first study he still owes;
    either way, not the whole session's scorecards, which only the question about the session reads.
    """
    if entry is not None:
        owing = JuryMembership.objects.filter(session_id=session.pk).exclude(_submitted(entry.pk, OuterRef("user_id")))
        return owing.exclude(_bound(entry.study.project_id, OuterRef("user_id"))).exists()
    entries = AgendaEntry.objects.filter(session_id=session.pk)
    if member is not None:
        owed = entries.exclude(_submitted(OuterRef("pk"), member.pk))
        return owed.exclude(_bound(OuterRef("study__project_id"), member.pk)).exists()
    owing = JuryMembership.objects.filter(session_id=OuterRef("session_id"))
    owing = owing.exclude(_submitted(OuterRef(OuterRef("pk")), OuterRef("user_id")))
    owing = owing.exclude(_bound(OuterRef(OuterRef("study__project_id")), OuterRef("user_id")))
    return entries.filter(Exists(owing)).exists()


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
    conflicted = set(conflict_pairs(session.pk))
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
    conflicted = conflicted_project_ids(user)
    return [
        ScorecardProgress(entry=entry, member=member, submitted=(entry.pk, member.pk) in submitted)
        for entry, member in _eligible_pairs(session)
        if entry.study.project_id not in conflicted
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

    The figures are those ``juries.services.results`` publishes when scoring closes: only counted scorecards
    enter (submitted, by members not conflicted on the study). Each study's result carries its
    project's name and the decision's label, and the results carry the grid's criteria, so that a page
    shows them without another query (2 queries in all, and the user's memoised scopes).

    ``None`` before deliberation or for someone who may not see them. The state is that of the copy given,
    so read it in the same request: a session only moves forward, so an older copy withholds the results
    rather than reveals them. The studies ``user`` is conflicted on are left out of what he gets, though
    they are ranked with the others.
    """
    allowed = _is_active(user) and (user.is_national_coordinator or session.pk in jury_session_ids(user))
    if session.state not in REVEALED_STATES or not allowed:
        return None
    # Ordered without the grid's own ordering, which would join the grid for nothing.
    criteria = list(Criterion.objects.filter(grid_id=session.grid_id).order_by("position", "pk").only("title"))
    rows = (
        EntryResult.objects.filter(entry__session_id=session.pk)
        .exclude(_conflicted(user, "entry"))
        .order_by("entry__position", "entry_id")
        .values_list(
            "entry_id",
            "scorecards",
            "quorum",
            "criterion_spreads",
            "entry__study__project__name",
            "entry__decision__decision",
            *EntryResult.FIGURES,
        )
    )
    thresholds = disagreement_thresholds()
    return SessionResults(studies=[_study_result(row, criteria, thresholds) for row in rows], criteria=criteria)


def _study_result(row, criteria, thresholds):
    entry_id, count, quorum, stored_spreads, name, decision, *values = row
    figures = dict(zip(EntryResult.FIGURES, values, strict=True))
    spreads = {criterion.pk: stored_spreads.get(str(criterion.pk)) for criterion in criteria}
    return StudyResult(
        entry_id=entry_id,
        count=count,
        quorum=quorum,
        criterion_spreads=spreads,
        disagreement=thresholds.passed_by(figures["stdev"], spreads.values()),
        study_name=name,
        decision=Decision(decision).label if decision else None,
        **figures,
    )

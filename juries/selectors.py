"""Rows and figures a user may see in the juries. Each selector agrees with its predicate in ``juries.rules``.

Blindness holds here: before deliberation, a member's queries return only his own scorecards and
scores; counts and results are built on these selectors, so they cannot leak what the rows hide.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Aggregate, CharField, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from accounts.links import url_for_pk
from juries.aggregation import SessionResults, StudyResult, Thresholds
from juries.enums import (
    AgendaShow,
    Decision,
    DecisionShown,
    JuryAction,
    QuorumShown,
    ResultOrder,
    ScorecardStatus,
    SessionState,
)
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
from juries.rules import (
    REVEALED_STATES,
    can_declare_own_conflict,
    can_manage_session,
    can_recuse_members,
    can_view_submission_progress,
    is_session_member,
)
from projects.models import Region
from workflow.enums import State
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


class _Joined(Aggregate):
    """Texts joined by ", " in one value: ``STRING_AGG`` on PostgreSQL, ``GROUP_CONCAT`` on SQLite.

    Django 5.2 has no aggregate of its own for both (``StringAgg`` is PostgreSQL's only until Django 6.0).
    """

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, ', ')"
        )


def sessions_shown_to_user(user):
    """Return ``sessions_for_user`` as the session page reads one: with its memberships and their people (its
    flags and its lines' progress read them), the names of the regions it covers and the length of its agenda
    (``agenda_size``: an unfiltered page of the agenda need not count it), in two queries."""
    regions = (
        Region.objects.filter(jury_sessions=OuterRef("pk"))
        .order_by()
        .values("jury_sessions")
        .annotate(names=_Joined("name"))
        .values("names")
    )
    agenda = AgendaEntry.objects.filter(session=OuterRef("pk")).order_by().values("session")
    return (
        sessions_for_user(user)
        .annotate(
            region_names=Subquery(regions),
            agenda_size=Coalesce(Subquery(agenda.annotate(n=Count("pk")).values("n")), 0),
        )
        .prefetch_related(Prefetch("memberships", queryset=JuryMembership.objects.select_related("user")))
    )


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


ACTIVE_STATES = (SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION)


def agenda_for_user(session, user, *, q="", show=""):
    """Return the agenda of a session ``user`` may open, as its page lists it: plain values, in agenda order.

    A ``values()`` queryset to page, then to read with ``agenda_lines_for_user``; a member's rows carry his own
    scorecard's status. Every member sees every line, those he is conflicted on included (their name only).
    ``q`` searches the project's name, commune and region. ``show`` keeps the lines of an ``AgendaShow``;
    whether others have submitted is for those who may see the submission progress, and the filter is
    ignored for anyone else, as a count would tell it.
    """
    entries = AgendaEntry.objects.filter(session_id=session.pk)
    if q:
        entries = _searched(entries, q)
    if show == AgendaShow.TO_SCORE:
        mine = Scorecard.objects.filter(entry=OuterRef("pk"), member=user, status=ScorecardStatus.SUBMITTED)
        entries = entries.exclude(Exists(mine)).exclude(study__project_id__in=conflicted_project_ids(user))
    elif show == AgendaShow.UNDECIDED:
        entries = entries.filter(decision__isnull=True)
    elif show in (AgendaShow.MISSING, AgendaShow.COMPLETE) and can_view_submission_progress(user, session):
        entries = _by_progress(session, entries, complete=show == AgendaShow.COMPLETE)
    card = None
    if is_session_member(user, session):
        card = Subquery(Scorecard.objects.filter(entry=OuterRef("pk"), member=user).order_by().values("status")[:1])
    return entries.order_by("position", "pk").values(*AGENDA_FIELDS, card=card or Value(""))


def _by_progress(session, entries, *, complete):
    """Keep the entries whose every expected scorecard counts (``complete``), or those still waiting for one."""
    members = [membership.user_id for membership in session.memberships.all()]
    counted = Scorecard.objects.filter(entry=OuterRef("pk")).counted().order_by().values("entry")
    standing_aside = (
        ConflictOfInterest.objects.filter(project_id=OuterRef("study__project_id"), member_id__in=members)
        .order_by()
        .values("project")
    )
    entries = entries.alias(
        counted=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0),
        expected=Value(len(members)) - Coalesce(Subquery(standing_aside.annotate(n=Count("pk")).values("n")), 0),
    )
    return entries.filter(counted__gte=F("expected")) if complete else entries.filter(counted__lt=F("expected"))


@dataclass(frozen=True)
class MemberProgress:
    """Whether a member has submitted his scorecard of a study; what he gave is not here."""

    member_id: int
    name: str
    submitted: bool


@dataclass(frozen=True)
class AgendaLine:
    """A line of the agenda as its page shows it to one person: plain values, and what he may see and do."""

    entry_id: int
    study_id: int
    url: str
    """The entry's page; its other pages (scorecard, conflict, recusal, reopen) are under it, as
    ``juries/urls.py`` nests them: the template adds their ends rather than reversing each link of each line,
    which cost a third of the page."""
    study_url: str
    take_off_url: str
    name: str
    commune: str
    state: str
    state_label: str
    decision: str
    conflicted: bool
    card: str
    """The reader's own scorecard: empty when he has none, else its status's label."""
    card_submitted: bool
    progress: tuple | None
    """A ``MemberProgress`` per member expected to score the study, for those who may see it; else ``None``."""
    submitted: int
    waiting: str
    """Whose scorecard is awaited, said in a few words (empty when nobody's is, or for who may not see it)."""
    can_open_study: bool
    can_score: bool
    can_declare_conflict: bool
    can_recuse: bool
    can_open_entry: bool
    can_take_off: bool


AGENDA_FIELDS = (
    "pk",
    "study_id",
    "study__state",
    "study__project_id",
    "study__project__name",
    "study__project__commune",
    "decision__decision",
)


def agenda_lines_for_user(session, user, rows):
    """Return the lines of ``rows`` (a page of ``agenda_for_user``) as ``user`` sees them, in one pass.

    A person with a conflict of interest on a project sees its name on the agenda, and nothing else of it:
    neither its state, nor its decision, nor the progress of its scoring, nor a way to act on it. One query
    (who submitted or stands aside on these rows, for those who may see it), whatever the agenda's length;
    the session's memberships are read from the session, to prefetch (``sessions_shown_to_user``).
    """
    progress = _progress(session, user, [row["pk"] for row in rows])
    conflicts = conflicted_project_ids(user)
    member = is_session_member(user, session)
    active = session.state in ACTIVE_STATES
    may_declare = active and can_declare_own_conflict(user, session)
    may_recuse = active and can_recuse_members(user, session)
    may_take_off = can_manage_session(user) and session.state in (SessionState.PLANNED, SessionState.SCORING)
    entry_url, study_url = url_for_pk("juries:entry-detail"), url_for_pk("workflow:study-detail")
    take_off_url = url_for_pk("juries:agenda-remove", session.pk)
    lines = []
    for row in rows:
        conflicted = row["study__project_id"] in conflicts
        free = not conflicted and row["decision__decision"] is None
        members = None if progress is None or conflicted else progress[row["pk"]]
        can_take_off = may_take_off and row["study__state"] != State.JURY
        lines.append(
            AgendaLine(
                entry_id=row["pk"],
                study_id=row["study_id"],
                url=entry_url(row["pk"]),
                study_url="" if conflicted else study_url(row["study_id"]),
                take_off_url=take_off_url(row["pk"]) if can_take_off else "",
                name=row["study__project__name"],
                commune=row["study__project__commune"],
                state=row["study__state"],
                state_label=State(row["study__state"]).label,
                decision="" if conflicted or free else Decision(row["decision__decision"]).label,
                conflicted=conflicted,
                card=ScorecardStatus(row["card"]).label if row["card"] else "",
                card_submitted=row["card"] == ScorecardStatus.SUBMITTED,
                progress=members,
                submitted=sum(1 for one in members if one.submitted) if members else 0,
                waiting=_waiting(members),
                can_open_study=not conflicted,
                can_score=member and not conflicted and session.state == SessionState.SCORING,
                can_declare_conflict=may_declare and free,
                can_recuse=may_recuse and free,
                can_open_entry=not conflicted and session.is_scores_revealed,
                can_take_off=can_take_off,
            )
        )
    return lines


def _waiting(members):
    """Say whose scorecard a line still waits for (empty when none or hidden)."""
    names = ", ".join(one.name for one in members or () if not one.submitted)
    return gettext("waiting: %(names)s") % {"names": names} if names else ""


def _progress(session, user, entry_ids):
    """Return {entry id: (``MemberProgress``, ...)} for the entries, or ``None`` for who may not see it.

    Each member not conflicted on the study, in the order of the session's members; one query for the
    submitted scorecards and the conflicts together. Nobody has scored a study of a planned session.
    """
    if not can_view_submission_progress(user, session):
        return None
    if session.state == SessionState.PLANNED or not entry_ids:
        submitted, aside = set(), set()
    else:
        cards = Scorecard.objects.filter(entry_id__in=entry_ids, status=ScorecardStatus.SUBMITTED).values_list(
            "entry_id", "member_id", Value(True)
        )
        conflicts = AgendaEntry.objects.filter(
            pk__in=entry_ids, study__project__conflicts_of_interest__isnull=False
        ).values_list("pk", "study__project__conflicts_of_interest__member_id", Value(False))
        pairs = list(cards.order_by().union(conflicts.order_by(), all=True))
        submitted = {(entry, member) for entry, member, is_card in pairs if is_card}
        aside = {(entry, member) for entry, member, is_card in pairs if not is_card}
    members = [(membership.user_id, str(membership.user)) for membership in session.memberships.all()]
    return {
        entry: tuple(
            MemberProgress(member_id=pk, name=name, submitted=(entry, pk) in submitted)
            for pk, name in members
            if (entry, pk) not in aside
        )
        for entry in entry_ids
    }


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


RESULT_FIELDS = (
    "entry_id",
    "scorecards",
    "quorum",
    "criterion_spreads",
    "entry__study__project__name",
    "entry__decision__decision",
    *EntryResult.FIGURES,
)


def _results_for_user(session, user):
    """Return the stored results of the session that ``user`` may read, or ``None`` (see the callers)."""
    allowed = _is_active(user) and (user.is_national_coordinator or session.pk in jury_session_ids(user))
    if session.state not in REVEALED_STATES or not allowed:
        return None
    return EntryResult.objects.filter(entry__session_id=session.pk).exclude(_conflicted(user, "entry"))


def session_criteria(session):
    """Return the criteria of the session's grid, in the grid's order, with their titles only."""
    # Ordered without the grid's own ordering, which would join the grid for nothing.
    return list(Criterion.objects.filter(grid_id=session.grid_id).order_by("position", "pk").only("title"))


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
    rows = _results_for_user(session, user)
    if rows is None:
        return None
    criteria = session_criteria(session)
    rows = rows.order_by("entry__position", "entry_id").values(*RESULT_FIELDS)
    return SessionResults(studies=list(study_results(rows, criteria)), criteria=criteria)


def _searched(rows, q, entry_ref=""):
    """Keep the agenda rows whose project's name, commune or region contains ``q``."""
    project = f"{entry_ref}study__project"
    return rows.filter(
        Q(**{f"{project}__name__icontains": q})
        | Q(**{f"{project}__commune__icontains": q})
        | Q(**{f"{project}__region__name__icontains": q})
    )


def results_table_for_user(session, user, *, q="", quorum="", decision="", conflict=False, order=ResultOrder.MEAN):
    """Return the rows of the results table ``user`` may read, filtered and ranked, or ``None`` (as above).

    A ``values()`` queryset to page, then to read with ``study_results``: the ranks are those stored over the whole
    session, so a study keeps its rank whatever the filter or the page. ``conflict`` keeps the studies a member
    of the session stands aside from; the reader's own conflicts are never among the rows.
    """
    rows = _results_for_user(session, user)
    if rows is None:
        return None
    if q:
        rows = _searched(rows, q, "entry__")
    if quorum:
        reached = Q(scorecards__gte=F("quorum"))
        rows = rows.filter(reached if quorum == QuorumShown.REACHED else ~reached)
    if decision:
        rows = rows.filter(entry__decision__isnull=decision == DecisionShown.PENDING)
    if conflict:
        members = JuryMembership.objects.filter(session_id=session.pk).values("user_id")
        rows = rows.filter(
            Exists(
                ConflictOfInterest.objects.filter(
                    project_id=OuterRef("entry__study__project_id"), member_id__in=members
                )
            )
        )
    rank = "normalised_rank" if order == ResultOrder.NORMALISED else "rank"
    return rows.order_by(F(rank).asc(nulls_last=True), "entry__position", "entry_id").values(*RESULT_FIELDS)


def study_results(rows, criteria):
    """Yield a ``StudyResult`` for each row of ``rows``, values of ``RESULT_FIELDS`` (no model built)."""
    thresholds = disagreement_thresholds()
    for row in rows:
        yield _study_result(row, criteria, thresholds)


def _study_result(row, criteria, thresholds):
    figures = {name: row[name] for name in EntryResult.FIGURES}
    spreads = {criterion.pk: row["criterion_spreads"].get(str(criterion.pk)) for criterion in criteria}
    decision = row["entry__decision__decision"]
    return StudyResult(
        entry_id=row["entry_id"],
        count=row["scorecards"],
        quorum=row["quorum"],
        criterion_spreads=spreads,
        disagreement=thresholds.passed_by(figures["stdev"], spreads.values()),
        study_name=row["entry__study__project__name"],
        decision=Decision(decision).label if decision else None,
        **figures,
    )

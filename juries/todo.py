"""The juries' part of a person's to-do list: scorecards to fill, decisions to record, sessions to plan and open.

Each kind of work is one query of at most ``TODO_LENGTH`` rows, whatever the size of the agenda.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.todo import TodoItem
from juries.enums import ScorecardStatus, SessionState
from juries.models import AgendaEntry, JuryDecision, JurySession, Scorecard
from projects.models import OpportunityStudy
from workflow.enums import State
from workflow.models import FinancingReview
from workflow.rules import conflicted_project_ids, jury_session_ids, presided_study_ids
from workflow.turn import stage_due

TODO_LENGTH = 10


def todo_for_user(user, *, now):
    """Return the ``TodoItem`` of the jury work that waits for ``user``."""
    items = []
    if jury_session_ids(user):
        items += _scorecards_to_fill(user, now)
    if presided_study_ids(user):
        items += _decisions_to_record(user)
    if user.is_national_coordinator:
        items += _sessions_to_plan(user, now) + _sessions_to_run(now)
    return items


def _item(label, url, due, now):
    return TodoItem(label=label, url=url, due=due, overdue=due is not None and due < now)


def _scorecards_to_fill(user, now):
    """The studies of his sessions open for scoring that the member has not scored yet (not his conflicts)."""
    entries = (
        AgendaEntry.objects.filter(
            session_id__in=jury_session_ids(user),
            session__state=SessionState.SCORING,
            session__memberships__user=user,
            study__state=State.JURY,
        )
        .exclude(study__project_id__in=conflicted_project_ids(user))
        .exclude(Exists(Scorecard.objects.filter(entry=OuterRef("pk"), member=user, status=ScorecardStatus.SUBMITTED)))
        .order_by("session__scoring_deadline", "position", "pk")
        .values_list("pk", "study__project__name", "session__title", "session__scoring_deadline")
    )
    return [
        _item(
            _("Score “%(project)s” (jury session “%(session)s”)") % {"project": name, "session": session},
            reverse("juries:scorecard", args=[pk]),
            deadline,
            now,
        )
        for pk, name, session, deadline in entries[:TODO_LENGTH]
    ]


def _decisions_to_record(user):
    """The studies of a session in deliberation that the person presides, still without a decision."""
    entries = (
        AgendaEntry.objects.filter(
            study_id__in=presided_study_ids(user),
            session__state=SessionState.DELIBERATION,
            session__memberships__user=user,
            session__memberships__is_president=True,
            study__state=State.JURY,
        )
        .exclude(study__project_id__in=conflicted_project_ids(user))
        .exclude(Exists(JuryDecision.objects.filter(entry=OuterRef("pk"))))
        .order_by("session__date", "position", "pk")
        .values_list("pk", "study__project__name", "session__title")
    )
    return [
        TodoItem(
            label=_("Record the jury's decision on “%(project)s” (jury session “%(session)s”)")
            % {"project": name, "session": session},
            url=reverse("juries:entry-detail", args=[pk]),
        )
        for pk, name, session in entries[:TODO_LENGTH]
    ]


def _sessions_to_plan(user, now):
    """The studies reviewed by the bank that no open session has on its agenda yet."""
    studies = (
        OpportunityStudy.objects.filter(state=State.FINANCING_REVIEW)
        .exclude(project_id__in=conflicted_project_ids(user))
        .filter(Exists(FinancingReview.objects.filter(study=OuterRef("pk"))))
        .exclude(Exists(AgendaEntry.objects.filter(study=OuterRef("pk")).exclude(session__state=SessionState.CLOSED)))
        .order_by("state_changed_at", "pk")
        .values_list("project__name", "state_changed_at")
    )
    url = reverse("juries:session-list")
    return [
        _item(
            _("Put “%(project)s” on a jury session's agenda") % {"project": name},
            url,
            stage_due(State.FINANCING_REVIEW, changed),
            now,
        )
        for name, changed in studies[:TODO_LENGTH]
    ]


def _sessions_to_run(now):
    """Planned sessions to open for scoring; sessions whose scoring deadline has passed, to close."""
    sessions = (
        JurySession.objects.filter(state__in=(SessionState.PLANNED, SessionState.SCORING))
        .exclude(state=SessionState.SCORING, scoring_deadline__gt=now)
        .order_by("scoring_deadline", "date", "pk")
        .values_list("pk", "title", "state", "scoring_deadline")
    )
    items = []
    for pk, title, state, deadline in sessions[:TODO_LENGTH]:
        if state == SessionState.PLANNED:
            label = _("Open the scoring of the jury session “%(session)s”") % {"session": title}
        else:
            label = _("Close the scoring of the jury session “%(session)s”") % {"session": title}
        items.append(_item(label, reverse("juries:session-detail", args=[pk]), deadline, now))
    return items

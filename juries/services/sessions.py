"""Jury sessions: planning, members, agenda, and the session's own life cycle."""

from django.db import transaction
from django.db.models import Case, Count, Max, Sum, Value, When, Window
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from juries.enums import JuryAction, SessionState
from juries.models import (
    MAXIMUM_QUORUM,
    MINIMUM_QUORUM,
    AgendaEntry,
    JuryDecision,
    JuryMembership,
    JurySession,
    ScoringGrid,
)
from juries.policy import session_policy
from juries.services._common import lock_session, refuse_if, state_refusal, write_log
from juries.services.grids import criteria_refusals
from juries.services.results import publish_results
from juries.signals import (
    deadline_extended,
    members_invited,
    scoring_closed,
    scoring_opened,
    session_closed,
    session_planned,
    study_put_on_agenda,
)
from projects.models import OpportunityStudy
from workflow.enums import State

OPEN_STATES = (SessionState.PLANNED, SessionState.SCORING)
EDITABLE_STATES = (SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION)
# Once scoring has opened, the regions decide who may sit on the jury and the quorum when it may decide.
FIXED_ONCE_SCORING = ("regions", "quorum")


def plan_session(
    *,
    actor,
    title,
    date,
    grid=None,
    place="",
    video_link="",
    regions=(),
    scoring_deadline=None,
    quorum=None,
    members=(),
    president=None,
):
    """Plan a jury session with its members (``president`` among them) and invite them.

    Only a national coordinator may. The agenda is built afterwards with ``add_to_agenda``.
    """
    session_policy.check(actor, "manage")
    members = list(dict.fromkeys([*members, *([president] if president else [])]))
    refuse_if(_quorum_refusals(quorum))
    with transaction.atomic(durable=True):
        session = JurySession.objects.create(
            title=title,
            date=date,
            grid=grid,
            place=place,
            video_link=video_link,
            scoring_deadline=scoring_deadline,
            quorum=quorum,
            created_by=actor,
        )
        session.regions.set(regions)
        JuryMembership.objects.bulk_create(
            JuryMembership(session=session, user=member, is_president=member == president) for member in members
        )
        write_log(session, JuryAction.SESSION_PLANNED, actor=actor, detail=title)
        session_planned.send(sender=JurySession, session=session, members=members, actor=actor)
    return session


def _quorum_refusals(quorum):
    if quorum is not None and quorum < 1:
        return [_("The quorum must be at least 1, or left empty for the default.")]
    if quorum is not None and quorum > MAXIMUM_QUORUM:
        return [_("The quorum cannot be more than %(maximum)d members.") % {"maximum": MAXIMUM_QUORUM}]
    return []


def update_session(session, *, actor, title, date, place, video_link, regions, quorum):
    """Correct the details of a session that is not closed; the regions and the quorum only while it is planned.

    The log names the details that changed; changing nothing logs nothing.
    """
    session_policy.check(actor, "manage")
    details = {
        "title": title,
        "date": date,
        "place": place,
        "video_link": video_link,
        "regions": {region.pk for region in regions},
        "quorum": quorum,
    }
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        current = _details(locked)
        changed = [name for name, value in details.items() if value != current[name]]
        # A closed session needs no other reason: nothing of it may change.
        refuse_if(
            state_refusal(locked, EDITABLE_STATES)
            or [
                *_fixed_once_scoring_refusals(locked, changed),
                *_quorum_refusals(quorum),
                *_place_refusals(place, video_link),
            ]
        )
        if not changed:
            return locked
        columns = [name for name in changed if name != "regions"]
        for name in columns:
            setattr(locked, name, details[name])
        # ``updated_at`` too when only the regions changed: the API's ``updated_since`` must see it.
        locked.save(update_fields=[*columns, "updated_at"])
        if "regions" in changed:
            locked.regions.set(details["regions"])
        write_log(
            locked,
            JuryAction.SESSION_UPDATED,
            actor=actor,
            detail=", ".join(str(JurySession._meta.get_field(name).verbose_name) for name in changed),
        )
    return locked


def _details(session):
    details = {name: getattr(session, name) for name in ("title", "date", "place", "video_link", "quorum")}
    return details | {"regions": set(session.regions.values_list("pk", flat=True))}


def _fixed_once_scoring_refusals(session, changed):
    if session.state == SessionState.PLANNED:
        return []
    reasons = {
        "regions": _("The regions covered can no longer change: scoring has opened."),
        "quorum": _("The quorum can no longer change: scoring has opened."),
    }
    return [reasons[name] for name in FIXED_ONCE_SCORING if name in changed]


def _place_refusals(place, video_link):
    if not place and not video_link:
        return [_("Give the place of the session or its video link.")]
    return []


def add_member(session, *, actor, user, is_president=False):
    """Add a member to a planned or scoring session (as its president, replacing the former one) and invite him."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        refuse_if(state_refusal(locked, OPEN_STATES))
        refuse_if(
            [_("%(user)s is already a member of this session.") % {"user": user}]
            if locked.memberships.filter(user=user).exists()
            else []
        )
        if is_president:
            locked.memberships.filter(is_president=True).update(is_president=False)
        membership = JuryMembership.objects.create(session=locked, user=user, is_president=is_president)
        write_log(locked, JuryAction.MEMBER_ADDED, actor=actor, member=user)
        if is_president:
            write_log(locked, JuryAction.PRESIDENT_SET, actor=actor, member=user)
        members_invited.send(sender=JurySession, session=locked, members=[user], actor=actor)
    return membership


def remove_member(session, *, actor, user):
    """Remove a member from a session that has not opened scoring yet."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        refuse_if(state_refusal(locked, (SessionState.PLANNED,)))
        deleted, _rows = locked.memberships.filter(user=user).delete()
        refuse_if([_("%(user)s is not a member of this session.") % {"user": user}] if not deleted else [])
        write_log(locked, JuryAction.MEMBER_REMOVED, actor=actor, member=user)


def set_president(session, *, actor, user):
    """Make a member the session's president, in place of the former one (a session has exactly one)."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        refuse_if(state_refusal(locked, (SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION)))
        membership = locked.memberships.filter(user=user).first()
        refuse_if([_("%(user)s is not a member of this session.") % {"user": user}] if membership is None else [])
        # Demote first: the database allows one president per session at any moment.
        locked.memberships.filter(is_president=True).exclude(pk=membership.pk).update(is_president=False)
        if not membership.is_president:
            membership.is_president = True
            membership.save(update_fields=["is_president"])
        write_log(locked, JuryAction.PRESIDENT_SET, actor=actor, member=user)
    return membership


def agenda_refusals(session, study):
    """Return why ``study`` cannot enter the session's agenda (empty when it can)."""
    reasons = state_refusal(session, OPEN_STATES)
    if study.state != State.FINANCING_REVIEW:
        reasons.append(_("Only a study in financing review can enter a jury's agenda."))
    if AgendaEntry.objects.filter(study=study, session=session).exists():
        reasons.append(_("This study is already on the agenda of this session."))
    elif AgendaEntry.objects.filter(study=study).exclude(session__state=SessionState.CLOSED).exists():
        reasons.append(_("This study is already on the agenda of another session that is not closed."))
    return reasons


def add_to_agenda(session, *, actor, study):
    """Put a study in financing review on the agenda of a planned or scoring session."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        # The study first, then the session: the order ``record_decision`` locks them in.
        locked_study = OpportunityStudy.objects.select_for_update().get(pk=study.pk)
        locked = lock_session(session.pk)
        refuse_if(agenda_refusals(locked, locked_study))
        position = (locked.agenda.aggregate(Max("position"))["position__max"] or 0) + 1
        entry = AgendaEntry.objects.create(session=locked, study=locked_study, position=position)
        write_log(locked, JuryAction.STUDY_ADDED, actor=actor, entry=entry, detail=str(locked_study))
        study_put_on_agenda.send(sender=AgendaEntry, entry=entry, actor=actor)
    return entry


def remove_from_agenda(entry, *, actor):
    """Take a study that has not been sent to the jury yet off a planned or scoring session's agenda."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(entry.session_id)
        refuse_if(state_refusal(locked, OPEN_STATES))
        entry = AgendaEntry.objects.select_related("study").get(pk=entry.pk)
        refuse_if(
            [_("This study has already been sent to the jury: it stays on the agenda.")]
            if entry.study.state == State.JURY
            else []
        )
        write_log(locked, JuryAction.STUDY_REMOVED, actor=actor, detail=str(entry.study))
        entry.delete()


# A refusal names the agenda's studies that hold a session back up to this many, and counts the others.
UNSENT_NAMED = 5


def unsent_refusals(session, reason):
    """Return the agenda's length and why its studies not sent to the jury yet hold the session back.

    The first ``UNSENT_NAMED`` are named with ``reason``, the others counted: a planned session may have
    thousands of studies on its agenda still in financing review. One query, which reads those rows only.
    """
    is_unsent = Case(When(study__state__in=(State.JURY, State.WITHDRAWN), then=Value(0)), default=Value(1))
    first = list(
        session.agenda.select_related("study__project")
        # The window holds every entry: no long texts in them. The related manager reads ``session_id``.
        .only("session_id", "study__project__name")
        .annotate(unsent=is_unsent, agenda_size=Window(Count("pk")), unsent_count=Window(Sum(is_unsent)))
        .order_by("-unsent", "position", "pk")[:UNSENT_NAMED]
    )
    if not first:
        return 0, []
    named = [entry for entry in first if entry.unsent]
    reasons = [reason % {"study": entry.study} for entry in named]
    others = first[0].unsent_count - len(named)
    if others:
        reasons.append(
            ngettext(
                "… and %(count)s other study of the agenda, not sent to the jury either.",
                "… and %(count)s other studies of the agenda, not sent to the jury either.",
                others,
            )
            % {"count": number_format(others, force_grouping=True)}
        )
    return first[0].agenda_size, reasons


def open_scoring_refusals(session, *, now=None):
    """Return why scoring cannot open yet (empty when it can)."""
    reasons = state_refusal(session, (SessionState.PLANNED,))
    members = list(session.memberships.all())
    if not any(membership.is_president for membership in members):
        reasons.append(_("The session has no president."))
    if len(members) < MINIMUM_QUORUM:
        reasons.append(_("The session needs at least %(count)d members.") % {"count": MINIMUM_QUORUM})
    if session.quorum and session.quorum > len(members):
        reasons.append(_("The quorum is larger than the number of members."))
    # Jurors score what the bank has sent them: a study still in review may yet change or leave the agenda.
    size, unsent = unsent_refusals(
        session, _("“%(study)s” has not been sent to the jury yet: the bank sends it, or take it off the agenda.")
    )
    if not size:
        reasons.append(_("The agenda is empty."))
    reasons += unsent
    if session.scoring_deadline is None or not session.is_before_deadline(now):
        reasons.append(_("Set a scoring deadline in the future."))
    if session.grid is None:
        reasons.append(_("Choose the session's scoring grid."))
    else:
        reasons += criteria_refusals([{"title": c.title, "weight": c.weight} for c in session.grid.criteria.all()])
    return reasons


def open_scoring(session, *, actor):
    """Open scoring (``planned`` → ``scoring``) and freeze the session's grid for good."""
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        # Lock the grid too, so that nobody edits its criteria between the check and the freeze.
        locked.grid = ScoringGrid.objects.select_for_update().filter(pk=locked.grid_id).first()
        refuse_if(open_scoring_refusals(locked))
        grid = locked.grid
        if grid.frozen_at is None:
            grid.frozen_at = timezone.now()
            grid.save(update_fields=["frozen_at"])
        locked.open_scoring()
        locked.save()
        write_log(locked, JuryAction.SCORING_OPENED, actor=actor)
        scoring_opened.send(sender=JurySession, session=locked, actor=actor)
    return locked


def close_scoring(session, *, actor):
    """Close scoring (``scoring`` → ``deliberation``): scores are revealed to the jury and the results published.

    The figures of the whole session are computed here, once (``publish_results``): nothing a juror does while
    scoring is open recounts the session. Refused while a study of the agenda has not been sent to the jury
    (send it, or take it off the agenda), since the jury could not decide on it.
    """
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        reasons = state_refusal(locked, (SessionState.SCORING,))
        reasons += unsent_refusals(
            locked, _("“%(study)s” has not been sent to the jury: send it or take it off the agenda.")
        )[1]
        refuse_if(reasons)
        locked.close_scoring()
        locked.save()
        publish_results(locked)
        write_log(locked, JuryAction.SCORING_CLOSED, actor=actor)
        scoring_closed.send(sender=JurySession, session=locked, actor=actor)
    return locked


def close_session(session, *, actor):
    """Close the session (``deliberation`` → ``closed``), once every study of the agenda has a decision.

    A study withdrawn by its holder meanwhile needs none.
    """
    session_policy.check(actor, "manage")
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        reasons = state_refusal(locked, (SessionState.DELIBERATION,))
        decided = set(JuryDecision.objects.filter(entry__session=locked).values_list("entry_id", flat=True))
        for entry in locked.agenda.select_related("study__project"):
            if entry.pk not in decided and entry.study.state != State.WITHDRAWN:
                reasons.append(_("No decision has been recorded for “%(study)s”.") % {"study": entry.study})
        refuse_if(reasons)
        locked.close()
        locked.save()
        write_log(locked, JuryAction.SESSION_CLOSED, actor=actor)
        session_closed.send(sender=JurySession, session=locked, actor=actor)
    return locked


def extend_deadline(session, *, actor, deadline):
    """Move the scoring deadline later (the president, or a national coordinator)."""
    with transaction.atomic(durable=True):
        locked = lock_session(session.pk)
        session_policy.check(actor, "extend_deadline", locked)
        reasons = state_refusal(locked, OPEN_STATES)
        previous = locked.scoring_deadline
        if deadline <= timezone.now() or (previous is not None and deadline <= previous):
            reasons.append(_("The new deadline must be later than the current one and in the future."))
        refuse_if(reasons)
        locked.scoring_deadline = deadline
        locked.save(update_fields=["scoring_deadline", "updated_at"])
        write_log(
            locked,
            JuryAction.DEADLINE_EXTENDED,
            actor=actor,
            detail=_("%(previous)s → %(deadline)s")
            % {
                "previous": date_format(timezone.localtime(previous), "SHORT_DATETIME_FORMAT") if previous else "—",
                "deadline": date_format(timezone.localtime(deadline), "SHORT_DATETIME_FORMAT"),
            },
        )
        deadline_extended.send(sender=JurySession, session=locked, previous_deadline=previous, actor=actor)
    return locked

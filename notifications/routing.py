"""The event catalogue and the routing rules: who hears about what.

Read it as a table. ``TRANSITION_EVENTS`` names the event of each study transition; ``ROUTES`` gives,
for each kind of event, the recipients (the union of its rules), the line shown in the inbox and the
default delivery. A rule is a function of the event that returns a queryset of users; every rule is
scoped to the event's study, region or jury session, so that nobody outside a study's region and roles
hears about it. The person who caused an event is never told about it, and inactive users never are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import DeliveryMode, EventKind
from schools.enums import ReportAction
from workflow.enums import State

User = get_user_model()


@dataclass(frozen=True)
class Event:
    """Something that happened, with what the routing rules and the texts need to know about it."""

    kind: str
    study: Any = None
    project: Any = None
    region: Any = None
    from_region: Any = None
    session: Any = None
    report: Any = None
    actor: Any = None
    recipients: tuple = ()
    params: dict = field(default_factory=dict)
    # What the event is about when it is narrower than its study or session (a juror's scorecard, a request to
    # join).
    subject: Any = None

    @property
    def target(self):
        """Return the object the event is about: its inbox item and its email lead to that object's page."""
        return self.subject or self.report or self.study or self.session or self.project


# Rules: each returns the users it designates for an event.


def holder_team(event):
    return User.objects.filter(school_projects=event.project)


def regional_coordinators(event):
    return User.objects.filter(coordinated_networks__region=event.region)


def previous_regional_coordinators(event):
    return User.objects.filter(coordinated_networks__region=event.from_region)


def national_coordinators(event):
    return User.objects.filter(is_national_coordinator=True)


def bank_experts(event):
    return User.objects.filter(is_bank_expert=True)


def bank_experts_when_they_act_next(event):
    """The bank experts, when the study now waits for their financing review."""
    if event.study is not None and event.study.state == State.FINANCING_REVIEW:
        return bank_experts(event)
    return User.objects.none()


def every_regional_network(event):
    return User.objects.filter(coordinated_networks__isnull=False)


def session_members(event):
    return User.objects.filter(jury_memberships__session=event.session)


def session_president(event):
    return User.objects.filter(jury_memberships__session=event.session, jury_memberships__is_president=True)


def named_recipients(event):
    """The users the event names itself (a reminder computed for whoever must act)."""
    return User.objects.filter(pk__in=[user.pk for user in event.recipients])


def whoever_must_act(event):
    """The people the study waits for in its current stage."""
    rule = STAGE_ACTORS.get(event.study.state)
    return rule(event) if rule else User.objects.none()


def regional_coordinators_or_the_federation(event):
    """The coordinators of the event's region; the national coordinators when its network has none yet."""
    coordinators = regional_coordinators(event)
    return coordinators if coordinators.filter(is_active=True).exists() else national_coordinators(event)


def escalation_level(event):
    """The regional coordinators first, then the national coordinators."""
    return national_coordinators(event) if event.params.get("level") == 2 else regional_coordinators(event)


@dataclass(frozen=True)
class Route:
    rules: tuple
    text: Any
    default_mode: str = DeliveryMode.IMMEDIATE


ROUTES = {
    EventKind.STUDY_SUBMITTED: Route(
        (regional_coordinators, national_coordinators, bank_experts_when_they_act_next),
        _("“%(project)s” has submitted its opportunity study."),
    ),
    EventKind.CHANGES_REQUESTED: Route(
        (holder_team, regional_coordinators),
        _("Changes were requested on the opportunity study of “%(project)s”."),
    ),
    EventKind.ACCEPTED_INTO_TRAINING: Route(
        (holder_team, regional_coordinators),
        _("The opportunity study of “%(project)s” is accepted: the founders' training starts."),
    ),
    EventKind.TRAINING_COMPLETED: Route(
        (holder_team, regional_coordinators, bank_experts),
        _("“%(project)s” has completed its training: the financing review starts."),
    ),
    EventKind.STUDY_ON_AGENDA: Route(
        (bank_experts, holder_team, regional_coordinators),
        _("“%(project)s” is on the agenda of the jury “%(session)s” (%(date)s): the bank now sends it to the jury."),
    ),
    EventKind.SENT_TO_JURY: Route(
        (holder_team, regional_coordinators),
        _("The opportunity study of “%(project)s” is sent to the jury."),
    ),
    EventKind.JURY_DECISION: Route(
        (holder_team, regional_coordinators, bank_experts, national_coordinators),
        _("Jury decision on “%(project)s”: %(state)s."),
    ),
    EventKind.STUDY_WITHDRAWN: Route(
        (holder_team, regional_coordinators),
        _("The opportunity study of “%(project)s” was withdrawn."),
    ),
    EventKind.STUDY_FUNDED: Route(
        (holder_team, regional_coordinators, bank_experts, national_coordinators),
        _("The funding of “%(project)s” is recorded."),
    ),
    EventKind.SCHOOL_OPENED: Route(
        (holder_team, regional_coordinators, national_coordinators),
        _("“%(project)s” has opened its doors."),
    ),
    EventKind.FEDERATION_NEWS: Route(
        (every_regional_network,),
        _("News of the federation: “%(project)s” (%(region)s) is now “%(state)s”."),
        DeliveryMode.DIGEST,
    ),
    EventKind.PROJECT_TRANSFERRED: Route(
        (previous_regional_coordinators, regional_coordinators, national_coordinators),
        _("“%(project)s” moved from %(from_region)s to %(region)s."),
    ),
    EventKind.JURY_INVITATION: Route(
        (named_recipients,),
        _("You are a member of the jury session “%(session)s” on %(date)s."),
    ),
    EventKind.SCORING_OPENED: Route(
        (session_members,),
        _("Scoring is open for the jury session “%(session)s”."),
    ),
    EventKind.DEADLINE_EXTENDED: Route(
        (session_members,),
        _("The scoring deadline of the jury session “%(session)s” is now %(deadline)s."),
    ),
    EventKind.SCORECARD_REOPENED: Route(
        (named_recipients,),
        _("Your scorecard on “%(project)s” (jury session “%(session)s”) is open again: %(comment)s"),
    ),
    EventKind.SCORING_DEADLINE_NEAR: Route(
        (named_recipients,),
        _("The scoring deadline of “%(session)s” is %(deadline)s: %(missing)s of your scorecards are missing."),
    ),
    EventKind.SCORECARDS_COMPLETE: Route(
        (session_president,),
        _("All scorecards are in for the jury session “%(session)s”."),
    ),
    EventKind.STAGE_REMINDER: Route(
        (whoever_must_act,),
        _("Reminder: the opportunity study of “%(project)s” has been “%(state)s” for %(days)s days."),
    ),
    EventKind.STAGE_ESCALATION: Route(
        (escalation_level,),
        _("Overdue: the opportunity study of “%(project)s” has been “%(state)s” for %(days)s days."),
    ),
    EventKind.CAMPAIGN_OPENED: Route(
        (named_recipients,),
        _("The yearly reports %(school_year)s are open: send yours by %(deadline)s."),
    ),
    EventKind.REPORT_SUBMITTED: Route(
        (regional_coordinators,),
        _("“%(project)s” has sent its yearly report %(school_year)s for review."),
    ),
    EventKind.REPORT_SENT_BACK: Route(
        (holder_team,),
        _("The yearly report %(school_year)s of “%(project)s” is sent back: %(comment)s"),
    ),
    EventKind.REPORT_VALIDATED: Route(
        (holder_team,),
        _("The yearly report %(school_year)s of “%(project)s” is validated."),
    ),
    EventKind.REPORT_DEADLINE_NEAR: Route(
        (holder_team,),
        _("Reminder: the yearly report %(school_year)s of “%(project)s” is due on %(deadline)s."),
    ),
    EventKind.REPORT_OVERDUE: Route(
        (holder_team, escalation_level),
        _("Overdue: the yearly report %(school_year)s of “%(project)s” was due on %(deadline)s."),
    ),
    EventKind.REPORT_REVIEW_OVERDUE: Route(
        (escalation_level,),
        _("The yearly report %(school_year)s of “%(project)s” has been waiting for review for %(days)s days."),
    ),
    EventKind.JOIN_REQUESTED: Route(
        (regional_coordinators_or_the_federation,),
        _("%(name)s asks for an account to found “%(project)s” in %(region)s."),
    ),
    EventKind.WEBHOOK_DISABLED: Route(
        (named_recipients,),
        _("Your webhook endpoint %(url)s has failed for a day: it is disabled until you enable it again."),
    ),
}

# Who must act while a study stays in a stage that has a time limit.
STAGE_ACTORS = {
    State.SUBMITTED: regional_coordinators,
    State.CHANGES_REQUESTED: holder_team,
    State.TRAINING: holder_team,
    State.FINANCING_REVIEW: bank_experts,
    State.APPROVED: bank_experts,
    State.FUNDED: regional_coordinators,
}

# The event of each study transition (``revise`` is the holders' own step and tells nobody).
TRANSITION_EVENTS = {
    "submit": EventKind.STUDY_SUBMITTED,
    "request_changes": EventKind.CHANGES_REQUESTED,
    "accept": EventKind.ACCEPTED_INTO_TRAINING,
    "complete_training": EventKind.TRAINING_COMPLETED,
    "send_to_jury": EventKind.SENT_TO_JURY,
    "approve": EventKind.JURY_DECISION,
    "defer": EventKind.JURY_DECISION,
    "reject": EventKind.JURY_DECISION,
    "withdraw": EventKind.STUDY_WITHDRAWN,
    "record_funding": EventKind.STUDY_FUNDED,
    "record_opening": EventKind.SCHOOL_OPENED,
}

# Transitions that are also news for every regional network.
FEDERATION_NEWS_TRANSITIONS = ("record_funding", "record_opening")


def transition_events(*, study, log):
    """Return the events of a study transition, most specific first."""
    kind = TRANSITION_EVENTS.get(log.transition)
    if kind is None:
        return []
    common = {
        "study": study,
        "project": study.project,
        "region": study.project.region,
        "actor": log.actor,
        "params": {"comment": log.comment, "from_state": State(log.from_state).label},
    }
    events = [Event(kind=kind, **common)]
    if log.transition in FEDERATION_NEWS_TRANSITIONS:
        events.append(Event(kind=EventKind.FEDERATION_NEWS, **common))
    return events


def transfer_events(*, project, transfer):
    """Return the events of a project's move to another region."""
    return [
        Event(
            kind=EventKind.PROJECT_TRANSFERRED,
            project=project,
            region=transfer.to_region,
            from_region=transfer.from_region,
            actor=transfer.actor,
            params={"comment": transfer.reason},
        )
    ]


def jury_session_events(kind, *, session, actor=None, members=()):
    """Return the event of a jury session: an invitation of ``members``, scoring open, all scorecards in..."""
    params = {"deadline": session.scoring_deadline or ""}
    return [Event(kind=kind, session=session, actor=actor, recipients=tuple(members), params=params)]


def agenda_events(*, entry, actor):
    """Return the event of a study put on a jury session's agenda: the bank must now send it to the jury."""
    study = entry.study
    return [
        Event(
            kind=EventKind.STUDY_ON_AGENDA,
            study=study,
            project=study.project,
            region=study.project.region,
            session=entry.session,
            actor=actor,
        )
    ]


def scorecard_reopened_events(*, scorecard, actor, reason):
    """Return the event of a scorecard sent back to its member."""
    study = scorecard.entry.study
    return [
        Event(
            kind=EventKind.SCORECARD_REOPENED,
            study=study,
            project=study.project,
            region=study.project.region,
            session=scorecard.entry.session,
            actor=actor,
            recipients=(scorecard.member,),
            params={"comment": reason},
            subject=scorecard,
        )
    ]


# The event of each action on a yearly report (a draft saved tells nobody).
REPORT_EVENTS = {
    ReportAction.SUBMITTED: EventKind.REPORT_SUBMITTED,
    ReportAction.SENT_BACK: EventKind.REPORT_SENT_BACK,
    ReportAction.VALIDATED: EventKind.REPORT_VALIDATED,
}


def report_event(kind, report, *, actor=None, params=None):
    """Return an event about a yearly report, scoped to its school's project and region."""
    project = report.school.project
    return Event(
        kind=kind,
        report=report,
        project=project,
        region=project.region,
        actor=actor,
        params={
            "school_year": report.campaign.school_year_label,
            "deadline": report.campaign.deadline,
            **(params or {}),
        },
    )


def report_events(*, report, log):
    """Return the event of an action on a yearly report."""
    kind = REPORT_EVENTS.get(log.action)
    if kind is None:
        return []
    return [report_event(kind, report, actor=log.actor, params={"comment": log.comment})]


def campaign_events(*, campaign):
    """Return the event of a campaign opened: every team with a report to fill is told."""
    teams = User.objects.filter(school_projects__school__reports__campaign=campaign).distinct()
    params = {"school_year": campaign.school_year_label, "deadline": campaign.deadline}
    return [Event(kind=EventKind.CAMPAIGN_OPENED, actor=campaign.opened_by, recipients=tuple(teams), params=params)]


def join_request_events(*, join_request):
    """Return the event of a founder's request to join, for the coordinators who answer it."""
    return [
        Event(
            kind=EventKind.JOIN_REQUESTED,
            region=join_request.region,
            subject=join_request,
            params={"name": join_request.full_name, "project": join_request.project_name},
        )
    ]


def recipients(event):
    """Return the active users an event is routed to, by id.

    Neither the person who caused it, nor anyone with a conflict of interest on its project: a conflicted person
    learns nothing of the project's studies, their scores or their outcome, in the inbox or by email.
    """
    query = Q()
    for rule in ROUTES[event.kind].rules:
        query |= Q(pk__in=rule(event).values("pk"))
    users = User.objects.filter(query, is_active=True)
    if event.actor is not None:
        users = users.exclude(pk=event.actor.pk)
    if event.project is not None:
        users = users.exclude(jury_conflicts__project=event.project)
    return users.order_by("pk")


def webhook_audience(event):
    """Return the users whose webhook endpoints may hear of an event, by id.

    The event's recipients by the same rules as the inbox, whoever caused it (a network's system keeps in step
    with its own people's actions too), plus the national coordinators, who see every region. Nobody
    conflicted on its project, and nobody inactive.
    """
    query = Q(is_national_coordinator=True)
    for rule in ROUTES[event.kind].rules:
        query |= Q(pk__in=rule(event).values("pk"))
    users = User.objects.filter(query, is_active=True)
    if event.project is not None:
        users = users.exclude(jury_conflicts__project=event.project)
    return users


def site_url(path):
    """Return the absolute address of a path of the site, for links in emails and webhooks."""
    return settings.SITE_URL.rstrip("/") + path


def default_mode(kind):
    return ROUTES[kind].default_mode


def text_params(event):
    """Return the values the event's texts use, rendered in the active language."""
    study = event.study
    project = event.project or (study.project if study else None)
    values = {
        "project": project.name if project else "",
        "region": str(event.region) if event.region else "",
        "from_region": str(event.from_region) if event.from_region else "",
        "state": State(study.state).label if study else "",
        "session": str(event.session) if event.session else "",
        "date": event.session.date if event.session else "",
        **event.params,
    }
    return {name: _display(value) for name, value in values.items()}


def _display(value):
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def event_text(event):
    """Return the inbox line of the event, in the active language."""
    return str(ROUTES[event.kind].text) % text_params(event)

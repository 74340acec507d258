"""Listen to the domain events and route them; connected in ``NotificationsConfig.ready()``.

The signals are sent inside the transaction of the change, so the inbox items and the outbox rows
written here commit or roll back with it. Once it has committed, one message wakes the outbox up; if the
broker cannot take it then, the emails stay pending and the sweeper queues them.
"""

from juries import signals as jury_signals
from notifications import routing, services
from notifications.enums import EventKind
from notifications.signals import delivery_resent
from notifications.tasks import wake_outbox_on_commit
from schools import signals as school_signals
from workflow import signals as workflow_signals


def route_events(events):
    """Write the notifications of the events in the current transaction; wake the outbox up on commit."""
    if services.notify(events):
        wake_outbox_on_commit()


def on_study_transitioned(sender, *, study, log, **kwargs):
    route_events(routing.transition_events(study=study, log=log))


def on_project_transferred(sender, *, project, transfer, **kwargs):
    route_events(routing.transfer_events(project=project, transfer=transfer))


def on_members_invited(sender, *, session, members, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.JURY_INVITATION, session=session, actor=actor, members=members))


def on_study_put_on_agenda(sender, *, entry, actor=None, **kwargs):
    route_events(routing.agenda_events(entry=entry, actor=actor))


def on_scoring_opened(sender, *, session, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.SCORING_OPENED, session=session, actor=actor))


def on_deadline_extended(sender, *, session, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.DEADLINE_EXTENDED, session=session, actor=actor))


def on_all_scorecards_in(sender, *, session, **kwargs):
    route_events(routing.jury_session_events(EventKind.SCORECARDS_COMPLETE, session=session))


def on_scorecard_reopened(sender, *, scorecard, actor, reason="", **kwargs):
    route_events(routing.scorecard_reopened_events(scorecard=scorecard, actor=actor, reason=reason))


def on_report_changed(sender, *, report, log, **kwargs):
    route_events(routing.report_events(report=report, log=log))


def on_campaign_opened(sender, *, campaign, **kwargs):
    route_events(routing.campaign_events(campaign=campaign))


def on_delivery_resent(sender, *, delivery, **kwargs):
    wake_outbox_on_commit()


# Which receiver listens to which domain event; ``NotificationsConfig.ready()`` connects them.
CONNECTIONS = (
    (workflow_signals.study_transitioned, on_study_transitioned),
    (workflow_signals.project_transferred, on_project_transferred),
    (jury_signals.session_planned, on_members_invited),
    (jury_signals.members_invited, on_members_invited),
    (jury_signals.study_put_on_agenda, on_study_put_on_agenda),
    (jury_signals.scoring_opened, on_scoring_opened),
    (jury_signals.deadline_extended, on_deadline_extended),
    (jury_signals.all_scorecards_in, on_all_scorecards_in),
    (jury_signals.scorecard_reopened, on_scorecard_reopened),
    (school_signals.report_changed, on_report_changed),
    (school_signals.campaign_opened, on_campaign_opened),
    (delivery_resent, on_delivery_resent),
)


def connect():
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")

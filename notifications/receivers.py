"""Listen to the domain events and route them; connected in ``NotificationsConfig.ready()``.

The signals are sent inside the transaction of the change, so the inbox items and the outbox rows
written here commit or roll back with it. The emails are queued only once it has committed; if the
broker cannot take them then, they stay pending and the sweeper queues them again.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from juries import signals as jury_signals
from notifications import routing, services
from notifications.enums import EventKind
from notifications.tasks import task_deliver
from people import signals as people_signals
from workflow import signals as workflow_signals


def queue_deliveries_on_commit(delivery_ids):
    """Queue the delivery task of each id once the current transaction commits.

    ``robust``: a broker that does not answer must not fail a change that is already committed.
    """
    for delivery_id in delivery_ids:
        transaction.on_commit(_queue(delivery_id), robust=True)


def _queue(delivery_id):
    # A named function, not a ``partial``: Django logs a robust callback's failure by its ``__qualname__``.
    def queue_delivery():
        task_deliver.delay(delivery_id)

    return queue_delivery


def route_events(events):
    """Write the notifications of the events in the current transaction and queue their emails."""
    queue_deliveries_on_commit(services.notify(events))


def on_study_transitioned(sender, *, study, log, **kwargs):
    route_events(routing.transition_events(study=study, log=log))


def on_project_transferred(sender, *, project, transfer, **kwargs):
    route_events(routing.transfer_events(project=project, transfer=transfer))


def on_members_invited(sender, *, session, members, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.JURY_INVITATION, session=session, actor=actor, members=members))


def on_scoring_opened(sender, *, session, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.SCORING_OPENED, session=session, actor=actor))


def on_deadline_extended(sender, *, session, actor=None, **kwargs):
    route_events(routing.jury_session_events(EventKind.DEADLINE_EXTENDED, session=session, actor=actor))


def on_all_scorecards_in(sender, *, session, **kwargs):
    route_events(routing.jury_session_events(EventKind.SCORECARDS_COMPLETE, session=session))


def on_scorecard_reopened(sender, *, scorecard, actor, reason="", **kwargs):
    route_events(routing.scorecard_reopened_events(scorecard=scorecard, actor=actor, reason=reason))


# An address with no account has no language yet: its emails are written in the language of the person who acts.
def on_invitation_sent(sender, *, invitation, token, **kwargs):
    link = services.site_url(reverse("people:invitation-accept", args=[token]))
    context = {"invitation": invitation, "link": link, "name": invitation.full_name}
    subject = _("%(name)s invites you to Tremplin") % {"name": invitation.invited_by}
    queue_deliveries_on_commit(
        [
            services.write_email(
                to_email=invitation.email,
                template="invitation",
                context=context,
                subject=subject,
                language=translation.get_language(),
            )
        ]
    )


def on_join_requested(sender, *, join_request, **kwargs):
    route_events(routing.join_request_events(join_request=join_request))


def on_join_request_declined(sender, *, join_request, **kwargs):
    delivery_id = services.write_email(
        to_email=join_request.email,
        template="join_request_declined",
        context={"join_request": join_request, "name": join_request.full_name},
        subject=_("Your request to join Tremplin"),
        language=translation.get_language(),
    )
    queue_deliveries_on_commit([delivery_id])


# Which receiver listens to which domain event; ``NotificationsConfig.ready()`` connects them.
CONNECTIONS = (
    (workflow_signals.study_transitioned, on_study_transitioned),
    (workflow_signals.project_transferred, on_project_transferred),
    (jury_signals.session_planned, on_members_invited),
    (jury_signals.members_invited, on_members_invited),
    (jury_signals.scoring_opened, on_scoring_opened),
    (jury_signals.deadline_extended, on_deadline_extended),
    (jury_signals.all_scorecards_in, on_all_scorecards_in),
    (jury_signals.scorecard_reopened, on_scorecard_reopened),
    (people_signals.invitation_sent, on_invitation_sent),
    (people_signals.join_requested, on_join_requested),
    (people_signals.join_request_declined, on_join_request_declined),
)


def connect():
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")

"""Listen to the domain events and route them; connected in ``NotificationsConfig.ready()``.

The signals are sent inside the transaction of the change, so the inbox items and the outbox rows
written here commit or roll back with it. Once it has committed, one message wakes the outbox up; if the
broker cannot take it then, the emails stay pending and the sweeper queues them.
"""

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from juries import signals as jury_signals
from notifications import routing, services, webhooks
from notifications.enums import EventKind
from notifications.signals import delivery_resent
from notifications.tasks import wake_outbox_on_commit
from people import signals as people_signals
from schools import signals as school_signals
from workflow import signals as workflow_signals


def route_events(events):
    """Write the notifications and webhooks of the events in the current transaction; wake the outbox up on commit."""
    emails = services.notify(events)
    if webhooks.write_webhooks(events) or emails:
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


# An address with no account has no language yet: its emails are written in the language of the person who acts,
# and what they say is put in words now, since the outbox keeps plain values only.
def on_invitation_sent(sender, *, invitation, token, **kwargs):
    language = translation.get_language()
    context = {
        "name": invitation.full_name,
        "inviter": invitation.invited_by.full_name or invitation.invited_by.email,
        "grant": str(invitation.get_grant_display()),
        "project": invitation.project.name if invitation.project else "",
        "expires": formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"),
        "link": services.site_url(reverse("people:invitation-accept", args=[token])),
    }
    _email_an_address(
        invitation.email,
        "invitation",
        context,
        subject=_("%(name)s invites you to Tremplin") % {"name": context["inviter"]},
        language=language,
    )


def on_join_requested(sender, *, join_request, **kwargs):
    route_events(routing.join_request_events(join_request=join_request))


def on_join_request_declined(sender, *, join_request, **kwargs):
    context = {
        "name": join_request.full_name,
        "project": join_request.project_name,
        "region": str(join_request.region),
        "answer": join_request.answer,
    }
    _email_an_address(
        join_request.email,
        "join_request_declined",
        context,
        subject=_("Your request to join Tremplin"),
        language=translation.get_language(),
    )


def _email_an_address(address, template, context, *, subject, language):
    services.write_email(
        to_email=address,
        template=f"notifications/email/{template}",
        context=context,
        subject=subject,
        language=language,
    )
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
    (people_signals.invitation_sent, on_invitation_sent),
    (people_signals.join_requested, on_join_requested),
    (people_signals.join_request_declined, on_join_request_declined),
)


def connect():
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")

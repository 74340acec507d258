"""Inbox and outbox: write the notifications of events, send emails once, gather digests.

``notify`` runs inside the transaction of the event, so that the inbox items and the email deliveries
exist exactly when the change they announce does; every email enters the outbox through ``write_email``.
Sending happens later: ``claim_due_deliveries`` hands the due rows to ``task_deliver``, which renders and sends
each through ``send_delivery``.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import Col
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from juries.selectors import missing_scorecards_near_deadline
from notifications import webhooks
from notifications.enums import Channel, DeliveryMode, DeliveryStatus, DisabledBecause, EventKind
from notifications.models import Delivery, Notification, Preference, SentReminder, WebhookEndpoint
from notifications.routing import (
    Event,
    default_mode,
    event_text,
    recipients,
    report_event,
    site_url,
    text_params,
)
from notifications.rules import can_resend_delivery
from notifications.signals import delivery_resent
from permissions.refusal import ActionRefused, forbid
from projects.models import OpportunityStudy
from schools.selectors import reports_awaiting_review, reports_due
from workflow.rules import forget_scopes

logger = logging.getLogger(__name__)


def preferred_modes(users, kind):
    """Return, per user id, how each user wants to hear about this kind of event."""
    chosen = dict(Preference.objects.filter(user__in=users, kind=kind).values_list("user_id", "mode"))
    return {user.pk: chosen.get(user.pk, default_mode(kind)) for user in users}


def modes_of_user(user):
    """Return how ``user`` wants to hear about each kind of event, by kind: one query for all of them."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind: chosen.get(kind, default_mode(kind)) for kind in EventKind.values}


def set_preference(*, user, kind, mode):
    """Record how the user wants to hear about one kind of event."""
    if kind not in EventKind.values or mode not in DeliveryMode.values:
        raise ValueError(f"Unknown kind or mode: {kind}, {mode}")
    preference, _created = Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    return preference


def notify(events):
    """Write the inbox items and the email deliveries of the events; return the ids of the deliveries.

    Call it inside the transaction of the change; wake the outbox up on commit.
    A person named by several of the events gets only the first (the events come most specific first).
    """
    delivery_ids = []
    told = set()
    for event in events:
        users = [user for user in recipients(event) if user.pk not in told]
        told.update(user.pk for user in users)
        modes = preferred_modes(users, event.kind)
        for user in users:
            delivery = _notify_one(event, user, modes[user.pk])
            if delivery is not None:
                delivery_ids.append(delivery.pk)
    return delivery_ids


def _notify_one(event, user, mode):
    target = event.target
    with translation.override(user.language):
        notification = Notification.objects.create(
            recipient=user,
            kind=event.kind,
            text=event_text(event)[:500],
            mode=mode,
            content_type=ContentType.objects.get_for_model(target) if target is not None else None,
            object_id=target.pk if target is not None else None,
            study=event.study,
        )
        if mode != DeliveryMode.IMMEDIATE or not user.email:
            return None
        return write_email(
            to_email=user.email,
            template=f"notifications/email/{event.kind}",
            subject=notification.text,
            language=user.language,
            context={
                "recipient": {"full_name": user.full_name},
                "text": notification.text,
                "params": text_params(event),
                "link": site_url(reverse("notifications:open", args=[notification.pk])),
            },
            recipient=user,
            notification=notification,
        )


def write_email(*, to_email, template, context, subject, language, recipient=None, notification=None, key=None):
    """Write one email into the outbox; return its ``Delivery``. The only way an email enters the outbox.

    ``template`` names a pair ``<template>.txt`` and ``<template>.html``, rendered when the email is sent, in
    ``language``, with ``context`` (JSON: strings, numbers, lists, dicts), to which the links of every email are
    added. Call it inside the transaction of the change the email announces. Nothing is queued here: the rows
    wait, ``queued_at`` empty, for the wake-up the receivers publish on commit, or else for the sweeper.
    """
    return Delivery.objects.create(
        recipient=recipient,
        notification=notification,
        key=key,
        to_email=to_email,
        subject=" ".join(str(subject).split())[:300],
        template=template,
        context=context,
        language=language,
    )


def render_email(delivery):
    """Return the plain-text and HTML bodies of a delivery, rendered in its language."""
    with translation.override(delivery.language):
        context = {
            **delivery.context,
            "language": delivery.language,
            "inbox_url": site_url(reverse("notifications:inbox")),
            "preferences_url": site_url(reverse("notifications:preferences")),
        }
        return (
            render_to_string(f"{delivery.template}.txt", context),
            render_to_string(f"{delivery.template}.html", context),
        )


def retry_delay(attempts):
    """Return the seconds to wait before the next try, doubling after each failed one."""
    return get_exponential_backoff_interval(
        factor=settings.NOTIFICATIONS_RETRY_BACKOFF,
        retries=attempts - 1,
        maximum=settings.NOTIFICATIONS_RETRY_BACKOFF_MAX,
        full_jitter=settings.NOTIFICATIONS_RETRY_JITTER,
    )


def send_delivery(*, delivery_id):
    """Send one delivery of the outbox if it is pending and due; return the delivery, or ``None`` if nothing was tried.

    One statement claims the row: it is marked sent, with one more attempt, only if it is still pending and
    due, and it stays locked until the transaction ends. So any number of copies of the task are harmless: a
    copy that races this one waits for the lock, then finds the row sent, or not due until its next try, and
    tries nothing. A failed send writes the failure over the claim before the commit (the next try never
    earlier than the one already planned); a worker lost while sending rolls the claim back, and the delivery
    is pending again. An email is ``failed`` after ``NOTIFICATIONS_RETRY_HOURS`` of failures; a webhook after
    ``WEBHOOK_DISABLE_AFTER_HOURS``, which disables its endpoint too (``_send_webhook``).
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = _claim(delivery_id, now)
        if delivery is None:
            return None
        if delivery.channel == Channel.WEBHOOK:
            _send_webhook(delivery, now)
            return delivery
        try:
            mailer = mail.get_connection()
            mailer.open()
        except Exception as exc:  # noqa: BLE001 -- whatever keeps the server out of reach is recorded and retried
            _record_failure(delivery, _error_text(exc), server_unreachable=True)
            return delivery
        try:
            mailer.send_messages([message(delivery)])
        except Exception as exc:  # noqa: BLE001 -- any backend failure is recorded on the row and retried
            _record_failure(delivery, _error_text(exc), server_unreachable=False)
        finally:
            mailer.close()
    return delivery


def _claim(delivery_id, now):
    """Mark the delivery sent if it is pending and due, and return it (locked until the transaction ends)."""
    with connection.cursor() as cursor:
        # The ORM's ``update()`` returns no row: a SELECT … FOR UPDATE and an UPDATE cost a round trip more.
        cursor.execute(
            _CLAIM_SQL,
            [
                DeliveryStatus.SENT,
                connection.ops.adapt_datetimefield_value(now),
                delivery_id,
                DeliveryStatus.PENDING,
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    delivery = Delivery(pk=delivery_id, status=DeliveryStatus.SENT, sent_at=now)
    for name, value in zip(_CLAIMED_FIELDS, row, strict=True):
        field = Delivery._meta.get_field(name)
        setattr(delivery, field.attname, _from_db(field, value))
    return delivery


def _from_db(field, value):
    """A value of the claim's raw row as the ORM reads it: the database's converters, then the field's (SQLite
    gives datetimes back as text, which its converter makes aware)."""
    column = Col(Delivery._meta.db_table, field)
    for convert in [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]:
        value = convert(value, column, connection)
    return value


_CLAIMED_FIELDS = (
    "channel",
    "endpoint",
    "to_email",
    "subject",
    "template",
    "context",
    "language",
    "attempts",
    "due_at",
    "give_up_at",
    "created_at",
)
_CLAIM_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, attempts = attempts + 1"
    " WHERE id = %s AND status = %s AND due_at <= %s RETURNING "
    + ", ".join(Delivery._meta.get_field(name).column for name in _CLAIMED_FIELDS)
)


def _error_text(exc):
    return f"{type(exc).__name__}: {exc}"


def _record_failure(delivery, error, *, server_unreachable, retry_hours=None):
    """Write a failed try over the claim: the next try, or ``failed`` once the retry window has passed."""
    now = timezone.now()
    hours = settings.NOTIFICATIONS_RETRY_HOURS if retry_hours is None else retry_hours
    delivery.last_error = error[:2000]
    delivery.sent_at = None
    delivery.server_unreachable = server_unreachable
    delivery.give_up_at = delivery.give_up_at or now + timedelta(hours=hours)
    next_try = now + timedelta(seconds=retry_delay(delivery.attempts))
    if next_try > delivery.give_up_at:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.due_at = max(delivery.due_at, next_try)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=delivery.status,
        last_error=delivery.last_error,
        sent_at=None,
        server_unreachable=server_unreachable,
        give_up_at=delivery.give_up_at,
        due_at=delivery.due_at,
    )


def _send_webhook(delivery, now):
    """Post a claimed webhook; a 2xx keeps the claim, anything else is a failure retried like an email's.

    An endpoint failing for ``WEBHOOK_DISABLE_AFTER_HOURS`` since its last success is disabled, its owner told.
    """
    endpoint = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).first()
    if endpoint is None or not endpoint.is_active:
        # Disabled while this delivery waited: nothing is posted, and it waits in the log to be sent again.
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, sent_at=None, last_error=_("The endpoint is disabled.")
        )
        return
    attempt = webhooks.post_webhook(delivery, endpoint, now=now)
    if attempt.succeeded:
        if endpoint.failing_since is not None:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
        return
    window = timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    _record_failure(delivery, attempt.error, server_unreachable=False, retry_hours=window.total_seconds() / 3600)
    failing_since = endpoint.failing_since or now
    if endpoint.failing_since is None:
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    # A day of failures: this delivery given up with no success of the endpoint since its first failure, or any
    # delivery failing a day after the endpoint's first failure.
    given_up = delivery.status == DeliveryStatus.FAILED and failing_since <= delivery.give_up_at - window
    if given_up or now - failing_since >= window:
        disable_failing_endpoint(endpoint, now=now, keep=delivery.pk)


def disable_failing_endpoint(endpoint, *, now, keep=None):
    """Disable an endpoint that has failed for a day, fail what waits for it, and tell its owner (once).

    The deliveries being sent by another worker are skipped rather than waited for (their lock, then this
    endpoint's, would be taken in the other order): they find the endpoint disabled at their next try.
    """
    if not WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=now, disabled_reason=DisabledBecause.FAILURES
    ):
        return
    waiting = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
        .exclude(pk=keep)
        .values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=waiting).update(
        status=DeliveryStatus.FAILED, last_error=_("The endpoint is disabled.")
    )
    Delivery.objects.filter(pk=keep, status=DeliveryStatus.PENDING).update(status=DeliveryStatus.FAILED)
    event = Event(
        kind=EventKind.WEBHOOK_DISABLED, recipients=(endpoint.owner,), subject=endpoint, params={"url": endpoint.url}
    )
    notify([event])
    logger.warning("Webhook endpoint %s disabled after a day of failures", endpoint.pk)


def message(delivery):
    """Return the email of a delivery, rendered, with a ``Message-ID`` of its own that every try repeats.

    A server that took the message but answered after the client gave up gets it again at the next try:
    the same ``Message-ID`` lets mail systems drop the copy.
    """
    body_text, body_html = render_email(delivery)
    email = EmailMultiAlternatives(
        subject=delivery.subject,
        body=body_text,
        to=[delivery.to_email],
        headers={"Auto-Submitted": "auto-generated", "Message-ID": message_id(delivery)},
    )
    email.attach_alternative(body_html, "text/html")
    return email


def message_id(delivery):
    """Return the ``Message-ID`` of a delivery: the same at every try, unique to the row."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<delivery.{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S}@{domain}>"


def mark_read(*, user, notification_id):
    """Mark one of the user's notifications read; return it (``DoesNotExist`` for anyone else's)."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user):
    """Mark every unread notification of the user read; return how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def prepare_digests(*, now=None):
    """Gather each recipient's digest items not sent yet into one email; return the new deliveries' ids.

    One digest per recipient and day: the day is part of the delivery's unique key, so a second run on
    the same day leaves the newer items for the next digest.
    """
    now = now or timezone.now()
    items = (
        Notification.objects.filter(mode=DeliveryMode.DIGEST, digest__isnull=True, created_at__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = {}
    for item in items:
        by_recipient.setdefault(item.recipient, []).append(item)
    delivery_ids = []
    for recipient, recipient_items in by_recipient.items():
        delivery = _write_digest(recipient, recipient_items, day=timezone.localdate(now))
        if delivery is not None:
            delivery_ids.append(delivery.pk)
    return delivery_ids


def _write_digest(recipient, items, *, day):
    if not recipient.email or not recipient.is_active:
        return None
    with translation.override(recipient.language):
        context = {
            "recipient": {"full_name": recipient.full_name},
            "day": formats.date_format(day, "DATE_FORMAT"),
            "items": [[item.text, site_url(reverse("notifications:open", args=[item.pk]))] for item in items],
        }
        subject = _("Tremplin: your daily digest")
    try:
        with transaction.atomic():
            delivery = write_email(
                to_email=recipient.email,
                template="notifications/email/digest",
                context=context,
                subject=subject,
                language=recipient.language,
                recipient=recipient,
                key=f"digest:{recipient.pk}:{day.isoformat()}",
            )
            Notification.objects.filter(pk__in=[item.pk for item in items], digest__isnull=True).update(digest=delivery)
    except IntegrityError:
        return None
    return delivery


def release_deliveries_when_the_server_answers():
    """Make due at once the deliveries that could not reach the mail server, if it answers now; return how many.

    Their next try would otherwise follow the backoff, up to ``NOTIFICATIONS_RETRY_BACKOFF_MAX`` after the
    server's return. The server is asked only while such deliveries wait, once per sweep.
    """
    waiting = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, sent_at__isnull=True, server_unreachable=True, due_at__gt=timezone.now()
    )
    if not waiting.exists():
        return 0
    mailer = mail.get_connection()
    try:
        mailer.open()
    except Exception:  # noqa: BLE001 -- still out of reach: the deliveries keep their next try
        return 0
    finally:
        mailer.close()
    return waiting.update(due_at=timezone.now(), server_unreachable=False)


def claim_due_deliveries(*, limit=500):
    """Mark queued the pending deliveries that are due and have no task waiting; return their ids.

    A delivery has a task waiting when one was queued since it came due, less than
    ``NOTIFICATIONS_REQUEUE_AFTER_SECONDS`` ago: older, that task is taken for lost (a worker killed, a broker
    emptied). ``SKIP LOCKED``: a sweep that races another one, or a delivery being sent, skips those rows.
    """
    now = timezone.now()
    lost_before = now - timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, sent_at__isnull=True, due_at__lte=now)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=F("due_at")) | Q(queued_at__lt=lost_before))
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def unqueue_deliveries(delivery_ids):
    """Forget that tasks were queued for these deliveries (the broker refused them): the next sweep takes them."""
    Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.PENDING).update(queued_at=None)


def resend_delivery(*, actor, delivery_id):
    """Put a failed email back in the outbox, due at once, with a new retry window; return the delivery.

    Those ``can_resend_delivery`` allows: national coordinators, and regional coordinators for the people and
    addresses they answer for. The row keeps its attempts and its last error, and records who sent it again.
    """
    with transaction.atomic(durable=True):
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        forget_scopes(actor)
        if delivery is None or delivery.channel != Channel.EMAIL or not can_resend_delivery(actor, delivery):
            forbid()
        if delivery.status != DeliveryStatus.FAILED:
            raise ActionRefused([_("This email is not among those that could not be sent.")])
        now = timezone.now()
        delivery.status = DeliveryStatus.PENDING
        delivery.due_at = now
        delivery.queued_at = None
        delivery.give_up_at = None
        delivery.server_unreachable = False
        delivery.resent_by = actor
        delivery.resent_at = now
        delivery.save(
            update_fields=[
                "status",
                "due_at",
                "queued_at",
                "give_up_at",
                "server_unreachable",
                "resent_by",
                "resent_at",
            ]
        )
        delivery_resent.send(sender=Delivery, delivery=delivery, actor=actor)
    logger.info("Delivery %s sent again by user %s", delivery.pk, actor.pk)
    return delivery


def send_due_reminders(*, now=None):
    """Send the reminders and escalations that have come due, each once per due date; return delivery ids."""
    now = now or timezone.now()
    return _stage_reminders(now) + _scoring_deadline_reminders(now) + _report_reminders(now) + _review_reminders(now)


# A study over its stage's time limit: a reminder to whoever must act, then an escalation to the
# regional coordinators, then one to the national coordinators, ``NOTIFICATIONS_ESCALATION_AFTER_DAYS`` apart.
STAGE_LEVELS = ((0, EventKind.STAGE_REMINDER), (1, EventKind.STAGE_ESCALATION), (2, EventKind.STAGE_ESCALATION))


def _stage_reminders(now):
    escalation = timedelta(days=settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS)
    delivery_ids = []
    for state, days in settings.TREMPLIN_STAGE_TIME_LIMITS.items():
        limit = timedelta(days=days)
        studies = OpportunityStudy.objects.filter(state=state, state_changed_at__lte=now - limit).select_related(
            "project__region"
        )
        for study in studies.order_by("pk"):
            due = study.state_changed_at + limit
            for level, kind in STAGE_LEVELS:
                if now < due + level * escalation:
                    break
                event = Event(
                    kind=kind,
                    study=study,
                    project=study.project,
                    region=study.project.region,
                    params={"days": (now - study.state_changed_at).days, "level": level},
                )
                delivery_ids += _notify_once(f"stage:{study.pk}:{state}:{due:%Y%m%dT%H%M%S}:{level}", event)
    return delivery_ids


def _scoring_deadline_reminders(now):
    """Remind each member of a session whose deadline is near how many of his scorecards are missing."""
    missing = {}
    for item in missing_scorecards_near_deadline(now=now):
        missing.setdefault((item.session, item.member), []).append(item.entry)
    delivery_ids = []
    for (session, member), entries in missing.items():
        event = Event(
            kind=EventKind.SCORING_DEADLINE_NEAR,
            session=session,
            recipients=(member,),
            params={"deadline": session.scoring_deadline, "missing": len(entries)},
        )
        key = f"scoring:{session.pk}:{session.scoring_deadline:%Y%m%dT%H%M%S}:{member.pk}"
        delivery_ids += _notify_once(key, event)
    return delivery_ids


# A yearly report not sent: a reminder to its team before the deadline, then once overdue an escalation to the
# team and its regional coordinators, then to the national coordinators ``NOTIFICATIONS_ESCALATION_AFTER_DAYS`` on.
REPORT_LEVELS = ((0, EventKind.REPORT_DEADLINE_NEAR), (1, EventKind.REPORT_OVERDUE), (2, EventKind.REPORT_OVERDUE))


def _report_reminders(now):
    today = timezone.localdate(now)
    before = timedelta(days=settings.TREMPLIN_REPORT_REMINDER_BEFORE_DEADLINE_DAYS)
    escalation = timedelta(days=settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS)
    delivery_ids = []
    for report in reports_due(on=today + before):
        deadline = report.campaign.deadline
        # Each level starts on its own day: before the deadline, the day after it, and an escalation later.
        starts = (deadline - before, deadline + timedelta(days=1), deadline + timedelta(days=1) + escalation)
        for (level, kind), start in zip(REPORT_LEVELS, starts, strict=True):
            if today < start:
                break
            event = report_event(kind, report, params={"level": level})
            delivery_ids += _notify_once(f"report:{report.pk}:{deadline:%Y%m%d}:{level}", event)
    return delivery_ids


# A report sent and not reviewed within ``TREMPLIN_REPORT_REVIEW_DAYS``: a reminder to its region's coordinators,
# then, ``NOTIFICATIONS_ESCALATION_AFTER_DAYS`` later, to the national coordinators (``escalation_level``'s 1 and 2).
REVIEW_LEVELS = (1, 2)


def _review_reminders(now):
    waiting = timedelta(days=settings.TREMPLIN_REPORT_REVIEW_DAYS)
    escalation = timedelta(days=settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS)
    delivery_ids = []
    for report in reports_awaiting_review(since=now - waiting):
        for step, level in enumerate(REVIEW_LEVELS):
            if now < report.submitted_at + waiting + step * escalation:
                break
            event = report_event(
                EventKind.REPORT_REVIEW_OVERDUE,
                report,
                params={"level": level, "days": (now - report.submitted_at).days},
            )
            # The sending's time is in the key: a report sent back and sent again is reminded of afresh.
            key = f"report-review:{report.pk}:{report.submitted_at:%Y%m%dT%H%M%S.%f}:{level}"
            delivery_ids += _notify_once(key, event)
    return delivery_ids


def _notify_once(key, event):
    """Notify the event unless its key was used: the key's row commits with the notifications."""
    if SentReminder.objects.filter(key=key).exists():
        return []
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key)
            return notify([event]) + webhooks.write_webhooks([event])
    except IntegrityError:
        return []

"""Inbox and outbox: write the notifications of events, send emails once, gather digests.

``notify`` runs inside the transaction of the event, so that the inbox items and the email deliveries
exist exactly when the change they announce does. Sending happens later, in ``task_deliver``, through
``send_delivery``.
"""

from dataclasses import dataclass
from datetime import timedelta

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from juries.selectors import missing_scorecards_near_deadline
from notifications.enums import DeliveryMode, DeliveryStatus, EventKind
from notifications.models import Delivery, Notification, Preference, SentReminder
from notifications.routing import Event, default_mode, event_text, recipients, text_params
from projects.models import OpportunityStudy


def site_url(path):
    """Return the absolute address of a path of the site, for links in emails."""
    return settings.SITE_URL.rstrip("/") + path


def preferred_modes(users, kind):
    """Return, per user id, how each user wants to hear about this kind of event."""
    chosen = dict(Preference.objects.filter(user__in=users, kind=kind).values_list("user_id", "mode"))
    return {user.pk: chosen.get(user.pk, default_mode(kind)) for user in users}


def set_preference(*, user, kind, mode):
    """Record how the user wants to hear about one kind of event."""
    if kind not in EventKind.values or mode not in DeliveryMode.values:
        raise ValueError(f"Unknown kind or mode: {kind}, {mode}")
    preference, _created = Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    return preference


def notify(events):
    """Write the inbox items and the email deliveries of the events; return the ids of the deliveries.

    Call it inside the transaction of the change; queue ``task_deliver`` for each returned id on commit.
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
        )
        if mode != DeliveryMode.IMMEDIATE or not user.email:
            return None
        context = {
            "recipient": user,
            "event": event,
            "text": notification.text,
            "params": text_params(event),
            "link": site_url(reverse("notifications:open", args=[notification.pk])),
        }
        return Delivery.objects.create(
            recipient=user,
            notification=notification,
            to_email=user.email,
            **_render_email(f"notifications/email/{event.kind}", context, subject=notification.text),
        )


def write_email(*, to_email, template, context, subject, language):
    """Write one email to an address with no account behind it yet (an invitation, the answer to a request to
    join) in the outbox, in ``language``; return its id, for the caller to queue on commit."""
    with translation.override(language):
        delivery = Delivery.objects.create(
            recipient=None,
            to_email=to_email,
            **_render_email(f"notifications/email/{template}", context, subject=str(subject)),
        )
    return delivery.pk


def _render_email(template, context, *, subject):
    """Render an email's subject and bodies in the active language."""
    context = {
        **context,
        "language": translation.get_language(),
        "inbox_url": site_url(reverse("notifications:inbox")),
        "preferences_url": site_url(reverse("notifications:preferences")),
    }
    return {
        "subject": " ".join(subject.split())[:300],
        "body_text": render_to_string(f"{template}.txt", context),
        "body_html": render_to_string(f"{template}.html", context),
    }


@dataclass
class Attempt:
    """What became of one try at sending a delivery."""

    delivery: Delivery
    retry_in: int | None = None


def retry_delay(attempts):
    """Return the seconds to wait before the next try, doubling after each failed one."""
    return get_exponential_backoff_interval(
        factor=settings.NOTIFICATIONS_RETRY_BACKOFF,
        retries=attempts - 1,
        maximum=settings.NOTIFICATIONS_RETRY_BACKOFF_MAX,
        full_jitter=settings.NOTIFICATIONS_RETRY_JITTER,
    )


def send_delivery(*, delivery_id):
    """Send one email of the outbox if it is still pending, and record the attempt.

    One statement claims the row: it is marked sent, with one more attempt, only if it is still pending,
    and it stays locked until the transaction ends, so that a redelivered task or a sweep that races this
    one waits, then finds it sent and sends nothing. A failed send writes the failure over the claim before
    the commit; a worker lost while sending rolls the claim back, and the delivery is pending again.
    Return ``None`` when there was nothing to send; otherwise an ``Attempt`` whose ``retry_in`` is set when
    the email failed and must be tried again. After ``NOTIFICATIONS_MAX_ATTEMPTS`` failures it is ``failed``.
    """
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The ORM's ``update()`` returns no row: a SELECT … FOR UPDATE and an UPDATE cost a round trip more.
            cursor.execute(
                _CLAIM_SQL,
                [
                    DeliveryStatus.SENT,
                    connection.ops.adapt_datetimefield_value(now),
                    delivery_id,
                    DeliveryStatus.PENDING,
                ],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        to_email, subject, body_text, body_html, attempts, last_error = row
        delivery = Delivery(
            pk=delivery_id,
            to_email=to_email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            attempts=attempts,
            last_error=last_error,
            status=DeliveryStatus.SENT,
            sent_at=now,
        )
        retry_in = None
        try:
            _message(delivery).send()
        except Exception as exc:  # noqa: BLE001 -- any backend failure is recorded on the row and retried
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            delivery.sent_at = None
            failure = {"status": DeliveryStatus.FAILED}
            if delivery.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
                retry_in = retry_delay(delivery.attempts)
                delivery.due_at = timezone.now() + timedelta(seconds=retry_in)
                failure = {"status": DeliveryStatus.PENDING, "due_at": delivery.due_at}
            delivery.status = failure["status"]
            Delivery.objects.filter(pk=delivery_id).update(last_error=delivery.last_error, sent_at=None, **failure)
    return Attempt(delivery=delivery, retry_in=retry_in)


_CLAIM_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, attempts = attempts + 1"
    " WHERE id = %s AND status = %s RETURNING to_email, subject, body_text, body_html, attempts, last_error"
)


def _message(delivery):
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body_text,
        to=[delivery.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(delivery.body_html, "text/html")
    return message


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
            "recipient": recipient,
            "day": day,
            "items": [(item, site_url(reverse("notifications:open", args=[item.pk]))) for item in items],
        }
        subject = _("Tremplin: your daily digest")
        rendered = _render_email("notifications/email/digest", context, subject=subject)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                recipient=recipient,
                key=f"digest:{recipient.pk}:{day.isoformat()}",
                to_email=recipient.email,
                **rendered,
            )
            Notification.objects.filter(pk__in=[item.pk for item in items], digest__isnull=True).update(digest=delivery)
    except IntegrityError:
        return None
    return delivery


def requeue_stale_deliveries(*, now=None, limit=500):
    """Pick the pending deliveries due for over ``NOTIFICATIONS_SWEEP_AFTER_SECONDS``; return their ids.

    Their due time moves to now, so that the next sweep picks them again only if this queueing was
    lost as well.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, sent_at__isnull=True, due_at__lte=stale_before)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(due_at=now)
    return ids


def send_due_reminders(*, now=None):
    """Send the reminders and escalations that have come due, each once per due date; return delivery ids."""
    now = now or timezone.now()
    return _stage_reminders(now) + _scoring_deadline_reminders(now)


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


def _notify_once(key, event):
    """Notify the event unless its key was used: the key's row commits with the notifications."""
    if SentReminder.objects.filter(key=key).exists():
        return []
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key)
            return notify([event])
    except IntegrityError:
        return []

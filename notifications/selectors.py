"""The rows of notifications that pages and tasks read; each user sees only his own."""

from django.db.models import Prefetch, Q

from notifications.enums import Channel, DeliveryStatus
from notifications.models import Delivery, Notification, WebhookAttempt, WebhookEndpoint
from notifications.rules import can_own_webhooks, can_watch_outbox
from people.selectors import invitations_for_user, join_requests_for_user, people_for_user
from workflow.rules import is_national_coordinator


def notifications_for_user(user):
    """Return the user's inbox, newest first (nobody else's items, ever)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def inbox_for_user(user, *, kind="", status=""):
    """Return the user's inbox filtered by kind of event and by ``"unread"`` or ``"read"``, with each study's name.

    Only what the inbox shows is read: the study's and its project's other columns (the study's sections, long
    texts) are not.
    """
    items = (
        notifications_for_user(user)
        .select_related("study__project")
        .only("kind", "text", "created_at", "read_at", "study__project__name")
    )
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(read_at__isnull=status == "unread")
    return items


def unread_count_for_user(user):
    """Return how many of the user's notifications are unread."""
    return notifications_for_user(user).filter(read_at__isnull=True).count()


def deliveries_for_user(user):
    """Return the emails of the outbox ``user`` answers for, whatever their status: the rows of which
    ``can_resend_delivery`` holds.

    All of them for a national coordinator; for a regional coordinator those to the people he answers for and
    to the addresses of the invitations and requests to join he answers for; none for anybody else.
    """
    if not can_watch_outbox(user):
        return Delivery.objects.none()
    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    if is_national_coordinator(user):
        return emails
    addresses = Q(to_email__in=invitations_for_user(user).values("email")) | Q(
        to_email__in=join_requests_for_user(user).values("email")
    )
    return emails.filter(Q(recipient__in=people_for_user(user)) | Q(recipient__isnull=True) & addresses)


def failed_deliveries_for_user(user):
    """Return the emails that could not be sent that ``user`` may send again, newest first."""
    return (
        deliveries_for_user(user)
        .filter(status=DeliveryStatus.FAILED)
        .select_related("recipient", "notification")
        .order_by("-created_at", "-pk")
    )


def endpoints_for_user(user):
    """Return the webhook endpoints ``user`` may see and manage: his own, while his roles allow him any."""
    if not can_own_webhooks(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(owner=user).order_by("-created_at", "-pk")


def endpoint_log(endpoint):
    """Return an endpoint's deliveries, newest first, each with its attempts (newest first) in one more query."""
    attempts = Prefetch("attempts_made", queryset=WebhookAttempt.objects.order_by("-started_at", "-pk"))
    return endpoint.deliveries.order_by("-created_at", "-pk").prefetch_related(attempts)

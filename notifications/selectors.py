"""The rows of notifications that pages and tasks read; each user sees only his own."""

from notifications.enums import DeliveryStatus
from notifications.models import Delivery, Notification
from workflow.rules import is_national_coordinator


def notifications_for_user(user):
    """Return the user's inbox, newest first (nobody else's items, ever)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def inbox_for_user(user, *, kind="", status=""):
    """Return the user's inbox filtered by kind of event and by ``"unread"`` or ``"read"``, with each study's name."""
    items = notifications_for_user(user).select_related("study__project")
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(read_at__isnull=status == "unread")
    return items


def unread_count_for_user(user):
    """Return how many of the user's notifications are unread."""
    return notifications_for_user(user).filter(read_at__isnull=True).count()


def failed_deliveries_for_user(user):
    """Return the emails that could not be sent, with their error: national coordinators only."""
    if not is_national_coordinator(user):
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("recipient", "notification")
        .order_by("-created_at", "-pk")
    )

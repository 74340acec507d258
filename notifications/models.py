"""The inbox, the outbox and the preferences.

A ``Notification`` is one inbox item of one recipient, its text already rendered in the recipient's
language. A ``Delivery`` is one email in the outbox: written in the transaction of the event with its
template and the data it needs, rendered and sent later by ``task_deliver``, once. A ``SentReminder`` row
marks a reminder or an escalation as done for one due date, so that the periodic task never sends it twice.

A ``WebhookEndpoint`` is an address where a coordinator's or the bank's system hears of the events it chose; each
webhook is a ``Delivery`` of the channel ``webhook`` (the same outbox, claim and sweeper as the emails), and each
try of it leaves a ``WebhookAttempt``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import Channel, DeliveryMode, DeliveryStatus, DisabledBecause, EventKind


class Notification(models.Model):
    """One item of a recipient's inbox, about one event."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    text = models.CharField(_("text"), max_length=500)
    mode = models.CharField(_("delivery"), max_length=16, choices=DeliveryMode.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # The study the event concerns, whatever its target (a session has none): the inbox groups by it.
    study = models.ForeignKey(
        "projects.OpportunityStudy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("study"),
    )
    digest = models.ForeignKey(
        "Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("sent in digest"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The inbox: one recipient's items, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_unread(self):
        return self.read_at is None


class WebhookEndpoint(models.Model):
    """An address where its owner's system is told, signed, of the events of the kinds it chose.

    The secret signs every delivery (Standard Webhooks, HMAC-SHA256): it must be read back to sign, so it is
    stored as is, and shown to its owner only when it is made. After a rotation the previous secret signs too,
    until ``previous_secret_until``, so that the receiving system can move to the new one without a gap.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    kinds = models.JSONField(_("kinds of event"), default=list)
    secret = models.CharField(_("secret"), max_length=100)
    previous_secret = models.CharField(_("previous secret"), max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(_("previous secret valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Set by the first failure after a success, cleared by the next success: a day of it disables the endpoint.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(
        _("why it was disabled"), max_length=16, choices=DisabledBecause.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.description or self.url

    def get_absolute_url(self):
        return reverse("notifications:webhook-detail", args=[self.pk])

    @property
    def kind_labels(self):
        return [EventKind(kind).label for kind in self.kinds if kind in EventKind.values]


class Delivery(models.Model):
    """One delivery of the outbox: an email (an immediate notification, a daily digest...) or a webhook.

    Both channels share the claim, the sweeper and the retries; the email's fields are empty for a webhook, whose
    JSON body is ``context`` and whose address is its ``endpoint``'s.
    """

    # No recipient for an email to an address with no account yet (an invitation, a request to join answered).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="delivery"
    )
    key = models.CharField(  # noqa: DJ001 -- NULL outside digests: only the keys that are set must be unique
        _("key"), max_length=100, null=True, blank=True, help_text=_("Makes a digest unique per day.")
    )
    # ``db_default`` too: the rows written by COPY (the benchmarks' scale seed) are emails and name no channel.
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.EMAIL, db_default=Channel.EMAIL
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook endpoint"),
    )
    to_email = models.EmailField(_("to"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    # The email is rendered when it is sent, in the recipient's language, from its template and this data,
    # so that a slow or broken template never delays or fails the change that wrote the row.
    template = models.CharField(_("template"), max_length=200)
    context = models.JSONField(_("data"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The mail server could not be reached at the last try: the sweeper tries again as soon as it answers.
    server_unreachable = models.BooleanField(_("mail server unreachable"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # When a task was last put on the broker for the row: a task waiting for it is not queued again.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    give_up_at = models.DateTimeField(_("given up after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )
    resent_at = models.DateTimeField(_("sent again at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created_at", "-pk"]
        # Only the unsent rows are indexed by due time (for the sweeper), and only the failed ones by creation (for
        # their page): a claim, which reads a row by its id, has no status index to be misled by (the planner
        # took one, thinking pending rows rare, and walked all the pending and dead entries at every claim).
        indexes = [
            models.Index(fields=["due_at"], condition=Q(sent_at__isnull=True), name="delivery_unsent"),
            models.Index(
                fields=["-created_at", "-id"], condition=Q(status=DeliveryStatus.FAILED), name="delivery_failed"
            ),
            # An endpoint's delivery log, newest first.
            models.Index(
                fields=["endpoint", "-created_at", "-id"], condition=Q(endpoint__isnull=False), name="delivery_endpoint"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(key__isnull=False), name="one_delivery_per_key"),
        ]

    def __str__(self):
        if self.channel == Channel.WEBHOOK:
            return f"{self.context.get('type', '')} → {self.endpoint_id}"
        return f"{self.to_email}: {self.subject}"

    @property
    def webhook_id(self):
        """The ``webhook-id`` of a webhook: the same at every try and every resend, unique to the row."""
        return f"msg_{self.created_at:%Y%m%d%H%M%S}_{self.pk}"


class WebhookAttempt(models.Model):
    """One try of a webhook: what the endpoint answered (or why nothing was sent), and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts_made")
    started_at = models.DateTimeField(_("time"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    # The start of the answer's body, as text: enough to read an error, bounded so that no endpoint fills the table.
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.delivery_id} @ {self.started_at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class Preference(models.Model):
    """How one person wants to hear about one kind of event (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind of event"), max_length=32, choices=EventKind.choices)
    mode = models.CharField(_("delivery"), max_length=16, choices=DeliveryMode.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_mode_display()}"


class SentReminder(models.Model):
    """A reminder or escalation already sent for one due date; its unique key forbids a second one."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key

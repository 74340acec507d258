"""Invitations, requests to join, and the log of what was done to people's accounts and teams."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.enums import Grant, JoinRequestStatus, PeopleAction
from workflow.models import ImmutableRecord


def new_nonce():
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An email with a single-use link that gives its reader an account and one grant.

    The link signs the invitation's id and ``nonce``; sending it again draws a new nonce, so that only the
    latest link opens it. Whether it is still open (accepted, revoked, expired) is read from the row.
    """

    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150)
    grant = models.CharField(_("role"), max_length=32, choices=Grant.choices)
    region = models.ForeignKey(
        "projects.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    project = models.ForeignKey(
        "projects.SchoolProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("project"),
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    resent_count = models.PositiveSmallIntegerField(_("times sent again"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(grant=Grant.REGIONAL_COORDINATOR) | Q(region__isnull=False),
                name="regional_invitation_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(grant=Grant.HOLDER) | Q(region__isnull=False) | Q(project__isnull=False),
                name="holder_invitation_has_region_or_project",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_grant_display()})"

    @property
    def region_in_scope_id(self):
        """The region whose coordinators answer for this invitation (none for the federation's roles)."""
        return self.project.region_id if self.project_id else self.region_id

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    """A founder's request, made without an account, for an account and a school project in a region."""

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"))
    project_name = models.CharField(_("name of the school project"), max_length=200)
    commune = models.CharField(_("commune"), max_length=150)
    region = models.ForeignKey(
        "projects.Region", on_delete=models.PROTECT, related_name="join_requests", verbose_name=_("region")
    )
    message = models.TextField(_("message"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="join_request"
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["region", "created_at"], condition=Q(status="pending"), name="join_pending")]
        # A request sent twice (a double click, an impatient founder) is one request.
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=Q(status="pending"), name="one_pending_join_request")
        ]

    def __str__(self):
        return f"{self.full_name}: {self.project_name}"

    def get_absolute_url(self):
        return reverse("people:join-request-list")


class PeopleLog(ImmutableRecord):
    """Who did what to a person's account, an invitation, a request to join or a project's team, and when."""

    action = models.CharField(_("action"), max_length=32, choices=PeopleAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people_log",
        verbose_name=_("person"),
    )
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    join_request = models.ForeignKey(JoinRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    project = models.ForeignKey(
        "projects.SchoolProject", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("people log entry")
        verbose_name_plural = _("people log")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

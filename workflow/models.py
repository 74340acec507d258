"""Records of the life cycle: the transition log, training, the financing review, funding, transfers.

The life cycle itself (states, transitions, guards) is in ``workflow.lifecycle``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role, role_label
from workflow.enums import AuditAction, Instrument, Opinion, Purpose, State


class ImmutableRecord(models.Model):
    """A row that, once written, is never changed nor deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are immutable.")


class TransitionLog(ImmutableRecord):
    """Who moved a study from one state to another, as which role, when and why."""

    study = models.ForeignKey("projects.OpportunityStudy", on_delete=models.PROTECT, related_name="transition_logs")
    transition = models.CharField(_("transition"), max_length=32)
    from_state = models.CharField(_("from"), max_length=32, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    actor_role = models.CharField(_("as"), max_length=32, choices=Role.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        ordering = ["created_at", "pk"]
        indexes = [
            # Each study's rows in order: the dashboard's walk of the log pairs each row with the next without
            # sorting them (``workflow.dashboard.walk_the_log``).
            models.Index(fields=["study", "created_at", "id"], name="log_study_walk"),
        ]

    def __str__(self):
        return f"{self.study_id}: {self.from_state} → {self.to_state}"

    @property
    def actor_role_label(self):
        """The role the actor acted in, agreeing with him as he chose (« Coordinatrice régionale »)."""
        return role_label(self.actor_role, self.actor.form_of_address)


class TrainingModule(models.Model):
    """A module of the founders' training, managed by the national coordinators."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Bounded here, not only by the column: SQLite stored a position PostgreSQL's smallint refuses.
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=[MaxValueValidator(1000)])

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


class TrainingProgress(models.Model):
    """A project team's enrolment in a module, and its validation by a coordinator."""

    project = models.ForeignKey("projects.SchoolProject", on_delete=models.CASCADE, related_name="training_progress")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="progress")
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("training progress")
        verbose_name_plural = _("training progress")
        constraints = [models.UniqueConstraint(fields=["project", "module"], name="one_progress_per_module")]

    def __str__(self):
        return f"{self.project_id} / {self.module}"

    @classmethod
    def enrol(cls, *, project_id):
        """Enrol a project's team in every active mandatory module it is not enrolled in yet."""
        modules = TrainingModule.objects.filter(is_mandatory=True, is_active=True)
        cls.objects.bulk_create(
            [cls(project_id=project_id, module=module) for module in modules], ignore_conflicts=True
        )


class InstrumentLine(models.Model):
    """An amount of one financing instrument (loan, guarantee, grant...)."""

    kind = models.CharField(_("instrument"), max_length=32, choices=Instrument.choices)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    label = models.CharField(_("details"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount}"


class FinancingReview(models.Model):
    """The bank expert's analysis of the budget and financing plan, with an opinion."""

    study = models.OneToOneField("projects.OpportunityStudy", on_delete=models.CASCADE, related_name="financing_review")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField(_("opinion"), max_length=16, choices=Opinion.choices)
    budget_analysis = models.TextField(_("analysis of the forecast budget"))
    financing_plan_analysis = models.TextField(_("analysis of the financing plan"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("financing review")
        verbose_name_plural = _("financing reviews")

    def __str__(self):
        return f"{self.study_id}: {self.get_opinion_display()}"


class ProposedInstrument(InstrumentLine):
    review = models.ForeignKey(FinancingReview, on_delete=models.CASCADE, related_name="instruments")

    class Meta:
        verbose_name = _("proposed financing")
        verbose_name_plural = _("proposed financing")


class Funding(models.Model):
    """A financing granted: the one recorded with ``record_funding``, then those granted to the open school."""

    study = models.ForeignKey("projects.OpportunityStudy", on_delete=models.CASCADE, related_name="fundings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.study_id}: {self.total}"

    @property
    def total(self):
        return self.instruments.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class FundedInstrument(InstrumentLine):
    funding = models.ForeignKey(Funding, on_delete=models.CASCADE, related_name="instruments")
    # Blank on the fundings recorded before purposes were asked for: they are shown as "not stated".
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices, blank=True)

    class Meta:
        verbose_name = _("funded instrument")
        verbose_name_plural = _("funded instruments")


class RegionTransfer(ImmutableRecord):
    """A project moved from one region's network to another (not a state change)."""

    project = models.ForeignKey("projects.SchoolProject", on_delete=models.PROTECT, related_name="region_transfers")
    from_region = models.ForeignKey("projects.Region", on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey("projects.Region", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("as"), max_length=32, choices=Role.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("region transfer")
        verbose_name_plural = _("region transfers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.project_id}: {self.from_region_id} → {self.to_region_id}"


class AuditEntry(ImmutableRecord):
    """A write outside the life cycle that a decision may rest on: who, as what, when, and the values written.

    A financing review recorded again, a training module changed, a scoring grid edited: the earlier values
    stay here when the row they describe is overwritten.
    """

    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    study = models.ForeignKey(
        "projects.OpportunityStudy", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    subject = models.CharField(_("about"), max_length=300)
    values = models.JSONField(_("values written"), default=dict)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject}"

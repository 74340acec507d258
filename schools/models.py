"""The schools that opened, the yearly reporting campaigns and each school's report, one line per trade."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from schools.enums import CampaignAction, ReportAction, ReportState
from workflow.models import ImmutableRecord

# Far above any promotion (a school has a few dozen pupils per trade), and inside every integer column.
MAX_PUPILS = 1000


def pupils_field(label):
    return models.PositiveSmallIntegerField(label, default=0, validators=[MaxValueValidator(MAX_PUPILS)])


class School(models.Model):
    """An opened study's school. Its name, commune, region, trades and team are its project's."""

    project = models.OneToOneField("projects.SchoolProject", on_delete=models.PROTECT, related_name="school")
    study = models.OneToOneField("projects.OpportunityStudy", on_delete=models.PROTECT, related_name="school")
    opened_on = models.DateField(_("opening date"))
    places_per_promotion = models.PositiveSmallIntegerField(
        _("places per promotion"), null=True, blank=True, validators=[MaxValueValidator(MAX_PUPILS)]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["project__name", "pk"]

    def __str__(self):
        return self.project.name


class ReportingCampaign(models.Model):
    """A school year's call for reports, opened by a national coordinator, with its deadline."""

    school_year = models.PositiveSmallIntegerField(
        _("school year (starting)"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        ordering = ["-school_year"]

    def __str__(self):
        return self.school_year_label

    def get_absolute_url(self):
        return reverse("schools:campaign-detail", args=[self.pk])

    @property
    def school_year_label(self):
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def is_closed(self):
        return self.closed_at is not None


class CampaignLog(ImmutableRecord):
    """Who changed a campaign's deadline or closed it, when and why; a deadline change keeps both dates."""

    campaign = models.ForeignKey(ReportingCampaign, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("action"), max_length=16, choices=CampaignAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    values = models.JSONField(_("values"), default=dict)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign log entry")
        verbose_name_plural = _("campaign log")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.campaign_id}: {self.action}"


class YearlyReport(models.Model):
    """A school's report for a campaign's school year; frozen once its regional coordinator validates it."""

    campaign = models.ForeignKey(ReportingCampaign, on_delete=models.PROTECT, related_name="reports")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(_("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-campaign__school_year", "school__project__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="one_report_per_school_year")]
        indexes = [models.Index(fields=["state", "campaign"])]

    def __str__(self):
        return f"{self.school_id} / {self.campaign_id}"

    def get_absolute_url(self):
        return reverse("schools:report-detail", args=[self.pk])


class ReportLine(models.Model):
    """One trade's figures in a yearly report: pupils, exams, and the leavers' situation six months on."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="lines")
    trade = models.ForeignKey("projects.Trade", on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    enrolled = pupils_field(_("pupils enrolled"))
    cap_presented = pupils_field(_("presented to the CAP"))
    cap_passed = pupils_field(_("passed the CAP"))
    bac_pro_presented = pupils_field(_("presented to the Bac Pro"))
    bac_pro_passed = pupils_field(_("passed the Bac Pro"))
    other_presented = pupils_field(_("presented to another exam"))
    other_passed = pupils_field(_("passed another exam"))
    leavers = pupils_field(_("leavers"))
    leavers_employed = pupils_field(_("in employment"))
    leavers_studying = pupils_field(_("in further studies"))
    leavers_apprentices = pupils_field(_("of whom apprentices"))
    leavers_other = pupils_field(_("other situation"))
    leavers_unknown = pupils_field(_("situation unknown"))
    leavers_same_trade = pupils_field(_("stayed in their trade"))

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["trade__name"]
        constraints = [models.UniqueConstraint(fields=["report", "trade"], name="one_line_per_trade")]

    def __str__(self):
        return f"{self.report_id} / {self.trade_id}"


# The counts a line holds, in the order the report's form shows them.
FIGURES = [field.name for field in ReportLine._meta.concrete_fields if field.name not in ("id", "report", "trade")]


class ReportLog(ImmutableRecord):
    """Who did what to a report, as which role, when and why; a validation keeps the figures it froze."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("action"), max_length=16, choices=ReportAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("as"), max_length=32, choices=Role.choices)
    comment = models.TextField(_("comment"), blank=True)
    values = models.JSONField(_("values"), default=dict)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("report log entry")
        verbose_name_plural = _("report log")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.action}"

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin

from projects.completeness import missing_for_submission
from projects.enums import AttachmentKind, PlanCategory, PlanSide, Section
from projects.financing import plan_table
from projects.versions import with_kind_label
from workflow.lifecycle import StudyLifecycle
from workflow.rules import can_edit_study, can_view_study


class Region(models.Model):
    """One of the 18 French regions, identified by its INSEE code."""

    code = models.CharField(_("INSEE code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_overseas = models.BooleanField(_("overseas"), default=False)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegionalNetwork(models.Model):
    """The regional network of Écoles de Production; its coordinators screen the region's studies."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="network")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("contact email"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_networks", verbose_name=_("coordinators")
    )

    class Meta:
        verbose_name = _("regional network")
        verbose_name_plural = _("regional networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Trade(models.Model):
    """A trade taught in the workshop (bois), or one of its specialities (menuiserie)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specialities",
        verbose_name=_("trade family"),
    )

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["name"]

    def __str__(self):
        return self.label(self.name, self.parent.name if self.parent_id else None)

    @staticmethod
    def label(name, parent_name=None):
        """How a trade is named to people: a speciality after its family (bois — menuiserie)."""
        return f"{parent_name} — {name}" if parent_name else name


class SchoolProject(models.Model):
    """A future École de Production, carried by a team of holders."""

    name = models.CharField(_("name"), max_length=200)
    commune = models.CharField(_("commune"), max_length=150)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="projects", verbose_name=_("region"))
    trades = models.ManyToManyField(Trade, related_name="projects", verbose_name=_("trades"))
    holder_organisation = models.CharField(_("holder organisation"), max_length=200, blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="school_projects", verbose_name=_("holders"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # What the API's ``updated_since`` reads: a save of the project's own columns (a move to another region too).
    # ``db_default``: rows written by COPY (the benchmarks' scale seed) name no such column.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = _("school project")
        verbose_name_plural = _("school projects")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The page of the project's latest study, where everything about the project is followed."""
        study = self.studies.order_by("-pk").first()
        return reverse("workflow:study-detail", args=[study.pk]) if study else reverse("projects:project-list")


def current_year():
    return timezone.localdate().year + 1


class OpportunityStudy(RulesModelMixin, StudyLifecycle, metaclass=RulesModelBase):
    """The opportunity study of one application of a school project; it carries the life cycle."""

    project = models.ForeignKey(SchoolProject, on_delete=models.PROTECT, related_name="studies")
    territorial_diagnosis = models.TextField(Section.TERRITORIAL_DIAGNOSIS.label, blank=True)
    companies_support = models.TextField(Section.COMPANIES_SUPPORT.label, blank=True)
    trades_and_diplomas = models.TextField(Section.TRADES_AND_DIPLOMAS.label, blank=True)
    pedagogical_project = models.TextField(Section.PEDAGOGICAL_PROJECT.label, blank=True)
    governance = models.TextField(Section.GOVERNANCE.label, blank=True)
    premises = models.TextField(Section.PREMISES.label, blank=True)
    business_model = models.TextField(Section.BUSINESS_MODEL.label, blank=True)
    budget_notes = models.TextField(Section.BUDGET_NOTES.label, blank=True)
    partners = models.TextField(Section.PARTNERS.label, blank=True)
    pupils_per_intake = models.PositiveSmallIntegerField(
        _("pupils per intake"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    pupils_at_capacity = models.PositiveSmallIntegerField(
        _("pupils at full capacity"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    board_members = models.PositiveSmallIntegerField(
        _("members of the association's board"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    plan_start_year = models.PositiveSmallIntegerField(
        _("first year of the plan"),
        default=current_year,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    # The design's forecast budget covers 3 to 5 years; the editor lays the plan out as one column a year.
    plan_years = models.PositiveSmallIntegerField(
        _("years in the plan"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("A forecast budget covers 3 to 5 years."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("opportunity study")
        verbose_name_plural = _("opportunity studies")
        ordering = ["-updated_at", "pk"]
        # The studies list: newest first, whole or by state (measured in bench/RESULTS.md).
        indexes = [
            models.Index(fields=["-updated_at", "id"], name="study_list_newest"),
            # Ending with the project: a coordinator's home lists walk it past the other regions' studies, and
            # read which project each one is of from the index rather than from the study's wide row.
            models.Index(fields=["state", "-updated_at", "id", "project"], name="study_list_state_newest"),
            # Stalled studies (home page, dashboard): each state has its own time limit.
            models.Index(fields=["state", "state_changed_at"], name="study_stalled"),
        ]
        rules_permissions = {"view": can_view_study, "change": can_edit_study}

    def __str__(self):
        return str(self.project)

    def get_absolute_url(self):
        return reverse("workflow:study-detail", args=[self.pk])

    def plan_year_range(self):
        return list(range(self.plan_start_year, self.plan_start_year + self.plan_years))

    @classmethod
    def mark_projects_changed(cls, project_ids):
        """Move the last change of every study of these projects: a study page shows its project's training and
        trades, and caches them until the study changes (``workflow.selectors.study_record``)."""
        cls.objects.filter(project_id__in=project_ids).update(updated_at=timezone.now())

    def current_attachments(self):
        return self.attachments.filter(removed_at__isnull=True)

    def missing_for_submission(self):
        return missing_for_submission(self)

    def freeze_version(self, *, submitted_by):
        """Write the next numbered version of the content, as the reviewers will read it.

        The version's pages read its content only, never the study's rows; the links to the attachments it lists
        say which files stay downloadable and may never be deleted.
        """
        number = (self.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
        version = StudyVersion.objects.create(
            study=self, number=number, submitted_by=submitted_by, content=self.snapshot()
        )
        VersionAttachment.objects.bulk_create(
            VersionAttachment(version=version, attachment_id=item["id"]) for item in version.content["attachments"]
        )
        return version

    def snapshot(self):
        return {
            "sections": {key: getattr(self, key) for key in Section.values},
            "figures": {
                "pupils_per_intake": self.pupils_per_intake,
                "pupils_at_capacity": self.pupils_at_capacity,
                "board_members": self.board_members,
                "plan_start_year": self.plan_start_year,
                "plan_years": self.plan_years,
            },
            "financing_plan": [
                {
                    "year": line.year,
                    "side": line.side,
                    "category": line.category,
                    "label": line.label,
                    "amount": str(line.amount),
                }
                for line in self.financing_lines.order_by("year", "side", "category", "pk")
            ],
            "attachments": [
                {"id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size, "sha256": a.sha256}
                for a in self.current_attachments().order_by("pk")
            ],
        }


class StudyVersion(models.Model):
    """The content of a study frozen at one submission; reviewers and jurors read this."""

    study = models.ForeignKey(OpportunityStudy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("study version")
        verbose_name_plural = _("study versions")
        ordering = ["study", "-number"]
        constraints = [models.UniqueConstraint(fields=["study", "number"], name="one_number_per_version")]

    def __str__(self):
        return f"{self.study} v{self.number}"

    def sections(self):
        """The frozen sections as (label, text), in the editor's order."""
        texts = self.content["sections"]
        return [(section.label, texts.get(section.value, "")) for section in Section]

    def plan_table(self):
        """The frozen financing plan as a table of categories by years."""
        lines = [
            FinancingLine(
                year=line["year"], side=line["side"], category=line["category"], amount=Decimal(line["amount"])
            )
            for line in self.content["financing_plan"]
        ]
        figures = self.content["figures"]
        return plan_table(lines, range(figures["plan_start_year"], figures["plan_start_year"] + figures["plan_years"]))

    def attachment_list(self):
        """The attachments as frozen at submission: id, kind (and its label), name, size and SHA-256.

        Read from the content, never from the study's attachments: those are the current draft's.
        """
        return [with_kind_label(item) for item in self.content["attachments"]]


class FinancingLine(models.Model):
    """One amount of the forecast budget: a use or a resource, for one year of the plan."""

    study = models.ForeignKey(OpportunityStudy, on_delete=models.CASCADE, related_name="financing_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    side = models.CharField(_("side"), max_length=8, choices=PlanSide.choices)
    category = models.CharField(_("category"), max_length=32, choices=PlanCategory.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("financing plan line")
        verbose_name_plural = _("financing plan lines")
        ordering = ["year", "side", "category", "pk"]

    def __str__(self):
        return f"{self.year} {self.get_side_display()} {self.get_category_display()}: {self.amount}"


def attachment_path(attachment, filename):
    """Store under a random name: the uploader's name is kept only as a label."""
    return f"studies/{attachment.study_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class Attachment(models.Model):
    """A document attached to a study; its type was checked from its content."""

    study = models.ForeignKey(OpportunityStudy, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=32, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class VersionAttachment(models.Model):
    """An attachment listed by a submitted version: its file may be taken out of the study, never deleted."""

    version = models.ForeignKey(StudyVersion, on_delete=models.CASCADE, related_name="attachment_links")
    # RESTRICT: deleting a listed attachment fails, unless its whole study (versions included) goes.
    attachment = models.ForeignKey(Attachment, on_delete=models.RESTRICT, related_name="version_links")

    class Meta:
        verbose_name = _("attachment of a version")
        verbose_name_plural = _("attachments of versions")
        constraints = [
            models.UniqueConstraint(fields=["version", "attachment"], name="one_link_per_version_attachment")
        ]

    def __str__(self):
        return f"{self.version}: {self.attachment_id}"

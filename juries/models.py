"""Jury sessions, scoring grids, conflicts of interest, scorecards, decisions and the jury log.

Nothing here changes state by itself: ``juries.services`` performs every change, under a row lock.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMField, FSMModelMixin, transition
from rules.contrib.models import RulesModelBase, RulesModelMixin

from accounts.enums import Role
from juries.enums import Decision, JuryAction, ScorecardStatus, SessionState
from juries.rules import can_manage_session, can_view_scorecard, can_view_session
from permissions.refusal import ActionRefused
from workflow.models import ImmutableRecord

MINIMUM_QUORUM = 3
# Far above any jury the federation sits; it keeps a typed quorum within the column (a 16-bit integer).
MAXIMUM_QUORUM = 100
MAX_SCORE = 5


class ScoringGrid(models.Model):
    """A numbered version of a scoring grid; frozen once a session using it has opened scoring."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("scoring grid")
        verbose_name_plural = _("scoring grids")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="one_grid_per_name_and_version")]

    def __str__(self):
        return _("%(name)s (version %(version)d)") % {"name": self.name, "version": self.version}

    @property
    def is_frozen(self):
        return self.frozen_at is not None


class Criterion(models.Model):
    """A criterion of a grid, scored 0 to 5 (or N/A), weighing ``weight`` out of 100."""

    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance for the jurors"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)], help_text=_("Out of 100.")
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["grid", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_between_1_and_100"
            )
        ]

    def __str__(self):
        return self.title

    # A last line of defence behind the services and the admin: scores already given refer to these rows.
    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self):
        if ScoringGrid.objects.filter(pk=self.grid_id, frozen_at__isnull=False).exists():
            raise ActionRefused([_("This grid is frozen: make a new version of it instead.")])


class JurySession(RulesModelMixin, FSMModelMixin, models.Model, metaclass=RulesModelBase):
    """A sitting of the bank jury that scores the studies of its agenda."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    regions = models.ManyToManyField(
        "projects.Region", blank=True, related_name="jury_sessions", verbose_name=_("regions covered")
    )
    # Chosen while planning; scoring cannot open without one.
    grid = models.ForeignKey(
        ScoringGrid,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("scoring grid"),
    )
    state = FSMField(_("state"), default=SessionState.PLANNED, choices=SessionState.choices, protected=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_QUORUM)],
        help_text=_("Leave empty for the majority of the non-conflicted members, at least 3."),
    )
    scoring_deadline = models.DateTimeField(_("scoring deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # What the API's ``updated_since`` reads: its details, regions and state (the agenda has rows of its own).
    # ``db_default``: rows written by COPY (the benchmarks' scale seed) name no such column.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = _("jury session")
        verbose_name_plural = _("jury sessions")
        ordering = ["-date", "pk"]
        rules_permissions = {"view": can_view_session, "change": can_manage_session}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("juries:session-detail", args=[self.pk])

    @transition(field=state, source=SessionState.PLANNED, target=SessionState.SCORING)
    def open_scoring(self):
        pass

    @transition(field=state, source=SessionState.SCORING, target=SessionState.DELIBERATION)
    def close_scoring(self):
        pass

    @transition(field=state, source=SessionState.DELIBERATION, target=SessionState.CLOSED)
    def close(self):
        pass

    @property
    def is_scores_revealed(self):
        """Whether scores are shown to the jury: from deliberation on, never before."""
        return self.state in (SessionState.DELIBERATION, SessionState.CLOSED)

    def is_before_deadline(self, now=None):
        return self.scoring_deadline is not None and (now or timezone.now()) < self.scoring_deadline


class JuryMembership(models.Model):
    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_memberships", verbose_name=_("member")
    )
    is_president = models.BooleanField(_("president"), default=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["session", "-is_president", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_membership_per_session"),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(is_president=True), name="one_president_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"


def study_quorum(session_quorum, *, eligible):
    """Return the quorum of a study: the session's, if set, or the majority of its ``eligible`` members, at least 3."""
    return session_quorum or max(MINIMUM_QUORUM, eligible // 2 + 1)


class AgendaEntry(models.Model):
    """A study on a session's agenda."""

    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="agenda")
    study = models.ForeignKey("projects.OpportunityStudy", on_delete=models.PROTECT, related_name="agenda_entries")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda")
        ordering = ["session", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "study"], name="study_once_per_agenda")]
        # A page of the session's agenda, in its order, read from the index alone: 50 of 2,000 entries.
        indexes = [models.Index(fields=["session", "position", "id"], name="agenda_in_order")]

    def __str__(self):
        return f"{self.session}: {self.study}"

    def eligible_member_count(self):
        """Count the session's members who have no conflict of interest on this study's project."""
        return self.session.memberships.exclude(user__jury_conflicts__project_id=self.study.project_id).count()

    def required_quorum(self, eligible=None):
        """Return the session's quorum, or by default the majority of the eligible members, at least 3."""
        if self.session.quorum:
            return self.session.quorum
        return study_quorum(None, eligible=self.eligible_member_count() if eligible is None else eligible)

    def decision_blockers(self):
        """Say why the jury cannot decide on this study yet (empty when it can).

        The life cycle's ``jury_has_deliberated`` guard calls this once the session is in deliberation.
        Scorecards of members who declared a conflict never count. The figures are the entry's ``result``,
        published when scoring closed, read with the entry (``select_related("result")``): the results table
        and the decision agree. An entry without one (made outside the services) is counted.
        """
        result = getattr(self, "result", None)
        if result is not None:
            counted, required = result.scorecards, result.quorum
        else:
            counted, required = Scorecard.objects.filter(entry=self).counted().count(), self.required_quorum()
        if counted >= required:
            return []
        return [
            ngettext(
                "Quorum not reached: %(counted)d scorecard submitted out of %(required)d required.",
                "Quorum not reached: %(counted)d scorecards submitted out of %(required)d required.",
                counted,
            )
            % {"counted": counted, "required": required}
        ]


class EntryResult(models.Model):
    """The jury's figures of a study on the agenda, as ``juries.aggregation`` publishes them.

    Written by ``juries.services.results.publish_results`` when scoring closes (and again when a conflict
    declared in deliberation changes what counts), and read by the results page and the decision's quorum
    guard, which are reached from deliberation on only. A session in scoring has none. Whether the figures
    show a disagreement is left to the reader: its thresholds are settings.
    """

    FIGURES = ("mean", "median", "stdev", "minimum", "maximum", "normalised", "rank", "normalised_rank")

    entry = models.OneToOneField(AgendaEntry, on_delete=models.CASCADE, primary_key=True, related_name="result")
    scorecards = models.PositiveSmallIntegerField(default=0)
    quorum = models.PositiveSmallIntegerField()
    mean = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    median = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    stdev = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    minimum = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    maximum = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    normalised = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    rank = models.PositiveSmallIntegerField(null=True)
    normalised_rank = models.PositiveSmallIntegerField(null=True)
    criterion_spreads = models.JSONField(default=dict)
    """The spread of each criterion scored, by criterion id (a JSON key, so a string)."""

    def __str__(self):
        return str(self.entry_id)


class ConflictOfInterest(ImmutableRecord):
    """A person's conflict of interest on a school project, declared on a study of an agenda, or his recusal.

    It binds the person and the project across every session, past and future, whatever his role: he can open
    neither the project's studies, nor their scores, nor their outcome, and is left out of their quorums. A
    conflict is never withdrawn. ``entry`` is where it was declared, for the jury's log.
    """

    project = models.ForeignKey(
        "projects.SchoolProject",
        on_delete=models.PROTECT,
        related_name="conflicts_of_interest",
        verbose_name=_("project"),
    )
    entry = models.ForeignKey(AgendaEntry, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_conflicts")
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="one_conflict_per_project_member")]

    def __str__(self):
        return f"{self.member} / {self.entry}"

    def save(self, *args, **kwargs):
        # The project is the one of the study it was declared on, stored for the lookups and the constraint.
        if self.project_id is None:
            self.project_id = AgendaEntry.objects.values_list("study__project_id", flat=True).get(pk=self.entry_id)
        super().save(*args, **kwargs)


class ScorecardQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=ScorecardStatus.SUBMITTED)

    def not_conflicted(self):
        """Leave out the scorecards of members who declared a conflict on the study's project since."""
        return self.exclude(
            Exists(
                ConflictOfInterest.objects.filter(
                    project_id=OuterRef("entry__study__project_id"), member_id=OuterRef("member_id")
                )
            )
        )

    def counted(self):
        """The scorecards that count towards the quorum and the results."""
        return self.submitted().not_conflicted()


class Scorecard(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """One member's scoring of one study: a draft, then submitted and locked."""

    entry = models.ForeignKey(AgendaEntry, on_delete=models.CASCADE, related_name="scorecards")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(
        _("status"), max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="one_scorecard_per_member")]
        rules_permissions = {"view": can_view_scorecard}

    def __str__(self):
        return f"{self.member} / {self.entry}"

    def get_absolute_url(self):
        return reverse("juries:scorecard", args=[self.entry_id])

    @property
    def is_submitted(self):
        return self.status == ScorecardStatus.SUBMITTED


class Score(models.Model):
    """The score (0 to 5, or not applicable) and comment of one criterion on a scorecard."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(MAX_SCORE)]
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0, value__lte=MAX_SCORE),
                name="score_between_0_and_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(not_applicable=True, value__isnull=False), name="score_not_applicable_has_no_value"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'N/A' if self.not_applicable else self.value}"

    @property
    def is_answered(self):
        return self.not_applicable or self.value is not None


class JuryDecision(ImmutableRecord):
    """The jury's decision on a study of the agenda, recorded once with its motivation."""

    entry = models.OneToOneField(AgendaEntry, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    motivation = models.TextField(_("motivation"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    decided_as = models.CharField(_("as"), max_length=32, choices=Role.choices)
    decided_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("jury decision")
        verbose_name_plural = _("jury decisions")

    def __str__(self):
        return f"{self.entry}: {self.get_decision_display()}"


class JuryLog(ImmutableRecord):
    """Who did what in a session, and when: membership, agenda, scoring, conflicts, reopenings, decisions."""

    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="log")
    entry = models.ForeignKey(AgendaEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=JuryAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member concerned"),
    )
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("jury log entry")
        verbose_name_plural = _("jury log")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session_id}: {self.action}"

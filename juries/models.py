from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMField, FSMModelMixin, transition

from juries.enums import ScorecardStatus, SessionState

MINIMUM_QUORUM = 3


class JurySession(FSMModelMixin, models.Model):
    """A sitting of the bank jury that scores the studies of its agenda."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    regions = models.ManyToManyField("projects.Region", blank=True, related_name="jury_sessions")
    state = FSMField(_("state"), default=SessionState.PLANNED, choices=SessionState.choices, protected=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the majority of the non-conflicted members, at least 3."),
    )
    scoring_deadline = models.DateTimeField(_("scoring deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("jury session")
        verbose_name_plural = _("jury sessions")
        ordering = ["-date", "pk"]

    def __str__(self):
        return self.title

    @transition(field=state, source=SessionState.PLANNED, target=SessionState.SCORING)
    def open_scoring(self):
        pass

    @transition(field=state, source=SessionState.SCORING, target=SessionState.DELIBERATION)
    def close_scoring(self):
        pass

    @transition(field=state, source=SessionState.DELIBERATION, target=SessionState.CLOSED)
    def close(self):
        pass


class JuryMembership(models.Model):
    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_memberships")
    is_president = models.BooleanField(_("president"), default=False)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_membership_per_session"),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(is_president=True), name="one_president_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"


class AgendaEntry(models.Model):
    """A study on a session's agenda."""

    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="agenda")
    study = models.ForeignKey("projects.OpportunityStudy", on_delete=models.PROTECT, related_name="agenda_entries")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda")
        ordering = ["session", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "study"], name="study_once_per_agenda")]

    def __str__(self):
        return f"{self.session}: {self.study}"

    def eligible_member_count(self):
        return self.session.memberships.exclude(user__conflicts__entry=self).count()

    def required_quorum(self):
        if self.session.quorum:
            return self.session.quorum
        return max(MINIMUM_QUORUM, self.eligible_member_count() // 2 + 1)

    def decision_blockers(self):
        """Say why the jury cannot decide on this study yet (empty when it can)."""
        submitted = self.scorecards.filter(status=ScorecardStatus.SUBMITTED).count()
        required = self.required_quorum()
        if submitted < required:
            return [
                ngettext(
                    "Quorum not reached: %(submitted)d scorecard submitted out of %(required)d required.",
                    "Quorum not reached: %(submitted)d scorecards submitted out of %(required)d required.",
                    submitted,
                )
                % {"submitted": submitted, "required": required}
            ]
        return []


class ConflictOfInterest(models.Model):
    entry = models.ForeignKey(AgendaEntry, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="one_conflict_per_member")]

    def __str__(self):
        return f"{self.member} / {self.entry}"


class Scorecard(models.Model):
    entry = models.ForeignKey(AgendaEntry, on_delete=models.CASCADE, related_name="scorecards")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(
        _("status"), max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="one_scorecard_per_member")]

    def __str__(self):
        return f"{self.member} / {self.entry}"

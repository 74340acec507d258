from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionState(models.TextChoices):
    """The states of a jury session (a contract: other code and checks use these values)."""

    PLANNED = "planned", _("Planned")
    SCORING = "scoring", _("Scoring")
    DELIBERATION = "deliberation", _("Deliberation")
    CLOSED = "closed", _("Closed")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # The scorecard's own word: a study is « déposée », a scorecard « soumise », as its button says.
    SUBMITTED = "submitted", pgettext_lazy("scorecard", "Submitted")


class Decision(models.TextChoices):
    """The jury's decision on a study; each value is the name of the study's life-cycle transition."""

    APPROVE = "approve", _("Selected")
    DEFER = "defer", _("Deferred")
    REJECT = "reject", _("Not selected")


class JuryAction(models.TextChoices):
    """What a row of the jury log records."""

    SESSION_PLANNED = "session_planned", _("Session planned")
    SESSION_UPDATED = "session_updated", _("Session details updated")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    PRESIDENT_SET = "president_set", _("President appointed")
    STUDY_ADDED = "study_added", _("Study added to the agenda")
    STUDY_REMOVED = "study_removed", _("Study removed from the agenda")
    SCORING_OPENED = "scoring_opened", _("Scoring opened")
    SCORING_CLOSED = "scoring_closed", _("Scoring closed")
    SESSION_CLOSED = "session_closed", _("Session closed")
    DEADLINE_EXTENDED = "deadline_extended", _("Scoring deadline extended")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    MEMBER_RECUSED = "member_recused", _("Member recused")
    SCORECARD_SUBMITTED = "scorecard_submitted", _("Scorecard submitted")
    SCORECARD_REOPENED = "scorecard_reopened", _("Scorecard reopened")
    DECISION_RECORDED = "decision_recorded", _("Decision recorded")


class AgendaShow(models.TextChoices):
    """Which lines of a session's agenda its page lists."""

    TO_SCORE = "to_score", _("My scorecards to submit")
    MISSING = "missing", _("Scorecards missing")
    COMPLETE = "complete", _("Submitted by all")
    UNDECIDED = "undecided", _("No decision yet")


class QuorumShown(models.TextChoices):
    """The results table's lines by quorum."""

    REACHED = "reached", _("Quorum reached")
    SHORT = "short", _("Quorum not reached")


class DecisionShown(models.TextChoices):
    """The results table's lines by decision."""

    RECORDED = "recorded", _("Decision recorded")
    PENDING = "pending", _("No decision yet")


class ResultOrder(models.TextChoices):
    """What the results table ranks the studies by: both ranks are computed over the whole session."""

    MEAN = "mean", _("Mean total")
    NORMALISED = "normalised", _("Normalised score")

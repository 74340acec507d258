from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionState(models.TextChoices):
    """The states of a jury session (a contract)."""

    PLANNED = "planned", _("Planned")
    SCORING = "scoring", _("Scoring")
    DELIBERATION = "deliberation", _("Deliberation")
    CLOSED = "closed", _("Closed")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")

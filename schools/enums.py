from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    """Where a school's yearly report stands: filled by its team, reviewed by its regional coordinator."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent for review")
    SENT_BACK = "sent_back", _("Sent back")
    VALIDATED = "validated", _("Validated")


class ReportAction(models.TextChoices):
    """What a row of a report's log records."""

    SAVED = "saved", _("Draft saved")
    SUBMITTED = "submitted", _("Sent for review")
    SENT_BACK = "sent_back", _("Sent back")
    VALIDATED = "validated", _("Validated")


class CampaignAction(models.TextChoices):
    """What a row of a campaign's log records."""

    DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")
    CLOSED = "closed", _("Closed")


# The states a team may still write in; a validated report is frozen.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.SENT_BACK)

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """The kinds of event people are told about; preferences are chosen per kind."""

    STUDY_SUBMITTED = "study_submitted", _("Study submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED_INTO_TRAINING = "accepted_into_training", _("Accepted into training")
    TRAINING_COMPLETED = "training_completed", _("Training completed")
    STUDY_ON_AGENDA = "study_on_agenda", _("Study put on a jury agenda")
    SENT_TO_JURY = "sent_to_jury", _("Sent to the jury")
    JURY_DECISION = "jury_decision", _("Jury decision")
    STUDY_WITHDRAWN = "study_withdrawn", _("Study withdrawn")
    STUDY_FUNDED = "study_funded", _("Funding recorded")
    SCHOOL_OPENED = "school_opened", _("School opened")
    FEDERATION_NEWS = "federation_news", _("News of the federation")
    PROJECT_TRANSFERRED = "project_transferred", _("Project moved to another region")
    JURY_INVITATION = "jury_invitation", _("Jury session invitation")
    SCORING_OPENED = "scoring_opened", _("Scoring open")
    DEADLINE_EXTENDED = "deadline_extended", _("Scoring deadline extended")
    SCORECARD_REOPENED = "scorecard_reopened", _("Scorecard reopened")
    SCORING_DEADLINE_NEAR = "scoring_deadline_near", _("Scoring deadline near")
    SCORECARDS_COMPLETE = "scorecards_complete", _("All scorecards in")
    STAGE_REMINDER = "stage_reminder", _("Reminder: time limit of a stage reached")
    STAGE_ESCALATION = "stage_escalation", _("Escalation: a study is overdue")
    CAMPAIGN_OPENED = "campaign_opened", _("Yearly reports open")
    REPORT_SUBMITTED = "report_submitted", _("Yearly report sent for review")
    REPORT_SENT_BACK = "report_sent_back", _("Yearly report sent back")
    REPORT_VALIDATED = "report_validated", _("Yearly report validated")
    REPORT_DEADLINE_NEAR = "report_deadline_near", _("Reminder: a yearly report is due soon")
    REPORT_OVERDUE = "report_overdue", _("Escalation: a yearly report is overdue")
    REPORT_REVIEW_OVERDUE = "report_review_overdue", _("Reminder: a yearly report awaits review")
    JOIN_REQUESTED = "join_requested", _("A founder asks to join")
    WEBHOOK_DISABLED = "webhook_disabled", _("Webhook endpoint disabled after a day of failures")


class DeliveryMode(models.TextChoices):
    """How a person wants to hear about one kind of event."""

    IMMEDIATE = "immediate", _("Email at once")
    DIGEST = "digest", _("Daily digest email")
    IN_APP = "in_app", _("In the inbox only")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Channel(models.TextChoices):
    """What a delivery of the outbox is: an email to a person or an address, or a webhook to an endpoint."""

    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Webhook")


class DisabledBecause(models.TextChoices):
    """Why a webhook endpoint is disabled; stored as a code, so that each reader sees it in his language."""

    FAILURES = "failures", _("No success for a day of tries.")
    OWNER = "owner", _("Disabled by its owner.")


# The kinds an endpoint may subscribe to: every kind but the one that tells its owner it was disabled.
WEBHOOK_KINDS = [(kind.value, kind.label) for kind in EventKind if kind != EventKind.WEBHOOK_DISABLED]
# The type of the test event an owner sends from the endpoint's page; no domain event has it.
WEBHOOK_TEST_TYPE = "webhook_test"

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """The states of an opportunity study (a contract: other code and checks use these values)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    TRAINING = "training", _("Training")
    FINANCING_REVIEW = "financing_review", _("Financing review")
    JURY = "jury", _("Jury")
    APPROVED = "approved", _("Selected")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FUNDED = "funded", _("Funded")
    OPENED = "opened", _("Opened")


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable opinion")
    RESERVED = "reserved", _("Opinion with reservations")
    UNFAVOURABLE = "unfavourable", _("Unfavourable opinion")


class Instrument(models.TextChoices):
    LOAN = "loan", _("Loan")
    SUBORDINATED_LOAN = "subordinated_loan", _("Subordinated loan")
    GUARANTEE = "guarantee", _("Guarantee")
    GRANT = "grant", _("Grant")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    OTHER = "other", _("Other")


# What the bank lends or guarantees: a school financed with one of these is in the bank's portfolio.
BANK_INSTRUMENTS = (Instrument.LOAN, Instrument.SUBORDINATED_LOAN, Instrument.GUARANTEE)


class Purpose(models.TextChoices):
    """What a funding pays for, as the bank follows it."""

    REAL_ESTATE = "real_estate", _("Real estate")
    EQUIPMENT = "equipment", _("Equipment")
    FINANCIAL_MANAGEMENT = "financial_management", _("Financial management")
    WORKING_CAPITAL = "working_capital", _("Working capital")


class AuditAction(models.TextChoices):
    """What a row of the audit trail records: a write outside the life cycle that a decision may rest on."""

    FINANCING_REVIEW_RECORDED = "financing_review_recorded", _("Financing review recorded")
    TRAINING_MODULE_SAVED = "training_module_saved", _("Training module saved")
    TRAINING_VALIDATED = "training_validated", _("Training module validated")
    GRID_CREATED = "grid_created", _("Scoring grid created")
    GRID_UPDATED = "grid_updated", _("Scoring grid changed")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The sections of the opportunity study editor, in the order a founder writes them."""

    TERRITORIAL_DIAGNOSIS = "territorial_diagnosis", _("Territorial diagnosis")
    COMPANIES_SUPPORT = "companies_support", _("Companies' needs and support")
    TRADES_AND_DIPLOMAS = "trades_and_diplomas", _("Trades and diplomas")
    PEDAGOGICAL_PROJECT = "pedagogical_project", _("Pedagogical project")
    GOVERNANCE = "governance", _("Governance and team")
    PREMISES = "premises", _("Premises and equipment")
    BUSINESS_MODEL = "business_model", _("Business model")
    BUDGET_NOTES = "budget_notes", _("Forecast budget and financing plan")
    PARTNERS = "partners", _("Partners")


class PlanSide(models.TextChoices):
    USE = "use", _("Use")
    RESOURCE = "resource", _("Resource")


class PlanCategory(models.TextChoices):
    """Categories of the financing plan: uses first, then resources by source."""

    STAFF = "staff", _("Staff (master professionals, management)")
    PREMISES = "premises", _("Premises")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIALS = "materials", _("Materials and supplies")
    OPERATIONS = "operations", _("Other operating costs")
    PRODUCTION = "production", _("Production revenue")
    APPRENTICESHIP_TAX = "apprenticeship_tax", _("Apprenticeship tax")
    REGION = "region", _("Region grant")
    STATE = "state", _("State grant")
    FOUNDATIONS = "foundations", _("Foundations")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    LOANS = "loans", _("Loans")
    OTHER = "other", _("Other")


USE_CATEGORIES = frozenset(
    {
        PlanCategory.STAFF,
        PlanCategory.PREMISES,
        PlanCategory.EQUIPMENT,
        PlanCategory.MATERIALS,
        PlanCategory.OPERATIONS,
        PlanCategory.OTHER,
    }
)
RESOURCE_CATEGORIES = frozenset(
    {
        PlanCategory.PRODUCTION,
        PlanCategory.APPRENTICESHIP_TAX,
        PlanCategory.REGION,
        PlanCategory.STATE,
        PlanCategory.FOUNDATIONS,
        PlanCategory.SPONSORSHIP,
        PlanCategory.LOANS,
        PlanCategory.OTHER,
    }
)


class AttachmentKind(models.TextChoices):
    LETTER_OF_SUPPORT = "letter_of_support", _("Letter of support")
    STATUTES = "statutes", _("Association statutes")
    BUDGET_SPREADSHEET = "budget_spreadsheet", _("Budget spreadsheet")
    PREMISES_PLAN = "premises_plan", _("Premises plan")
    OTHER = "other", _("Other document")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The capacities in which a person acts on a study; the transition log records one of them."""

    HOLDER = "holder", _("Project holder")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    BANK_EXPERT = "bank_expert", _("Bank expert")
    JURY_MEMBER = "jury_member", _("Jury member")
    JURY_PRESIDENT = "jury_president", _("Jury president")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The capacities in which a person acts on a study; the transition log records one of them."""

    HOLDER = "holder", _("Project holder")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    BANK_EXPERT = "bank_expert", _("Bank expert")
    JURY_MEMBER = "jury_member", _("Jury member")
    JURY_PRESIDENT = "jury_president", _("Jury president")


class FormOfAddress(models.TextChoices):
    """How a person wants to be spoken of, where the language makes a role agree with the person (French)."""

    UNSPECIFIED = "", _("Not specified")
    FEMININE = "feminine", _("Feminine (« coordinatrice », « présidente »)")
    MASCULINE = "masculine", _("Masculine (« coordinateur », « président »)")


# The role labels in the feminine; the masculine ones, the labels of ``Role``, stay the default.
FEMININE_ROLE_LABELS = {
    Role.HOLDER: pgettext_lazy("feminine", "Project holder"),
    Role.REGIONAL_COORDINATOR: pgettext_lazy("feminine", "Regional coordinator"),
    Role.NATIONAL_COORDINATOR: pgettext_lazy("feminine", "National coordinator"),
    Role.BANK_EXPERT: pgettext_lazy("feminine", "Bank expert"),
    Role.JURY_MEMBER: pgettext_lazy("feminine", "Jury member"),
    Role.JURY_PRESIDENT: pgettext_lazy("feminine", "Jury president"),
}


def role_label(role, form_of_address=FormOfAddress.UNSPECIFIED):
    """The label of ``role`` agreeing with a person who chose ``form_of_address``."""
    if form_of_address == FormOfAddress.FEMININE:
        return FEMININE_ROLE_LABELS[role]
    return Role(role).label

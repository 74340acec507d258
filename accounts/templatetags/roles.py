"""Role labels in templates, agreeing with the person they name (« Coordinatrice régionale »)."""

from django import template

from accounts.enums import role_label

register = template.Library()


@register.filter
def role_of(person, role):
    """The label of ``role`` as ``person`` wants to be spoken of: ``{{ person|role_of:"bank_expert" }}``."""
    return role_label(role, person.form_of_address)

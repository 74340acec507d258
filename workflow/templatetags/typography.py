"""Punctuation as each language sets it: French puts a narrow no-break space before a colon."""

from django import template
from django.utils.translation import get_language

register = template.Library()

NARROW_NO_BREAK_SPACE = "\u202f"


@register.filter(is_safe=True)
def colon(label):
    """``label`` followed by a colon, spaced as the current language spaces it: « Élèves par promotion : »."""
    space = NARROW_NO_BREAK_SPACE if (get_language() or "").startswith("fr") else ""
    return f"{label}{space}:"

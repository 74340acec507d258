"""Bar charts drawn on the server as inline SVG: no script, no style attribute, no external service.

Colours come from the stylesheet (``chart-bar`` and ``series-<n>`` classes); each chart names itself and
points at the data table that follows it, for readers who cannot see it.
"""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from workflow.templatetags.typography import colon

register = template.Library()

WIDTH = 640
LABEL_WIDTH = 190
BAR_AREA = 360
GAP = 8
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_LENGTH = 28


def _label(value):
    text = str(getattr(value, "label", value))
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def _display(value, decimals):
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.inclusion_tag("workflow/_bar_chart.html")
def bar_chart(chart_id, title, rows, series=None, decimals=0):
    """Draw horizontal bars, one per ``(label, value)`` row; with ``series``, values are lists, stacked."""
    rows = [(label, values if series else [values]) for label, values in rows]
    largest = max((sum(v or 0 for v in values) for _label, values in rows), default=0) or 1
    bars = []
    for index, (label, values) in enumerate(rows):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        x = LABEL_WIDTH + GAP
        segments = []
        for number, value in enumerate(values):
            width = round((value or 0) * BAR_AREA / largest)
            name = str(series[number]) if series else _label(label)
            segments.append(
                {"x": x, "width": width, "series": number, "title": f"{colon(name)} {_display(value, decimals)}"}
            )
            x += width
        total = None if all(v is None for v in values) else sum(v or 0 for v in values)
        bars.append(
            {
                "label": _label(label),
                "y": y,
                "text_y": y + BAR_HEIGHT - 3,
                "segments": segments,
                "value_x": x + GAP,
                "display": _display(total, decimals),
            }
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "description": _("The figures of this chart are in the table that follows it."),
        "bars": bars,
        "series": [str(name) for name in series or ()],
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "label_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }

"""The federation's key figures: pure functions over the lines of validated reports, and their definitions.

Nothing here reads the database: the selectors hand over plain rows (``ReportLine`` figures with the school's
region, the trade's family and the school year), so each definition is tested on hand-made rows. A share whose
denominator counts fewer pupils than the threshold (``TREMPLIN_FIGURES_MIN_PUPILS``) is "too few pupils", never
a percentage: two pupils out of three is not "67 %".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ONE_DECIMAL = Decimal("0.1")
OPENINGS_WINDOW_YEARS = 8


@dataclass(frozen=True)
class Share:
    """A share of pupils: ``numerator`` out of ``denominator``, shown only above ``min_pupils``."""

    numerator: int
    denominator: int
    min_pupils: int

    @property
    def too_few(self):
        return self.denominator < self.min_pupils

    @property
    def percent(self):
        """The share in percent, rounded half up to one place; ``None`` when computed on too few pupils."""
        if self.too_few or not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / self.denominator).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _total(lines, *names):
    return sum(line[name] for line in lines for name in names)


def pass_share(lines, min_pupils):
    """Pupils who passed an exam (CAP, Bac Pro or another), among those presented to it."""
    return Share(
        _total(lines, "cap_passed", "bac_pro_passed", "other_passed"),
        _total(lines, "cap_presented", "bac_pro_presented", "other_presented"),
        min_pupils,
    )


def _known_leavers(lines):
    return _total(lines, "leavers") - _total(lines, "leavers_unknown")


def positive_exit_share(lines, min_pupils):
    """Leavers in employment or further studies six months on, among the leavers whose situation is known."""
    return Share(_total(lines, "leavers_employed", "leavers_studying"), _known_leavers(lines), min_pupils)


def same_trade_share(lines, min_pupils):
    """Leavers who stayed in their trade, among those in employment or further studies."""
    return Share(_total(lines, "leavers_same_trade"), _total(lines, "leavers_employed", "leavers_studying"), min_pupils)


def further_studies_share(lines, min_pupils):
    """Leavers in further studies six months on, among the leavers whose situation is known."""
    return Share(_total(lines, "leavers_studying"), _known_leavers(lines), min_pupils)


def apprenticeship_share(lines, min_pupils):
    """Apprentices, among the leavers in further studies."""
    return Share(_total(lines, "leavers_apprentices"), _total(lines, "leavers_studying"), min_pupils)


SHARES = (
    (
        "pass",
        _("Pass rate"),
        pass_share,
        _("Pupils who passed the CAP, the Bac Pro or another exam, among the pupils presented to it."),
    ),
    (
        "positive_exits",
        _("Positive exits after six months"),
        positive_exit_share,
        _(
            "Leavers in employment or in further studies six months after leaving, among the leavers whose "
            "situation is known."
        ),
    ),
    (
        "same_trade",
        _("Staying in their trade"),
        same_trade_share,
        _("Leavers who stayed in the trade they learnt, among the leavers in employment or in further studies."),
    ),
    (
        "further_studies",
        _("Going on studying"),
        further_studies_share,
        _("Leavers in further studies six months after leaving, among the leavers whose situation is known."),
    ),
    (
        "apprenticeship",
        _("Of whom apprentices"),
        apprenticeship_share,
        _("Leavers studying as apprentices, among the leavers in further studies."),
    ),
)

SCHOOLS_OPEN_DEFINITION = _("Schools open today: every opened study is a school.")
OPENINGS_DEFINITION = _("Schools whose opening date falls in the last eight years, up to today.")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    share: Share


def shares(lines, min_pupils):
    """Every share figure over ``lines``, in the order the page shows them."""
    return [Figure(key, label, definition, share(lines, min_pupils)) for key, label, share, definition in SHARES]


def openings_since(opening_dates, today):
    """How many of ``opening_dates`` fall in the eight years up to ``today`` (from the same day, eight years ago)."""
    try:
        start = today.replace(year=today.year - OPENINGS_WINDOW_YEARS)
    except ValueError:  # 29 February
        start = datetime.date(today.year - OPENINGS_WINDOW_YEARS, 3, 1)
    return sum(1 for opened_on in opening_dates if start <= opened_on <= today)


def by_group(lines, key, min_pupils):
    """The share figures per value of ``key`` (region, trade family, school year), in the order of the values."""
    groups = defaultdict(list)
    for line in lines:
        groups[line[key]].append(line)
    return [(value, shares(groups[value], min_pupils)) for value in sorted(groups)]

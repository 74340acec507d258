"""Arithmetic of the financing plan: totals per year and the plan as a table of categories by years."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from projects.enums import RESOURCE_CATEGORIES, USE_CATEGORIES, PlanCategory, PlanSide


@dataclass
class YearTotals:
    uses: Decimal = Decimal("0")
    resources: Decimal = Decimal("0")

    @property
    def balance(self):
        return self.resources - self.uses


def year_totals(lines):
    """Sum the uses and the resources of each year of a financing plan, exactly (``Decimal``)."""
    totals = defaultdict(YearTotals)
    for line in lines:
        if line.side == PlanSide.USE:
            totals[line.year].uses += line.amount
        else:
            totals[line.year].resources += line.amount
    return totals


@dataclass
class PlanTable:
    years: list
    uses: list  # (category label, [amount or None per year])
    resources: list
    totals: list  # YearTotals per year


def plan_table(lines, years):
    """Lay a plan's lines out as rows of categories and columns of years, with each year's totals."""
    cells = defaultdict(Decimal)
    for line in lines:
        cells[(line.side, line.category, line.year)] += line.amount

    def rows(side, categories):
        return [
            (category.label, [cells.get((side, category.value, year)) for year in years])
            for category in PlanCategory
            if category in categories and any((side, category.value, year) in cells for year in years)
        ]

    totals = year_totals(lines)
    return PlanTable(
        years=list(years),
        uses=rows(PlanSide.USE, USE_CATEGORIES),
        resources=rows(PlanSide.RESOURCE, RESOURCE_CATEGORIES),
        totals=[totals[year] for year in years],
    )

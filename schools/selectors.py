"""Rows a user may see. Each selector agrees with its predicate in ``schools.rules`` (tested as a matrix)."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from schools.enums import EDITABLE_STATES, ReportState
from schools.figures import by_group, openings_since, shares
from schools.models import FIGURES, ReportingCampaign, ReportLine, School, YearlyReport
from schools.rules import bank_financed
from workflow.enums import State
from workflow.models import FundedInstrument
from workflow.rules import coordinated_region_ids, holder_project_ids


def schools_for_user(user):
    """Return the schools ``user`` may open: the ``can_view_school`` predicate as a queryset.

    A school's team sees its own, a regional coordinator his regions', the bank the schools it lends to or
    guarantees, a national coordinator all of them.
    """
    schools = School.objects.select_related("project__region")
    if not user.is_authenticated or not user.is_active:
        return schools.none()
    if user.is_national_coordinator:
        return schools
    visible = Q(project_id__in=holder_project_ids(user)) | Q(project__region_id__in=coordinated_region_ids(user))
    if user.is_bank_expert:
        visible |= Q(bank_financed(OuterRef("study_id")))
    return schools.filter(visible)


def reports_for_user(user):
    """Return the yearly reports ``user`` may open: those of the schools he may open."""
    return YearlyReport.objects.select_related("campaign", "school__project__region").filter(
        school__in=schools_for_user(user).values("pk")
    )


def reports_due(*, on):
    """Return the reports still to send (draft or sent back) of open campaigns whose deadline is on or before ``on``."""
    return (
        YearlyReport.objects.filter(
            state__in=EDITABLE_STATES, campaign__deadline__lte=on, campaign__closed_at__isnull=True
        )
        .select_related("campaign", "school__project__region")
        .order_by("campaign__deadline", "pk")
    )


def reports_awaiting_review(*, since):
    """Return the reports sent for review on or before ``since`` and still waiting for it."""
    return (
        YearlyReport.objects.filter(state=ReportState.SUBMITTED, submitted_at__lte=since)
        .select_related("campaign", "school__project__region")
        .order_by("submitted_at", "pk")
    )


def campaigns_for_user(user):
    """Return the campaigns whose page the person may open: all of them for a national coordinator, else none."""
    if user.is_active and user.is_national_coordinator:
        return ReportingCampaign.objects.all()
    return ReportingCampaign.objects.none()


def campaigns():
    """Return every reporting campaign, newest school year first (their years and deadlines are not secret)."""
    return ReportingCampaign.objects.all()


def validated_lines(*, school_ids=None):
    """Return the lines of validated reports as plain rows: the only input of the key figures.

    Each row holds the line's counts, its school's id and region, its trade's family (the trade itself when
    it has none) and the school year. ``school_ids`` narrows them to some schools.
    """
    lines = ReportLine.objects.filter(report__state=ReportState.VALIDATED)
    if school_ids is not None:
        lines = lines.filter(report__school_id__in=school_ids)
    return list(
        lines.order_by().values(
            *FIGURES,
            school=F("report__school_id"),
            region=F("report__school__project__region__name"),
            family=Coalesce("trade__parent__name", "trade__name"),
            school_year=F("report__campaign__school_year"),
        )
    )


def opening_dates():
    """Return the opening date of every open school."""
    return list(School.objects.filter(study__state=State.OPENED).values_list("opened_on", flat=True))


def report_rows_for_user(user):
    """Return the reports ``user`` may open, newest school year first, with what the list shows."""
    return reports_for_user(user).order_by("-campaign__school_year", "school__project__name")


def campaign_progress():
    """Return the campaigns, each with how many of its reports are in each state."""
    return campaigns().annotate(
        **{f"{state}_count": Count("reports", filter=Q(reports__state=state)) for state in ReportState.values},
        reports_count=Count("reports"),
    )


def fundings_by_purpose(study_ids):
    """Return, per study id, the amounts funded per purpose (``""``: not stated) and their ``"total"``."""
    amounts = {}
    rows = (
        FundedInstrument.objects.filter(funding__study_id__in=study_ids)
        .order_by()
        .values_list("funding__study_id", "purpose")
        .annotate(amount=Sum("amount"))
    )
    for study_id, purpose, amount in rows:
        study_amounts = amounts.setdefault(study_id, {"total": Decimal(0)})
        study_amounts[purpose] = study_amounts.get(purpose, Decimal(0)) + amount
        study_amounts["total"] += amount
    return amounts


def school_fundings(school):
    """Return every financing instrument granted to the school, at its opening and since, oldest first."""
    return (
        FundedInstrument.objects.filter(funding__study_id=school.study_id)
        .select_related("funding")
        .order_by("funding__recorded_at", "pk")
    )


def latest_figures(school_ids):
    """Return, per school id, its latest validated school year and the key figures of that year's report."""
    lines = validated_lines(school_ids=school_ids)
    latest = {}
    for line in lines:
        latest[line["school"]] = max(latest.get(line["school"], 0), line["school_year"])
    return {
        school_id: {
            "school_year": f"{year}-{year + 1}",
            "figures": shares(
                [line for line in lines if line["school"] == school_id and line["school_year"] == year],
                settings.TREMPLIN_FIGURES_MIN_PUPILS,
            ),
        }
        for school_id, year in latest.items()
    }


def _labelled(key, groups):
    """Name the school years as people do (2025-2026), once sorted by their starting year."""
    if key != "school_year":
        return groups
    return [(f"{year}-{year + 1}", figures) for year, figures in groups]


GROUPINGS = (
    ("region", _("By region")),
    ("family", _("By trade family")),
    ("school_year", _("By school year")),
)


def key_figures(*, today):
    """Return the federation's key figures, computed now from the validated reports and the open schools."""
    lines = validated_lines()
    dates = opening_dates()
    minimum = settings.TREMPLIN_FIGURES_MIN_PUPILS
    return {
        "schools_open": len(dates),
        "openings": openings_since(dates, today),
        "figures": shares(lines, minimum),
        "groupings": [(key, label, _labelled(key, by_group(lines, key, minimum))) for key, label in GROUPINGS],
        "min_pupils": minimum,
    }

"""Rows a user may see. Each selector agrees with its predicate in ``schools.rules`` (tested as a matrix)."""

from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce

from schools.enums import ReportState
from schools.models import FIGURES, ReportingCampaign, ReportLine, School, YearlyReport
from schools.rules import bank_financed
from workflow.enums import State
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

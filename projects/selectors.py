"""Rows of ``projects`` a holder works on. What others may see is in ``workflow.selectors``."""

from django.core.cache import cache
from django.db.models import Prefetch

from projects.models import OpportunityStudy, Region, SchoolProject, Trade

FILTER_CHOICES_KEY = "projects:filter-choices"
# A bound on staleness should a forgetting ever be missed (a bulk write sends no signal).
FILTER_CHOICES_TIMEOUT = 600


def projects_for_holder(user):
    """Return the projects on whose team ``user`` is, with their studies, newest application first."""
    if not user.is_authenticated:
        return SchoolProject.objects.none()
    return (
        SchoolProject.objects.filter(team=user)
        .select_related("region")
        .prefetch_related(
            Prefetch("trades", queryset=Trade.objects.select_related("parent")),
            Prefetch("studies", queryset=OpportunityStudy.objects.order_by("-created_at")),
        )
    )


def studies_of_holder(user):
    """Return the studies of the projects on whose team ``user`` is (the editor's rows)."""
    if not user.is_authenticated:
        return OpportunityStudy.objects.none()
    return OpportunityStudy.objects.filter(project__team=user).select_related("project", "project__region")


def trade_labels_by_project(project_ids):
    """Return, for each of the projects, the labels of its trades in name order (one query, no model built)."""
    labels = {}
    links = (
        SchoolProject.trades.through.objects.filter(schoolproject_id__in=project_ids)
        .order_by("trade__name", "trade_id")
        .values_list("schoolproject_id", "trade__name", "trade__parent__name")
    )
    for project_id, name, parent_name in links:
        labels.setdefault(project_id, []).append(Trade.label(name, parent_name))
    return labels


def filter_choices():
    """Return the regions and the trade families as (id, name) pairs, for the filters of the studies list.

    Kept in the cache shared by the processes: every list page would otherwise read both tables, which change
    only when an administrator edits them (``workflow.caches`` forgets them then).
    """
    choices = cache.get(FILTER_CHOICES_KEY)
    if choices is None:
        choices = {
            "regions": list(Region.objects.order_by("name", "pk").values_list("pk", "name")),
            "trades": list(Trade.objects.filter(parent__isnull=True).order_by("name", "pk").values_list("pk", "name")),
        }
        cache.set(FILTER_CHOICES_KEY, choices, FILTER_CHOICES_TIMEOUT)
    return choices

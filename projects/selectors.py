"""Rows of ``projects`` a holder works on. What others may see is in ``workflow.selectors``."""

from django.db.models import Prefetch

from projects.models import OpportunityStudy, SchoolProject, Trade


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

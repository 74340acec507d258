"""Scoring grids: versions, criteria and their weights."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from juries.models import Criterion, ScoringGrid
from juries.policy import session_policy
from juries.services._common import refuse_if
from workflow.enums import AuditAction
from workflow.models import AuditEntry

TOTAL_WEIGHT = 100


def criteria_refusals(criteria):
    """Return why a list of criteria cannot make a grid (empty when it can).

    Each criterion is a mapping with ``title``, ``weight`` and optionally ``guidance``.
    """
    if not criteria:
        return [_("A grid needs at least one criterion.")]
    reasons = []
    for criterion in criteria:
        weight = criterion.get("weight")
        if not str(criterion.get("title", "")).strip():
            reasons.append(_("Every criterion needs a title."))
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= TOTAL_WEIGHT:
            reasons.append(
                _("The weight of “%(title)s” must be a whole number from 1 to 100.")
                % {"title": criterion.get("title", "")}
            )
    if reasons:
        return reasons
    total = sum(criterion["weight"] for criterion in criteria)
    if total != TOTAL_WEIGHT:
        return [_("The weights of the criteria must add up to 100, not %(total)d.") % {"total": total}]
    return []


def _write_criteria(grid, criteria):
    Criterion.objects.bulk_create(
        Criterion(
            grid=grid,
            position=position,
            title=criterion["title"].strip(),
            guidance=criterion.get("guidance", "").strip(),
            weight=criterion["weight"],
        )
        for position, criterion in enumerate(criteria, start=1)
    )


def create_grid(*, actor, name, criteria, description=""):
    """Create a scoring grid, as the next version of any grid of the same name, with its criteria.

    Only a national coordinator may; the weights must add up to 100.
    """
    session_policy.check(actor, "manage")
    criteria = list(criteria)
    refuse_if(criteria_refusals(criteria))
    with transaction.atomic(durable=True):
        version = (ScoringGrid.objects.filter(name=name).aggregate(Max("version"))["version__max"] or 0) + 1
        grid = ScoringGrid.objects.create(name=name, version=version, description=description, created_by=actor)
        _write_criteria(grid, criteria)
        _audit(AuditAction.GRID_CREATED, grid, actor=actor, values={"criteria": grid_criteria(grid)})
    return grid


def grid_criteria(grid):
    """The grid's criteria in order, as the mappings ``create_grid`` and ``update_grid`` take."""
    return [
        {"title": criterion.title, "weight": criterion.weight, "guidance": criterion.guidance}
        for criterion in grid.criteria.all()
    ]


def new_grid_version(grid, *, actor):
    """Copy a grid (frozen or not) into its next version, which can then be changed."""
    return create_grid(actor=actor, name=grid.name, criteria=grid_criteria(grid), description=grid.description)


def update_grid(grid, *, actor, criteria, description=None):
    """Replace the criteria (and description) of a grid that no session has opened scoring with.

    A frozen grid is refused: make a new version instead.
    """
    session_policy.check(actor, "manage")
    criteria = list(criteria)
    with transaction.atomic(durable=True):
        locked = ScoringGrid.objects.select_for_update().get(pk=grid.pk)
        refuse_if([_("This grid is frozen: make a new version of it instead.")] if locked.is_frozen else [])
        refuse_if(criteria_refusals(criteria))
        before = {"criteria": grid_criteria(locked), "description": locked.description}
        locked.criteria.all().delete()
        _write_criteria(locked, criteria)
        if description is not None:
            locked.description = description
            locked.save(update_fields=["description"])
        after = {"criteria": grid_criteria(locked), "description": locked.description}
        _audit(AuditAction.GRID_UPDATED, locked, actor=actor, values={"before": before, "after": after})
    return locked


def _audit(action, grid, *, actor, values):
    """Keep in the audit trail what a grid's change wrote: jurors' scores rest on its weights."""
    AuditEntry.objects.create(action=action, actor=actor, subject=str(grid), values=values)

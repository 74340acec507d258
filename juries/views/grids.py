"""Scoring grids, for the national coordinators: the list, a grid's page, its criteria and new versions.

Grids are internal tooling: to anyone else these pages do not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juries.forms import CriteriaFormSet, GridDetailsForm, GridForm
from juries.models import ScoringGrid
from juries.policy import session_policy
from juries.services import create_grid, new_grid_version, update_grid
from juries.services.grids import grid_criteria
from juries.views._helpers import show_refusal
from permissions.refusal import ActionRefused


def _require_grid_manager(user):
    if not session_policy.can(user, "manage"):
        raise Http404


def _grid_or_404(request, pk):
    _require_grid_manager(request.user)
    return get_object_or_404(ScoringGrid, pk=pk)


@login_required
def grid_list(request):
    _require_grid_manager(request.user)
    grids = ScoringGrid.objects.annotate(criterion_count=Count("criteria")).order_by("-created_at", "-pk")
    return render(request, "juries/grid_list.html", {"grids": grids})


@login_required
def grid_detail(request, pk):
    grid = _grid_or_404(request, pk)
    criteria = list(grid.criteria.all())
    return render(
        request,
        "juries/grid_detail.html",
        {"grid": grid, "criteria": criteria, "total": sum(criterion.weight for criterion in criteria)},
    )


def _grid_form(request, grid, form, save, success):
    """The page of a new or existing grid: its details and criteria, saved by one service call."""
    formset = CriteriaFormSet(request.POST or None, initial=grid_criteria(grid) if grid else None, prefix="criteria")
    # Both are validated, so that every row shows its errors and the total of the weights.
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            saved = save(form.cleaned_data, formset.criteria())
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, success)
            return redirect("juries:grid-detail", pk=saved.pk)
    return render(request, "juries/grid_form.html", {"grid": grid, "form": form, "formset": formset})


@login_required
def grid_create(request):
    _require_grid_manager(request.user)
    return _grid_form(
        request,
        None,
        GridForm(request.POST or None),
        lambda details, criteria: create_grid(actor=request.user, criteria=criteria, **details),
        _("Scoring grid created."),
    )


@login_required
def grid_edit(request, pk):
    grid = _grid_or_404(request, pk)
    return _grid_form(
        request,
        grid,
        GridDetailsForm(request.POST or None, initial={"description": grid.description}),
        lambda details, criteria: update_grid(grid, actor=request.user, criteria=criteria, **details),
        _("Scoring grid saved."),
    )


@login_required
@require_POST
def grid_new_version(request, pk):
    grid = _grid_or_404(request, pk)
    try:
        copy = new_grid_version(grid, actor=request.user)
    except ActionRefused as refusal:
        show_refusal(request, refusal)
        return redirect("juries:grid-detail", pk=grid.pk)
    messages.success(request, _("Version %(version)d of the grid is made: change it here.") % {"version": copy.version})
    return redirect("juries:grid-detail", pk=copy.pk)

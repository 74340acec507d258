"""The founders' pages: their projects, the study editor, the financing plan and the attachments.

The life cycle (submit, withdraw, the timeline) is on the study page, in ``workflow.views``.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from permissions.refusal import ActionRefused
from projects.completeness import completion
from projects.enums import Section
from projects.financing import year_totals
from projects.forms import SECTION_GUIDANCE, AttachmentForm, FinancingPlanForm, ProjectForm, section_form_class
from projects.models import FinancingLine
from projects.selectors import projects_for_holder, studies_of_holder
from projects.services import (
    add_attachment,
    create_project,
    remove_attachment,
    replace_financing_plan,
    update_study,
)


def _editable_study(request, pk):
    """Fetch a study of the user's projects (404 otherwise) and whether it may be edited now."""
    study = get_object_or_404(studies_of_holder(request.user), pk=pk)
    return study, request.user.has_perm("projects.change_opportunitystudy", study)


def _editor_context(study, **extra):
    problems, percent = completion(study)
    return {
        "study": study,
        "sections": Section,
        "problems": problems,
        "completion": percent,
        "changes_asked": study.transition_logs.filter(transition="request_changes").select_related("actor").last()
        if study.state == "changes_requested"
        else None,
        **extra,
    }


@login_required
def project_list(request):
    return render(request, "projects/project_list.html", {"projects": projects_for_holder(request.user)})


@login_required
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = create_project(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Project created. Write its opportunity study section by section."))
        return redirect("projects:study-edit", pk=project.studies.get().pk)
    return render(request, "projects/project_form.html", {"form": form})


def _refused_on_form(form, refusal):
    """Show a refused action above the form; a person who may not act at all gets the 403 page instead."""
    if refusal.forbidden:
        raise refusal
    form.add_error(None, refusal.reasons)


@login_required
def study_edit(request, pk, section=Section.TERRITORIAL_DIAGNOSIS):
    study, editable = _editable_study(request, pk)
    if section not in Section.values:
        section = Section.TERRITORIAL_DIAGNOSIS
    # A ModelForm writes what was typed onto its instance even when it refuses it: the page around the form
    # (completeness, the plan's years) must show the study as saved, so the form gets a copy.
    form = section_form_class(section)(request.POST or None, instance=copy.copy(study))
    if request.method == "POST" and editable and form.is_valid():
        try:
            update_study(study, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except ActionRefused as refusal:
            _refused_on_form(form, refusal)
        else:
            messages.success(request, _("Section saved."))
            return redirect("projects:study-section", pk=study.pk, section=section)
    context = _editor_context(
        study, form=form, section=Section(section), guidance=SECTION_GUIDANCE[section], editable=editable
    )
    return render(request, "projects/study_edit.html", context)


@login_required
def financing_plan(request, pk):
    """The plan as a grid; with htmx, each change returns the running totals of what is typed, unsaved."""
    study, editable = _editable_study(request, pk)
    form = FinancingPlanForm(request.POST or None, study=study)
    if request.htmx and request.method == "POST":
        lines = [FinancingLine(**line) for line in form.lines()] if form.is_valid() else []
        totals = year_totals(lines)
        context = {"totals": [totals[year] for year in study.plan_year_range()], "form": form}
        return render(request, "projects/financing_plan.html#totals", context)
    if request.method == "POST" and editable and form.is_valid():
        try:
            replace_financing_plan(study, actor=request.user, lines=form.lines())
        except ValidationError as error:
            form.add_error(None, error)
        except ActionRefused as refusal:
            _refused_on_form(form, refusal)
        else:
            messages.success(request, _("Financing plan saved."))
            return redirect("projects:financing-plan", pk=study.pk)
    totals = year_totals(study.financing_lines.all())
    context = _editor_context(
        study,
        form=form,
        editable=editable,
        page="plan",
        totals=[totals[year] for year in study.plan_year_range()],
    )
    return render(request, "projects/financing_plan.html", context)


@login_required
def attachments(request, pk):
    study, editable = _editable_study(request, pk)
    form = AttachmentForm(
        request.POST or None, request.FILES or None, too_large=getattr(request, "upload_too_large", False)
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            add_attachment(
                study, actor=request.user, kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        except ActionRefused as refusal:
            _refused_on_form(form, refusal)
        else:
            messages.success(request, _("Document attached."))
            return redirect("projects:attachments", pk=study.pk)
    context = _editor_context(
        study,
        form=form,
        editable=editable,
        page="attachments",
        attachments=study.current_attachments().select_related("uploaded_by"),
    )
    return render(request, "projects/attachments.html", context)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    study, _editable = _editable_study(request, pk)
    attachment = get_object_or_404(study.current_attachments(), pk=attachment_pk)
    try:
        remove_attachment(attachment, actor=request.user)
    except ActionRefused as refusal:
        if refusal.forbidden:
            raise
        messages.error(request, " ".join(refusal.reasons))
    else:
        messages.success(request, _("Document removed."))
    return redirect("projects:attachments", pk=study.pk)

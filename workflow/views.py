"""Pages of the life cycle: the studies list, the study page and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from permissions.refusal import ActionRefused, forbid
from workflow.enums import State
from workflow.forms import (
    FinancingReviewForm,
    FundedInstrumentFormSet,
    FundingForm,
    InstrumentFormSet,
    OpeningForm,
    StudyFilterForm,
    TrainingModuleForm,
    TransferForm,
    TransitionForm,
    instruments_of,
)
from workflow.models import TrainingModule
from workflow.policy import study_policy
from workflow.rules import holder_project_ids
from workflow.selectors import (
    attachments_for_user,
    financing_review_shown,
    studies_for_user,
    study_list_for_user,
    study_list_page,
    study_record,
    study_turn_facts,
)
from workflow.services import (
    apply_transition,
    available_transitions,
    may_attempt,
    record_financing_review,
    record_funding,
    record_opening,
    save_training_module,
    transfer_region,
    validate_training_module,
)
from workflow.turn import FOUNDERS_NEXT_STEP, study_turn

MAIN_PATH = [
    State.DRAFT,
    State.SUBMITTED,
    State.TRAINING,
    State.FINANCING_REVIEW,
    State.JURY,
    State.APPROVED,
    State.FUNDED,
    State.OPENED,
]
# Where a study off the main path stands on it.
BRANCH_POSITION = {
    State.CHANGES_REQUESTED: State.SUBMITTED,
    State.DEFERRED: State.JURY,
    State.REJECTED: State.JURY,
}
STUDIES_PER_PAGE = 25
# What the founder does next, in each state: his first screen leads with it, not with the withdrawal.
# Transitions that cannot be undone: their button asks for a ticked confirmation.
CONFIRMED_TRANSITIONS = {"withdraw"}


def _study(request, pk):
    return get_object_or_404(studies_for_user(request.user).select_related("project", "project__region"), pk=pk)


def _refused(request, refusal):
    """Show a refusal's reasons on the page; a person who may not act at all gets the 403 page instead."""
    if refusal.forbidden:
        raise refusal
    for reason in refusal.reasons:
        messages.error(request, reason)


def lifecycle_position(state):
    """Return the main path of the life cycle as (state, done, current) for the study page's diagram."""
    anchor = BRANCH_POSITION.get(state, state)
    index = MAIN_PATH.index(anchor) if anchor in MAIN_PATH else -1
    return [(step, i < index, step == state) for i, step in enumerate(MAIN_PATH)]


@login_required
def study_list(request):
    form = StudyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    studies = study_list_for_user(request.user, **{key: value for key, value in filters.items() if value})
    page = study_list_page(studies, request.GET.get("page"), STUDIES_PER_PAGE)
    template = "workflow/study_list.html#results" if request.htmx else "workflow/study_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def study_detail(request, pk):
    study = get_object_or_404(
        studies_for_user(request.user).select_related("project", "project__region", "financing_review__expert"),
        pk=pk,
    )
    user = request.user
    is_holder = study.project_id in holder_project_ids(user)
    flags = study_policy.flags(user, study, "edit", "transfer", "review_financing", "validate_training")
    record = study_record(study)
    turn = study_turn(study_turn_facts(study, record))
    options = [option for option in available_transitions(study, user) if option.permitted]
    context = {
        "study": study,
        "is_holder": is_holder,
        "next_step": FOUNDERS_NEXT_STEP.get(study.state) if is_holder else None,
        "record": record,
        "turn": turn,
        "overdue": turn.is_overdue(timezone.now()),
        "options": [option for option in options if option.name not in CONFIRMED_TRANSITIONS],
        "confirmed_options": [option for option in options if option.name in CONFIRMED_TRANSITIONS],
        "review": getattr(study, "financing_review", None) if financing_review_shown(user, study) else None,
        "lifecycle": lifecycle_position(study.state),
        "off_path": study.state not in MAIN_PATH,
        **flags,
        "can_record_review": flags["can_review_financing"] and study.state == State.FINANCING_REVIEW,
        "can_validate_modules": flags["can_validate_training"] and study.state == State.TRAINING,
        "jury_decides": study.state == State.JURY,
    }
    return render(request, "workflow/study_detail.html", context)


@login_required
@require_POST
def study_transition(request, pk, name):
    study = _study(request, pk)
    form = TransitionForm(request.POST)
    valid = form.is_valid()
    comment = form.cleaned_data["comment"] if valid else ""
    confirmed = valid and form.cleaned_data["confirmed"]
    if name in CONFIRMED_TRANSITIONS and not confirmed and may_attempt(study, name, request.user):
        messages.error(request, _("Tick the confirmation box: this step cannot be undone."))
        return redirect("workflow:study-detail", pk=study.pk)
    try:
        log = apply_transition(study, name, actor=request.user, comment=comment)
    except ActionRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Done: the study is now “%(state)s”.") % {"state": log.get_to_state_display()})
    return redirect("workflow:study-detail", pk=study.pk)


@login_required
@require_POST
def training_validate(request, pk, module_pk):
    study = _study(request, pk)
    module = get_object_or_404(TrainingModule.objects.filter(is_active=True), pk=module_pk)
    try:
        validate_training_module(study, actor=request.user, module=module)
    except ActionRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Module validated: %(module)s.") % {"module": module.title})
    return redirect("workflow:study-detail", pk=study.pk)


@login_required
def financing_review(request, pk):
    study = _study(request, pk)
    study_policy.check(request.user, "review_financing", study)
    review = getattr(study, "financing_review", None)
    initial = (
        {}
        if review is None
        else {
            "opinion": review.opinion,
            "budget_analysis": review.budget_analysis,
            "financing_plan_analysis": review.financing_plan_analysis,
            "notes": review.notes,
        }
    )
    form = FinancingReviewForm(request.POST or None, initial=initial)
    formset = InstrumentFormSet(request.POST or None, prefix="instruments")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            record_financing_review(study, actor=request.user, instruments=instruments_of(formset), **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Financing review recorded."))
            return redirect("workflow:study-detail", pk=study.pk)
    context = {"study": study, "form": form, "formset": formset, "version": study_record(study).version}
    return render(request, "workflow/financing_review.html", context)


def _study_for(request, pk, transition):
    """The study, for someone who may perform ``transition`` on it (403 for other viewers, 404 otherwise)."""
    study = _study(request, pk)
    if not may_attempt(study, transition, request.user):
        forbid()
    return study


@login_required
def funding(request, pk):
    study = _study_for(request, pk, "record_funding")
    form = FundingForm(request.POST or None)
    formset = FundedInstrumentFormSet(request.POST or None, prefix="instruments")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            record_funding(study, actor=request.user, instruments=instruments_of(formset), **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Funding recorded."))
            return redirect("workflow:study-detail", pk=study.pk)
    return render(request, "workflow/funding.html", {"study": study, "form": form, "formset": formset})


@login_required
def opening(request, pk):
    study = _study_for(request, pk, "record_opening")
    form = OpeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_opening(study, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Opening recorded: congratulations to the new school!"))
            return redirect("workflow:study-detail", pk=study.pk)
    return render(request, "workflow/opening.html", {"study": study, "form": form})


@login_required
def transfer(request, pk):
    study = _study(request, pk)
    study_policy.check(request.user, "transfer", study)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_region(study.project, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(
                request, _("The project was moved to %(region)s.") % {"region": form.cleaned_data["region"]}
            )
            return redirect("workflow:study-detail", pk=study.pk)
    return render(request, "workflow/transfer.html", {"study": study, "form": form})


def download_attachment(request, pk):
    """Serve an attachment to whoever may see its study, as a download (never rendered inline)."""
    attachment = get_object_or_404(attachments_for_user(request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def training_modules(request, pk=None):
    """The training modules, for the national coordinators: the list, and a form to add or change one."""
    if not study_policy.can(request.user, "manage_training_modules"):
        raise Http404
    module = get_object_or_404(TrainingModule, pk=pk) if pk else None
    form = TrainingModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        save_training_module(actor=request.user, module=module, **form.cleaned_data)
        messages.success(request, _("Training module saved."))
        return redirect("workflow:training-modules")
    modules = TrainingModule.objects.annotate(
        enrolled=Count("progress"), validated=Count("progress", filter=Q(progress__validated_at__isnull=False))
    )
    return render(request, "workflow/training_modules.html", {"form": form, "module": module, "modules": modules})

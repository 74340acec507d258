"""A juror's work on a study of the agenda: conflicts and recusals, the scorecard, and the president's reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from juries.enums import SessionState
from juries.forms import ReasonForm, RecusalForm, ScorecardForm
from juries.policy import entry_policy
from juries.selectors import scorecards_for_user
from juries.services import declare_conflict, reopen_scorecard, save_scorecard, submit_scorecard
from juries.views._helpers import entry_or_404, show_refusal
from permissions.refusal import ActionRefused

SUBMIT = "submit"


def _conflict_form(request, entry, form, template, confirmation):
    """Show the form; once it is valid, record the conflict it describes and go back to the session page.

    ``confirmation`` turns the recorded conflict into the success message.
    """
    if request.method == "POST" and form.is_valid():
        try:
            conflict = declare_conflict(entry, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, confirmation(conflict))
            return redirect("juries:session-detail", pk=entry.session_id)
    return render(request, template, {"entry": entry, "form": form})


@login_required
def conflict_declare(request, pk):
    entry = entry_or_404(request, pk)
    entry_policy.check(request.user, "declare_conflict", entry)
    return _conflict_form(
        request,
        entry,
        ReasonForm(request.POST or None),
        "juries/conflict_form.html",
        lambda _conflict: _("Conflict of interest recorded: you will not score this study."),
    )


@login_required
def member_recusal(request, pk):
    """The president, or a national coordinator, recuses another member from a study of the agenda."""
    entry = entry_or_404(request, pk)
    entry_policy.check(request.user, "recuse", entry)
    return _conflict_form(
        request,
        entry,
        RecusalForm(request.POST or None, entry=entry, actor=request.user),
        "juries/recusal_form.html",
        lambda conflict: (
            _("Recusal recorded: %(member)s takes no further part in this study.") % {"member": conflict.member}
        ),
    )


@login_required
def scorecard(request, pk):
    """The juror's own scorecard of a study: save a draft, or submit it (then it is locked)."""
    entry = entry_or_404(request, pk)
    entry_policy.check(request.user, "score", entry)
    session = entry.session
    card = scorecards_for_user(request.user).filter(entry=entry, member=request.user).prefetch_related("scores").first()
    criteria = session.grid.criteria.all() if session.grid_id else []
    submitting = request.POST.get("action") == SUBMIT
    form = ScorecardForm(request.POST or None, criteria=criteria, scorecard=card, submitting=submitting)
    if request.method == "POST" and form.is_valid():
        service = submit_scorecard if submitting else save_scorecard
        try:
            service(entry, actor=request.user, **form.answers())
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            if submitting:
                messages.success(request, _("Scorecard submitted: thank you."))
                return redirect("juries:session-detail", pk=session.pk)
            messages.success(request, _("Draft saved."))
            return redirect("juries:scorecard", pk=entry.pk)
    context = {
        "entry": entry,
        "session": session,
        "form": form,
        "scorecard": card,
        "total": form.total(),
        "editable": session.state == SessionState.SCORING and not (card and card.is_submitted),
    }
    return render(request, "juries/scorecard.html", context)


@login_required
def scorecard_reopen(request, pk, member_pk):
    """The president reopens a member's submitted scorecard as a draft, without reading it."""
    entry = entry_or_404(request, pk)
    entry_policy.check(request.user, "reopen", entry)
    membership = get_object_or_404(entry.session.memberships.select_related("user"), user_id=member_pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen_scorecard(entry, actor=request.user, member=membership.user, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The scorecard of %(member)s is a draft again.") % {"member": membership.user})
            return redirect("juries:session-detail", pk=entry.session_id)
    return render(request, "juries/reopen_form.html", {"entry": entry, "member": membership.user, "form": form})

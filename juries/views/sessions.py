"""Jury sessions: the list, planning, and the session page with its members, agenda and life cycle."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juries.enums import SessionState
from juries.forms import (
    AgendaFilterForm,
    AgendaForm,
    CandidateSearchForm,
    DeadlineForm,
    MemberForm,
    SessionDetailsForm,
    SessionForm,
    agenda_shows,
)
from juries.models import JuryMembership
from juries.policy import session_policy
from juries.selectors import (
    ACTIVE_STATES,
    agenda_for_user,
    agenda_lines_for_user,
    session_log_for_user,
    sessions_for_user,
    sessions_shown_to_user,
)
from juries.services import (
    add_member,
    add_to_agenda,
    close_scoring,
    close_session,
    extend_deadline,
    open_scoring,
    open_scoring_refusals,
    plan_session,
    remove_from_agenda,
    remove_member,
    set_president,
    update_session,
)
from juries.views._helpers import filters_of, page_of, require, session_or_404, show_refusal
from permissions.refusal import ActionRefused
from workflow.enums import State
from workflow.selectors import study_list_for_user


@login_required
def session_list(request):
    user = request.user
    sessions = sessions_for_user(user)
    require(user.is_national_coordinator or user.is_jury_member or sessions.exists())
    sessions = sessions.annotate(
        member_count=Count("memberships", distinct=True),
        agenda_count=Count("agenda", distinct=True),
        presides=Exists(JuryMembership.objects.filter(session=OuterRef("pk"), user=user, is_president=True)),
    ).order_by("-date", "pk")
    return render(
        request,
        "juries/session_list.html",
        {"sessions": sessions, "can_plan": session_policy.can(user, "manage")},
    )


@login_required
def session_create(request):
    session_policy.check(request.user, "manage")
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = plan_session(actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Jury session planned; its members are invited."))
            return redirect("juries:session-detail", pk=session.pk)
    return render(request, "juries/session_form.html", {"form": form})


@login_required
def session_edit(request, pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    form = SessionDetailsForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            update_session(session, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Session details saved."))
            return redirect("juries:session-detail", pk=session.pk)
    return render(request, "juries/session_edit.html", {"session": session, "form": form})


def agenda_candidates(user, q=""):
    """The studies in financing review that no open session has on its agenda yet, with what their lines show.

    There may be thousands, all read to be counted: the study's long texts would make each row 2 kB.
    """
    return (
        study_list_for_user(user, q=q, state=State.FINANCING_REVIEW, sort="name")
        .prefetch_related(None)
        .exclude(agenda_entries__session__state__in=ACTIVE_STATES)
        .only("state_changed_at", "created_at", "project__name", "project__region__name")
    )


AGENDA_PER_PAGE = 50
# The studies that could join the agenda are shown this many at a time, the others found by a search.
CANDIDATES_SHOWN = 50


@login_required
def session_detail(request, pk):
    session = session_or_404(request, pk, sessions_shown_to_user)
    user = request.user
    memberships = list(session.memberships.all())
    membership = next((m for m in memberships if m.user_id == user.pk), None)
    manages = session_policy.can(user, "manage")
    sees_progress = session_policy.can(user, "view_progress", session)
    open_for_changes = session.state in (SessionState.PLANNED, SessionState.SCORING)
    form = AgendaFilterForm(
        request.GET or None, shows=agenda_shows(session, member=bool(membership), sees_progress=sees_progress)
    )
    filters = filters_of(form)
    page = page_of(
        agenda_for_user(session, user, **filters),
        request.GET.get("page"),
        AGENDA_PER_PAGE,
        total=None if filters else session.agenda_size,
    )
    page.object_list = agenda_lines_for_user(session, user, page.object_list)
    context = {
        "session": session,
        "memberships": memberships,
        "membership": membership,
        "manages": manages,
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "sees_progress": sees_progress and session.state != SessionState.PLANNED,
        "can_extend": open_for_changes and session_policy.can(user, "extend_deadline", session),
        "can_reopen": bool(membership and membership.is_president) and session.state == SessionState.SCORING,
        "deadline_form": DeadlineForm(),
        "revealed": session.is_scores_revealed,
        "log": session_log_for_user(session, user),
    }
    if manages and open_for_changes:
        search = CandidateSearchForm(request.GET or None)
        context |= {
            "member_form": MemberForm(session=session),
            "candidate_search": search,
            "candidates": page_of(
                agenda_candidates(user, q=filters_of(search).get("candidate", "")), 1, CANDIDATES_SHOWN
            ),
            "open_refusals": open_scoring_refusals(session) if session.state == SessionState.PLANNED else [],
        }
    return render(request, "juries/session_detail.html", context)


def _act(request, session, call, success):
    """Run one service call for a national coordinator, then go back to the session page."""
    session_policy.check(request.user, "manage")
    try:
        call()
    except ActionRefused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, success)
    return redirect("juries:session-detail", pk=session.pk)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def member_add(request, pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    form = MemberForm(request.POST, session=session)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("juries:session-detail", pk=session.pk)
    user = form.cleaned_data["user"]
    return _act(
        request,
        session,
        lambda: add_member(session, actor=request.user, user=user, is_president=form.cleaned_data["is_president"]),
        _("%(user)s is now a member of the session.") % {"user": user},
    )


def _member(session, user_pk):
    return get_object_or_404(get_user_model(), pk=user_pk, jury_memberships__session=session)


@login_required
@require_POST
def member_remove(request, pk, user_pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    user = _member(session, user_pk)
    return _act(
        request,
        session,
        lambda: remove_member(session, actor=request.user, user=user),
        _("%(user)s is no longer a member of the session.") % {"user": user},
    )


@login_required
@require_POST
def member_president(request, pk, user_pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    user = _member(session, user_pk)
    return _act(
        request,
        session,
        lambda: set_president(session, actor=request.user, user=user),
        _("%(user)s presides the session.") % {"user": user},
    )


@login_required
@require_POST
def agenda_add(request, pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    form = AgendaForm(request.POST, candidates=study_list_for_user(request.user, state=State.FINANCING_REVIEW))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("juries:session-detail", pk=session.pk)
    study = form.cleaned_data["study"]
    return _act(
        request,
        session,
        lambda: add_to_agenda(session, actor=request.user, study=study),
        _("“%(project)s” is on the agenda.") % {"project": study.project.name},
    )


@login_required
@require_POST
def agenda_remove(request, pk, entry_pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "manage")
    entry = get_object_or_404(session.agenda.select_related("study__project"), pk=entry_pk)
    return _act(
        request,
        session,
        lambda: remove_from_agenda(entry, actor=request.user),
        _("“%(project)s” is off the agenda.") % {"project": entry.study.project.name},
    )


@login_required
@require_POST
def scoring_open(request, pk):
    session = session_or_404(request, pk)
    return _act(
        request,
        session,
        lambda: open_scoring(session, actor=request.user),
        _("Scoring is open: the jurors may score the studies."),
    )


@login_required
@require_POST
def scoring_close(request, pk):
    session = session_or_404(request, pk)
    return _act(
        request,
        session,
        lambda: close_scoring(session, actor=request.user),
        _("Scoring is closed: the jury deliberates."),
    )


@login_required
@require_POST
def session_close(request, pk):
    session = session_or_404(request, pk)
    return _act(request, session, lambda: close_session(session, actor=request.user), _("The session is closed."))


@login_required
@require_POST
def deadline_extend(request, pk):
    session = session_or_404(request, pk)
    session_policy.check(request.user, "extend_deadline", session)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("juries:session-detail", pk=session.pk)
    try:
        extend_deadline(session, actor=request.user, deadline=form.cleaned_data["deadline"])
    except ActionRefused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The scoring deadline is extended."))
    return redirect("juries:session-detail", pk=session.pk)

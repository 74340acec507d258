"""The people pages: people managed, invitations, requests to join, a project's team, and the public pages
where an invitation is accepted and a founder asks to join."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import services
from people.enums import Grant
from people.forms import AcceptInvitationForm, AnswerForm, InvitationForm, JoinRequestForm, TeamInvitationForm
from people.models import Invitation
from people.policy import invitation_policy, join_request_policy, person_policy, team_policy
from people.selectors import (
    account_of,
    invitation_from_link,
    join_requests_to_answer,
    pending_invitations,
    people_page,
)
from permissions.refusal import ActionRefused
from workflow.rules import coordinated_region_ids, holder_project_ids

User = get_user_model()
PEOPLE_PER_PAGE = 50


def _coordinators_only(user):
    """The people pages are the coordinators' tools: for anyone else they do not exist."""
    if not (user.is_national_coordinator or coordinated_region_ids(user)):
        raise Http404


def _act(request, action, success, *, next_url):
    """Run one service call; say it worked, or show its reasons (a forbidden refusal is the 403 page)."""
    try:
        action()
    except ActionRefused as refusal:
        if refusal.forbidden:
            raise
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, success)
    return redirect(next_url)


@login_required
def person_list(request):
    _coordinators_only(request.user)
    page = Paginator(people_page(request.user), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    for person in page:
        person.can_deactivate = person_policy.can(request.user, "deactivate", person)
    return render(request, "people/person_list.html", {"page": page})


def _person_action(request, pk, action, success):
    person = get_object_or_404(person_policy.visible(request.user), pk=pk)
    return _act(request, lambda: action(person, actor=request.user), success, next_url="people:person-list")


@login_required
@require_POST
def person_deactivate(request, pk):
    return _person_action(
        request, pk, services.deactivate_person, _("Account deactivated: the person can no longer sign in.")
    )


@login_required
@require_POST
def person_reactivate(request, pk):
    return _person_action(request, pk, services.reactivate_person, _("Account reactivated."))


@login_required
def invitation_list(request):
    _coordinators_only(request.user)
    form = InvitationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_person(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                grant=data["grant"],
                region=data["region"],
            )
        except ActionRefused as refusal:
            if refusal.forbidden:
                raise
            form.add_error(None, refusal.reasons)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("people:invitation-list")
    invitations = pending_invitations(request.user)
    return render(
        request,
        "people/invitation_list.html",
        {"form": form, "invitations": invitations, "invitation_days": settings.TREMPLIN_INVITATION_DAYS},
    )


def _invitation_action(request, pk, action, success):
    invitation = get_object_or_404(invitation_policy.visible(request.user), pk=pk)
    # A founder manages his team's invitations from the team page, a coordinator from the invitations page.
    from_team = invitation.project_id is not None and invitation.project_id in holder_project_ids(request.user)
    return _act(
        request,
        lambda: action(invitation, actor=request.user),
        success,
        next_url=reverse("people:team", args=[invitation.project_id]) if from_team else "people:invitation-list",
    )


@login_required
@require_POST
def invitation_resend(request, pk):
    return _invitation_action(request, pk, services.resend_invitation, _("Invitation sent again with a new link."))


@login_required
@require_POST
def invitation_revoke(request, pk):
    return _invitation_action(request, pk, services.revoke_invitation, _("Invitation revoked."))


def invitation_accept(request, token):
    """The page an invitation's link opens: set a password, or accept signed in, or read why it cannot be."""
    try:
        invitation = invitation_from_link(token, user=request.user)
    except Invitation.DoesNotExist:
        raise Http404 from None
    except ActionRefused as refusal:
        return _invitation_closed(request, refusal)
    existing = not request.user.is_authenticated and account_of(invitation) is not None
    form = None if request.user.is_authenticated or existing else AcceptInvitationForm(invitation, request.POST or None)
    if request.method == "POST" and not existing and (form is None or form.is_valid()):
        try:
            person = services.accept_invitation(
                token,
                user=request.user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["new_password1"] if form else None,
            )
        except ActionRefused as refusal:
            return _invitation_closed(request, refusal)
        if not request.user.is_authenticated:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Tremplin: your invitation is accepted."))
        return redirect("home")
    return render(
        request, "people/invitation_accept.html", {"invitation": invitation, "form": form, "existing": existing}
    )


def _invitation_closed(request, refusal):
    return render(request, "people/invitation_closed.html", {"reasons": refusal.reasons}, status=refusal.status_code)


def join_request(request):
    """The public page where a founder asks for an account and a school project."""
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _one_request_more(request):
            services.request_to_join(**form.cleaned_data)
            return redirect("people:join-request-sent")
        form.add_error(None, _("Too many requests were sent from your connection: try again in an hour."))
    return render(request, "people/join_request_form.html", {"form": form})


def _one_request_more(request):
    """Count a request to join from the client's address; False past the hourly limit.

    The page is public and each request notifies people: a script must not fill their inboxes. Counted in the
    cache, a slight race or a cache out of reach only lets a few more through.
    """
    key = f"people:join-requests:{get_client_ip_address(request)}"
    count = cache.get(key, 0)
    if count >= settings.TREMPLIN_JOIN_REQUESTS_PER_HOUR:
        return False
    cache.set(key, count + 1, timeout=3600)
    return True


def join_request_sent(request):
    return render(request, "people/join_request_sent.html")


@login_required
def join_request_list(request):
    _coordinators_only(request.user)
    return render(
        request,
        "people/join_request_list.html",
        {
            "join_requests": join_requests_to_answer(request.user),
            "join_url": request.build_absolute_uri(reverse("people:join-request")),
        },
    )


def _join_request_action(request, pk, action, success):
    join_request = get_object_or_404(join_request_policy.visible(request.user), pk=pk)
    form = AnswerForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    return _act(
        request,
        lambda: action(join_request, actor=request.user, message=message),
        success,
        next_url="people:join-request-list",
    )


@login_required
@require_POST
def join_request_accept(request, pk):
    return _join_request_action(
        request, pk, services.accept_join_request, _("Request accepted: the founder is invited to his project.")
    )


@login_required
@require_POST
def join_request_decline(request, pk):
    return _join_request_action(
        request, pk, services.decline_join_request, _("Request declined: the founder receives your message.")
    )


@login_required
def team(request, pk):
    project = get_object_or_404(team_policy.visible(request.user), pk=pk)
    flags = team_policy.flags(request.user, project, "manage")
    # Its founders invite co-founders, and so may the coordinators who answer for the project's region.
    flags["can_invite"] = invitation_policy.can(request.user, "manage", Invitation(grant=Grant.HOLDER, project=project))
    form = TeamInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_person(actor=request.user, grant=Grant.HOLDER, project=project, **form.cleaned_data)
        except ActionRefused as refusal:
            if refusal.forbidden:
                raise
            form.add_error(None, refusal.reasons)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("people:team", pk=project.pk)
    context = {
        "project": project,
        "members": list(project.team.order_by("full_name", "email")),
        "invitations": pending_invitations(request.user).filter(project=project) if flags["can_invite"] else [],
        "form": form,
        **flags,
    }
    return render(request, "people/team.html", context)


@login_required
@require_POST
def team_remove(request, pk, user_pk):
    project = get_object_or_404(team_policy.visible(request.user), pk=pk)
    person = get_object_or_404(User, pk=user_pk)
    return _act(
        request,
        lambda: services.remove_team_member(project, actor=request.user, person=person),
        _("%(name)s is no longer on the team.") % {"name": person},
        next_url=reverse("people:team", args=[project.pk]),
    )

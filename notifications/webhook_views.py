"""The webhook pages: one's endpoints, registering and changing one, its secret, and its delivery log.

Rows come from ``endpoints_for_user``, so another person's endpoint is a 404, as is the whole section for
someone whose roles have no webhooks. Each action is one call to ``notifications.endpoints``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import endpoints
from notifications.forms import EndpointForm
from notifications.policy import endpoint_policy
from notifications.selectors import endpoint_log, endpoints_for_user
from notifications.views import outbox_tab
from permissions.refusal import ActionRefused

# Deliveries per page of an endpoint's log.
LOG_PAGE_SIZE = 25


def _tabs(user):
    return {**outbox_tab(user), "current": "webhooks"}


def _own_endpoint(request, pk):
    return get_object_or_404(endpoints_for_user(request.user), pk=pk)


def _refused(request, refusal):
    for reason in refusal.reasons:
        messages.error(request, reason)


def _secret_page(request, endpoint, secret):
    """Show a secret just made: on this answer only, never stored to be shown after a redirect."""
    context = {"endpoint": endpoint, "secret": secret, **_tabs(request.user)}
    response = render(request, "notifications/webhooks/secret.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def endpoint_list(request):
    if not endpoint_policy.can(request.user, "create"):
        raise Http404
    context = {"endpoints": endpoints_for_user(request.user), **_tabs(request.user)}
    return render(request, "notifications/webhooks/list.html", context)


@login_required
def endpoint_create(request):
    if not endpoint_policy.can(request.user, "create"):
        raise Http404
    form = EndpointForm(request.POST or None, new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = endpoints.register_endpoint(
                actor=request.user, url=data["url"], kinds=data["kinds"], description=data["description"]
            )
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            return _secret_page(request, endpoint, secret)
    return render(request, "notifications/webhooks/form.html", {"form": form, "endpoint": None, **_tabs(request.user)})


@login_required
def endpoint_edit(request, pk):
    endpoint = _own_endpoint(request, pk)
    initial = {field: getattr(endpoint, field) for field in ("url", "description", "kinds", "is_active")}
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            endpoints.update_endpoint(actor=request.user, endpoint_id=endpoint.pk, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect(endpoint)
    context = {"form": form, "endpoint": endpoint, **_tabs(request.user)}
    return render(request, "notifications/webhooks/form.html", context)


@login_required
def endpoint_detail(request, pk):
    """The endpoint and its delivery log: each delivery with its attempts, newest first."""
    endpoint = _own_endpoint(request, pk)
    page = Paginator(endpoint_log(endpoint), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"endpoint": endpoint, "page": page, **_tabs(request.user)}
    return render(request, "notifications/webhooks/detail.html", context)


@require_POST
@login_required
def endpoint_delete(request, pk):
    endpoint = _own_endpoint(request, pk)
    try:
        endpoints.delete_endpoint(actor=request.user, endpoint_id=endpoint.pk)
    except ActionRefused as refusal:
        _refused(request, refusal)
        return redirect(endpoint)
    messages.success(request, _("The endpoint %(url)s is deleted.") % {"url": endpoint.url})
    return redirect("notifications:webhook-list")


@require_POST
@login_required
def endpoint_secret(request, pk):
    endpoint = _own_endpoint(request, pk)
    try:
        endpoint, secret = endpoints.rotate_secret(actor=request.user, endpoint_id=endpoint.pk)
    except ActionRefused as refusal:
        _refused(request, refusal)
        return redirect(endpoint)
    return _secret_page(request, endpoint, secret)


@require_POST
@login_required
def endpoint_test(request, pk):
    endpoint = _own_endpoint(request, pk)
    try:
        endpoints.send_test_event(actor=request.user, endpoint_id=endpoint.pk)
    except ActionRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("A test event is on its way: its attempt appears below."))
    return redirect(endpoint)


@require_POST
@login_required
def delivery_resend(request, pk, delivery_pk):
    endpoint = _own_endpoint(request, pk)
    get_object_or_404(endpoint.deliveries, pk=delivery_pk)
    try:
        endpoints.resend_webhook(actor=request.user, endpoint_id=endpoint.pk, delivery_id=delivery_pk)
    except ActionRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The delivery is back in the outbox."))
    return redirect(endpoint)

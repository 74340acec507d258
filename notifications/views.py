"""The inbox, its links, and the choice of how to hear about each kind of event."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.links import url_for_pk
from notifications import services
from notifications.enums import DeliveryMode, EventKind
from notifications.forms import InboxFilterForm, PreferencesForm
from notifications.models import Notification
from notifications.rules import can_own_webhooks, can_watch_outbox
from notifications.selectors import deliveries_for_user, failed_deliveries_for_user, inbox_for_user
from permissions.refusal import ActionRefused


@dataclass
class StudyGroup:
    """The items of one page of the inbox about one study (``study`` None: about no study)."""

    study: object
    items: list


def outbox_tab(user):
    """The tab bar's count of emails not sent (``None`` hides the tab from those who have no such page), and
    whether the person may have webhooks."""
    return {
        "failed_count": failed_deliveries_for_user(user).count() if can_watch_outbox(user) else None,
        "has_webhooks": can_own_webhooks(user),
    }


def group_by_study(items):
    """Group a page's items by study, the group of the newest item first; items keep their order.

    Each item gets its link (``link``), its kind's label (``kind_label``) and its time, local, as the ``time``
    element's value and as read (``time_value``, ``time_label``), made here: a ``{% url %}`` an item cost 30 µs,
    ``get_kind_display`` 170 µs (it translates every kind's label to find one), the two ``date`` filters 60 µs:
    together close to half the inbox's time, 50 items a page.
    """
    open_url = url_for_pk("notifications:open")
    kind_labels = dict(EventKind.choices)
    groups = {}
    for item in items:
        item.link = open_url(item.pk)
        item.kind_label = kind_labels.get(item.kind, item.kind)
        created_at = localtime(item.created_at)
        item.time_value = created_at.isoformat()
        item.time_label = date_format(created_at, "SHORT_DATETIME_FORMAT")
        groups.setdefault(item.study_id, StudyGroup(study=item.study, items=[])).items.append(item)
    return list(groups.values())


@login_required
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = inbox_for_user(request.user, kind=filters.get("kind", ""), status=filters.get("status", ""))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    # ``unread_count`` comes with the main menu (config.context_processors), counted once a page.
    context = {
        "form": form,
        "page": page,
        "groups": group_by_study(page),
        **outbox_tab(request.user),
    }
    return render(request, "notifications/inbox.html", context)


@login_required
def open_notification(request, pk):
    """Mark the item read and go to what it is about (the inbox when that has no page)."""
    try:
        notification = services.mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    target = notification.target
    if target is not None and hasattr(target, "get_absolute_url"):
        return redirect(target.get_absolute_url())
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        for kind, mode in form.cleaned_data.items():
            services.set_preference(user=request.user, kind=kind, mode=mode)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    context = {"form": form, "modes": DeliveryMode.choices, **outbox_tab(request.user)}
    return render(request, "notifications/preferences.html", context)


@login_required
def failed_deliveries(request):
    """The emails that could not be sent, with their error, each with a button to send it again."""
    if not can_watch_outbox(request.user):
        raise Http404
    page = Paginator(failed_deliveries_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/failed_deliveries.html", {"page": page, "failed_count": page.paginator.count})


@require_POST
@login_required
def resend_delivery(request, pk):
    # Any status: an email another coordinator sent again meanwhile gets the service's reason, not a 404.
    delivery = get_object_or_404(deliveries_for_user(request.user), pk=pk)
    try:
        services.resend_delivery(actor=request.user, delivery_id=delivery.pk)
    except ActionRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The email to %(address)s is back in the outbox.") % {"address": delivery.to_email})
    return redirect("notifications:failed")

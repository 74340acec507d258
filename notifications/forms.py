from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.addresses import AddressRefused, check_url
from notifications.enums import WEBHOOK_KINDS, DeliveryMode, EventKind
from notifications.rules import can_own_webhooks
from notifications.services import modes_of_user
from workflow.forms import FilterSelect


class InboxFilterForm(forms.Form):
    """The inbox's filters: one kind of event, and read or unread items."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind"))] + EventKind.choices, required=False, widget=FilterSelect
    )
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Read and unread")), ("unread", _("Unread only")), ("read", _("Read only"))],
        required=False,
        widget=FilterSelect,
    )


class PreferencesForm(forms.Form):
    """One choice per kind of event: email at once, daily digest, or the inbox only."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        modes = modes_of_user(user)
        for kind in EventKind:
            if kind == EventKind.WEBHOOK_DISABLED and not can_own_webhooks(user):
                continue
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=DeliveryMode.choices,
                initial=modes[kind.value],
                widget=forms.RadioSelect,
            )


class EndpointForm(forms.Form):
    """A webhook endpoint: its address, checked as the sends will check it, and the kinds of event it hears of."""

    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https address of your system, reachable from the internet."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of event"),
        choices=WEBHOOK_KINDS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kinds-of-event"}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            # A new endpoint is active: it is disabled from its page, once it exists.
            del self.fields["is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except AddressRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return url

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.enums import DeliveryMode, EventKind
from notifications.services import modes_of_user


class InboxFilterForm(forms.Form):
    """The inbox's filters: one kind of event, and read or unread items."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Every kind"))] + EventKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Read and unread")), ("unread", _("Unread only")), ("read", _("Read only"))],
        required=False,
    )


class PreferencesForm(forms.Form):
    """One choice per kind of event: email at once, daily digest, or the inbox only."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        modes = modes_of_user(user)
        for kind in EventKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=DeliveryMode.choices,
                initial=modes[kind.value],
                widget=forms.RadioSelect,
            )

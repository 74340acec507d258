from django import forms

from notifications.enums import DeliveryMode, EventKind
from notifications.services import preferred_modes


class PreferencesForm(forms.Form):
    """One choice per kind of event: email at once, daily digest, or the inbox only."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind in EventKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=DeliveryMode.choices,
                initial=preferred_modes([user], kind.value)[user.pk],
                widget=forms.RadioSelect,
            )

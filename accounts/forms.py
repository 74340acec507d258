"""The sign-in forms (Django's, refusing an address longer than any account's like a wrong password), and the
person's own choices on his account."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.enums import FormOfAddress


class BoundedUsernameMixin:
    """Refuse a username longer than the user model's column before anything tries to authenticate it.

    Django sets the field's ``max_length`` after building it, which adds no validator: a 300-character name
    reached ``authenticate()``, and django-axes failed to write it in its 255-character column (a server error
    on PostgreSQL). No account has such a name, so it is answered as any other failed sign-in.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass


class FormOfAddressForm(forms.Form):
    form_of_address = forms.ChoiceField(
        label=_("How should role labels speak of you?"),
        choices=FormOfAddress.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("In French a role agrees with the person: « coordinatrice régionale », « coordinateur régional »."),
    )

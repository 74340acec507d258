from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from people.enums import FLAG_GRANTS, Grant
from people.models import JoinRequest
from projects.models import Region
from workflow.rules import coordinated_region_ids

User = get_user_model()


class TeamInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email address"), max_length=254)


class InvitationForm(TeamInvitationForm):
    """Invite a person with one grant; the roles and regions offered are those the actor may give."""

    grant = forms.ChoiceField(label=_("Role"))
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("For a regional coordinator, the network he will coordinate; for a founder, his project's region."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if actor.is_national_coordinator:
            grants, regions = Grant.choices, Region.objects.all()
        else:
            grants = [(value, label) for value, label in Grant.choices if value not in FLAG_GRANTS]
            regions = Region.objects.filter(pk__in=coordinated_region_ids(actor))
        self.fields["grant"].choices = grants
        self.fields["region"].queryset = regions


class AcceptInvitationForm(SetPasswordForm):
    """The name and password of the account an invitation creates, checked by the site's password validators."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, invitation, *args, **kwargs):
        super().__init__(User(email=invitation.email, full_name=invitation.full_name), *args, **kwargs)
        self.fields["full_name"].initial = invitation.full_name

    def clean_full_name(self):
        # The password is checked against the name the person gives, not the one he was invited with.
        self.user.full_name = self.cleaned_data["full_name"]
        return self.cleaned_data["full_name"]


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["full_name", "email", "project_name", "commune", "region", "message"]
        help_texts = {
            "message": _("Where the project stands: the trades, the companies that support it, the team."),
        }


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the founder"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False
    )

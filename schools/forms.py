from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import bounded_formfield
from schools.models import FIGURES, ReportingCampaign, ReportLine
from schools.validation import line_errors
from workflow.forms import FundedInstrumentFormSet, FundingForm

__all__ = [
    "CampaignCloseForm",
    "CampaignDeadlineForm",
    "CampaignForm",
    "FundedInstrumentFormSet",
    "FundingForm",
    "ReportLineForm",
    "ReviewForm",
]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = ReportingCampaign
        fields = ["school_year", "deadline"]
        formfield_callback = bounded_formfield
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}


class CampaignDeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class CampaignCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class ReportLineForm(forms.ModelForm):
    """One trade's figures; the rules that tie them are checked here and again by the service."""

    class Meta:
        model = ReportLine
        fields = FIGURES
        formfield_callback = bounded_formfield

    def clean(self):
        figures = super().clean()
        if all(name in figures for name in FIGURES):
            for error in line_errors(figures):
                self.add_error(None, error)
        return figures


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

import functools

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from projects.forms import bounded_formfield
from projects.models import Region
from projects.selectors import filter_choices
from workflow.enums import Instrument, Opinion, Purpose, State
from workflow.models import TrainingModule

SORT_CHOICES = [
    ("updated", _("Last change")),
    ("name", _("Name")),
    ("region", _("Region")),
    ("state", _("State")),
    ("waiting", _("Longest waiting")),
]


class FilterSelect(forms.Select):
    """A select of plain options, drawn in one template: Django's draws each option through two more."""

    template_name = "workflow/widgets/select.html"


class StudyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices], widget=FilterSelect
    )
    # Choices from the cache (the list's every page shows them); an id is then all the list's filter needs.
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, widget=FilterSelect)
    trade = forms.TypedChoiceField(label=_("Trade"), required=False, coerce=int, widget=FilterSelect)
    stalled = forms.BooleanField(label=_("Stalled only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES, widget=FilterSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from the cache once a form, and only when used (an export without filters never does): choices
        # given as functions were read again at each use (the value's check, the drawing), four round trips a page.
        choices = functools.cache(filter_choices)
        self.fields["region"].choices = lambda: [("", _("All regions")), *choices()["regions"]]
        self.fields["trade"].choices = lambda: [("", _("All trades")), *choices()["trades"]]


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    confirmed = forms.BooleanField(required=False)


class InstrumentForm(forms.Form):
    # The blank choice leaves an untouched row empty, so that the formset skips it.
    kind = forms.ChoiceField(label=_("Instrument"), choices=[("", "—"), *Instrument.choices])
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01, localize=True)
    label = forms.CharField(label=_("Details"), max_length=200, required=False)


InstrumentFormSet = formset_factory(InstrumentForm, extra=3, max_num=10, validate_max=True)


class FundedInstrumentForm(InstrumentForm):
    """A financing granted: the instrument and what it pays for, which the bank follows."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", "—"), *Purpose.choices])


FundedInstrumentFormSet = formset_factory(FundedInstrumentForm, extra=3, max_num=10, validate_max=True)


def instruments_of(formset):
    """The (kind, amount, label) rows of the filled forms of an instrument formset, with the purpose if asked."""
    return [
        (
            form.cleaned_data["kind"],
            form.cleaned_data["amount"],
            form.cleaned_data.get("label", ""),
            *([form.cleaned_data["purpose"]] if "purpose" in form.cleaned_data else []),
        )
        for form in formset
        if form.cleaned_data
    ]


class FinancingReviewForm(forms.Form):
    # No opinion is preselected: the expert states one, or the form says it is missing.
    opinion = forms.ChoiceField(
        label=_("Opinion"),
        choices=[("", _("— choose an opinion —")), *Opinion.choices],
        error_messages={"required": _("Choose an opinion: favourable, with reservations or unfavourable.")},
    )
    budget_analysis = forms.CharField(
        label=_("Analysis of the forecast budget"), widget=forms.Textarea, max_length=20000
    )
    financing_plan_analysis = forms.CharField(
        label=_("Analysis of the financing plan"), widget=forms.Textarea, max_length=20000
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )


class FundingForm(forms.Form):
    notes = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class OpeningForm(forms.Form):
    opened_on = forms.DateField(label=_("Opening date"), widget=forms.DateInput(attrs={"type": "date"}))
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class TransferForm(forms.Form):
    region = forms.ModelChoiceField(label=_("New region"), queryset=Region.objects.all())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TrainingModuleForm(forms.ModelForm):
    class Meta:
        model = TrainingModule
        fields = ["title", "description", "is_mandatory", "is_active", "position"]
        formfield_callback = bounded_formfield

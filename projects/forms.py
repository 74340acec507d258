from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from projects.enums import RESOURCE_CATEGORIES, USE_CATEGORIES, AttachmentKind, PlanCategory, PlanSide, Section
from projects.models import OpportunityStudy, SchoolProject, Trade

# The figures each section of the editor asks for, beside its text.
SECTION_FIELDS = {
    Section.TRADES_AND_DIPLOMAS: ["trades_and_diplomas", "pupils_per_intake", "pupils_at_capacity"],
    Section.GOVERNANCE: ["governance", "board_members"],
    Section.BUDGET_NOTES: ["budget_notes", "plan_start_year", "plan_years"],
}

SECTION_GUIDANCE = {
    Section.TERRITORIAL_DIAGNOSIS: _(
        "Local youth (early school leavers, young people neither in employment nor in training), the existing "
        "training offer, the employment basin."
    ),
    Section.COMPANIES_SUPPORT: _(
        "Interviews with companies, letters of support (attach them), the customer orders you expect."
    ),
    Section.TRADES_AND_DIPLOMAS: _(
        "The trades and diplomas (CAP, Bac Pro) targeted; pupils per intake and at full capacity."
    ),
    Section.PEDAGOGICAL_PROJECT: _("How production is organised; the master professionals already identified."),
    Section.GOVERNANCE: _("The association, its board (at least 6 members), the founders' availability."),
    Section.PREMISES: _("The workshop premises and the equipment needed."),
    Section.BUSINESS_MODEL: _("The production revenue forecast: customers, prices, volumes."),
    Section.BUDGET_NOTES: _(
        "Comments on the forecast budget and the financing plan; the plan itself has its own page."
    ),
    Section.PARTNERS: _("Local authorities, companies and foundations, and how far each is committed."),
}


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id beyond 64 bits as it refuses any unknown id.

    Django passes the posted ids to an ``IN`` lookup, and SQLite cannot bind such an integer: the request
    failed with a server error instead of a form error.
    """

    def clean(self, value):
        for pk in value or ():
            if isinstance(pk, str) and pk.strip().lstrip("+-").isdigit() and not -(2**63) <= int(pk) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


def bounded_formfield(db_field, **kwargs):
    """Build a model field's form field, bounded like the model field (its validators and its column).

    Django leaves a model's bounds to ``full_clean``, which a ModelForm runs after writing the typed values onto
    its instance: a study's editor then worked out the completeness of a plan of a million years (105 s) before
    the refusal showed, and a figure beyond 64 bits was a server error. Bounded in the form, a value out of
    range is refused with the field's other errors and never reaches the instance.
    """
    if isinstance(db_field, models.IntegerField) and not db_field.choices:
        # A limit given as a callable is left to the model, which calls it when it validates.
        limits = [
            v
            for v in db_field.validators
            if isinstance(v, MinValueValidator | MaxValueValidator) and not callable(v.limit_value)
        ]
        minimums = [v.limit_value for v in limits if isinstance(v, MinValueValidator)]
        maximums = [v.limit_value for v in limits if isinstance(v, MaxValueValidator)]
        if minimums:
            kwargs.setdefault("min_value", max(minimums))
        if maximums:
            kwargs.setdefault("max_value", min(maximums))
    return db_field.formfield(**kwargs)


class ProjectForm(forms.ModelForm):
    trades = ModelMultipleChoiceField(
        label=_("Trades"),
        queryset=Trade.objects.filter(parent__isnull=False).select_related("parent").order_by("parent__name", "name"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SchoolProject
        fields = ["name", "commune", "region", "trades", "holder_organisation"]


def section_form_class(section):
    """Build the form of one section of the study editor."""
    fields = SECTION_FIELDS.get(section, [section])
    widgets = {section: forms.Textarea(attrs={"rows": 14})}
    return forms.modelform_factory(
        OpportunityStudy, fields=fields, widgets=widgets, formfield_callback=bounded_formfield
    )


class FinancingPlanForm(forms.Form):
    """The financing plan as a grid: one row per category of each side, one column per year of the plan."""

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.study = study
        self.years = study.plan_year_range()
        existing = {}
        for line in study.financing_lines.all():
            key = (line.side, line.category, line.year)
            existing[key] = existing.get(key, 0) + line.amount
        self.rows = {PlanSide.USE: [], PlanSide.RESOURCE: []}
        for side, categories in ((PlanSide.USE, USE_CATEGORIES), (PlanSide.RESOURCE, RESOURCE_CATEGORIES)):
            for category in PlanCategory:
                if category not in categories:
                    continue
                names = []
                for year in self.years:
                    name = f"{side}-{category}-{year}"
                    self.fields[name] = forms.DecimalField(
                        label=_("%(category)s, %(year)s") % {"category": category.label, "year": year},
                        max_digits=12,
                        decimal_places=2,
                        min_value=0,
                        required=False,
                        localize=True,
                        initial=existing.get((side, category, year)),
                    )
                    names.append(name)
                self.rows[side].append((category.label, [self[name] for name in names]))

    def lines(self):
        """The plan's lines from the cleaned grid, leaving out empty cells."""
        return [
            {"year": int(year), "side": side, "category": category, "label": "", "amount": amount}
            for name, amount in self.cleaned_data.items()
            if amount is not None
            for side, category, year in [name.split("-")]
        ]


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG; the type is checked from the content."),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            self.errors.pop("file", None)
            raise forms.ValidationError(
                {
                    "file": _("The file is too large; the limit is %(limit)s.")
                    % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
                }
            )
        return super().clean()

"""What the API's writes accept: the same fields and bounds as the pages' forms, handed to the same services."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from juries.enums import Decision
from workflow.enums import Instrument, Opinion, Purpose
from workflow.lifecycle import TRANSITIONS

COMMENT = {"required": False, "allow_blank": True, "max_length": 5000, "default": ""}
ANALYSIS = {"max_length": 20000}


class TransitionInput(serializers.Serializer):
    name = serializers.ChoiceField(choices=TRANSITIONS)
    comment = serializers.CharField(**COMMENT)


class InstrumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Instrument.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    label = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FundedInstrumentInput(InstrumentInput):
    """A financing granted: the instrument and what it pays for, required as on the funding page."""

    purpose = serializers.ChoiceField(choices=Purpose.choices)


def instrument_rows(instruments):
    """The (kind, amount, label[, purpose]) rows the services take, as ``workflow.forms.instruments_of`` gives
    them."""
    return [
        (line["kind"], line["amount"], line["label"], *([line["purpose"]] if "purpose" in line else []))
        for line in instruments
    ]


class InstrumentsField(serializers.ListField):
    def __init__(self, child=None, **kwargs):
        super().__init__(child=child or InstrumentInput(), max_length=10, **kwargs)


class FinancingReviewInput(serializers.Serializer):
    opinion = serializers.ChoiceField(choices=Opinion.choices)
    budget_analysis = serializers.CharField(**ANALYSIS)
    financing_plan_analysis = serializers.CharField(**ANALYSIS)
    notes = serializers.CharField(required=False, allow_blank=True, default="", **ANALYSIS)
    instruments = InstrumentsField(required=False, default=list)


class FundingInput(serializers.Serializer):
    instruments = InstrumentsField(child=FundedInstrumentInput(), min_length=1)
    notes = serializers.CharField(**COMMENT)


class OpeningInput(serializers.Serializer):
    opened_on = serializers.DateField()
    comment = serializers.CharField(**COMMENT)


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    motivation = serializers.CharField(**ANALYSIS)


class ScorecardInput(serializers.Serializer):
    """A whole scorecard, submitted at once: each criterion's id to a score from 0 to 5, or null for N/A."""

    scores = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=5, allow_null=True))
    comments = serializers.DictField(
        child=serializers.CharField(max_length=5000, allow_blank=True), required=False, default=dict
    )
    overall_comment = serializers.CharField(required=False, allow_blank=True, default="", **ANALYSIS)

    def validate(self, data):
        for name in ("scores", "comments"):
            try:
                data[name] = {int(key): value for key, value in data[name].items()}
            except ValueError:
                raise serializers.ValidationError({name: [_("Each key must be the id of a criterion.")]}) from None
        return data

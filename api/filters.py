"""Filters of the API's lists: state, region, dates, and ``updated_since`` so that a tool can keep in sync."""

from datetime import UTC

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from juries.enums import Decision, ScorecardStatus, SessionState
from workflow.enums import Opinion, State

UPDATED_SINCE = _("Only the rows changed at or after this moment (ISO 8601).")


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC: ISO 8601 allows offsets up to ±24 hours, PostgreSQL refuses those past
    ±15:59 (a 500 found by schemathesis), and a moment near year 1 or 9999 may leave the calendar in UTC."""

    default_error_messages = {"out_of_range": _("This moment is out of the range of dates.")}

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return moment
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = MomentField


def since(field_name):
    return MomentFilter(field_name=field_name, lookup_expr="gte", help_text=UPDATED_SINCE)


class IdFilter(filters.NumberFilter):
    """An id: a whole number within the database's range, so that no query overflows."""

    field_class = forms.IntegerField

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, min_value=1, max_value=2**63 - 1, **kwargs)


class RegionCodeFilter(filters.CharFilter):
    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, help_text=_("The region's INSEE code."), **kwargs)


class ProjectFilter(filters.FilterSet):
    region = RegionCodeFilter("region__code")
    created_since = since("created_at")
    updated_since = since("updated_at")


class StudyFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=State.choices)
    region = RegionCodeFilter("project__region__code")
    updated_since = since("updated_at")
    created_after = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = filters.DateFilter(field_name="created_at", lookup_expr="date__lte")


class OpeningFilter(filters.FilterSet):
    region = RegionCodeFilter("project__region__code")
    opened_after = filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_before = filters.DateFilter(field_name="opened_on", lookup_expr="lte")


class FinancingReviewFilter(filters.FilterSet):
    opinion = filters.ChoiceFilter(choices=Opinion.choices)
    region = RegionCodeFilter("study__project__region__code")
    updated_since = since("recorded_at")


class FundingFilter(filters.FilterSet):
    region = RegionCodeFilter("study__project__region__code")
    updated_since = since("recorded_at")


class SessionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=SessionState.choices)
    region = RegionCodeFilter("regions__code", distinct=True)
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")
    updated_since = since("updated_at")


class ScorecardFilter(filters.FilterSet):
    session = IdFilter("entry__session_id")
    entry = IdFilter("entry_id")
    status = filters.ChoiceFilter(choices=ScorecardStatus.choices)
    updated_since = since("updated_at")


class DecisionFilter(filters.FilterSet):
    session = IdFilter("entry__session_id")
    decision = filters.ChoiceFilter(choices=Decision.choices)
    updated_since = since("decided_at")


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")
    updated_since = since("created_at")

"""Hostile input on the report's pages, generated: a validation message or a refusal, never a server error,
nothing saved when anything is refused, and what is saved adds up."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from schools.enums import ReportState
from schools.models import FIGURES, MAX_PUPILS, ReportingCampaign, ReportLine, YearlyReport
from schools.services import submit_report
from schools.validation import line_errors
from tests.security.test_hostile_input import hostile_numbers, hostile_text, hypothesis_settings


def browser(user):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "fr"})
    client.force_login(user)
    return client


def stored_lines(report):
    return sorted(ReportLine.objects.filter(report=report).values_list("trade_id", *FIGURES))


@pytest.mark.django_db
@hypothesis_settings
@given(values=st.lists(hostile_numbers, min_size=len(FIGURES), max_size=len(FIGURES)))
def test_report_form(people, report, values):
    trade = report.school.project.trades.get()
    before = stored_lines(report)

    response = browser(people["team"]).post(
        reverse("schools:report-edit", args=[report.pk]),
        {f"trade-{trade.pk}-{name}": value for name, value in zip(FIGURES, values, strict=True)},
    )

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert stored_lines(report) == before
    else:
        line = ReportLine.objects.get(report=report, trade=trade)
        figures = {name: getattr(line, name) for name in FIGURES}
        assert all(0 <= value <= MAX_PUPILS for value in figures.values())
        assert line_errors(figures) == []


@pytest.mark.django_db
@hypothesis_settings
@given(line=st.fixed_dictionaries({name: st.integers(0, MAX_PUPILS + 5) for name in FIGURES}))
def test_report_form_with_numbers_saves_only_what_adds_up(people, report, line):
    trade = report.school.project.trades.get()
    before = stored_lines(report)

    response = browser(people["team"]).post(
        reverse("schools:report-edit", args=[report.pk]),
        {f"trade-{trade.pk}-{name}": str(value) for name, value in line.items()},
    )

    saved = response.status_code == 302
    assert response.status_code in {200, 302}
    assert saved == (max(line.values()) <= MAX_PUPILS and line_errors(line) == [])
    assert stored_lines(report) == ([(trade.pk, *line.values())] if saved else before)


@pytest.mark.django_db
@hypothesis_settings
@given(comment=hostile_text, decision=st.sampled_from(["schools:report-validate", "schools:report-send-back"]))
def test_review_comment(people, filled, comment, decision):
    if YearlyReport.objects.get(pk=filled.pk).state != ReportState.SUBMITTED:
        YearlyReport.objects.filter(pk=filled.pk).update(state=ReportState.DRAFT)
        submit_report(filled, actor=people["team"])

    response = browser(people["regional_coordinator"]).post(reverse(decision, args=[filled.pk]), {"comment": comment})

    assert response.status_code == 302
    assert YearlyReport.objects.get(pk=filled.pk).state in {
        ReportState.SUBMITTED,
        ReportState.VALIDATED,
        ReportState.SENT_BACK,
    }


@pytest.mark.django_db
@hypothesis_settings
@given(deadline=hostile_text, reason=hostile_text)
def test_campaign_deadline_form(people, campaign, deadline, reason):
    before = ReportingCampaign.objects.values_list("deadline", "closed_at").get(pk=campaign.pk)

    response = browser(people["national_coordinator"]).post(
        reverse("schools:campaign-deadline", args=[campaign.pk]), {"deadline": deadline, "reason": reason}
    )

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert ReportingCampaign.objects.values_list("deadline", "closed_at").get(pk=campaign.pk) == before

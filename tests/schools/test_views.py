import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Trade
from schools.enums import ReportState
from schools.models import FIGURES, ReportingCampaign, ReportLine, YearlyReport
from schools.services import record_school_funding, save_report, send_back_report, submit_report, validate_report
from tests.schools.conftest import GOOD_LINE, opened_school
from workflow.enums import Instrument, Purpose
from workflow.models import FundedInstrument


def signed_in(client, user):
    client.force_login(user)
    return client


def line_post(trade, **values):
    return {f"trade-{trade.pk}-{name}": values.get(name, GOOD_LINE[name]) for name in FIGURES}


@pytest.mark.django_db
def test_campaign_page_opens_a_campaign(client, people, school):
    response = signed_in(client, people["national_coordinator"]).post(
        reverse("schools:campaign-list"), {"school_year": "2025", "deadline": "2026-10-15"}
    )

    assert response.status_code == 302
    assert list(ReportingCampaign.objects.values_list("school_year", "deadline")) == [
        (2025, datetime.date(2026, 10, 15))
    ]


@pytest.mark.django_db
def test_team_fills_and_sends_its_report_through_the_pages(client, people, report):
    trade = report.school.project.trades.get()
    browser = signed_in(client, people["team"])

    saved = browser.post(reverse("schools:report-edit", args=[report.pk]), line_post(trade))
    sent = browser.post(reverse("schools:report-submit", args=[report.pk]))

    assert (saved.status_code, sent.status_code) == (302, 302)
    assert (YearlyReport.objects.get(pk=report.pk).state, ReportLine.objects.get().cap_passed) == (
        ReportState.SUBMITTED,
        8,
    )


@pytest.mark.django_db
def test_report_form_shows_the_rule_broken_and_saves_nothing(client, people, report):
    trade = report.school.project.trades.get()

    response = signed_in(client, people["team"]).post(
        reverse("schools:report-edit", args=[report.pk]), line_post(trade, cap_passed=11)
    )

    assert response.status_code == 200
    assert "CAP: 11 passed but only 10 presented." in response.content.decode()
    assert ReportLine.objects.count() == 0


@pytest.mark.django_db
def test_coordinator_sends_back_then_validates_through_the_pages(client, people, filled):
    submit_report(filled, actor=people["team"])
    browser = signed_in(client, people["regional_coordinator"])

    browser.post(reverse("schools:report-send-back", args=[filled.pk]), {"comment": "Les sortants ?"})
    sent_back = YearlyReport.objects.get(pk=filled.pk)
    submit_report(sent_back, actor=people["team"])
    browser.post(reverse("schools:report-validate", args=[filled.pk]), {"comment": ""})

    assert (sent_back.state, sent_back.review_comment, YearlyReport.objects.get(pk=filled.pk).state) == (
        ReportState.SENT_BACK,
        "Les sortants ?",
        ReportState.VALIDATED,
    )


@pytest.mark.django_db
def test_another_regions_coordinator_gets_404_and_nothing_changes(client, people, filled):
    submit_report(filled, actor=people["team"])

    response = signed_in(client, people["other_regional_coordinator"]).post(
        reverse("schools:report-validate", args=[filled.pk]), {"comment": ""}
    )

    assert (response.status_code, YearlyReport.objects.get(pk=filled.pk).state) == (404, ReportState.SUBMITTED)


@pytest.mark.django_db
def test_bank_records_a_later_funding_through_the_page(client, people, school):
    response = signed_in(client, people["bank_expert"]).post(
        reverse("schools:school-funding", args=[school.pk]),
        {
            "instruments-TOTAL_FORMS": "1",
            "instruments-INITIAL_FORMS": "0",
            "instruments-0-kind": Instrument.LOAN,
            "instruments-0-amount": "40000",
            "instruments-0-purpose": Purpose.WORKING_CAPITAL,
            "notes": "Besoin en fonds de roulement.",
        },
    )

    assert response.status_code == 302
    assert FundedInstrument.objects.filter(purpose=Purpose.WORKING_CAPITAL).get().amount == Decimal("40000.00")


@pytest.mark.django_db
def test_key_figures_page_changes_when_a_report_is_validated(client, people, filled):
    browser = signed_in(client, people["team"])
    before = browser.get(reverse("schools:key-figures")).content.decode()
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])

    after = browser.get(reverse("schools:key-figures")).content.decode()

    assert ("80.0 %" in before, "80.0 %" in after) == (False, True)


@pytest.mark.django_db
def test_key_figures_are_private_unless_published(client, settings, db):
    settings.TREMPLIN_KEY_FIGURES_PUBLIC = False
    private = client.get(reverse("schools:key-figures"))
    settings.TREMPLIN_KEY_FIGURES_PUBLIC = True
    public = client.get(reverse("schools:key-figures"))

    assert (private.status_code, public.status_code) == (302, 200)


@pytest.mark.django_db
def test_key_figures_csv_export_holds_the_figures(client, people, filled):
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])

    response = signed_in(client, people["team"]).get(reverse("schools:key-figures-csv"))
    text = b"".join(response.streaming_content).decode()

    assert '"Federation","","Pass rate","8","10","80.0"' in text


@pytest.mark.django_db
def test_key_figures_xlsx_holds_the_same_figures_as_the_csv(client, people, filled):
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])
    browser = signed_in(client, people["team"])

    response = browser.get(reverse("schools:key-figures-xlsx"))
    rows = [list(row) for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values]
    csv_rows = list(
        csv.reader(io.StringIO(b"".join(browser.get(reverse("schools:key-figures-csv")).streaming_content).decode()))
    )

    assert ["Federation", None, "Pass rate", 8, 10, 80.0] in [row[:6] for row in rows]
    assert len(rows) == len(csv_rows)


@pytest.mark.django_db
def test_key_figures_page_draws_its_charts_on_the_server(client, people, filled):
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])

    content = signed_in(client, people["team"]).get(reverse("schools:key-figures")).content.decode()

    charts = re.findall(r'<svg[^>]*aria-labelledby="chart-([\w-]+)-title', content)
    bars = re.findall(r"<rect[^>]*>\s*<title>([^<]*)</title>", content)
    assert len(charts) >= 3  # by region, by trade family, by school year
    assert any("80.0" in bar for bar in bars)
    assert "<script" not in content.split("<main", 1)[1]


def _schools(count, people, home_region):
    return [opened_school(team=[people["team"]], home=home_region, bank=people["bank_expert"]) for _ in range(count)]


def _validated_reports(schools, people, year):
    campaign = ReportingCampaign.objects.create(
        school_year=year, deadline=datetime.date(year + 1, 10, 1), opened_by=people["national_coordinator"]
    )
    for school in schools:
        report = YearlyReport.objects.create(campaign=campaign, school=school)
        save_report(report, actor=people["team"], lines={school.project.trades.get().pk: GOOD_LINE})
        submit_report(report, actor=people["team"])
        validate_report(report, actor=people["regional_coordinator"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["schools:school-list", "schools:report-list", "schools:key-figures"])
@pytest.mark.parametrize("who", ["national_coordinator", "bank_expert", "regional_coordinator"])
def test_pages_run_the_same_queries_whatever_the_number_of_schools(client, people, home_region, url, who):
    browser = signed_in(client, people[who])
    counts = []
    for year, count in ((2024, 1), (2025, 3)):
        _validated_reports(_schools(count, people, home_region), people, year)
        browser.get(reverse(url))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse(url)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] and counts[0] <= 12


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_validated_report_edit_redirects_with_frozen_message_and_changes_nothing(client, people, filled, method):
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])
    trade = filled.school.project.trades.get()
    before = list(ReportLine.objects.values_list("report_id", "trade_id", *FIGURES))

    response = getattr(signed_in(client, people["team"]), method)(
        reverse("schools:report-edit", args=[filled.pk]), line_post(trade, enrolled=30), follow=True
    )

    assert response.redirect_chain == [(reverse("schools:report-detail", args=[filled.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This report is validated and frozen: it can no longer be changed."
    ]
    assert list(ReportLine.objects.values_list("report_id", "trade_id", *FIGURES)) == before
    assert reverse("schools:report-edit", args=[filled.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_submitted_report_edit_redirects_and_offers_no_edit_link(client, people, filled):
    submit_report(filled, actor=people["team"])

    response = signed_in(client, people["team"]).get(reverse("schools:report-edit", args=[filled.pk]), follow=True)

    assert response.redirect_chain == [(reverse("schools:report-detail", args=[filled.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This report is sent for review: it can be changed again only if it is sent back."
    ]
    assert reverse("schools:report-edit", args=[filled.pk]) not in response.content.decode()
    assert YearlyReport.objects.get(pk=filled.pk).state == ReportState.SUBMITTED


@pytest.mark.django_db
def test_sent_back_report_still_opens_its_form(client, people, filled):
    submit_report(filled, actor=people["team"])
    send_back_report(filled, actor=people["regional_coordinator"], comment="Recompter")

    response = signed_in(client, people["team"]).get(reverse("schools:report-edit", args=[filled.pk]))

    assert response.status_code == 200
    assert response.templates[0].name == "schools/report_edit.html"


def _school_of_trades(count, people, home_region):
    school = opened_school(team=[people["team"]], home=home_region, bank=people["bank_expert"])
    school.project.trades.set(Trade.objects.order_by("pk")[:count])
    return school


def _report_filled(school, people, year):
    campaign, _created = ReportingCampaign.objects.get_or_create(
        school_year=year,
        defaults={"deadline": datetime.date(year + 1, 10, 1), "opened_by": people["national_coordinator"]},
    )
    report = YearlyReport.objects.create(campaign=campaign, school=school)
    lines = {trade.pk: GOOD_LINE for trade in school.project.trades.all()}
    for _each in range(2):
        save_report(report, actor=people["team"], lines=lines)
    return report


def _queries_of(browser, url):
    browser.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["team", "regional_coordinator", "national_coordinator", "bank_expert"])
def test_school_page_runs_the_same_queries_whatever_its_trades_reports_and_fundings(client, people, home_region, who):
    browser = signed_in(client, people[who])
    counts = []
    for count in (1, 3):
        school = _school_of_trades(count, people, home_region)
        for year in range(2020, 2020 + count):
            report = _report_filled(school, people, year)
            submit_report(report, actor=people["team"])
            validate_report(report, actor=people["regional_coordinator"])
        counts.append(_queries_of(browser, reverse("schools:school-detail", args=[school.pk])))

    # Measured: 9 (regional coordinator) to 11 (bank expert) queries at either size.
    assert counts[0] == counts[1] and counts[0] <= 11


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["team", "regional_coordinator", "national_coordinator"])
def test_report_page_runs_the_same_queries_whatever_its_lines_and_history(client, people, home_region, who):
    browser = signed_in(client, people[who])
    counts = []
    for year, count in ((2024, 1), (2025, 3)):
        report = _report_filled(_school_of_trades(count, people, home_region), people, year)
        submit_report(report, actor=people["team"])
        counts.append(_queries_of(browser, reverse("schools:report-detail", args=[report.pk])))

    assert counts[0] == counts[1] and counts[0] <= 7


@pytest.mark.django_db
def test_bank_portfolio_sums_each_purpose_and_reads_each_schools_latest_year(client, people, home_region):
    """The bank's list: its schools only, amounts per purpose and in total, the figures of the newest validated year."""
    bank = people["bank_expert"]
    lent, later = (opened_school(team=[people["team"]], home=home_region, bank=bank) for _ in range(2))
    opened_school(team=[people["other_team"]], home=home_region)  # never financed by the bank
    record_school_funding(
        lent,
        actor=bank,
        instruments=[
            (Instrument.LOAN, Decimal("40000"), "", Purpose.WORKING_CAPITAL),
            (Instrument.GUARANTEE, Decimal("10000"), "", Purpose.EQUIPMENT),
        ],
    )
    _validated_reports([lent], people, 2023)
    ReportLine.objects.filter(report__school=lent).update(cap_passed=5)  # 2023: 5 passed of 10
    _validated_reports([lent], people, 2024)  # 2024: 8 of 10

    rows = signed_in(client, bank).get(reverse("schools:school-list")).context["rows"]
    by_school = {row["school"].pk: row for row in rows}
    equipment, working_capital = Purpose.values.index(Purpose.EQUIPMENT), Purpose.values.index(Purpose.WORKING_CAPITAL)

    assert sorted(by_school) == sorted([lent.pk, later.pk])
    assert by_school[lent.pk]["amounts"][equipment] == Decimal("160000")
    assert by_school[lent.pk]["amounts"][working_capital] == Decimal("40000")
    assert by_school[lent.pk]["total"] == Decimal("200000")
    assert by_school[later.pk]["total"] == Decimal("150000")
    latest = by_school[lent.pk]["figures"]
    assert (latest["school_year"], latest["figures"][0].share.numerator) == ("2024-2025", 8)
    assert by_school[later.pk]["figures"] is None

"""A school's yearly report in the browser: a campaign opened, the report filled, sent back, corrected and
validated, and the key figures page changing with it."""

import pytest

from schools.enums import ReportState
from schools.models import YearlyReport
from tests.factories import UserFactory, region
from tests.schools.conftest import opened_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIGURES = {
    "Pupils enrolled": "12",
    "Presented to the CAP": "10",
    "Passed the CAP": "11",
    "Leavers": "8",
    "In employment": "4",
    "In further studies": "3",
    "Of whom apprentices": "2",
    "Situation unknown": "1",
    "Stayed in their trade": "5",
}


@pytest.fixture
def cast():
    home = region("84")
    team = UserFactory(email="ecole@example.org", full_name="Nathalie Perrin")
    bank = UserFactory(email="bank@example.org", full_name="Julien Banque", is_bank_expert=True)
    return {
        "team": team,
        "coordinator": UserFactory(email="aura@example.org", full_name="Isabelle Roche", coordinates=[home]),
        "national": UserFactory(email="fnep@example.org", full_name="Nadia Nationale", is_national_coordinator=True),
        "school": opened_school(team=[team], home=home, bank=bank, name="École de Production de la Vallée"),
    }


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def pass_rate(page, live_server):
    page.goto(f"{live_server.url}/key-figures/")
    return page.locator("#figure-pass dd").first.inner_text()


def test_report_filled_sent_back_corrected_validated_and_counted(page, live_server, sign_in, cast, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, cast["national"])
    before = pass_rate(page, live_server)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Schools").click()
    page.get_by_role("link", name="Reporting campaigns").click()
    page.get_by_label("School year (starting)").fill("2025")
    page.get_by_label("Deadline").fill("2026-10-15")
    page.get_by_role("button", name="Open the campaign").click()
    page.get_by_text("Campaign 2025-2026 opened.").wait_for()

    sign_in(page, cast["team"])
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="École de Production de la Vallée").click()
    page.get_by_role("link", name="Fill in the figures").click()
    for label, value in FIGURES.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save the report").click()
    page.get_by_text("CAP: 11 passed but only 10 presented.").wait_for()
    screenshot(page, "school-report-refused")
    page.get_by_label("Passed the CAP").fill("8")
    page.get_by_role("button", name="Save the report").click()
    page.get_by_text("Report saved.").wait_for()
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("Report sent for review.").wait_for()

    sign_in(page, cast["coordinator"])
    report = YearlyReport.objects.get()
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_label("Comment").fill("Vérifiez les sortants restés dans le métier.")
    page.get_by_role("button", name="Send back").click()
    page.get_by_text("Report sent back to the school.").wait_for()

    sign_in(page, cast["team"])
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("status").get_by_text("Vérifiez les sortants restés dans le métier.").wait_for()
    page.get_by_role("link", name="Fill in the figures").click()
    page.get_by_label("Stayed in their trade").fill("6")
    page.get_by_role("button", name="Save the report").click()
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("Report sent for review.").wait_for()

    sign_in(page, cast["coordinator"])
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("Report validated.").wait_for()
    screenshot(page, "school-report-validated")
    after = pass_rate(page, live_server)
    screenshot(page, "key-figures")
    overflow_free = no_horizontal_overflow(page)
    page.goto(f"{live_server.url}/schools/{cast['school'].pk}/")
    screenshot(page, "school-detail")

    assert (before, after, YearlyReport.objects.get().state) == (
        "too few pupils (0)",
        "80.0 %",
        ReportState.VALIDATED,
    )
    assert (overflow_free, no_horizontal_overflow(page)) == (True, True)

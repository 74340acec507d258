"""The demo, as each role sees it at 1280 px: home, a study, the scorecard, the results and the inbox, written to
``test-artifacts/screenshots/`` for a reviewer; and the scorecard's live total and confirmation at work."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from juries.models import AgendaEntry, JurySession
from projects.models import OpportunityStudy
from tests.e2e.test_layout import LAPTOP, MEASURE, log_in
from tests.factories import region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(settings):
    # The reference data (regions, the default scoring grid), which an earlier transactional test may have flushed.
    region()
    import_module("juries.migrations.0002_default_grid").seed_default_grid(apps, None)
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    people = {user.email.split("@")[0]: user for user in User.objects.all()}
    closed = JurySession.objects.get(state="closed")
    scoring = JurySession.objects.get(state="scoring")
    studies = {study.state: study for study in OpportunityStudy.objects.order_by("pk")}
    return {"people": people, "closed": closed, "scoring": scoring, "studies": studies}


# How far the widest table overflows the box it scrolls in (0: every column is in sight).
TABLE_OVERFLOW = """Math.max(0, ...Array.from(document.querySelectorAll('main table'),
  table => table.scrollWidth - table.parentElement.clientWidth))"""


def open_entry(session, juror):
    """An entry of the session that ``juror`` may still score."""
    return (
        AgendaEntry.objects.filter(session=session)
        .exclude(conflicts__member=juror)
        .exclude(scorecards__member=juror, scorecards__status="submitted")
        .order_by("pk")
        .first()
    )


def pages_for(demo):
    """(role, page, URL) of the pages a reviewer looks at, for the demo's people."""
    studies, closed, scoring = demo["studies"], demo["closed"], demo["scoring"]
    juror = demo["people"]["jury1"]
    entry = open_entry(scoring, juror)
    study = lambda state: reverse("workflow:study-detail", args=[studies[state].pk])  # noqa: E731
    inbox, home = reverse("notifications:inbox"), reverse("home")
    return [
        ("porteur", "founder", [("home", home), ("study", study("draft")), ("inbox", inbox)]),
        (
            "coordination.aura",
            "regional-coordinator",
            [("home", home), ("study", study("changes_requested")), ("inbox", inbox)],
        ),
        (
            "fnep",
            "national-coordinator",
            [
                ("home", home),
                ("study", study("opened")),
                ("session", reverse("juries:session-detail", args=[closed.pk])),
                ("results", reverse("juries:results", args=[closed.pk])),
                ("dashboard", reverse("workflow:dashboard")),
                ("inbox", inbox),
            ],
        ),
        (
            "banque",
            "bank-expert",
            [
                ("home", home),
                ("study", study("financing_review")),
                ("review", reverse("workflow:financing-review", args=[studies["financing_review"].pk])),
                ("inbox", inbox),
            ],
        ),
        (
            "jury1",
            "juror",
            [
                ("home", home),
                ("session", reverse("juries:session-detail", args=[scoring.pk])),
                ("scorecard", reverse("juries:scorecard", args=[entry.pk])),
                ("study", study("jury")),
                ("inbox", inbox),
            ],
        ),
        (
            "president.jury",
            "president",
            [
                ("home", home),
                ("session", reverse("juries:session-detail", args=[scoring.pk])),
                ("results", reverse("juries:results", args=[closed.pk])),
                ("inbox", inbox),
            ],
        ),
    ]


def test_each_roles_pages_in_the_demo_fit_a_laptop_and_are_captured(page, live_server, demo, screenshot):
    page.set_viewport_size(LAPTOP)
    faults, shots = [], 0

    for login, role, pages in pages_for(demo):
        log_in(page, live_server, demo["people"][login])
        for name, url in pages:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, (role, name)
            measured = page.evaluate(MEASURE)
            if name == "results":
                # The table's main columns fit without scrolling the table inside its own box either.
                measured["table"] = page.evaluate(TABLE_OVERFLOW)
            if measured["overflow"] > 0 or measured["header"] > 4 or measured.get("table", 0) > 0:
                faults.append((role, name, measured))
            screenshot(page, f"demo-{role}-{name}")
            shots += 1

    assert (shots, faults) == (25, [])


def test_the_scorecard_totals_live_and_asks_before_submitting(page, live_server, demo, screenshot):
    juror = demo["people"]["jury1"]
    entry = open_entry(demo["scoring"], juror)
    criteria = list(demo["scoring"].grid.criteria.order_by("position"))
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, juror)
    page.goto(f"{live_server.url}{reverse('juries:scorecard', args=[entry.pk])}")
    total = page.locator("[data-total]")

    for criterion in criteria:
        page.get_by_role("group", name=criterion.title).get_by_label("5", exact=True).check()
    all_fives = total.inner_text()
    page.get_by_role("group", name=criteria[0].title).get_by_label("0", exact=True).check()
    one_zero = total.inner_text()
    page.get_by_role("group", name=criteria[0].title).get_by_label("S.O.", exact=True).check()
    first_left_out = total.inner_text()
    expected = f"{20 * (100 - criteria[0].weight) / 100:.2f}".replace(".", ",")
    page.get_by_role("button", name="Soumettre").click()
    page.get_by_text("Cochez cette case pour soumettre").wait_for()
    screenshot(page, "demo-juror-scorecard-confirmation")
    page.get_by_label("J'ai vérifié mes notes").check()
    page.get_by_role("button", name="Soumettre").click()
    page.get_by_text("Fiche de notation soumise").wait_for()

    assert (all_fives, one_zero, first_left_out) == ("20,00", expected, "20,00")
    assert entry.scorecards.get(member=juror).status == "submitted"

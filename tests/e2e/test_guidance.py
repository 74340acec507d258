"""Whose turn it is, in the browser: each role's to-do list after each step of the path, the refusals that say why
before anyone presses, and a notification followed from the inbox to its study."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from juries.enums import Decision
from juries.services import add_to_agenda, close_scoring, open_scoring, plan_session, record_decision, submit_scorecard
from projects.models import OpportunityStudy
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, ScoringGridFactory, UserFactory, region
from tests.factories.projects import complete_study
from workflow.enums import Instrument, Opinion, State
from workflow.models import TrainingModule
from workflow.services import (
    apply_transition,
    record_financing_review,
    record_funding,
    record_opening,
    validate_training_module,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROJECT = "École de Production du Bugey"
SESSION = "Jury bancaire d'automne"
MODULE = "Le modèle pédagogique de l'École de Production"
ROLES = ("founder", "regional", "national", "bank", "president", "juror_a", "juror_b")


@pytest.fixture
def people():
    def person(key, **roles):
        return UserFactory(email=f"{key}@example.org", full_name=key.replace("_", " ").title(), language="en", **roles)

    return {
        "founder": person("founder"),
        "regional": person("regional", coordinates=[region("84")]),
        "national": person("national", is_national_coordinator=True),
        "bank": person("bank", is_bank_expert=True),
        "president": person("president", is_jury_member=True),
        "juror_a": person("juror_a", is_jury_member=True),
        "juror_b": person("juror_b", is_jury_member=True),
    }


@pytest.fixture
def homes(browser, live_server, people):
    """One signed-in browser page per role (signed in through a session cookie, not the form: 7 roles, 11 steps)."""
    pages = {}
    for key, user in people.items():
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        pages[key] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


def todo_of(page):
    page.goto("/")
    page.get_by_role("heading", name="To do").wait_for()
    assert fits_1280(page)
    return page.locator("section.todo li a").all_inner_texts()


def assert_todo_lists(homes, expected):
    """Every role's to-do list is exactly what ``expected`` says (nothing for the roles it leaves out)."""
    assert {key: todo_of(homes[key]) for key in ROLES} == {key: expected.get(key, []) for key in ROLES}


def fits_1280(page):
    """The page has no horizontal overflow in the 1280 px wide window."""
    return page.evaluate("document.documentElement.scrollWidth") <= 1280


def refreshed(study):
    return OpportunityStudy.objects.get(pk=study.pk)


def test_each_roles_todo_list_after_each_step_of_the_path(homes, people, screenshot):
    module = TrainingModule.objects.create(title=MODULE)
    grid = ScoringGridFactory(name="Grille du jury bancaire")
    study = OpportunityStudyFactory(
        project=SchoolProjectFactory(name=PROJECT, region=region("84"), team=[people["founder"]])
    )
    complete_study(study)

    # draft
    assert_todo_lists(homes, {"founder": [f"Complete and submit the study of “{PROJECT}”"]})

    # submitted
    apply_transition(refreshed(study), "submit", actor=people["founder"])
    screen = [f"Screen the study of “{PROJECT}”"]
    assert_todo_lists(homes, {"regional": screen, "national": screen})
    screenshot(homes["regional"], "todo-regional-coordinator")

    # training: the founders follow it, the coordinators validate the module, then close the training
    apply_transition(refreshed(study), "accept", actor=people["regional"])
    validate = [f"Validate the training modules of “{PROJECT}” (1 left)"]
    assert_todo_lists(
        homes,
        {"founder": [f"Follow the training modules of “{PROJECT}”"], "regional": validate, "national": validate},
    )
    screenshot(homes["founder"], "todo-founder")
    validate_training_module(refreshed(study), actor=people["regional"], module=module)
    close = [f"Mark the training of “{PROJECT}” completed"]
    assert_todo_lists(
        homes, {"founder": [f"Follow the training modules of “{PROJECT}”"], "regional": close, "national": close}
    )

    # financing review
    apply_transition(refreshed(study), "complete_training", actor=people["regional"])
    assert_todo_lists(homes, {"bank": [f"Record the financing review of “{PROJECT}”"]})
    record_financing_review(
        refreshed(study),
        actor=people["bank"],
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Charges cohérentes.",
        financing_plan_analysis="Plan équilibré.",
    )
    assert_todo_lists(homes, {"national": [f"Put “{PROJECT}” on a jury session's agenda"]})

    # on a jury's agenda: the bank sends it, the federation waits to open the scoring
    session = plan_session(
        actor=people["national"],
        title=SESSION,
        date=timezone.localdate() + timedelta(days=14),
        grid=grid,
        place="Lyon",
        scoring_deadline=timezone.now() + timedelta(days=7),
        members=[people["juror_a"], people["juror_b"]],
        president=people["president"],
    )
    entry = add_to_agenda(session, actor=people["national"], study=refreshed(study))
    assert_todo_lists(
        homes,
        {
            "bank": [f"Send “{PROJECT}” to the jury"],
            "national": [f"Open the scoring of the jury session “{SESSION}”"],
        },
    )
    screenshot(homes["bank"], "todo-bank-expert")

    # jury: the jurors score
    apply_transition(refreshed(study), "send_to_jury", actor=people["bank"])
    open_scoring(session, actor=people["national"])
    scorecard = f"Score “{PROJECT}” (jury session “{SESSION}”)"
    assert_todo_lists(homes, {"president": [scorecard], "juror_a": [scorecard], "juror_b": [scorecard]})
    screenshot(homes["juror_a"], "todo-juror")

    # decision: the president records it
    criteria = list(grid.criteria.all())
    for key in ("president", "juror_a", "juror_b"):
        submit_scorecard(entry, actor=people[key], scores=dict.fromkeys(criteria, 4))
    close_scoring(session, actor=people["national"])
    assert_todo_lists(homes, {"president": [f"Record the jury's decision on “{PROJECT}” (jury session “{SESSION}”)"]})
    screenshot(homes["president"], "todo-jury-president")

    # funding, then opening
    record_decision(entry, actor=people["president"], decision=Decision.APPROVE, motivation="Besoin avéré.")
    assert_todo_lists(homes, {"bank": [f"Record the funding of “{PROJECT}”"]})
    record_funding(
        refreshed(study), actor=people["bank"], instruments=[(Instrument.SUBORDINATED_LOAN, Decimal("150000.00"), "")]
    )
    opening = [f"Record the opening of “{PROJECT}”"]
    assert_todo_lists(homes, {"regional": opening, "national": opening})
    record_opening(refreshed(study), actor=people["regional"], opened_on=timezone.localdate())
    assert_todo_lists(homes, {})
    assert refreshed(study).state == State.OPENED


def test_the_gates_say_why_before_anyone_presses(homes, people, screenshot):
    """The training gate on the study page, the scoring gate on the session page: disabled, with their reason."""
    module = TrainingModule.objects.create(title=MODULE)
    study = complete_study(
        OpportunityStudyFactory(
            project=SchoolProjectFactory(name=PROJECT, region=region("84"), team=[people["founder"]])
        )
    )
    apply_transition(refreshed(study), "submit", actor=people["founder"])
    apply_transition(refreshed(study), "accept", actor=people["regional"])
    page = homes["regional"]
    page.goto(f"/studies/{study.pk}/")

    assert page.get_by_role("button", name="Complete training").is_disabled()
    page.get_by_text(f"Training module not validated yet: {module.title}.").wait_for()
    screenshot(page, "gate-training")

    validate_training_module(refreshed(study), actor=people["regional"], module=module)
    apply_transition(refreshed(study), "complete_training", actor=people["regional"])
    record_financing_review(
        refreshed(study),
        actor=people["bank"],
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Charges cohérentes.",
        financing_plan_analysis="Plan équilibré.",
    )
    session = plan_session(
        actor=people["national"],
        title=SESSION,
        date=timezone.localdate() + timedelta(days=14),
        grid=ScoringGridFactory(),
        place="Lyon",
        scoring_deadline=timezone.now() + timedelta(days=7),
        members=[people["juror_a"], people["juror_b"]],
        president=people["president"],
    )
    add_to_agenda(session, actor=people["national"], study=refreshed(study))
    page = homes["national"]
    page.goto(f"/juries/{session.pk}/")

    assert page.get_by_role("button", name="Open scoring").is_disabled()
    page.get_by_text(
        f"“{PROJECT}” has not been sent to the jury yet: the bank sends it, or take it off the agenda."
    ).wait_for()
    screenshot(page, "gate-scoring")

    apply_transition(refreshed(study), "send_to_jury", actor=people["bank"])
    page.reload()
    page.get_by_role("button", name="Open scoring").click()
    page.get_by_text("Scoring is open: the jurors may score the studies.").wait_for()


def test_a_notification_followed_from_the_inbox_to_its_study(homes, people, screenshot):
    bank = people["bank"]
    study = complete_study(
        OpportunityStudyFactory(
            project=SchoolProjectFactory(name=PROJECT, region=region("84"), team=[people["founder"]])
        )
    )
    apply_transition(refreshed(study), "submit", actor=people["founder"])
    apply_transition(refreshed(study), "accept", actor=people["regional"])
    apply_transition(refreshed(study), "complete_training", actor=people["regional"])
    record_financing_review(
        refreshed(study),
        actor=bank,
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Charges cohérentes.",
        financing_plan_analysis="Plan équilibré.",
    )
    session = plan_session(
        actor=people["national"],
        title=SESSION,
        date=timezone.localdate() + timedelta(days=14),
        grid=ScoringGridFactory(),
        place="Lyon",
        scoring_deadline=timezone.now() + timedelta(days=7),
        members=[people["juror_a"], people["juror_b"]],
        president=people["president"],
    )
    add_to_agenda(session, actor=people["national"], study=refreshed(study))
    page = homes["bank"]

    page.goto("/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Inbox").click()
    page.get_by_label("Show").select_option(label="Unread only")
    page.get_by_role("button", name="Filter").click()
    group = page.get_by_role("region", name=PROJECT)
    assert fits_1280(page)
    screenshot(page, "bank-inbox")
    group.get_by_role("link", name=f"“{PROJECT}” is on the agenda of the jury “{SESSION}”").click()

    page.wait_for_url(f"**/studies/{study.pk}/")
    page.get_by_text("Waiting for: the bank — send the study to the jury").wait_for()
    page.get_by_role("button", name="Send to jury").wait_for()
    assert fits_1280(page)
    screenshot(page, "bank-study-from-inbox")
    page.goto("/notifications/?status=read")
    page.get_by_role("link", name=f"“{PROJECT}” is on the agenda of the jury “{SESSION}”").wait_for()
    page.get_by_role("link", name="Notification preferences").click()
    page.get_by_role("heading", name="Notification preferences").wait_for()
    assert fits_1280(page)
    screenshot(page, "bank-preferences")

"""The account's API tokens page, the API's documentation and the browsable API in a real browser: inside the
site's layout, no horizontal overflow at 1280 px, no CSP violation, a key shown once, Swagger UI drawn from the
site's own files, and a write through the browsable API's form with the session and its CSRF token."""

import pytest

from projects.models import OpportunityStudy
from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory
from tests.factories.juries import study_in_financing_review
from tests.workflow.conftest import put_in_state
from workflow.enums import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_a_person_creates_a_token_uses_it_once_shown_and_revokes_it(page, live_server, sign_in, screenshot):
    person = UserFactory(password=PASSWORD, full_name="Rémi Réseau")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, person)

    page.get_by_role("link", name="My account").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Tableur du réseau Occitanie, synchronisation quotidienne des études")
    page.get_by_label("Scope").select_option("read")
    page.get_by_role("button", name="Create the token").click()
    key = page.locator("#new-key").inner_text()
    screenshot(page, "api-tokens")
    answer = page.request.get(f"{live_server.url}/api/v1/studies/", headers={"Authorization": f"Bearer {key}"})
    # Visited again (not reloaded, which would post the form again): the key is gone for good.
    page.goto(f"{live_server.url}/account/api-tokens/")

    assert (key.startswith("tpl_"), answer.status, overflow(page)) == (True, 200, 0)
    assert (page.locator("#new-key").count(), page.locator("header.site nav").count()) == (0, 1)
    page.get_by_role("button", name="Revoke").click()
    refused = page.request.get(f"{live_server.url}/api/v1/studies/", headers={"Authorization": f"Bearer {key}"})
    assert (refused.status, page.get_by_role("cell", name="Revoked", exact=True).count()) == (401, 1)


def test_the_documentation_draws_every_operation_without_a_csp_violation(page, live_server, sign_in, screenshot):
    person = UserFactory(password=PASSWORD)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, person)

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    screenshot(page, "api-docs")

    assert (page.locator(".swagger-ui .opblock").count() >= 30, overflow(page), violations) == (True, 0, [])
    assert page.locator("header.site nav").count() == 1


def test_the_browsable_api_acts_through_the_session_in_the_layout(page, live_server, sign_in):
    coordinator = UserFactory(password=PASSWORD, is_national_coordinator=True)
    study = put_in_state(study_in_financing_review(), State.SUBMITTED)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, coordinator)

    page.goto(f"{live_server.url}/api/v1/studies/")
    listed = (page.locator("header.site nav").count(), overflow(page), page.get_by_text(f'"id": {study.pk}').count())
    page.goto(f"{live_server.url}/api/v1/studies/{study.pk}/transitions/")
    page.locator("textarea").fill('{"name": "accept", "comment": "Recevable."}')
    page.get_by_role("button", name="POST").click()
    page.get_by_text("HTTP 201").wait_for()

    assert (listed, violations) == ((1, 0, 1), [])
    assert OpportunityStudy.objects.get(pk=study.pk).state == State.TRAINING

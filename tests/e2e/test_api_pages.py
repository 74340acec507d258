"""The account's API tokens page and the API's documentation in a real browser: inside the site's layout, no
horizontal overflow at 1280 px, a key shown once, and Swagger UI drawn from the site's own files."""

import pytest

from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_a_person_creates_a_token_uses_it_once_shown_and_revokes_it(page, live_server, sign_in, screenshot):
    person = UserFactory(password=PASSWORD, full_name="Rémi Réseau")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, person)

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

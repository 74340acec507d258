"""The Content-Security-Policy holds in a real browser: no main page triggers a single violation."""

import pytest

from tests.security.urlmap import url_for
from tests.security.world import MAIN_PAGES, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_no_csp_violation_on_the_main_pages(page, live_server, sign_in):
    world = build_world()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append((page.url, message.text)) if "Content Security Policy" in message.text else None
        ),
    )
    visited = 0

    for role, names in MAIN_PAGES.items():
        sign_in(page, world.people[role])
        for name in names:
            response = page.goto(f"{live_server.url}{url_for(name, world)}")
            assert response.status == 200, (role, name, response.status)
            visited += 1

    assert (visited, violations) == (sum(map(len, MAIN_PAGES.values())), [])

"""Every page of every role at 1280 px, in a real browser: no horizontal overflow, a header on one line; and
screenshots of each role's main pages in ``test-artifacts/screenshots/`` for a reviewer."""

import pytest
from django.conf import settings
from django.test import Client

from tests.security.test_permission_matrix import EXPECTED, ROLES
from tests.security.urlmap import url_for
from tests.security.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP = {"width": 1280, "height": 800}
# How far the page is wider than the window, and how far apart the middles of the header's items are (on one
# line they are all centred on it; a wrapped header puts some a line lower).
MEASURE = """() => {
  const root = document.documentElement;
  const tops = [...document.querySelectorAll("header.site .bar > *, header.site nav li")]
    .map((item) => { const box = item.getBoundingClientRect(); return (box.top + box.bottom) / 2; });
  return {overflow: root.scrollWidth - root.clientWidth, header: Math.max(...tops) - Math.min(...tops)};
}"""


def log_in(page, live_server, user, language="fr"):
    """Sign ``user`` in by his session cookie (the sign-in form has its own browser test), reading ``language``
    (French by default: the primary language, and the longer)."""
    page.context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    page.context.add_cookies(cookies)


def pages_of(role, world):
    """The URLs of the HTML pages ``role`` may open, as the permission matrix says (downloads left out)."""
    client = Client()
    if role != "anonymous":
        client.force_login(world.people[role])
    urls = []
    for name, answers in sorted(EXPECTED.items()):
        if answers.split()[ROLES.index(role)] == "200":
            url = url_for(name, world)
            if client.get(url)["Content-Type"].startswith("text/html"):
                urls.append((name, url))
    return urls


def test_no_page_of_any_role_overflows_a_laptop_screen(page, live_server):
    world = build_world()
    page.set_viewport_size(LAPTOP)
    faults, visited = [], 0

    for role in ROLES:
        log_in(page, live_server, None if role == "anonymous" else world.people[role])
        for name, url in pages_of(role, world):
            page.goto(f"{live_server.url}{url}")
            visited += 1
            measured = page.evaluate(MEASURE)
            if measured["overflow"] > 0 or measured["header"] > 4:
                faults.append((role, name, measured))

    assert visited > 100
    assert faults == []

"""Every page of every role at 1280 px, in a real browser: no horizontal overflow, a header on one line; and
screenshots of each role's main pages in ``test-artifacts/screenshots/`` for a reviewer."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
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


def log_in(page, live_server, user):
    """Sign ``user`` in by his session cookie: the sign-in form has its own browser test."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


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
    User.objects.update(language="fr")
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

"""Every page each role may read runs at most 12 queries, and the same number whatever the amount of data.

The pages are those of the permission matrix that answer a role 200 on GET, against its seeded world; each is
counted cold (the cache emptied first, as after a write that invalidates it) and warm (right after), then again
once the scale seed has added a federation of studies, sessions, scorecards and notifications around the world
and every person of the world has many more notifications.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.seed_scale import Seed
from juries.models import ScoringGrid
from notifications.models import Notification
from tests.security.test_permission_matrix import EXPECTED, ROLES
from tests.security.urlmap import url_for
from tests.security.world import build_world

MAX_QUERIES = 12
# Answers that are not pages: the health check asks the broker, and signing out or changing the language POSTs.
NOT_PAGES = {"health", "set_language"}


def readable_pages():
    """Yield (role, URL name) for every page the matrix opens to a signed-in role on GET."""
    for name, answers in EXPECTED.items():
        if name in NOT_PAGES:
            continue
        for role, answer in zip(ROLES, answers.split(), strict=True):
            if role != "anonymous" and answer == "200":
                yield role, name


def count(client, url):
    """Return the status and the queries of one request, a streamed body read to its end."""
    # The log keeps 9,000 queries at most, after which a capture would count none: start each one empty.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, len(captured.captured_queries)


def walk(world, clients):
    """Return {(role, name): (status, cold queries, warm queries)} over the readable pages."""
    counts = {}
    for role, name in readable_pages():
        url = url_for(name, world)
        cache.clear()
        status, cold = count(clients[role], url)
        _status, warm = count(clients[role], url)
        counts[role, name] = (status, cold, warm)
    return counts


def grow(world, studies):
    """Add a federation of ``studies`` around the world, and 20 notifications to each of its people."""
    grids = dict(ScoringGrid.objects.values_list("pk", "frozen_at"))
    Seed(studies=studies, progress=False).run()
    for pk, frozen_at in grids.items():  # the seed freezes the first grid, which the world may still edit
        ScoringGrid.objects.filter(pk=pk).update(frozen_at=frozen_at)
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="study_submitted", text=f"Étude n°{n}.")
        for person in world.people.values()
        for n in range(20)
    )


@pytest.mark.django_db
def test_every_page_runs_at_most_12_queries_constant_with_the_data():
    world = build_world()
    clients = {}
    for role in ROLES[1:]:
        clients[role] = Client(headers={"Accept-Language": "fr"})
        clients[role].force_login(world.people[role])

    # Both sizes around the world, so that every list a role reads has rows at both (an empty list spares the
    # query of its rows' relations): 1x and 3x.
    grow(world, studies=600)
    small = walk(world, clients)
    grow(world, studies=1200)
    large = walk(world, clients)

    over = {page: counts for page, counts in {**small, **large}.items() if max(counts[1:]) > MAX_QUERIES}
    changed = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert (over, changed) == ({}, {})
    assert {status for status, _cold, _warm in small.values()} == {200}

"""The page, cache and write measurements of the bench, run small on the test database (a bounded profile)."""

import pytest

from bench.caches import CACHES
from bench.measure import _counted, measure_dashboards, measure_pages, measure_writes, page_list, people, signed_in
from bench.seed_scale import Seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the baseline page
    return Seed(studies=60, progress=False).run()


def test_pages_are_measured_cold_and_warm_against_the_baseline(seeded):
    everything = {label: (label, user, url) for label, user, url in page_list(people())}
    pages = [everything[label] for label in ("baseline (layout only)", "dashboard, national", "home, regional")]

    result = measure_pages(rounds=2, warmup=0, pages=pages)

    rows = {row["page"]: row for row in result["pages"]}
    assert rows["baseline (layout only)"]["cold"]["ratio"] == rows["baseline (layout only)"]["warm"]["ratio"] == 1.0
    assert max(max(row["queries_cold"], row["queries_warm"]) for row in rows.values()) <= 12
    # The dashboard reads its figures from the cache when warm, computes them when cold.
    assert rows["dashboard, national"]["queries_cold"] > rows["dashboard, national"]["queries_warm"]


def test_each_cache_switch_makes_its_page_read_what_the_cache_held(seeded):
    who = people()
    pages = {label: (user, url) for label, user, url in page_list(who)}
    queries = {}
    for name, entry in CACHES.items():
        user, url = pages[entry.pages[0]]
        client = signed_in(user)
        _counted(client, url)
        with entry.off():
            _counted(client, url)
            queries[name] = (_counted(client, url), None)
        queries[name] = (_counted(client, url), queries[name][0])

    assert [name for name, (warm_with, warm_without) in queries.items() if warm_without <= warm_with] == []


def test_writes_are_timed_through_their_services(seeded):
    result = measure_writes(count=2)

    assert [(row["write"], row["count"] >= 1) for row in result["writes"]] == [
        (row["write"], True) for row in result["writes"]
    ]
    assert len(result["writes"]) == 6


def test_dashboards_are_measured_at_their_first_view_after_a_transition(settings):
    settings.ROOT_URLCONF = "bench.urls"
    Seed(studies=200, progress=False).run()

    result = measure_dashboards(rounds=2)

    rows = {row["page"]: row for row in result["pages"]}
    elsewhere = rows["dashboard, regional, after a transition in another region"]
    here = rows["dashboard, regional, after a transition in its region"]
    national = rows["dashboard, national, after a transition in a region"]
    assert result["rounds"] == 2
    # A transition elsewhere leaves the regional figures cached; one in the region has them counted again.
    assert (elsewhere["queries_cold"], here["queries_cold"] > here["queries_warm"]) == (elsewhere["queries_warm"], True)
    assert national["queries_cold"] > national["queries_warm"]

"""Every cache of the site that a page reads, with the pages it serves and a switch to measure them without it.

``bench.measure caches`` measures each cache's pages cold and warm with the cache, then without it (its data
computed at every view, as if the cache did not exist). A cache stays only if its page misses the target
without it (within 3x the baseline, at most 12 queries): see bench/RESULTS.md, "Caches".
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.utils import timezone

import config.views
import workflow.rules
import workflow.tracking_views
from workflow.dashboard import compute_dashboard, coordinated_studies, count_stalled


class NoCache:
    """A cache that holds nothing: every read a miss, every write dropped."""

    def get(self, key, default=None):
        return default

    def get_many(self, keys):
        return {}

    def set(self, *args, **kwargs):
        pass

    def add(self, *args, **kwargs):
        return True

    def delete(self, *args, **kwargs):
        pass


@dataclass
class Cache:
    description: str
    pages: tuple
    off: Callable


@contextmanager
def _dashboard_off():
    with mock.patch.object(workflow.tracking_views, "dashboard_for_user", compute_dashboard):
        yield


@contextmanager
def _stalled_off():
    def uncached(user):
        return count_stalled(coordinated_studies(user), timezone.now())[0]

    with mock.patch.object(config.views, "stalled_count_for_user", uncached):
        yield


@contextmanager
def _scopes_off():
    """Read the user's scopes at every call, as without the memo on the user object."""
    memoised = workflow.rules._scope

    def unmemoised(user, kind):
        workflow.rules.forget_scopes(user)
        return memoised(user, kind)

    with mock.patch.object(workflow.rules, "_scope", unmemoised):
        yield


def _module_cache_off(module):
    @contextmanager
    def off():
        with mock.patch(f"{module}.cache", NoCache()):
            yield

    return off


CACHES = {
    "study record": Cache(
        "the study page's record (version, timeline, instruments, training, trades), keyed on updated_at",
        ("study page, regional, financing review", "study page, national, on a jury agenda"),
        _module_cache_off("workflow.selectors"),
    ),
    "dashboard figures": Cache(
        "the dashboard's figures per scope and language, under the data version",
        ("dashboard, national", "dashboard, regional"),
        _dashboard_off,
    ),
    "stalled count": Cache(
        "the home page's count of stalled studies, under the data version, until the next study stalls",
        ("home, national", "home, regional"),
        _stalled_off,
    ),
    "filter choices": Cache(
        "the studies list's regions and trade families",
        ("studies list, national, state filter, page 3", "studies list, regional, search + sort, page 2"),
        _module_cache_off("projects.selectors"),
    ),
    "scopes memoised on the user": Cache(
        "a user's regions, projects, presided studies, sessions and conflicts, one query a request",
        (
            "study page, national, on a jury agenda",
            "home, regional",
            "studies list, regional, search + sort, page 2",
        ),
        _scopes_off,
    ),
}

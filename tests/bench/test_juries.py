"""The jury suite of the bench, run tiny on the test database, so that it cannot rot."""

import pytest

from bench.juries import measure, seed_agendas
from juries.enums import SessionState
from juries.models import AgendaEntry, JuryDecision, JurySession

pytestmark = pytest.mark.django_db


def test_jury_suite_times_each_write_at_each_size_and_the_pages(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the baseline page
    seed_agendas((3, 5), 2)

    result = measure((3, 5), rounds=2, count=2, closings=2)

    assert [(row["write"], row["size"], row["count"]) for row in result["writes"]] == [
        (write, size, 2)
        for write in (
            "scorecard draft saved",
            "scorecard submitted",
            "agenda: study added",
            "agenda: study removed",
            "scoring closed (results published)",
            "decision recorded",
        )
        for size in (3, 5)
    ]
    assert [row["page"] for row in result["pages"]] == [
        "baseline (layout only)",
        "session page, 3 studies",
        "results table, 3 studies",
        "session page, 5 studies",
        "results table, 5 studies",
    ]
    assert list(JurySession.objects.values_list("state", flat=True)) == [SessionState.DELIBERATION] * 2
    assert (JuryDecision.objects.count(), AgendaEntry.objects.count()) == (4, 8)

"""The figures stored for the results table: each change to what counts rewrites them in its own transaction."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.forms.models import model_to_dict

from juries.models import EntryResult, JurySession
from juries.services import (
    add_member,
    add_to_agenda,
    declare_conflict,
    remove_from_agenda,
    remove_member,
    reopen_scorecard,
    update_session,
)
from juries.services.results import refresh_results
from tests.factories import UserFactory, study_in_financing_review

pytestmark = pytest.mark.django_db


def stored(session):
    """The figures stored for each entry of the session's agenda, by entry id."""
    return {row.pop("entry_id"): row for row in EntryResult.objects.filter(entry__session=session).values()}


def recounted(session):
    """Return the stored figures, after checking that a recount from the rows finds the same."""
    figures = stored(session)
    refresh_results(session)
    assert stored(session) == figures
    return figures


def summary(figures, entry):
    row = figures[entry.pk]
    return row["scorecards"], row["quorum"], row["mean"], row["rank"]


def test_submitting_a_scorecard_counts_it(scoring_session, entries, alice, submit):
    submit(entries[0], alice, (3, 3, 3))

    figures = recounted(scoring_session)
    assert [summary(figures, entry) for entry in entries] == [(1, 3, Decimal("12.00"), 1), (0, 3, None, None)]


def test_reopening_a_scorecard_takes_it_out(scoring_session, entries, president, alice, bruno, submit):
    submit(entries[0], alice, (3, 3, 3))
    submit(entries[0], bruno, (5, 4, None))

    reopen_scorecard(entries[0], actor=president, member=alice, reason="Erreur de saisie.")

    assert summary(recounted(scoring_session), entries[0]) == (1, 3, Decimal("18.50"), 1)


def test_a_conflict_declared_in_deliberation_recounts_the_whole_session(deliberating_session, entries, criteria, bruno):
    """Bruno's 18.50 leaves the first study (15.60 and 12.00 remain): it falls behind the second, which keeps it."""
    declare_conflict(entries[0], actor=bruno, reason="Découvert en délibération.")

    figures = recounted(deliberating_session)
    assert [summary(figures, entry) for entry in entries] == [
        (2, 3, Decimal("13.80"), 2),
        (3, 3, Decimal("15.37"), 1),
    ]
    spreads = figures[entries[0].pk]["criterion_spreads"]
    assert ([spreads[str(criterion.pk)] for criterion in criteria], figures[entries[1].pk]["normalised_rank"]) == (
        [1, 0, 2],
        1,
    )


def test_members_joining_raise_the_default_quorum(scoring_session, entries, coordinator):
    for _index in range(2):
        add_member(scoring_session, actor=coordinator, user=UserFactory(is_jury_member=True))

    assert [summary(recounted(scoring_session), entry)[1] for entry in entries] == [4, 4]


def test_a_member_leaving_lowers_the_default_quorum(planned_session, entries, coordinator, chloe):
    for _index in range(2):
        add_member(planned_session, actor=coordinator, user=UserFactory(is_jury_member=True))

    remove_member(planned_session, actor=coordinator, user=chloe)

    assert [summary(recounted(planned_session), entry)[1] for entry in entries] == [3, 3]


def test_setting_the_quorum_stores_it(planned_session, entries, coordinator):
    details = model_to_dict(JurySession.objects.get(pk=planned_session.pk), fields=["title", "date", "place"])

    update_session(planned_session, actor=coordinator, video_link="", regions=[], quorum=2, **details)

    assert [summary(recounted(planned_session), entry)[1] for entry in entries] == [2, 2]


def test_a_study_added_to_the_agenda_gets_figures_and_takes_them_away_when_removed(
    scoring_session, entries, coordinator, bank_expert, alice, submit
):
    """Alice's 12.00 on the first study is one deviation below her mean while she has 20.00 on the new one."""
    submit(entries[0], alice, (3, 3, 3))
    entry = add_to_agenda(scoring_session, actor=coordinator, study=study_in_financing_review(bank_expert=bank_expert))
    submit(entry, alice, (5, 5, 5))
    added = recounted(scoring_session)

    remove_from_agenda(entry, actor=coordinator)

    figures = recounted(scoring_session)
    assert (summary(added, entry), added[entries[0].pk]["normalised"]) == ((1, 3, Decimal("20.00"), 1), Decimal("-1"))
    assert (list(figures), figures[entries[0].pk]["normalised"]) == ([e.pk for e in entries], Decimal("0"))


def test_data_migration_fills_the_figures_of_existing_sessions(deliberating_session, entries):
    figures = stored(deliberating_session)
    EntryResult.objects.all().delete()

    importlib.import_module("juries.migrations.0004_entry_results").fill_entry_results(apps, None)

    assert (stored(deliberating_session), len(figures)) == (figures, len(entries))

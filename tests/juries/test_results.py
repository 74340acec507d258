"""The figures of the results table: published once when scoring closes, again when a conflict changes them after."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.forms.models import model_to_dict

from juries.models import EntryResult, JurySession
from juries.services import (
    add_member,
    add_to_agenda,
    close_scoring,
    declare_conflict,
    open_scoring,
    remove_from_agenda,
    reopen_scorecard,
    update_session,
)
from juries.services.results import publish_results
from permissions.refusal import ActionRefused
from tests.factories import UserFactory, study_in_financing_review

pytestmark = pytest.mark.django_db


def stored(session):
    """The figures stored for each entry of the session's agenda, by entry id."""
    return {row.pop("entry_id"): row for row in EntryResult.objects.filter(entry__session=session).values()}


def recounted(session):
    """Return the stored figures, after checking that a publication from the rows finds the same."""
    figures = stored(session)
    publish_results(session)
    assert stored(session) == figures
    return figures


def summary(figures, entry):
    row = figures[entry.pk]
    return row["scorecards"], row["quorum"], row["mean"], row["rank"]


def test_results_are_published_when_scoring_closes_not_before(scoring_session, entries, coordinator, alice, submit):
    submit(entries[0], alice, (3, 3, 3))
    while_scoring = stored(scoring_session)

    close_scoring(scoring_session, actor=coordinator)

    figures = recounted(scoring_session)
    assert while_scoring == {}
    assert [summary(figures, entry) for entry in entries] == [(1, 3, Decimal("12.00"), 1), (0, 3, None, None)]


def test_a_reopened_scorecard_is_left_out_of_the_publication(
    scoring_session, entries, coordinator, president, alice, bruno, submit
):
    submit(entries[0], alice, (3, 3, 3))
    submit(entries[0], bruno, (5, 4, None))

    reopen_scorecard(entries[0], actor=president, member=alice, reason="Erreur de saisie.")
    close_scoring(scoring_session, actor=coordinator)

    assert summary(recounted(scoring_session), entries[0]) == (1, 3, Decimal("18.50"), 1)


def test_changes_while_scoring_is_open_write_no_figures(
    planned_session, entries, coordinator, bank_expert, president, alice, submit
):
    details = model_to_dict(JurySession.objects.get(pk=planned_session.pk), fields=["title", "date", "place"])
    update_session(planned_session, actor=coordinator, video_link="", regions=[], quorum=2, **details)
    scoring = open_scoring(planned_session, actor=coordinator)
    add_member(scoring, actor=coordinator, user=UserFactory(is_jury_member=True))
    submit(entries[0], alice, (3, 3, 3))
    reopen_scorecard(entries[0], actor=president, member=alice, reason="Erreur de saisie.")
    declare_conflict(entries[1], actor=alice, reason="Administratrice de l'association.")
    added = add_to_agenda(scoring, actor=coordinator, study=study_in_financing_review(bank_expert=bank_expert))
    remove_from_agenda(added, actor=coordinator)

    assert EntryResult.objects.filter(entry__session=planned_session).count() == 0


def test_the_publication_counts_the_agenda_members_and_quorum_as_they_stand_at_closing(
    planned_session, entries, coordinator, bank_expert, alice, submit
):
    """The study taken off took Alice's 20.00 with it: her 12.00, alone, is her mean (a z-score of 0)."""
    details = model_to_dict(JurySession.objects.get(pk=planned_session.pk), fields=["title", "date", "place"])
    update_session(planned_session, actor=coordinator, video_link="", regions=[], quorum=2, **details)
    scoring = open_scoring(planned_session, actor=coordinator)
    submit(entries[0], alice, (3, 3, 3))
    added = add_to_agenda(scoring, actor=coordinator, study=study_in_financing_review(bank_expert=bank_expert))
    submit(added, alice, (5, 5, 5))
    remove_from_agenda(added, actor=coordinator)

    close_scoring(scoring, actor=coordinator)

    figures = recounted(scoring)
    assert (list(figures), figures[entries[0].pk]["normalised"]) == ([entry.pk for entry in entries], Decimal("0"))
    assert [summary(figures, entry)[1] for entry in entries] == [2, 2]


def test_a_conflict_declared_in_deliberation_publishes_the_whole_session_again(
    deliberating_session, entries, criteria, bruno
):
    """Bruno's 18.50 leaves the first study (15.60 and 12.00 remain): it falls behind the second, which keeps it."""
    published = stored(deliberating_session)

    declare_conflict(entries[0], actor=bruno, reason="Découvert en délibération.")

    figures = recounted(deliberating_session)
    assert summary(published, entries[0]) == (3, 3, Decimal("15.37"), 1)
    assert [summary(figures, entry) for entry in entries] == [
        (2, 3, Decimal("13.80"), 2),
        (3, 3, Decimal("15.37"), 1),
    ]
    spreads = figures[entries[0].pk]["criterion_spreads"]
    assert ([spreads[str(criterion.pk)] for criterion in criteria], figures[entries[1].pk]["normalised_rank"]) == (
        [1, 0, 2],
        1,
    )


def test_a_scorecard_after_scoring_closed_is_refused_and_changes_no_figure(
    deliberating_session, entries, chloe, submit
):
    published = stored(deliberating_session)

    with pytest.raises(ActionRefused):
        submit(entries[0], chloe, (0, 0, 0))

    assert stored(deliberating_session) == published


def publish_once():
    importlib.import_module("juries.migrations.0008_results_published_when_scoring_closes").publish_once(apps, None)


def test_data_migration_publishes_the_sessions_in_deliberation(deliberating_session, entries):
    figures = stored(deliberating_session)
    EntryResult.objects.all().delete()

    publish_once()

    assert (stored(deliberating_session), len(figures)) == (figures, len(entries))


def test_data_migration_drops_the_figures_of_a_session_still_scoring(scoring_session, entries, alice, submit):
    submit(entries[0], alice, (3, 3, 3))
    publish_results(scoring_session)  # as the former rule kept them while scoring

    publish_once()

    assert stored(scoring_session) == {}

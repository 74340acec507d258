"""Blind scoring: what each user may read, through predicates, selectors, counts and results alike."""

from decimal import Decimal

import pytest

from juries.enums import Decision
from juries.models import AgendaEntry, JuryDecision, JurySession, Scorecard
from juries.rules import can_view_agenda_entry, can_view_decision, can_view_scorecard, can_view_session
from juries.selectors import (
    agenda_entries_for_user,
    agenda_for_user,
    agenda_lines_for_user,
    decisions_for_user,
    scorecards_for_user,
    scores_for_user,
    session_results_for_user,
    sessions_for_user,
)
from juries.services import close_scoring, declare_conflict, record_decision, save_scorecard
from tests.factories import JurySessionFactory
from workflow.rules import can_view_study
from workflow.selectors import studies_for_user

USERS = ["president", "alice", "bruno", "chloe", "outsider", "coordinator", "bank_expert"]


@pytest.fixture
def scored(scoring_session, entries, president, alice, bruno, chloe, submit, criteria):
    """Chloé is conflicted on the first study; everyone else submitted both; Chloé drafted the second."""
    declare_conflict(entries[0], actor=chloe, reason="Parente du porteur.")
    for member, values in ((president, (4, 3, 5)), (alice, (3, 3, 3)), (bruno, (5, 4, None))):
        for entry in entries:
            submit(entry, member, values)
    save_scorecard(entries[1], actor=chloe, scores={criteria[0]: 2})
    return scoring_session


def card(entry, member):
    return Scorecard.objects.get(entry=entry, member=member)


def users(request):
    return {name: request.getfixturevalue(name) for name in USERS}


def assert_predicate_and_selector_agree(people, rows, predicate, selector):
    for user in people.values():
        visible = set(selector(user))
        assert {row for row in rows if predicate(user, row)} == visible, user


@pytest.mark.django_db
def test_scorecards_predicate_and_selector_agree_before_and_in_deliberation(scored, coordinator, request):
    people = users(request)

    assert_predicate_and_selector_agree(people, list(Scorecard.objects.all()), can_view_scorecard, scorecards_for_user)
    close_scoring(scored, actor=coordinator)
    assert_predicate_and_selector_agree(people, list(Scorecard.objects.all()), can_view_scorecard, scorecards_for_user)


@pytest.mark.django_db
def test_scorecard_permission_goes_through_rules(scored, entries, alice, bruno):
    assert (
        alice.has_perm("juries.view_scorecard", card(entries[0], alice)),
        alice.has_perm("juries.view_scorecard", card(entries[0], bruno)),
    ) == (True, False)


@pytest.mark.django_db
def test_member_sees_only_his_own_scorecards_before_deliberation(scored, entries, alice):
    assert (
        set(scorecards_for_user(alice)),
        scorecards_for_user(alice).count(),
        scores_for_user(alice).count(),
        Scorecard.objects.filter(pk__in=scorecards_for_user(alice), member__full_name="Bruno Juré").count(),
    ) == ({card(entries[0], alice), card(entries[1], alice)}, 2, 6, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["president", "coordinator", "outsider", "bank_expert"])
def test_nobody_else_reads_scores_before_deliberation(scored, alice, request, name):
    user = request.getfixturevalue(name)

    assert (
        set(scorecards_for_user(user)) - set(Scorecard.objects.filter(member=user)),
        scores_for_user(user).exclude(scorecard__member=user).count(),
        session_results_for_user(scored, user),
    ) == (set(), 0, None)


def agenda_lines(session, user, **filters):
    return agenda_lines_for_user(session, user, agenda_for_user(session, user, **filters))


@pytest.mark.django_db
@pytest.mark.parametrize("show", ["", "missing", "complete"])
def test_member_sees_no_progress_count_before_deliberation(scored, alice, show):
    lines = agenda_lines(scored, alice, show=show)

    assert ([line.progress for line in lines], [line.waiting for line in lines]) == ([None, None], ["", ""])


@pytest.mark.django_db
def test_coordinator_sees_who_submitted_not_what(scored, entries, coordinator, president, alice, bruno, chloe):
    lines = agenda_lines(scored, coordinator)

    assert sorted((line.entry_id, row.name, row.submitted) for line in lines for row in line.progress) == sorted(
        [
            (entries[0].pk, "Paul Président", True),
            (entries[0].pk, "Alice Jurée", True),
            (entries[0].pk, "Bruno Juré", True),
            (entries[1].pk, "Paul Président", True),
            (entries[1].pk, "Alice Jurée", True),
            (entries[1].pk, "Bruno Juré", True),
            (entries[1].pk, "Chloé Jurée", False),
        ]
    )
    assert sorted(vars(lines[0].progress[0])) == ["member_id", "name", "submitted"]


@pytest.mark.django_db
def test_member_sees_every_submitted_scorecard_in_deliberation(scored, entries, coordinator, alice, chloe):
    close_scoring(scored, actor=coordinator)

    assert (scorecards_for_user(alice).count(), scores_for_user(alice).count()) == (6, 18)


@pytest.mark.django_db
def test_conflicted_member_reads_nothing_of_the_study_in_deliberation(scored, entries, coordinator, chloe):
    deliberating = close_scoring(scored, actor=coordinator)

    visible = scorecards_for_user(chloe)
    assert (
        {scorecard.entry for scorecard in visible},
        visible.count(),
        can_view_study(chloe, entries[0].study),
        entries[0].study in studies_for_user(chloe),
        [study.entry_id for study in session_results_for_user(deliberating, chloe).studies],
    ) == ({entries[1]}, 4, False, False, [entries[1].pk])


@pytest.mark.django_db
def test_scorecard_of_a_member_who_declares_a_conflict_late_is_hidden_and_uncounted(
    scored, entries, coordinator, alice, bruno
):
    deliberating = close_scoring(scored, actor=coordinator)
    declare_conflict(entries[0], actor=bruno, reason="Découvert en délibération.")

    results = session_results_for_user(deliberating, alice)
    assert (
        card(entries[0], bruno) in scorecards_for_user(alice),
        card(entries[0], bruno) in scorecards_for_user(bruno),
        results.studies[0].count,
    ) == (False, False, 2)


@pytest.mark.django_db
def test_results_in_deliberation_match_hand_computation(deliberating_session, entries, alice):
    """Totals 15.60 (4, 3, 5), 12.00 (3, 3, 3), 18.50 (5, 4, N/A) on both studies: a tie, zero-variance jurors."""
    results = session_results_for_user(deliberating_session, alice)

    assert [
        (s.entry_id, s.count, s.quorum, s.mean, s.median, s.stdev, s.minimum, s.maximum, s.rank, s.normalised)
        for s in results.by_mean
    ] == [
        (entry.pk, 3, 3, Decimal("15.37"), Decimal("15.60"), Decimal("2.66"), Decimal("12.00"), Decimal("18.50"), 1, 0)
        for entry in entries
    ]


@pytest.mark.django_db
def test_results_thresholds_come_from_settings(deliberating_session, alice, settings):
    settings.TREMPLIN_JURY_DISAGREEMENT_STDEV = "2.66"

    assert [s.disagreement for s in session_results_for_user(deliberating_session, alice).studies] == [True, True]


@pytest.mark.django_db
def test_sessions_entries_and_decisions_predicates_and_selectors_agree(
    deliberating_session, entries, president, chloe, request
):
    declare_conflict(entries[1], actor=chloe, reason="Parente du porteur.")
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Solide.")
    record_decision(entries[1], actor=president, decision=Decision.DEFER, motivation="À consolider.")
    JurySessionFactory()
    people = users(request)

    assert_predicate_and_selector_agree(people, list(JurySession.objects.all()), can_view_session, sessions_for_user)
    assert_predicate_and_selector_agree(
        people, list(AgendaEntry.objects.all()), can_view_agenda_entry, agenda_entries_for_user
    )
    assert_predicate_and_selector_agree(people, list(JuryDecision.objects.all()), can_view_decision, decisions_for_user)
    assert [decision.entry for decision in decisions_for_user(chloe)] == [entries[0]]


@pytest.mark.django_db
def test_studies_predicate_and_selector_agree_for_jurors(scored, entries, request):
    people = users(request)
    rows = [entry.study for entry in entries]

    for user in people.values():
        assert {study for study in rows if can_view_study(user, study)} == set(
            studies_for_user(user).filter(pk__in=[study.pk for study in rows])
        ), user

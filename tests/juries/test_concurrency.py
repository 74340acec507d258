"""Two people acting at once, on PostgreSQL with real threads and one connection each.

``serialized_rollback`` restores the reference rows (regions, the default grid) that the flush after a
transactional test removes.
"""

import pytest

from juries.enums import Decision, ScorecardStatus
from juries.models import JuryDecision, Scorecard
from juries.services import record_decision
from permissions.refusal import ActionRefused
from tests.concurrency import run_together
from workflow.enums import State


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_members_submitting_at_the_same_moment_both_succeed(scoring_session, entries, alice, bruno, submit):
    outcomes = run_together(
        lambda: submit(entries[0], alice, (4, 3, 2)),
        lambda: submit(entries[0], bruno, (2, 3, 4)),
    )

    assert [type(outcome) for outcome in outcomes] == [Scorecard, Scorecard]
    assert sorted(Scorecard.objects.filter(entry=entries[0]).values_list("member__full_name", "status")) == [
        ("Alice Jurée", ScorecardStatus.SUBMITTED),
        ("Bruno Juré", ScorecardStatus.SUBMITTED),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decisions_at_once_for_one_study_exactly_one_wins(deliberating_session, entries, president):
    outcomes = run_together(
        lambda: record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Retenu."),
        lambda: record_decision(entries[0], actor=president, decision=Decision.REJECT, motivation="Non retenu."),
    )

    winners = [outcome for outcome in outcomes if isinstance(outcome, JuryDecision)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, ActionRefused)]
    entries[0].study.refresh_from_db()
    expected_state = {Decision.APPROVE: State.APPROVED, Decision.REJECT: State.REJECTED}[winners[0].decision]
    assert (len(winners), len(losers), JuryDecision.objects.count(), entries[0].study.state) == (
        1,
        1,
        1,
        expected_state,
    )

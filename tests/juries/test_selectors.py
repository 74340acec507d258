from datetime import timedelta

import pytest
from django.utils import timezone

from juries.selectors import missing_scorecards, missing_scorecards_near_deadline, session_results_for_user
from juries.services import add_to_agenda, close_scoring, declare_conflict, open_scoring, plan_session
from tests.factories import study_in_financing_review
from workflow.services import apply_transition


@pytest.mark.django_db
def test_missing_scorecards_leave_out_submitted_and_conflicted(scoring_session, entries, alice, bruno, submit):
    submit(entries[0], alice, (3, 3, 3))
    declare_conflict(entries[0], actor=bruno, reason="Client du projet.")

    missing = {(entry.pk, member.full_name) for entry, member in missing_scorecards(scoring_session)}

    assert missing == {
        (entries[0].pk, "Paul Président"),
        (entries[0].pk, "Chloé Jurée"),
        (entries[1].pk, "Paul Président"),
        (entries[1].pk, "Alice Jurée"),
        (entries[1].pk, "Bruno Juré"),
        (entries[1].pk, "Chloé Jurée"),
    }


@pytest.mark.django_db
def test_missing_scorecards_near_deadline_only_within_the_window(scoring_session, entries, president, alice, submit):
    for member in (president, alice):
        for entry in entries:
            submit(entry, member, (3, 3, 3))
    now = scoring_session.scoring_deadline - timedelta(hours=23)

    near = missing_scorecards_near_deadline(now=now)
    far = missing_scorecards_near_deadline(now=scoring_session.scoring_deadline - timedelta(hours=25))

    assert (sorted((item.entry.pk, item.member.full_name) for item in near), far) == (
        sorted((entry.pk, name) for entry in entries for name in ("Bruno Juré", "Chloé Jurée")),
        [],
    )
    assert {item.session for item in near} == {scoring_session}


@pytest.mark.django_db
def test_missing_scorecards_near_deadline_ignores_sessions_not_scoring(planned_session, entries):
    assert missing_scorecards_near_deadline(now=planned_session.scoring_deadline - timedelta(hours=1)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_session_results_query_count_is_constant(
    coordinator, grid, president, alice, bruno, bank_expert, submit, django_assert_num_queries, item_count
):
    session = plan_session(
        actor=coordinator,
        title="Jury",
        date=timezone.localdate(),
        grid=grid,
        scoring_deadline=timezone.now() + timedelta(days=2),
        members=[alice, bruno],
        president=president,
    )
    entries = []
    for _index in range(item_count):
        entry = add_to_agenda(session, actor=coordinator, study=study_in_financing_review(bank_expert=bank_expert))
        apply_transition(entry.study, "send_to_jury", actor=bank_expert)
        entries.append(entry)
    open_scoring(session, actor=coordinator)
    for entry in entries:
        for member in (president, alice, bruno):
            submit(entry, member, (3, 4, 5))
    session = close_scoring(session, actor=coordinator)

    # The criteria and the figures; the studies the user is conflicted on are left out inside the figures' query.
    with django_assert_num_queries(2):
        results = session_results_for_user(session, alice)

    assert len(results.studies) == item_count

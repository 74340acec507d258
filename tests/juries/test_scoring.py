import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.juries import seed_agendas, sessions_by_size
from juries import signals
from juries.enums import JuryAction, ScorecardStatus
from juries.models import Score, Scorecard
from juries.services import (
    close_scoring,
    close_session,
    record_decision,
    reopen_scorecard,
    save_scorecard,
    submit_scorecard,
)
from permissions.refusal import ActionRefused


def snapshot(entry, member):
    """The scorecard's status and answers, to show that a refusal changed nothing."""
    card = Scorecard.objects.filter(entry=entry, member=member).first()
    if card is None:
        return None
    answers = list(card.scores.order_by("criterion__position").values_list("value", "not_applicable", "comment"))
    return (card.status, card.overall_comment, answers)


@pytest.mark.django_db
def test_save_scorecard_draft_with_comments_and_na(scoring_session, entries, alice, criteria):
    card = save_scorecard(
        entries[0],
        actor=alice,
        scores={criteria[0]: 4, criteria[2]: None},
        comments={criteria[0]: "Diagnostic solide.", criteria[1]: "À préciser."},
        overall_comment="Bon dossier.",
    )

    assert snapshot(entries[0], alice) == (
        ScorecardStatus.DRAFT,
        "Bon dossier.",
        [(4, False, "Diagnostic solide."), (None, False, "À préciser."), (None, True, "")],
    )
    assert card.is_submitted is False


@pytest.mark.django_db
def test_save_scorecard_again_replaces_the_draft(scoring_session, entries, alice, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4, criteria[1]: 2})

    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 1})

    assert snapshot(entries[0], alice) == (ScorecardStatus.DRAFT, "", [(1, False, "")])


@pytest.mark.django_db
def test_submit_scorecard_locks_it_and_logs(scoring_session, entries, alice, submit):
    card = submit(entries[0], alice, (4, 3, None))

    assert (card.status, card.submitted_at is not None, scoring_session.log.last().action) == (
        ScorecardStatus.SUBMITTED,
        True,
        JuryAction.SCORECARD_SUBMITTED,
    )


@pytest.mark.django_db
def test_submit_saved_draft_without_new_scores(scoring_session, entries, alice, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4, criteria[1]: 3, criteria[2]: 2})

    card = submit_scorecard(entries[0], actor=alice)

    assert card.status == ScorecardStatus.SUBMITTED


@pytest.mark.django_db
def test_submit_incomplete_scorecard_refused_nothing_changed(scoring_session, entries, alice, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})

    with pytest.raises(ActionRefused) as refused:
        submit_scorecard(entries[0], actor=alice, scores={criteria[0]: 5, criteria[1]: 3})

    assert (refused.value.reasons, snapshot(entries[0], alice)) == (
        ["Score every criterion, or mark it N/A: Critère 3."],
        (ScorecardStatus.DRAFT, "", [(4, False, "")]),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [6, -1, "4", 2.5, True])
def test_score_out_of_range_refused_nothing_changed(scoring_session, entries, alice, criteria, bad):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})

    with pytest.raises(ActionRefused) as refused:
        save_scorecard(entries[0], actor=alice, scores={criteria[0]: 3, criteria[1]: bad})

    assert (refused.value.reasons, snapshot(entries[0], alice)) == (
        ["The score of “Critère 2” must be a whole number from 0 to 5, or N/A."],
        (ScorecardStatus.DRAFT, "", [(4, False, "")]),
    )


@pytest.mark.django_db
def test_score_of_a_criterion_from_another_grid_refused(scoring_session, entries, alice):
    with pytest.raises(ActionRefused):
        save_scorecard(entries[0], actor=alice, scores={999_999: 3})

    assert snapshot(entries[0], alice) is None


@pytest.mark.django_db
def test_submit_twice_refused_nothing_changed(scoring_session, entries, alice, submit):
    submit(entries[0], alice, (4, 3, 2))
    before = snapshot(entries[0], alice)

    with pytest.raises(ActionRefused) as refused:
        submit(entries[0], alice, (1, 1, 1))

    assert (refused.value.reasons, snapshot(entries[0], alice)) == (["This scorecard is already submitted."], before)


@pytest.mark.django_db
def test_save_submitted_scorecard_refused(scoring_session, entries, alice, submit, criteria):
    submit(entries[0], alice, (4, 3, 2))

    with pytest.raises(ActionRefused):
        save_scorecard(entries[0], actor=alice, scores={criteria[0]: 0})

    assert snapshot(entries[0], alice)[2][0] == (4, False, "")


@pytest.mark.django_db
def test_score_before_scoring_opens_refused(planned_session, entries, alice, criteria):
    with pytest.raises(ActionRefused) as refused:
        save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})

    assert (refused.value.reasons, snapshot(entries[0], alice)) == (
        ["This is not possible while the jury session is “Planned”."],
        None,
    )


@pytest.mark.django_db
def test_score_in_deliberation_refused(deliberating_session, entries, chloe, submit):
    with pytest.raises(ActionRefused):
        submit(entries[0], chloe, (4, 3, 2))

    assert snapshot(entries[0], chloe) is None


@pytest.mark.django_db
def test_score_on_a_closed_session_refused(deliberating_session, entries, coordinator, president, chloe, submit):
    for entry in entries:
        record_decision(entry, actor=president, decision="defer", motivation="À retravailler.")
    close_session(deliberating_session, actor=coordinator)

    with pytest.raises(ActionRefused) as refused:
        submit(entries[0], chloe, (4, 3, 2))

    assert (refused.value.reasons, snapshot(entries[0], chloe)) == (
        ["This is not possible while the jury session is “Closed”."],
        None,
    )


@pytest.mark.django_db
def test_score_after_the_deadline_refused(scoring_session, entries, alice, submit, past_deadline, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})
    past_deadline(scoring_session)

    with pytest.raises(ActionRefused) as refused:
        submit(entries[0], alice, (4, 3, 2))

    assert (refused.value.reasons, snapshot(entries[0], alice)) == (
        ["The scoring deadline has passed."],
        (ScorecardStatus.DRAFT, "", [(4, False, "")]),
    )


@pytest.mark.django_db
def test_score_by_a_non_member_is_forbidden(scoring_session, entries, outsider, submit):
    with pytest.raises(ActionRefused, match="not allowed"):
        submit(entries[0], outsider, (4, 3, 2))

    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_reopen_scorecard_by_the_president_logged_and_signalled(
    scoring_session, entries, alice, president, submit, received
):
    submit(entries[0], alice, (4, 3, 2))
    reopened = received(signals.scorecard_reopened)

    log = reopen_scorecard(entries[0], actor=president, member=alice, reason="Erreur de saisie signalée.")

    assert (log.action, log.member, log.detail, snapshot(entries[0], alice)[0]) == (
        JuryAction.SCORECARD_REOPENED,
        alice,
        "Erreur de saisie signalée.",
        ScorecardStatus.DRAFT,
    )
    assert [(call["scorecard"].member, call["reason"]) for call in reopened] == [(alice, "Erreur de saisie signalée.")]


@pytest.mark.django_db
def test_reopened_scorecard_can_be_submitted_again(scoring_session, entries, alice, president, submit):
    submit(entries[0], alice, (4, 3, 2))
    reopen_scorecard(entries[0], actor=president, member=alice, reason="Erreur de saisie.")

    card = submit(entries[0], alice, (5, 3, 2))

    assert (card.status, snapshot(entries[0], alice)[2][0]) == (ScorecardStatus.SUBMITTED, (5, False, ""))


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["bruno", "coordinator", "alice"])
def test_reopen_scorecard_by_anyone_but_the_president_is_forbidden(
    scoring_session, entries, alice, submit, request, actor_name
):
    submit(entries[0], alice, (4, 3, 2))

    with pytest.raises(ActionRefused, match="not allowed"):
        reopen_scorecard(entries[0], actor=request.getfixturevalue(actor_name), member=alice, reason="Pourquoi pas.")

    assert snapshot(entries[0], alice)[0] == ScorecardStatus.SUBMITTED


@pytest.mark.django_db
def test_reopen_scorecard_after_the_deadline_refused(scoring_session, entries, alice, president, submit, past_deadline):
    submit(entries[0], alice, (4, 3, 2))
    past_deadline(scoring_session)

    with pytest.raises(ActionRefused):
        reopen_scorecard(entries[0], actor=president, member=alice, reason="Trop tard.")

    assert snapshot(entries[0], alice)[0] == ScorecardStatus.SUBMITTED


@pytest.mark.django_db
def test_reopen_scorecard_without_reason_refused(scoring_session, entries, alice, president, submit):
    submit(entries[0], alice, (4, 3, 2))

    with pytest.raises(ActionRefused):
        reopen_scorecard(entries[0], actor=president, member=alice, reason=" ")

    assert snapshot(entries[0], alice)[0] == ScorecardStatus.SUBMITTED


@pytest.mark.django_db
def test_all_scorecards_in_sent_once_with_the_last_one(
    scoring_session, entries, president, alice, bruno, chloe, submit, received
):
    complete = received(signals.all_scorecards_in)
    members = [president, alice, bruno, chloe]
    for member in members:
        submit(entries[0], member, (3, 3, 3))
    for member in members[:-1]:
        submit(entries[1], member, (3, 3, 3))
    assert complete == []

    submit(entries[1], chloe, (3, 3, 3))

    assert [call["session"] for call in complete] == [scoring_session]


@pytest.mark.django_db
def test_a_submission_runs_as_many_queries_whatever_the_agenda_length():
    """The study's last scorecard, the session still waiting for another: the most a submission asks."""
    seed_agendas((3, 30), 2)
    queries = {}
    for size, session in sessions_by_size().items():
        card = Scorecard.objects.filter(entry__session=session, status=ScorecardStatus.DRAFT).order_by(
            "entry__position"
        )
        card = card.select_related("entry", "member").first()
        scores = {criterion.pk: 3 for criterion in session.grid.criteria.all()}
        with CaptureQueriesContext(connection) as submission:
            submit_scorecard(card.entry, actor=card.member, scores=scores)
        queries[size] = len(submission)

    # The same at both lengths, and no recount: publishing the session took eight more, and listing every
    # scorecard owed four.
    assert queries == {3: 18, 30: 18}


@pytest.mark.django_db
def test_score_rows_never_hold_values_out_of_range(scoring_session, entries, alice, submit):
    submit(entries[0], alice, (5, 0, None))

    assert sorted(Score.objects.values_list("value", flat=True), key=lambda v: (v is None, v)) == [0, 5, None]


@pytest.mark.django_db
def test_close_scoring_leaves_drafts_uncounted(scoring_session, entries, alice, coordinator, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})

    close_scoring(scoring_session, actor=coordinator)

    assert Scorecard.objects.filter(entry=entries[0]).counted().count() == 0

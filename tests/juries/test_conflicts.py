from datetime import timedelta

import pytest
from django.utils import timezone

from juries import signals
from juries.enums import Decision, JuryAction
from juries.models import AgendaEntry, ConflictOfInterest, EntryResult
from juries.services import (
    add_to_agenda,
    close_scoring,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
    save_scorecard,
)
from permissions.refusal import ActionRefused
from tests.factories import UserFactory
from workflow.enums import State
from workflow.rules import can_view_study
from workflow.selectors import studies_for_user
from workflow.services import apply_transition


@pytest.mark.django_db
def test_declare_conflict_is_logged_and_signalled(planned_session, entries, alice, received):
    declared = received(signals.conflict_declared)

    conflict = declare_conflict(entries[0], actor=alice, reason="J'ai conseillé le porteur de projet.")

    log = planned_session.log.last()
    assert (log.action, log.member, log.entry, log.detail) == (
        JuryAction.CONFLICT_DECLARED,
        alice,
        entries[0],
        "J'ai conseillé le porteur de projet.",
    )
    assert [call["conflict"] for call in declared] == [conflict]


@pytest.mark.django_db
def test_recusal_by_the_president_is_logged(planned_session, entries, president, bruno):
    declare_conflict(entries[0], actor=president, member=bruno, reason="Administrateur de l'association.")

    log = planned_session.log.last()
    assert (log.action, log.actor, log.member) == (JuryAction.MEMBER_RECUSED, president, bruno)


@pytest.mark.django_db
def test_recusal_by_a_president_conflicted_on_the_study_is_refused(planned_session, entries, president, bruno):
    declare_conflict(entries[0], actor=president, reason="Je suis administrateur de l'association porteuse.")

    with pytest.raises(ActionRefused) as refused:
        declare_conflict(entries[0], actor=president, member=bruno, reason="Il connaît le porteur.")

    assert refused.value.reasons == ["You have a conflict of interest on this study: you cannot recuse anyone from it."]
    assert list(ConflictOfInterest.objects.values_list("member", flat=True)) == [president.pk]
    declare_conflict(entries[1], actor=president, member=bruno, reason="Il connaît le porteur.")


@pytest.mark.django_db
def test_recusal_by_a_plain_member_is_forbidden(planned_session, entries, alice, bruno):
    with pytest.raises(ActionRefused, match="not allowed"):
        declare_conflict(entries[0], actor=alice, member=bruno, reason="Il connaît le porteur.")

    assert ConflictOfInterest.objects.count() == 0


@pytest.mark.django_db
def test_declare_conflict_without_reason_refused(planned_session, entries, alice):
    with pytest.raises(ActionRefused) as refused:
        declare_conflict(entries[0], actor=alice, reason="  ")

    assert (refused.value.reasons, ConflictOfInterest.objects.count()) == (
        ["Give the reason for the conflict of interest."],
        0,
    )


@pytest.mark.django_db
def test_declare_conflict_twice_refused(planned_session, entries, alice):
    declare_conflict(entries[0], actor=alice, reason="Ancien salarié.")

    with pytest.raises(ActionRefused):
        declare_conflict(entries[0], actor=alice, reason="Encore.")

    assert ConflictOfInterest.objects.count() == 1


@pytest.mark.django_db
def test_declare_conflict_by_a_non_member_is_forbidden(planned_session, entries, outsider):
    with pytest.raises(ActionRefused, match="not allowed"):
        declare_conflict(entries[0], actor=outsider, reason="Curiosité.")


@pytest.mark.django_db
def test_conflicted_member_cannot_score(scoring_session, entries, alice, criteria):
    declare_conflict(entries[0], actor=alice, reason="Ancien salarié.")

    with pytest.raises(ActionRefused) as refused:
        save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4})

    assert (refused.value.reasons, entries[0].scorecards.count()) == (
        ["You declared a conflict of interest on this study: you cannot score it."],
        0,
    )


@pytest.mark.django_db
def test_conflicted_member_can_still_score_the_other_studies(scoring_session, entries, alice, submit):
    declare_conflict(entries[0], actor=alice, reason="Ancien salarié.")

    card = submit(entries[1], alice, (3, 3, 3))

    assert card.is_submitted is True


@pytest.mark.django_db
def test_conflicted_member_cannot_open_the_study_even_in_deliberation(deliberating_session, entries, chloe):
    declare_conflict(entries[0], actor=chloe, reason="Parente du porteur.")

    assert (
        can_view_study(chloe, entries[0].study),
        can_view_study(chloe, entries[1].study),
        list(studies_for_user(chloe)),
    ) == (False, True, [entries[1].study])


@pytest.mark.django_db
def test_conflict_after_decision_refused(deliberating_session, entries, president, chloe):
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Solide.")

    with pytest.raises(ActionRefused) as refused:
        declare_conflict(entries[0], actor=chloe, reason="Tardif.")

    assert refused.value.reasons == ["The jury has already decided on this study."]


@pytest.fixture
def six_member_session(coordinator, grid, studies, bank_expert):
    """Six members: the default quorum is 6 // 2 + 1 = 4."""
    members = [UserFactory(is_jury_member=True) for _index in range(6)]
    session = plan_session(
        actor=coordinator,
        title="Grand jury",
        date=timezone.localdate(),
        grid=grid,
        scoring_deadline=timezone.now() + timedelta(days=3),
        members=members[1:],
        president=members[0],
    )
    entry = add_to_agenda(session, actor=coordinator, study=studies[0])
    apply_transition(entry.study, "send_to_jury", actor=bank_expert)
    entry.refresh_from_db()
    return session, entry, members


@pytest.mark.django_db
def test_quorum_default_is_the_majority_of_members(six_member_session):
    _session, entry, _members = six_member_session

    assert (entry.eligible_member_count(), entry.required_quorum()) == (6, 4)


@pytest.mark.django_db
def test_conflicts_reduce_the_quorum(six_member_session):
    _session, entry, members = six_member_session
    declare_conflict(entry, actor=members[4], reason="Fournisseur du projet.")
    declare_conflict(entry, actor=members[5], reason="Élu de la commune.")

    assert (entry.eligible_member_count(), entry.required_quorum()) == (4, 3)


@pytest.mark.django_db
def test_quorum_never_below_three(planned_session, entries, alice, bruno):
    declare_conflict(entries[0], actor=alice, reason="Ancien salarié.")
    declare_conflict(entries[0], actor=bruno, reason="Client du projet.")

    assert (entries[0].eligible_member_count(), entries[0].required_quorum()) == (2, 3)


@pytest.mark.django_db
def test_quorum_set_on_the_session_wins(planned_session, entries):
    type(planned_session).objects.filter(pk=planned_session.pk).update(quorum=2)
    entries[0].session.refresh_from_db()

    assert entries[0].required_quorum() == 2


@pytest.mark.django_db
def test_decision_with_conflicts_reaching_reduced_quorum_is_allowed(six_member_session, coordinator, submit):
    session, entry, members = six_member_session
    declare_conflict(entry, actor=members[4], reason="Fournisseur du projet.")
    declare_conflict(entry, actor=members[5], reason="Élu de la commune.")
    open_scoring(session, actor=coordinator)
    for member in members[:3]:
        submit(entry, member, (4, 4, 4))
    close_scoring(session, actor=coordinator)

    decision = record_decision(entry, actor=members[0], decision=Decision.APPROVE, motivation="Retenu.")

    entry.study.refresh_from_db()
    assert (decision.decision, entry.study.state) == (Decision.APPROVE, State.APPROVED)


@pytest.mark.django_db
def test_conflicted_scorecard_no_longer_counts_towards_quorum(six_member_session, coordinator, submit):
    session, entry, members = six_member_session
    open_scoring(session, actor=coordinator)
    for member in members[:4]:
        submit(entry, member, (4, 4, 4))
    # A member who realises his conflict after scoring: his scorecard leaves the count (4 - 1 = 3), and the
    # quorum becomes the majority of the 5 others: 3.
    declare_conflict(entry, actor=members[3], reason="Découvert après coup.")
    close_scoring(session, actor=coordinator)

    assert (entry.scorecards.counted().count(), entry.required_quorum(), entry.decision_blockers()) == (3, 3, [])


@pytest.mark.django_db
def test_stored_quorum_figures_agree_with_a_count_and_are_read_with_the_entry(
    six_member_session, coordinator, submit, django_assert_num_queries
):
    session, entry, members = six_member_session
    open_scoring(session, actor=coordinator)
    for member in members[:3]:
        submit(entry, member, (4, 4, 4))
    declare_conflict(entry, actor=members[2], reason="Découvert après coup.")
    close_scoring(session, actor=coordinator)

    with django_assert_num_queries(1):
        stored = AgendaEntry.objects.select_related("session", "result").get(pk=entry.pk)
        blockers = stored.decision_blockers()

    assert (stored.result.scorecards, stored.result.quorum) == (entry.scorecards.counted().count(), 3) == (2, 3)
    assert blockers == ["Quorum not reached: 2 scorecards submitted out of 3 required."]


@pytest.mark.django_db
def test_an_entry_without_stored_figures_is_counted(six_member_session, coordinator, submit):
    session, entry, members = six_member_session
    open_scoring(session, actor=coordinator)
    submit(entry, members[0], (4, 4, 4))
    EntryResult.objects.filter(entry=entry).delete()

    fresh = AgendaEntry.objects.select_related("session").get(pk=entry.pk)

    assert fresh.decision_blockers() == ["Quorum not reached: 1 scorecard submitted out of 4 required."]


@pytest.mark.django_db
def test_quorum_not_reached_refuses_the_decision_with_the_reason(
    scoring_session, entries, coordinator, president, alice, submit
):
    for member in (president, alice):
        submit(entries[0], member, (4, 3, 2))
    close_scoring(scoring_session, actor=coordinator)

    with pytest.raises(ActionRefused) as refused:
        record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Bon projet.")

    entries[0].study.refresh_from_db()
    assert (refused.value.reasons, entries[0].study.state, hasattr(entries[0], "decision")) == (
        ["Quorum not reached: 2 scorecards submitted out of 3 required."],
        State.JURY,
        False,
    )

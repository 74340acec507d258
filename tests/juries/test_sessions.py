from datetime import timedelta

import pytest
from django.utils import timezone

from juries import signals
from juries.enums import Decision, JuryAction, SessionState
from juries.models import JuryMembership, JurySession
from juries.services import (
    add_member,
    add_to_agenda,
    close_scoring,
    close_session,
    extend_deadline,
    open_scoring,
    plan_session,
    record_decision,
    remove_from_agenda,
    set_president,
)
from permissions.refusal import ActionRefused
from tests.factories import JurySessionFactory, study_in_financing_review
from workflow.services import apply_transition


def log_actions(session):
    return list(session.log.values_list("action", flat=True))


@pytest.mark.django_db
def test_plan_session_invites_members_with_one_president(coordinator, grid, president, alice, received):
    planned = received(signals.session_planned)

    session = plan_session(
        actor=coordinator,
        title="Jury d'automne",
        date=timezone.localdate(),
        grid=grid,
        video_link="https://visio.example.org/jury",
        members=[alice],
        president=president,
    )

    assert (session.state, session.memberships.filter(is_president=True).get().user, log_actions(session)) == (
        SessionState.PLANNED,
        president,
        [JuryAction.SESSION_PLANNED],
    )
    assert [(call["session"], set(call["members"])) for call in planned] == [(session, {alice, president})]


@pytest.mark.django_db
def test_plan_session_by_a_juror_is_forbidden(alice, grid):
    with pytest.raises(ActionRefused, match="not allowed"):
        plan_session(actor=alice, title="Jury", date=timezone.localdate(), grid=grid)


@pytest.mark.django_db
def test_add_member_invites_him(planned_session, coordinator, outsider, received):
    invited = received(signals.members_invited)

    add_member(planned_session, actor=coordinator, user=outsider)

    assert ([call["members"] for call in invited], planned_session.memberships.count()) == ([[outsider]], 5)


@pytest.mark.django_db
def test_add_member_as_president_replaces_the_former_one(planned_session, coordinator, outsider):
    add_member(planned_session, actor=coordinator, user=outsider, is_president=True)

    assert list(planned_session.memberships.filter(is_president=True).values_list("user", flat=True)) == [outsider.pk]


@pytest.mark.django_db
def test_set_president_keeps_exactly_one(planned_session, coordinator, alice):
    set_president(planned_session, actor=coordinator, user=alice)

    assert list(planned_session.memberships.filter(is_president=True).values_list("user", flat=True)) == [alice.pk]


@pytest.mark.django_db
def test_set_president_not_a_member_refused(planned_session, coordinator, outsider, president):
    with pytest.raises(ActionRefused):
        set_president(planned_session, actor=coordinator, user=outsider)

    assert JuryMembership.objects.get(session=planned_session, is_president=True).user == president


@pytest.mark.django_db
def test_add_to_agenda_study_not_in_financing_review_refused(planned_session, coordinator, studies, bank_expert):
    add_to_agenda(planned_session, actor=coordinator, study=studies[0])
    apply_transition(studies[0], "send_to_jury", actor=bank_expert)
    studies[0].refresh_from_db()
    other = JurySessionFactory()

    with pytest.raises(ActionRefused) as refused:
        add_to_agenda(other, actor=coordinator, study=studies[0])

    assert (refused.value.reasons, other.agenda.count()) == (
        [
            "Only a study in financing review can enter a jury's agenda.",
            "This study is already on the agenda of another session that is not closed.",
        ],
        0,
    )


@pytest.mark.django_db
def test_send_to_jury_needs_the_agenda(studies, bank_expert):
    with pytest.raises(ActionRefused) as refused:
        apply_transition(studies[0], "send_to_jury", actor=bank_expert)

    assert refused.value.reasons == ["The study is not on the agenda of an upcoming jury session."]


@pytest.mark.django_db
def test_remove_from_agenda_a_study_sent_to_jury_refused(entries, coordinator):
    with pytest.raises(ActionRefused):
        remove_from_agenda(entries[0], actor=coordinator)

    assert entries[0].session.agenda.count() == 2


@pytest.mark.django_db
def test_remove_from_agenda_a_study_not_sent_yet(planned_session, coordinator, studies):
    entry = add_to_agenda(planned_session, actor=coordinator, study=studies[0])

    remove_from_agenda(entry, actor=coordinator)

    assert (planned_session.agenda.count(), log_actions(planned_session)[-1]) == (0, JuryAction.STUDY_REMOVED)


@pytest.mark.django_db
def test_open_scoring_freezes_grid_logs_and_signals(planned_session, entries, coordinator, received):
    opened = received(signals.scoring_opened)

    session = open_scoring(planned_session, actor=coordinator)

    assert (session.state, session.grid.is_frozen, log_actions(session)[-1], len(opened)) == (
        SessionState.SCORING,
        True,
        JuryAction.SCORING_OPENED,
        1,
    )


@pytest.mark.django_db
def test_open_scoring_refused_with_every_reason(coordinator, grid, alice):
    session = plan_session(
        actor=coordinator,
        title="Jury incomplet",
        date=timezone.localdate(),
        grid=grid,
        members=[alice],
        scoring_deadline=timezone.now() - timedelta(hours=1),
    )

    with pytest.raises(ActionRefused) as refused:
        open_scoring(session, actor=coordinator)

    session.refresh_from_db()
    assert (refused.value.reasons, session.state) == (
        [
            "The session has no president.",
            "The session needs at least 3 members.",
            "The agenda is empty.",
            "Set a scoring deadline in the future.",
        ],
        SessionState.PLANNED,
    )


@pytest.mark.django_db
def test_open_scoring_by_the_president_is_forbidden(planned_session, entries, president):
    with pytest.raises(ActionRefused, match="not allowed"):
        open_scoring(planned_session, actor=president)


@pytest.mark.django_db
def test_close_scoring_refused_while_a_study_is_not_sent(scoring_session, coordinator, bank_expert):
    late = study_in_financing_review(bank_expert=bank_expert)
    add_to_agenda(scoring_session, actor=coordinator, study=late)

    with pytest.raises(ActionRefused) as refused:
        close_scoring(scoring_session, actor=coordinator)

    assert refused.value.reasons == [f"“{late}” has not been sent to the jury: send it or take it off the agenda."]


@pytest.mark.django_db
def test_close_session_refused_while_a_study_has_no_decision(deliberating_session, entries, coordinator, president):
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Projet solide.")

    with pytest.raises(ActionRefused) as refused:
        close_session(deliberating_session, actor=coordinator)

    deliberating_session.refresh_from_db()
    assert (refused.value.reasons, deliberating_session.state) == (
        [f"No decision has been recorded for “{entries[1].study}”."],
        SessionState.DELIBERATION,
    )


@pytest.mark.django_db
def test_close_session_once_every_study_is_decided_or_withdrawn(deliberating_session, entries, coordinator, president):
    record_decision(entries[0], actor=president, decision=Decision.REJECT, motivation="Marché trop étroit.")
    holder = entries[1].study.project.team.get()
    apply_transition(entries[1].study, "withdraw", actor=holder, comment="Projet abandonné.")

    session = close_session(deliberating_session, actor=coordinator)

    assert (session.state, log_actions(session)[-1]) == (SessionState.CLOSED, JuryAction.SESSION_CLOSED)


@pytest.mark.django_db
def test_session_transitions_in_the_wrong_state_refused(planned_session, coordinator):
    with pytest.raises(ActionRefused) as refused:
        close_session(planned_session, actor=coordinator)

    assert refused.value.reasons == ["This is not possible while the jury session is “Planned”."]


@pytest.mark.django_db
def test_extend_deadline_by_the_president(scoring_session, president, received):
    extended = received(signals.deadline_extended)
    previous = scoring_session.scoring_deadline
    later = previous + timedelta(days=2)

    session = extend_deadline(scoring_session, actor=president, deadline=later)

    assert (session.scoring_deadline, log_actions(session)[-1], extended[0]["previous_deadline"]) == (
        later,
        JuryAction.DEADLINE_EXTENDED,
        previous,
    )


@pytest.mark.django_db
def test_extend_deadline_earlier_refused(scoring_session, president):
    previous = scoring_session.scoring_deadline

    with pytest.raises(ActionRefused):
        extend_deadline(scoring_session, actor=president, deadline=previous - timedelta(hours=1))

    assert JurySession.objects.get(pk=scoring_session.pk).scoring_deadline == previous


@pytest.mark.django_db
def test_extend_deadline_by_a_member_is_forbidden(scoring_session, alice):
    with pytest.raises(ActionRefused, match="not allowed"):
        extend_deadline(scoring_session, actor=alice, deadline=timezone.now() + timedelta(days=30))


@pytest.mark.django_db
def test_close_scoring_names_six_unsent_studies_as_five_and_one_more(scoring_session, coordinator, bank_expert):
    late = [study_in_financing_review(bank_expert=bank_expert) for _ in range(6)]
    for study in late:
        add_to_agenda(scoring_session, actor=coordinator, study=study)

    with pytest.raises(ActionRefused) as refused:
        close_scoring(scoring_session, actor=coordinator)

    assert refused.value.reasons == [
        *(f"“{study}” has not been sent to the jury: send it or take it off the agenda." for study in late[:5]),
        "… and 1 other study of the agenda, not sent to the jury either.",
    ]
    assert JurySession.objects.get(pk=scoring_session.pk).state == SessionState.SCORING

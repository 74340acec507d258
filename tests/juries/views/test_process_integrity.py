"""Regressions of the issue "Process integrity": a decision has one door, a conflict binds a project.

The world: a first session decided (the first study deferred, the second approved) and closed; the deferred study
comes back in a second session, whose president is Chloé, with Alice and Bruno again and a newcomer.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.enums import Decision, SessionState
from juries.models import JuryDecision
from juries.services import (
    add_to_agenda,
    close_scoring,
    close_session,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
)
from tests.factories import UserFactory
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.services import apply_transition

MOTIVATION = "Motivation détaillée du jury."


def state_of(study):
    return type(study).objects.values_list("state", flat=True).get(pk=study.pk)


@pytest.fixture
def closed_first_session(deliberating_session, entries, president, coordinator):
    record_decision(entries[0], actor=president, decision=Decision.DEFER, motivation=MOTIVATION)
    record_decision(entries[1], actor=president, decision=Decision.APPROVE, motivation=MOTIVATION)
    return close_session(deliberating_session, actor=coordinator)


@pytest.fixture
def second_entry(closed_first_session, entries, coordinator, bank_expert, grid, alice, bruno, chloe, submit):
    """The deferred study back in financing review, then on the agenda of a second session in deliberation."""
    study = entries[0].study
    put_in_state(study, State.FINANCING_REVIEW)
    study.refresh_from_db()
    session = plan_session(
        actor=coordinator,
        title="Jury d'automne",
        date=timezone.localdate() + timedelta(days=30),
        grid=grid,
        scoring_deadline=timezone.now() + timedelta(days=20),
        members=[alice, bruno, UserFactory(is_jury_member=True, full_name="Nina Nouvelle")],
        president=chloe,
    )
    entry = add_to_agenda(session, actor=coordinator, study=study)
    apply_transition(study, "send_to_jury", actor=bank_expert)
    open_scoring(session, actor=coordinator)
    for member in (chloe, alice, bruno):
        submit(entry, member, (4, 4, 4))
    close_scoring(session, actor=coordinator)
    entry.refresh_from_db()
    return entry


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["approve", "defer", "reject"])
@pytest.mark.parametrize("who", ["chloe", "coordinator"])
def test_side_door_decision_is_refused_even_to_who_may_decide(client, second_entry, who, decision, request):
    """Finding 2: ``POST /studies/<pk>/transition/approve/`` decided without a jury decision row."""
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("workflow:study-transition", args=[second_entry.study_id, decision]), {"comment": MOTIVATION}
    )

    assert (
        response.status_code,
        state_of(second_entry.study),
        JuryDecision.objects.filter(entry=second_entry).count(),
    ) == (
        302,
        State.JURY,
        0,
    )


@pytest.mark.django_db
def test_study_page_offers_no_jury_decision(client, second_entry, chloe):
    client.force_login(chloe)

    response = client.get(reverse("workflow:study-detail", args=[second_entry.study_id]))

    assert [option.name for option in response.context["options"]] == []
    assert response.context["jury_decides"] is True


@pytest.mark.django_db
def test_former_president_decides_nothing_on_the_study_back_in_a_new_session(client, second_entry, entries, president):
    """Finding 2: the president of the earlier, closed session could approve the study back in a new session."""
    client.force_login(president)
    side_door = client.post(
        reverse("workflow:study-transition", args=[second_entry.study_id, "approve"]), {"comment": MOTIVATION}
    )
    old_page = client.post(
        reverse("juries:decision", args=[entries[0].pk]), {"decision": "approve", "motivation": MOTIVATION}
    )

    assert (side_door.status_code, old_page.status_code, state_of(second_entry.study)) == (403, 200, State.JURY)
    assert [str(message) for message in old_page.context["messages"]] == [
        "This is not possible while the jury session is “Closed”."
    ]
    assert JuryDecision.objects.filter(entry=second_entry).count() == 0


@pytest.mark.django_db
def test_president_of_the_session_decides_through_the_jury_page_and_the_session_closes(
    client, second_entry, chloe, coordinator
):
    client.force_login(chloe)

    response = client.post(
        reverse("juries:decision", args=[second_entry.pk]), {"decision": "approve", "motivation": MOTIVATION}
    )
    close_session(second_entry.session, actor=coordinator)

    second_entry.session.refresh_from_db()
    assert (response.status_code, state_of(second_entry.study), second_entry.session.state) == (
        302,
        State.APPROVED,
        SessionState.CLOSED,
    )


@pytest.mark.django_db
def test_conflicted_national_coordinator_cannot_decide(client, second_entry, coordinator):
    """Finding 2: a national coordinator conflicted on the study approved it through the study's URL."""
    declare_conflict(second_entry, actor=coordinator, reason="Je siège au conseil de l'association.")
    client.force_login(coordinator)

    side_door = client.post(
        reverse("workflow:study-transition", args=[second_entry.study_id, "approve"]), {"comment": MOTIVATION}
    )
    jury_page = client.post(
        reverse("juries:decision", args=[second_entry.pk]), {"decision": "approve", "motivation": MOTIVATION}
    )

    assert (side_door.status_code, jury_page.status_code, state_of(second_entry.study)) == (404, 403, State.JURY)


@pytest.mark.django_db
def test_conflict_declared_in_a_new_session_hides_the_study_through_the_former_one(
    client, second_entry, entries, alice
):
    """Finding 3: a juror of the first session, conflicted in the second, still opened the study."""
    declare_conflict(second_entry, actor=alice, reason="J'ai rejoint le conseil de l'association.")
    client.force_login(alice)

    study_page = client.get(reverse("workflow:study-detail", args=[second_entry.study_id]))
    former_session = client.get(reverse("juries:session-detail", args=[entries[0].session_id]))
    former_entry = client.get(reverse("juries:entry-detail", args=[entries[0].pk]))

    row = next(row for row in former_session.context["page"] if row.entry_id == entries[0].pk)
    assert (study_page.status_code, row.conflicted, row.can_open_study, row.can_open_entry) == (404, True, False, False)
    assert (former_entry.status_code, former_entry.context["decision"], former_entry.context["cards"]) == (
        200,
        None,
        [],
    )
    assert "Deferred" not in former_session.content.decode()


@pytest.mark.django_db
def test_conflicted_president_is_not_offered_the_recusal(client, second_entry, chloe):
    """Finding 3: a president conflicted on a study was offered the form to recuse others from it."""
    declare_conflict(second_entry, actor=chloe, reason="Ma sœur préside l'association.")
    client.force_login(chloe)

    session_page = client.get(reverse("juries:session-detail", args=[second_entry.session_id]))
    recusal_page = client.get(reverse("juries:recusal", args=[second_entry.pk]))

    row = next(row for row in session_page.context["page"] if row.entry_id == second_entry.pk)
    assert (row.can_recuse, recusal_page.status_code) == (False, 403)


@pytest.mark.django_db
def test_decision_page_on_a_study_no_longer_in_jury_says_why(client, second_entry, chloe):
    """Finding 5: the decision page was a server error once the study had left the jury state."""
    put_in_state(second_entry.study, State.WITHDRAWN)
    client.force_login(chloe)

    response = client.post(
        reverse("juries:decision", args=[second_entry.pk]), {"decision": "approve", "motivation": MOTIVATION}
    )

    assert response.status_code in (200, 409)
    assert "Withdrawn" in response.content.decode() or "Retirée" in response.content.decode()
    assert JuryDecision.objects.filter(entry=second_entry).count() == 0

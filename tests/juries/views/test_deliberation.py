"""Deliberation pages: the results table, the scorecards revealed, and the president's decision."""

import pytest
from django.urls import reverse

from juries.models import JuryDecision, Scorecard
from workflow.enums import State


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_results_table_shows_the_figures_of_each_study(signed_in, alice, deliberating_session, entries):
    response = signed_in(alice).get(reverse("juries:results", args=[deliberating_session.pk]))

    row = response.context["page"][0]
    # Totals on 20: 15.6, 12 and 18.5 (the N/A criterion left out), the same on both studies.
    assert [row[name] for name in ("rank", "count", "quorum", "mean", "median", "minimum", "maximum")] == [
        "1",
        "3",
        "3",
        "15.37",
        "15.60",
        "12.00",
        "18.50",
    ]
    assert (row["spreads"], row["url"]) == (["2", "1", "2"], reverse("juries:entry-detail", args=[entries[0].pk]))
    assert entries[0].study.project.name in response.content.decode()


@pytest.mark.django_db
def test_results_before_deliberation_send_back_to_the_session(signed_in, alice, scoring_session):
    response = signed_in(alice).get(reverse("juries:results", args=[scoring_session.pk]), follow=True)

    assert messages_of(response) == ["The scores are revealed when scoring closes."]
    assert response.redirect_chain == [(reverse("juries:session-detail", args=[scoring_session.pk]), 302)]


@pytest.mark.django_db
def test_in_deliberation_members_see_every_scorecard_with_its_comments(
    signed_in, alice, bruno, deliberating_session, entries
):
    Scorecard.objects.filter(member=bruno, entry=entries[0]).update(overall_comment="Très convaincant.")

    response = signed_in(alice).get(reverse("juries:entry-detail", args=[entries[0].pk]))

    assert sorted(card.member.full_name for card in response.context["cards"]) == [
        "Alice Jurée",
        "Bruno Juré",
        "Paul Président",
    ]
    assert "Très convaincant." in response.content.decode()


@pytest.mark.django_db
def test_conflicted_member_sees_neither_the_scores_nor_the_results_of_that_study(
    signed_in, people, deliberating_session, entries
):
    client = signed_in(people["conflicted_member"])

    entry_page = client.get(reverse("juries:entry-detail", args=[entries[0].pk]))
    results = client.get(reverse("juries:results", args=[deliberating_session.pk]))

    assert (entry_page.context["cards"], [row["entry_id"] for row in results.context["page"]]) == (
        [],
        [entries[1].pk],
    )


@pytest.mark.django_db
def test_only_the_president_is_offered_the_decision_form(signed_in, president, alice, deliberating_session, entries):
    url = reverse("juries:entry-detail", args=[entries[0].pk])

    offered = [signed_in(user).get(url).context["form"] is not None for user in (president, alice)]

    assert offered == [True, False]


@pytest.mark.django_db
def test_president_approves_a_study_with_a_motivation(signed_in, president, deliberating_session, entries):
    response = signed_in(president).post(
        reverse("juries:decision", args=[entries[0].pk]),
        {"decision": "approve", "motivation": "Projet solide et bien soutenu."},
        follow=True,
    )

    entries[0].study.refresh_from_db()
    decision = JuryDecision.objects.get()
    assert (decision.decision, decision.motivation, entries[0].study.state) == (
        "approve",
        "Projet solide et bien soutenu.",
        State.APPROVED,
    )
    assert messages_of(response) == ["The jury's decision is recorded."]


@pytest.mark.django_db
def test_decision_without_motivation_rerenders_and_saves_nothing(signed_in, president, deliberating_session, entries):
    response = signed_in(president).post(
        reverse("juries:decision", args=[entries[0].pk]), {"decision": "approve", "motivation": ""}
    )

    entries[0].study.refresh_from_db()
    assert (response.status_code, JuryDecision.objects.count(), entries[0].study.state) == (200, 0, State.JURY)
    assert response.context["form"].errors["motivation"] == ["This field is required."]


@pytest.mark.django_db
def test_decision_before_deliberation_is_refused_with_the_reason(signed_in, president, scoring_session, entries):
    response = signed_in(president).post(
        reverse("juries:decision", args=[entries[0].pk]), {"decision": "approve", "motivation": "Trop tôt."}
    )

    assert (response.status_code, JuryDecision.objects.count()) == (200, 0)
    assert messages_of(response) == ["This is not possible while the jury session is “Scoring”."]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["alice", "coordinator_conflicted"])
def test_decision_by_someone_who_may_not_decide_is_forbidden(
    signed_in, alice, coordinator, deliberating_session, entries, who
):
    user = alice
    if who == "coordinator_conflicted":
        user = coordinator
        entries[0].conflicts.create(member=coordinator, reason="Administratrice du porteur.", declared_by=coordinator)

    response = signed_in(user).post(
        reverse("juries:decision", args=[entries[0].pk]), {"decision": "approve", "motivation": "Oui."}
    )

    assert (response.status_code, JuryDecision.objects.count()) == (403, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
def test_results_table_runs_constant_queries(signed_in, agenda_of, alice, django_assert_num_queries, item_count):
    session = agenda_of(item_count)
    client = signed_in(alice)

    with django_assert_num_queries(7):
        response = client.get(reverse("juries:results", args=[session.pk]))

    assert len(response.context["page"]) == min(item_count, 50)

"""The national coordinators' pages: planning a session, its members and agenda, its life cycle."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from juries.enums import JuryAction, SessionState
from juries.models import AgendaEntry, JuryMembership, JurySession
from juries.services import declare_conflict, extend_deadline
from tests.factories import study_in_financing_review


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def session_data(grid, president, members, **changes):
    data = {
        "title": "Jury de printemps",
        "date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "place": "Lyon",
        "video_link": "",
        "grid": grid.pk,
        "quorum": "",
        "scoring_deadline": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "members": [member.pk for member in members],
        "president": president.pk,
    }
    return data | changes


@pytest.mark.django_db
def test_coordinator_plans_a_session_with_its_president(signed_in, coordinator, grid, president, alice, bruno):
    response = signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice, bruno])
    )

    session = JurySession.objects.get()
    assert response["Location"] == reverse("juries:session-detail", args=[session.pk])
    assert sorted((m.user.full_name, m.is_president) for m in session.memberships.all()) == [
        ("Alice Jurée", False),
        ("Bruno Juré", False),
        ("Paul Président", True),
    ]


@pytest.mark.django_db
def test_session_without_place_nor_video_link_rerenders_and_saves_nothing(
    signed_in, coordinator, grid, president, alice
):
    response = signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice], place="")
    )

    assert (response.status_code, JurySession.objects.count()) == (200, 0)
    assert response.context["form"].non_field_errors() == ["Give the place of the session or its video link."]
    assert "Give the place of the session or its video link." in response.content.decode()


@pytest.mark.django_db
def test_session_with_a_past_deadline_rerenders_and_saves_nothing(signed_in, coordinator, grid, president, alice):
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice], scoring_deadline=past)
    )

    assert (response.status_code, JurySession.objects.count()) == (200, 0)
    assert response.context["form"].errors["scoring_deadline"] == ["Choose a moment in the future."]


@pytest.mark.django_db
def test_only_jurors_are_offered_as_members(signed_in, coordinator, bank_expert, president):
    response = signed_in(coordinator).get(reverse("juries:session-create"))

    assert list(response.context["form"].fields["members"].queryset) == [president]


@pytest.mark.django_db
def test_coordinator_adds_a_member_as_president(signed_in, coordinator, planned_session, outsider, president):
    signed_in(coordinator).post(
        reverse("juries:member-add", args=[planned_session.pk]), {"user": outsider.pk, "is_president": "on"}
    )

    assert JuryMembership.objects.get(session=planned_session, is_president=True).user == outsider


@pytest.mark.django_db
def test_coordinator_removes_a_member_and_appoints_another_president(
    signed_in, coordinator, planned_session, alice, bruno
):
    client = signed_in(coordinator)

    client.post(reverse("juries:member-remove", args=[planned_session.pk, alice.pk]))
    client.post(reverse("juries:member-president", args=[planned_session.pk, bruno.pk]))

    assert [(m.user, m.is_president) for m in planned_session.memberships.filter(is_president=True)] == [(bruno, True)]
    assert not planned_session.memberships.filter(user=alice).exists()


@pytest.mark.django_db
def test_session_page_offers_the_studies_in_financing_review(signed_in, coordinator, planned_session, bank_expert):
    waiting = study_in_financing_review(bank_expert=bank_expert)

    response = signed_in(coordinator).get(reverse("juries:session-detail", args=[planned_session.pk]))

    assert list(response.context["candidates"]) == [waiting]


@pytest.mark.django_db
def test_session_page_shows_the_first_candidates_by_name_and_finds_the_others(
    signed_in, coordinator, planned_session, bank_expert, monkeypatch
):
    monkeypatch.setattr("juries.views.sessions.CANDIDATES_SHOWN", 2)
    waiting = sorted(
        (study_in_financing_review(bank_expert=bank_expert) for _ in range(3)), key=lambda s: s.project.name
    )
    client = signed_in(coordinator)
    url = reverse("juries:session-detail", args=[planned_session.pk])

    first = client.get(url)
    found = client.get(url, {"candidate": waiting[2].project.name, "q": "x"})

    assert list(first.context["candidates"]) == waiting[:2]
    assert "The first 2 of 3 studies, by name: search to find the others." in first.content.decode()
    assert list(found.context["candidates"]) == [waiting[2]]
    assert 'form="agenda-filters"' in found.content.decode()
    assert found.context["form"]["q"].value() == "x"


@pytest.mark.django_db
def test_coordinator_puts_a_study_on_the_agenda_and_takes_it_off(signed_in, coordinator, planned_session, bank_expert):
    study = study_in_financing_review(bank_expert=bank_expert)
    client = signed_in(coordinator)

    client.post(reverse("juries:agenda-add", args=[planned_session.pk]), {"study": study.pk})
    entry = AgendaEntry.objects.get(session=planned_session)
    response = client.get(reverse("juries:session-detail", args=[planned_session.pk]))
    client.post(reverse("juries:agenda-remove", args=[planned_session.pk, entry.pk]))

    assert (entry.study, list(response.context["candidates"])) == (study, [])
    assert not AgendaEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_agenda_button_posts_the_study_it_names(signed_in, coordinator, planned_session, bank_expert, language):
    """The page's own form, as the browser sends it: its id once printed "1 000 000" (French grouping)."""
    study = study_in_financing_review(bank_expert=bank_expert)
    client = signed_in(coordinator)
    client.cookies["django_language"] = language
    page = client.get(reverse("juries:session-detail", args=[planned_session.pk])).content.decode()
    offered = re.search(r'name="study" value="([^"]*)"', page).group(1)

    client.post(reverse("juries:agenda-add", args=[planned_session.pk]), {"study": offered})

    assert (study.pk >= 1000, list(planned_session.agenda.values_list("study", flat=True))) == (True, [study.pk])


@pytest.mark.django_db
def test_opening_scoring_with_an_empty_agenda_is_refused_with_its_reason(signed_in, coordinator, planned_session):
    response = signed_in(coordinator).post(reverse("juries:open-scoring", args=[planned_session.pk]), follow=True)

    planned_session.refresh_from_db()
    assert (planned_session.state, messages_of(response)) == (SessionState.PLANNED, ["The agenda is empty."])


@pytest.mark.django_db
def test_coordinator_opens_and_closes_scoring(signed_in, coordinator, planned_session, entries):
    client = signed_in(coordinator)

    client.post(reverse("juries:open-scoring", args=[planned_session.pk]))
    planned_session.refresh_from_db()
    opened = planned_session.state
    response = client.post(reverse("juries:close-scoring", args=[planned_session.pk]), follow=True)

    planned_session.refresh_from_db()
    assert (opened, planned_session.state) == (SessionState.SCORING, SessionState.DELIBERATION)
    assert messages_of(response)[-1] == "Scoring is closed: the jury deliberates."


@pytest.mark.django_db
def test_closing_a_session_without_decisions_is_refused(signed_in, coordinator, deliberating_session, entries):
    response = signed_in(coordinator).post(reverse("juries:close", args=[deliberating_session.pk]), follow=True)

    deliberating_session.refresh_from_db()
    assert deliberating_session.state == SessionState.DELIBERATION
    assert messages_of(response) == [f"No decision has been recorded for “{entry.study}”." for entry in entries]


@pytest.mark.django_db
def test_president_extends_the_deadline(signed_in, president, scoring_session):
    later = timezone.localtime() + timedelta(days=10)

    signed_in(president).post(
        reverse("juries:extend-deadline", args=[scoring_session.pk]), {"deadline": later.strftime("%Y-%m-%dT%H:%M")}
    )

    scoring_session.refresh_from_db()
    assert scoring_session.scoring_deadline == later.replace(second=0, microsecond=0)


@pytest.mark.django_db
def test_member_cannot_extend_the_deadline(signed_in, alice, scoring_session):
    before = scoring_session.scoring_deadline
    later = timezone.localtime() + timedelta(days=10)

    response = signed_in(alice).post(
        reverse("juries:extend-deadline", args=[scoring_session.pk]), {"deadline": later.strftime("%Y-%m-%dT%H:%M")}
    )

    scoring_session.refresh_from_db()
    assert (response.status_code, scoring_session.scoring_deadline) == (403, before)


@pytest.mark.django_db
def test_coordinator_sees_who_has_submitted_not_the_scores(
    signed_in, coordinator, scoring_session, entries, alice, submit
):
    submit(entries[0], alice, (4, 3, 5))
    scorecard_comment = "Un projet solide."
    entries[0].scorecards.filter(member=alice).update(overall_comment=scorecard_comment)

    response = signed_in(coordinator).get(reverse("juries:session-detail", args=[scoring_session.pk]))

    rows = response.context["page"]
    progress = {(row.entry_id, member.member_id): member.submitted for row in rows for member in row.progress}
    assert (progress[(entries[0].pk, alice.pk)], progress[(entries[1].pk, alice.pk)]) == (True, False)
    assert scorecard_comment not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_session_list_runs_constant_queries(signed_in, coordinator, grid, django_assert_num_queries, item_count):
    for index in range(item_count):
        JurySession.objects.create(title=f"Jury {index}", date=timezone.localdate(), grid=grid)
    client = signed_in(coordinator)

    with django_assert_num_queries(4):
        response = client.get(reverse("juries:session-list"))

    assert len(response.context["sessions"]) == item_count


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [("national_coordinator", True), ("member", True), ("holder", False), ("regional_coordinator", False)],
)
def test_jury_is_in_the_menu_of_jurors_and_national_coordinators(signed_in, people, role, shown):
    response = signed_in(people[role]).get(reverse("home"))

    assert ("Jury" in [item["label"] for item in response.context["main_menu"]]) == shown


@pytest.mark.django_db
def test_home_links_the_jurors_sessions(signed_in, alice, planned_session):
    response = signed_in(alice).get(reverse("home"))

    assert reverse("juries:session-detail", args=[planned_session.pk]) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("quorum", ["99999999999999999999999999", "32768", "101"])
def test_quorum_huge_is_refused_with_a_message(signed_in, coordinator, grid, president, alice, quorum):
    response = signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice], quorum=quorum)
    )

    assert (response.status_code, JurySession.objects.count()) == (200, 0)
    assert response.context["form"].errors["quorum"] == ["Ensure this value is less than or equal to 100."]


@pytest.mark.django_db
def test_quorum_above_the_members_chosen_is_refused(signed_in, coordinator, grid, president, alice, bruno):
    response = signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice, bruno], quorum="4")
    )

    assert (response.status_code, JurySession.objects.count()) == (200, 0)
    assert response.context["form"].errors["quorum"] == ["The quorum cannot be more than the 3 members chosen."]


@pytest.mark.django_db
def test_quorum_equal_to_the_members_chosen_is_saved(signed_in, coordinator, grid, president, alice, bruno):
    signed_in(coordinator).post(
        reverse("juries:session-create"), session_data(grid, president, [alice, bruno], quorum="3")
    )

    assert JurySession.objects.get().quorum == 3


@pytest.mark.django_db
def test_session_page_tells_its_log_to_members_without_the_conflicts_reasons(
    signed_in, coordinator, alice, bruno, scoring_session, entries
):
    declare_conflict(entries[0], actor=bruno, reason="Je siège à son conseil d'administration.")
    new_deadline = scoring_session.scoring_deadline + timedelta(days=3)
    extend_deadline(scoring_session, actor=coordinator, deadline=new_deadline)

    member_page = signed_in(alice).get(reverse("juries:session-detail", args=[scoring_session.pk]))
    manager_page = signed_in(coordinator).get(reverse("juries:session-detail", args=[scoring_session.pk]))

    assert [row.action for row in member_page.context["log"]] == [
        JuryAction.SESSION_PLANNED,
        JuryAction.SCORING_OPENED,
        JuryAction.CONFLICT_DECLARED,
        JuryAction.DEADLINE_EXTENDED,
    ]
    member_text = member_page.content.decode()
    assert "Conflict of interest declared" in member_text
    assert "Scoring deadline extended" in member_text
    assert "conseil d&#x27;administration" not in member_text
    assert "conseil d&#x27;administration" in manager_page.content.decode()


@pytest.mark.django_db
def test_session_log_costs_the_same_queries_however_long(
    signed_in, coordinator, alice, bruno, scoring_session, entries
):
    client = signed_in(alice)
    url = reverse("juries:session-detail", args=[scoring_session.pk])

    def queries_and_rows():
        client.get(url)  # the first request of a client warms what later ones reuse
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), len(response.context["log"])

    short = queries_and_rows()
    declare_conflict(entries[0], actor=bruno, reason="Je siège à son conseil d'administration.")
    for days in (2, 4, 6):
        extend_deadline(
            scoring_session, actor=coordinator, deadline=scoring_session.scoring_deadline + timedelta(days=days)
        )
    long = queries_and_rows()

    assert (short[0], short[1] + 4) == (long[0], long[1])

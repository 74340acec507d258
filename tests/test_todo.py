"""The to-do list that opens every home page: each role's work, in a constant number of queries; the menu."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.enums import SessionState
from juries.models import AgendaEntry, JuryMembership, JurySession
from projects.models import OpportunityStudy, SchoolProject
from tests.factories import UserFactory, region
from workflow.enums import State


def studies_in(count, state, *, team=()):
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region("84")) for n in range(count)
    )
    for project in projects:
        project.team.set(team)
    return OpportunityStudy.objects.bulk_create(
        OpportunityStudy(project=project, state=state, state_changed_at=timezone.now()) for project in projects
    )


def scoring_session_with(member, studies):
    session = JurySession.objects.create(
        title="Jury de printemps",
        date=timezone.localdate(),
        state=SessionState.SCORING,
        scoring_deadline=timezone.now() + timedelta(days=3),
    )
    JuryMembership.objects.create(session=session, user=member)
    AgendaEntry.objects.bulk_create(AgendaEntry(session=session, study=study) for study in studies)
    return session


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [3, 60])
def test_home_of_a_founder_query_count(client, django_assert_num_queries, item_count):
    founder = UserFactory()
    studies_in(item_count, State.CHANGES_REQUESTED, team=[founder])
    client.force_login(founder)

    with django_assert_num_queries(8):
        todo = client.get(reverse("home")).context["todo"]

    assert len(todo) == min(item_count, 10)
    assert todo[0].label.startswith("Make the changes asked for on")


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [3, 60])
def test_home_of_a_bank_expert_query_count(client, django_assert_num_queries, item_count):
    studies_in(item_count, State.FINANCING_REVIEW)
    studies_in(item_count, State.APPROVED)
    client.force_login(UserFactory(is_bank_expert=True))

    with django_assert_num_queries(7):
        todo = client.get(reverse("home")).context["todo"]

    assert len(todo) == 2 * min(item_count, 10)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [3, 60])
def test_home_of_a_juror_query_count(client, django_assert_num_queries, item_count):
    juror = UserFactory(is_jury_member=True)
    scoring_session_with(juror, studies_in(item_count, State.JURY))
    client.force_login(juror)

    with django_assert_num_queries(6):
        todo = client.get(reverse("home")).context["todo"]

    assert len(todo) == min(item_count, 10)
    assert todo[0].label == "Score “École n°0” (jury session “Jury de printemps”)"


@pytest.mark.django_db
def test_home_links_each_item_to_its_study_with_its_due_date_in_paris(client):
    """The items' links are made from one reversed URL, their due dates written in Python: each still leads to its
    own study, and the date is the day in Paris, in the reader's language."""
    founder = UserFactory()
    late, on_time = studies_in(2, State.CHANGES_REQUESTED, team=[founder])
    # Due 30 days after: 14 March 2025 at 23:30 UTC, already the 15th in Paris.
    OpportunityStudy.objects.filter(pk=late.pk).update(state_changed_at=datetime(2025, 2, 12, 23, 30, tzinfo=UTC))
    client.force_login(founder)

    response = client.get(reverse("home"), headers={"accept-language": "fr"})

    todo = response.context["todo"]
    assert [item.url for item in todo] == [reverse("workflow:study-detail", args=[s.pk]) for s in (late, on_time)]
    html = response.content.decode()
    assert "<strong>en retard depuis le 15/03/2025</strong>" in html
    assert f"à faire avant le {timezone.localtime(todo[1].due):%d/%m/%Y}</span>" in html
    assert client.get(todo[0].url).context["study"].pk == late.pk


@pytest.mark.django_db
def test_home_with_nothing_to_do_says_so(client):
    client.force_login(UserFactory(is_jury_member=True))

    response = client.get(reverse("home"))

    assert response.context["todo"] == []
    assert "Nothing waits for you now." in response.content.decode()


def menu(client):
    return [item["label"] for item in client.get(reverse("home")).context["main_menu"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ({"is_jury_member": True}, ["Home", "Jury", "Key figures", "Inbox"]),
        ({"is_bank_expert": True}, ["Home", "Studies", "Schools", "Inbox"]),
        ({}, ["Home", "My projects", "Key figures", "Inbox"]),
        (
            {"is_national_coordinator": True},
            ["Home", "Studies", "Jury", "Dashboard", "People", "Training", "Schools", "Inbox"],
        ),
    ],
)
def test_the_menu_shows_only_what_the_persons_roles_use(client, roles, expected):
    client.force_login(UserFactory(**roles))

    assert menu(client) == expected


@pytest.mark.django_db
def test_a_juror_who_carries_a_project_has_my_projects_in_his_menu(client):
    juror = UserFactory(is_jury_member=True)
    studies_in(1, State.DRAFT, team=[juror])
    client.force_login(juror)

    assert menu(client) == ["Home", "My projects", "Jury", "Schools", "Inbox"]

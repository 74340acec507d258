"""The people pages: constant queries, the public request form, and predicates that agree with selectors."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import User
from people.enums import Grant
from people.models import Invitation, JoinRequest
from people.policy import invitation_policy, join_request_policy, person_policy, team_policy
from people.services import invite_person, request_to_join
from projects.models import SchoolProject
from tests.factories import SchoolProjectFactory, UserFactory
from tests.people.conftest import english


def grow(cast, home_region, count):
    """Add ``count`` founders, projects, invitations and requests to join in ``home_region``."""
    for n in range(count):
        founder = UserFactory(coordinates=[], full_name=f"Fondateur {n}")
        SchoolProjectFactory(region=home_region, team=[founder])
        invite_person(
            actor=cast["regional"],
            email=f"inv{n}@example.org",
            full_name=f"I {n}",
            grant=Grant.HOLDER,
            region=home_region,
        )
        request_to_join(
            full_name=f"J {n}", email=f"j{n}@example.org", project_name=f"P {n}", commune="Lyon", region=home_region
        )


@pytest.mark.parametrize(
    ("page", "queries"), [("people:person-list", 9), ("people:invitation-list", 6), ("people:join-request-list", 5)]
)
@pytest.mark.parametrize("count", [1, 4])
def test_coordinators_pages_run_a_constant_number_of_queries(
    cast, home_region, django_assert_num_queries, page, queries, count
):
    grow(cast, home_region, count)
    client = english(cast["regional"])

    with django_assert_num_queries(queries):
        response = client.get(reverse(page))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_team_page_runs_a_constant_number_of_queries(cast, django_assert_num_queries, count):
    for n in range(count):
        cast["project"].team.add(UserFactory())
        invite_person(
            actor=cast["founder"],
            email=f"co{n}@example.org",
            full_name="Co",
            grant=Grant.HOLDER,
            project=cast["project"],
        )
    client = english(cast["founder"])

    with django_assert_num_queries(7):
        response = client.get(reverse("people:team", args=[cast["project"].pk]))

    assert (response.status_code, len(response.context["members"]), len(response.context["invitations"])) == (
        200,
        count + 1,
        count,
    )


def test_people_page_shows_roles_and_last_sign_in_of_the_region_only(cast):
    signed_in_at = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    User.objects.filter(pk=cast["founder"].pk).update(last_login=signed_in_at)

    content = english(cast["regional"]).get(reverse("people:person-list")).content.decode()

    with translation.override("en"):
        shown = formats.date_format(timezone.localtime(signed_in_at), "SHORT_DATETIME_FORMAT")
    claire = re.search(r"<tr>(?:(?!</tr>).)*Claire Porteuse.*?</tr>", content, re.S).group(0)
    assert ("Claire Porteuse" in content, "Project holder, École de la Vallée" in content) == (True, True)
    assert ("Bérénice Autre" in content, "Bruno Banque" in content) == (False, False)
    assert (shown in claire, "Never" in claire) == (True, False)


def test_national_coordinator_sees_the_bank_experts_and_jurors(cast):
    content = english(cast["national"]).get(reverse("people:person-list")).content.decode()

    assert ("Bruno Banque" in content, "Julie Jurée" in content, "Bérénice Autre" in content) == (True, True, True)


def test_deactivating_from_the_page_ends_the_person_s_session(cast):
    founder_client = english(cast["founder"])

    response = english(cast["regional"]).post(reverse("people:person-deactivate", args=[cast["founder"].pk]))

    assert (response.status_code, User.objects.get(pk=cast["founder"].pk).is_active) == (302, False)
    assert founder_client.get(reverse("home")).status_code == 302


def test_public_join_page_records_the_request(home_region):
    response = english().post(
        reverse("people:join-request"),
        {
            "full_name": "Fanny Fondatrice",
            "email": "fanny@example.org",
            "project_name": "École du Lac",
            "commune": "Annecy",
            "region": home_region.pk,
            "message": "",
        },
    )

    assert (response.status_code, response["Location"]) == (302, reverse("people:join-request-sent"))
    assert JoinRequest.objects.get().project_name == "École du Lac"


def test_menu_offers_people_to_coordinators_only(cast):
    url = reverse("people:person-list")

    offered = {
        key: url in english(cast[key]).get(reverse("home")).content.decode()
        for key in ("regional", "national", "founder", "bank", "juror")
    }

    assert offered == {"regional": True, "national": True, "founder": False, "bank": False, "juror": False}


def test_each_policy_s_view_predicate_agrees_with_its_selector(cast, home_region, other_region):
    invite_person(actor=cast["national"], email="j@example.org", full_name="J", grant=Grant.JURY_MEMBER)
    invite_person(actor=cast["regional"], email="h@example.org", full_name="H", grant=Grant.HOLDER, region=home_region)
    invite_person(
        actor=cast["founder"], email="c@example.org", full_name="C", grant=Grant.HOLDER, project=cast["project"]
    )
    invite_person(
        actor=cast["other_regional"],
        email="r@example.org",
        full_name="R",
        grant=Grant.REGIONAL_COORDINATOR,
        region=other_region,
    )
    request_to_join(full_name="A", email="a@example.org", project_name="PA", commune="Lyon", region=home_region)
    request_to_join(full_name="B", email="b@example.org", project_name="PB", commune="Paris", region=other_region)
    rows = {
        person_policy: User.objects.all(),
        invitation_policy: Invitation.objects.all(),
        join_request_policy: JoinRequest.objects.all(),
        team_policy: SchoolProject.objects.all(),
    }

    disagreements = [
        (type(policy).__name__, user.full_name, obj.pk)
        for policy, objects in rows.items()
        for user in cast.values()
        if isinstance(user, User)
        for obj in objects
        if policy.can(user, "view", obj) != policy.visible(user).filter(pk=obj.pk).exists()
    ]
    assert disagreements == []


def test_public_join_page_stops_a_flood_from_one_address(home_region, settings):
    settings.TREMPLIN_JOIN_REQUESTS_PER_HOUR = 2
    client = english()

    answers = [
        client.post(
            reverse("people:join-request"),
            {
                "full_name": "F",
                "email": f"f{n}@example.org",
                "project_name": "P",
                "commune": "C",
                "region": home_region.pk,
            },
        ).status_code
        for n in range(3)
    ]

    assert (answers, JoinRequest.objects.count()) == ([302, 302, 200], 2)


@pytest.mark.django_db
def test_the_people_page_names_roles_as_each_person_wants_to_be_spoken_of(cast, home_region, client):
    """« Coordinatrice régionale » for a woman who said so, the usual label for whoever did not."""
    User.objects.filter(pk=cast["regional"].pk).update(form_of_address="feminine")
    UserFactory(full_name="Marc Martin", coordinates=[home_region])
    client.force_login(UserFactory(is_national_coordinator=True))

    content = client.get(reverse("people:person-list"), headers={"Accept-Language": "fr"}).content.decode()

    row_of = {name: content.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Régine Régionale", "Marc Martin")}
    assert "Coordinatrice régionale, " in row_of["Régine Régionale"]
    assert "Coordinateur régional, " in row_of["Marc Martin"]

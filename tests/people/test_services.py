"""The people services: who may invite, answer, deactivate and remove; what each writes, logs and emails."""

import pytest

from accounts.models import User
from notifications.models import Delivery, Notification
from notifications.services import render_email
from people.enums import Grant, JoinRequestStatus, PeopleAction
from people.models import Invitation, JoinRequest, PeopleLog
from people.selectors import join_requests_to_answer
from people.services import (
    accept_join_request,
    deactivate_person,
    decline_join_request,
    invite_person,
    reactivate_person,
    remove_team_member,
    request_to_join,
)
from permissions.refusal import ActionRefused
from projects.models import SchoolProject
from tests.factories import UserFactory
from tests.people.conftest import emailed_link, english


def invite(cast, actor, grant, **where):
    return invite_person(
        actor=cast[actor], email="new@example.org", full_name="Nouvelle Personne", grant=grant, **where
    )


@pytest.mark.parametrize(
    ("actor", "grant", "where", "allowed"),
    [
        ("national", Grant.NATIONAL_COORDINATOR, {}, True),
        ("national", Grant.BANK_EXPERT, {}, True),
        ("national", Grant.JURY_MEMBER, {}, True),
        ("national", Grant.REGIONAL_COORDINATOR, {"region": "other"}, True),
        ("regional", Grant.REGIONAL_COORDINATOR, {"region": "home"}, True),
        ("regional", Grant.HOLDER, {"region": "home"}, True),
        ("regional", Grant.REGIONAL_COORDINATOR, {"region": "other"}, False),
        ("regional", Grant.HOLDER, {"region": "other"}, False),
        ("regional", Grant.JURY_MEMBER, {}, False),
        ("regional", Grant.BANK_EXPERT, {}, False),
        ("founder", Grant.HOLDER, {"project": "project"}, True),
        ("founder", Grant.HOLDER, {"project": "other_project"}, False),
        ("founder", Grant.JURY_MEMBER, {}, False),
        ("bank", Grant.BANK_EXPERT, {}, False),
        ("juror", Grant.JURY_MEMBER, {}, False),
    ],
)
def test_who_may_invite_whom(cast, home_region, other_region, actor, grant, where, allowed):
    objects = {
        "home": home_region,
        "other": other_region,
        "project": cast["project"],
        "other_project": cast["other_project"],
    }
    where = {key: objects[value] for key, value in where.items()}

    try:
        invite(cast, actor, grant, **where)
        done = True
    except ActionRefused as refusal:
        assert refusal.forbidden is True
        done = False

    assert (done, Invitation.objects.count(), Delivery.objects.filter(to_email="new@example.org").count()) == (
        allowed,
        int(allowed),
        int(allowed),
    )


def test_invitation_is_logged_and_its_email_names_the_inviter_and_the_link(cast):
    invitation = invite(cast, "founder", Grant.HOLDER, project=cast["project"])

    delivery = Delivery.objects.get(to_email="new@example.org")
    log = PeopleLog.objects.get()
    assert (log.action, log.actor, log.invitation, log.project) == (
        PeopleAction.INVITED,
        cast["founder"],
        invitation,
        cast["project"],
    )
    assert (delivery.recipient, "Claire Porteuse" in delivery.subject) == (None, True)
    assert emailed_link("new@example.org").startswith("http")


def test_second_invitation_for_the_same_thing_says_to_resend(cast):
    invite(cast, "founder", Grant.HOLDER, project=cast["project"])

    with pytest.raises(ActionRefused, match="send the invitation again"):
        invite(cast, "founder", Grant.HOLDER, project=cast["project"])
    assert Invitation.objects.count() == 1


def test_invitation_to_someone_who_holds_the_role_is_refused(cast):
    with pytest.raises(ActionRefused, match="already has this role"):
        invite_person(actor=cast["national"], email=cast["bank"].email, full_name="B", grant=Grant.BANK_EXPERT)


def test_regional_coordinator_invitation_needs_a_region(cast):
    with pytest.raises(ActionRefused, match="Choose the region"):
        invite(cast, "national", Grant.REGIONAL_COORDINATOR)


def join(home_region, email="fondatrice@example.org"):
    return request_to_join(
        full_name="Fanny Fondatrice",
        email=email,
        project_name="École de Production du Lac",
        commune="Annecy",
        region=home_region,
        message="Douze entreprises nous soutiennent.",
    )


def test_request_to_join_tells_the_region_coordinators_only(cast, home_region):
    join_request = join(home_region)

    told = set(Notification.objects.filter(kind="join_requested").values_list("recipient__full_name", flat=True))
    assert told == {"Régine Régionale"}
    assert list(join_requests_to_answer(cast["regional"])) == [join_request]
    assert list(join_requests_to_answer(cast["other_regional"])) == []
    assert list(join_requests_to_answer(cast["national"])) == [join_request]


def test_request_sent_twice_is_one_request(cast, home_region):
    first = join(home_region)
    second = join(home_region, email="FONDATRICE@example.org")

    assert (first.pk == second.pk, JoinRequest.objects.count(), Notification.objects.count()) == (True, 1, 1)


def test_accepting_a_request_creates_the_project_and_invites_the_founder(cast, home_region):
    join_request = accept_join_request(join(home_region), actor=cast["regional"], message="Bienvenue !")

    project = SchoolProject.objects.get(name="École de Production du Lac")
    assert (join_request.status, join_request.invitation.project, project.region, project.team.count()) == (
        JoinRequestStatus.ACCEPTED,
        project,
        home_region,
        0,
    )
    assert project.studies.count() == 1
    assert "/invitations/" in emailed_link("fondatrice@example.org")


def test_declining_needs_a_message_and_emails_it(cast, home_region):
    join_request = join(home_region)

    with pytest.raises(ActionRefused, match="Say why"):
        decline_join_request(join_request, actor=cast["regional"], message=" ")
    decline_join_request(join_request, actor=cast["regional"], message="Le bassin a déjà une école.")

    delivery = Delivery.objects.get(to_email="fondatrice@example.org")
    assert "Le bassin a déjà une école." in render_email(delivery)[0]
    assert JoinRequest.objects.get().status == JoinRequestStatus.DECLINED


def test_another_region_cannot_answer_and_an_answered_request_stays_answered(cast, home_region):
    join_request = join(home_region)

    with pytest.raises(ActionRefused) as forbidden:
        accept_join_request(join_request, actor=cast["other_regional"])
    decline_join_request(join_request, actor=cast["regional"], message="Non.")
    with pytest.raises(ActionRefused, match="already answered"):
        accept_join_request(join_request, actor=cast["national"])

    assert (forbidden.value.forbidden, SchoolProject.objects.filter(name__contains="Lac").exists()) == (True, False)


@pytest.mark.parametrize(
    ("actor", "person", "allowed"),
    [
        ("regional", "founder", True),
        ("regional", "other_founder", False),
        ("regional", "national", False),
        ("regional", "regional", False),
        ("national", "bank", True),
        ("national", "other_regional", True),
        ("national", "national", False),
        ("founder", "founder", False),
        ("bank", "juror", False),
    ],
)
def test_who_may_deactivate_whom(cast, actor, person, allowed):
    try:
        deactivate_person(cast[person], actor=cast[actor])
    except ActionRefused as refusal:
        assert refusal.forbidden is True
    assert User.objects.get(pk=cast[person].pk).is_active is not allowed


def signs_in(person):
    client = english()
    client.post("/accounts/login/", {"username": person.email, "password": "secret-password-1"})
    return "_auth_user_id" in client.session


def test_deactivated_person_cannot_sign_in_until_reactivated(cast):
    deactivate_person(cast["founder"], actor=cast["regional"])
    refused = signs_in(cast["founder"])
    reactivate_person(cast["founder"], actor=cast["regional"])
    allowed = signs_in(cast["founder"])

    assert (refused, allowed) == (False, True)
    assert list(PeopleLog.objects.values_list("action", "actor__full_name")) == [
        (PeopleAction.DEACTIVATED, "Régine Régionale"),
        (PeopleAction.REACTIVATED, "Régine Régionale"),
    ]


def test_deactivating_twice_says_so(cast):
    deactivate_person(cast["founder"], actor=cast["regional"])

    with pytest.raises(ActionRefused, match="already deactivated"):
        deactivate_person(cast["founder"], actor=cast["regional"])


def test_a_founder_removes_a_cofounder_but_not_the_last_one(cast):
    cofounder = UserFactory()
    cast["project"].team.add(cofounder)

    remove_team_member(cast["project"], actor=cast["founder"], person=cofounder)
    with pytest.raises(ActionRefused, match="at least one founder"):
        remove_team_member(cast["project"], actor=cast["founder"], person=cast["founder"])

    assert list(cast["project"].team.all()) == [cast["founder"]]
    assert PeopleLog.objects.get().action == PeopleAction.TEAM_MEMBER_REMOVED


def test_a_coordinator_reads_the_team_but_may_not_change_it(cast):
    cofounder = UserFactory()
    cast["project"].team.add(cofounder)

    with pytest.raises(ActionRefused) as refused:
        remove_team_member(cast["project"], actor=cast["regional"], person=cofounder)

    assert (refused.value.forbidden, cast["project"].team.count()) == (True, 2)

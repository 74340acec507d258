"""The recusal page: the president, or a national coordinator, takes another member off one study."""

import pytest
from django.urls import reverse

from juries.enums import Decision, JuryAction
from juries.models import ConflictOfInterest, JuryLog
from juries.services import declare_conflict, record_decision

REASON = "Administrateur de l'association porteuse."


def recusal_url(entry):
    return reverse("juries:recusal", args=[entry.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def recusals():
    return list(JuryLog.objects.filter(action=JuryAction.MEMBER_RECUSED).values_list("actor", "member"))


@pytest.mark.django_db
def test_president_recuses_a_member(signed_in, president, bruno, planned_session, entries):
    signed_in(president).post(recusal_url(entries[0]), {"member": bruno.pk, "reason": REASON})

    conflict = ConflictOfInterest.objects.get()
    assert (conflict.entry, conflict.member, conflict.declared_by, conflict.reason) == (
        entries[0],
        bruno,
        president,
        REASON,
    )
    assert recusals() == [(president.pk, bruno.pk)]


@pytest.mark.django_db
def test_recusal_goes_back_to_the_session_page_with_its_confirmation(
    signed_in, president, bruno, planned_session, entries
):
    response = signed_in(president).post(recusal_url(entries[0]), {"member": bruno.pk, "reason": REASON}, follow=True)

    assert response.redirect_chain == [(reverse("juries:session-detail", args=[planned_session.pk]), 302)]
    assert messages_of(response) == ["Recusal recorded: Bruno Juré takes no further part in this study."]


@pytest.mark.django_db
def test_national_coordinator_recuses_a_member(signed_in, coordinator, bruno, scoring_session, entries):
    signed_in(coordinator).post(recusal_url(entries[0]), {"member": bruno.pk, "reason": REASON})

    assert recusals() == [(coordinator.pk, bruno.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_plain_member_may_not_recuse(signed_in, alice, bruno, planned_session, entries, method):
    client = signed_in(alice)

    response = getattr(client, method)(recusal_url(entries[0]), {"member": bruno.pk, "reason": REASON})

    assert (response.status_code, ConflictOfInterest.objects.count(), recusals()) == (403, 0, [])


@pytest.mark.django_db
def test_conflicted_member_may_not_recuse(signed_in, chloe, planned_session, entries):
    declare_conflict(entries[0], actor=chloe, reason="Ma cousine préside l'association.")

    response = signed_in(chloe).get(recusal_url(entries[0]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_someone_outside_the_session_finds_no_page(signed_in, outsider, bruno, planned_session, entries):
    response = signed_in(outsider).post(recusal_url(entries[0]), {"member": bruno.pk, "reason": REASON})

    assert (response.status_code, ConflictOfInterest.objects.count()) == (404, 0)


@pytest.mark.django_db
def test_member_list_leaves_out_the_actor_non_members_and_the_conflicted(
    signed_in, president, alice, bruno, chloe, outsider, planned_session, entries
):
    declare_conflict(entries[0], actor=chloe, reason="Ma cousine préside l'association.")

    response = signed_in(president).get(recusal_url(entries[0]))

    assert list(response.context["form"].fields["member"].queryset) == [alice, bruno]


@pytest.mark.django_db
def test_member_conflicted_on_another_study_stays_in_the_list(signed_in, president, chloe, planned_session, entries):
    declare_conflict(entries[1], actor=chloe, reason="Ma cousine préside l'association.")

    response = signed_in(president).get(recusal_url(entries[0]))

    assert chloe in response.context["form"].fields["member"].queryset


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["outsider", "president"])
def test_member_outside_the_list_is_a_form_error(signed_in, president, planned_session, entries, request, person):
    response = signed_in(president).post(
        recusal_url(entries[0]), {"member": request.getfixturevalue(person).pk, "reason": REASON}
    )

    assert (response.status_code, ConflictOfInterest.objects.count()) == (200, 0)
    assert response.context["form"].errors["member"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


@pytest.mark.django_db
def test_recusal_without_reason_is_a_form_error(signed_in, president, bruno, planned_session, entries):
    response = signed_in(president).post(recusal_url(entries[0]), {"member": bruno.pk, "reason": ""})

    assert (response.status_code, ConflictOfInterest.objects.count()) == (200, 0)
    assert response.context["form"].errors["reason"] == ["This field is required."]


@pytest.mark.django_db
def test_recusal_on_a_decided_study_shows_the_refusal(signed_in, president, chloe, deliberating_session, entries):
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Solide.")

    response = signed_in(president).post(recusal_url(entries[0]), {"member": chloe.pk, "reason": REASON})

    assert (response.status_code, messages_of(response)) == (200, ["The jury has already decided on this study."])
    assert (ConflictOfInterest.objects.count(), recusals()) == (0, [])


@pytest.mark.django_db
@pytest.mark.parametrize(("person", "shown"), [("president", True), ("coordinator", True), ("alice", False)])
def test_session_page_links_the_recusal_for_those_who_may_recuse(
    signed_in, scoring_session, entries, request, person, shown
):
    response = signed_in(request.getfixturevalue(person)).get(
        reverse("juries:session-detail", args=[scoring_session.pk])
    )

    assert (recusal_url(entries[0]) in response.content.decode()) == shown


@pytest.mark.django_db
def test_session_page_offers_no_recusal_on_a_decided_study(signed_in, president, deliberating_session, entries):
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Solide.")

    response = signed_in(president).get(reverse("juries:session-detail", args=[deliberating_session.pk]))

    page = response.content.decode()
    assert (recusal_url(entries[0]) in page, recusal_url(entries[1]) in page) == (False, True)


@pytest.mark.django_db
def test_page_says_so_when_no_member_is_left_to_recuse(
    signed_in, president, alice, bruno, chloe, planned_session, entries
):
    for member in (alice, bruno, chloe):
        declare_conflict(entries[0], actor=member, reason="Je connais le porteur.")

    response = signed_in(president).get(recusal_url(entries[0]))

    content = response.content.decode()
    assert "Every other member of the session already has a conflict of interest on this study." in content
    assert 'name="member"' not in content

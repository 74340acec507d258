"""Whose turn it is around a jury: the scoring gate, the events that tell each person, and their to-do items."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from juries.enums import SessionState
from juries.models import JurySession
from juries.services import add_to_agenda, declare_conflict, open_scoring
from juries.todo import todo_for_user
from notifications.enums import EventKind
from notifications.models import Delivery, Notification
from notifications.services import render_email, send_due_reminders
from permissions.refusal import ActionRefused
from tests.factories import study_in_financing_review
from workflow.services import apply_transition

NOT_SENT = "“{}” has not been sent to the jury yet: the bank sends it, or take it off the agenda."


@pytest.fixture
def listed(planned_session, coordinator, studies):
    """Both studies on the agenda, still in financing review: the bank has not sent them yet."""
    return [add_to_agenda(planned_session, actor=coordinator, study=study) for study in studies]


@pytest.mark.django_db
def test_scoring_cannot_open_while_a_study_of_the_agenda_is_not_sent_to_the_jury(
    planned_session, listed, coordinator, bank_expert
):
    apply_transition(listed[0].study, "send_to_jury", actor=bank_expert)

    with pytest.raises(ActionRefused) as refusal:
        open_scoring(planned_session, actor=coordinator)

    assert refusal.value.reasons == [NOT_SENT.format(listed[1].study)]
    assert JurySession.objects.get(pk=planned_session.pk).state == SessionState.PLANNED


@pytest.mark.django_db
def test_scoring_opens_once_the_bank_has_sent_every_study(planned_session, listed, coordinator, bank_expert):
    for entry in listed:
        apply_transition(entry.study, "send_to_jury", actor=bank_expert)

    open_scoring(planned_session, actor=coordinator)

    assert JurySession.objects.get(pk=planned_session.pk).state == SessionState.SCORING


@pytest.mark.django_db
def test_the_session_page_says_why_scoring_cannot_open_before_anyone_presses(
    client, planned_session, listed, coordinator
):
    client.force_login(coordinator)

    html = client.get(reverse("juries:session-detail", args=[planned_session.pk])).content.decode()

    assert 'disabled aria-disabled="true">Open scoring</button>' in html
    for entry in listed:
        assert f"<li>{NOT_SENT.format(entry.study)}</li>" in html


@pytest.mark.django_db
def test_a_study_put_on_the_agenda_tells_the_bank_to_send_it_with_a_link_to_the_study(
    planned_session, coordinator, bank_expert, studies, client
):
    entry = add_to_agenda(planned_session, actor=coordinator, study=studies[0])

    told = Notification.objects.filter(kind=EventKind.STUDY_ON_AGENDA)
    holders = set(entry.study.project.team.all())
    assert {item.recipient for item in told} == {bank_expert, *holders}
    item = told.get(recipient=bank_expert)
    assert (item.study, "Jury de printemps" in item.text) == (entry.study, True)
    client.force_login(bank_expert)
    response = client.get(reverse("notifications:open", args=[item.pk]))
    assert response.url == reverse("workflow:study-detail", args=[entry.study.pk])


@pytest.mark.django_db
def test_scoring_open_reaches_every_juror_by_email(scoring_session, president, alice, bruno, chloe):
    emails = Delivery.objects.filter(notification__kind=EventKind.SCORING_OPENED)

    assert sorted(delivery.to_email for delivery in emails) == sorted(
        member.email for member in (president, alice, bruno, chloe)
    )
    assert all(reverse("notifications:open", args=[d.notification_id]) in render_email(d)[0] for d in emails)


@pytest.mark.django_db
def test_a_juror_is_reminded_a_day_before_the_deadline_of_the_scorecards_he_has_not_submitted(
    scoring_session, entries, president, alice, bruno, chloe, submit
):
    for entry in entries:
        submit(entry, alice, (3, 3, 3))
    deadline = scoring_session.scoring_deadline

    two_days_before = send_due_reminders(now=deadline - timedelta(hours=48))
    a_day_before = send_due_reminders(now=deadline - timedelta(hours=23))

    reminded = Delivery.objects.filter(pk__in=a_day_before)
    assert (two_days_before, sorted(d.to_email for d in reminded)) == (
        [],
        sorted(member.email for member in (president, bruno, chloe)),
    )
    item = Notification.objects.get(recipient=bruno, kind=EventKind.SCORING_DEADLINE_NEAR)
    assert "il vous reste 2 fiche(s)" in item.text
    assert item.target == scoring_session


@pytest.mark.django_db
def test_a_jurors_todo_lists_the_scorecards_he_has_to_fill_with_the_deadline(scoring_session, entries, alice, submit):
    submit(entries[0], alice, (3, 3, 3))

    items = todo_for_user(alice, now=timezone.now())

    assert [(item.url, item.due, item.overdue) for item in items] == [
        (reverse("juries:scorecard", args=[entries[1].pk]), scoring_session.scoring_deadline, False)
    ]


@pytest.mark.django_db
def test_the_presidents_todo_lists_the_decisions_to_record(deliberating_session, entries, president, alice):
    # Read afresh, as a request does: the scopes memoised on the fixture predate the deliberation.
    president = type(president).objects.get(pk=president.pk)

    items = todo_for_user(president, now=timezone.now())

    assert [item.url for item in items] == [reverse("juries:entry-detail", args=[entry.pk]) for entry in entries]
    assert todo_for_user(alice, now=timezone.now()) == []


@pytest.mark.django_db
def test_the_national_coordinators_todo_lists_the_sessions_to_plan_and_to_open(
    planned_session, listed, coordinator, bank_expert
):
    waiting = study_in_financing_review(bank_expert=bank_expert)
    for entry in listed:
        apply_transition(entry.study, "send_to_jury", actor=bank_expert)

    labels = [item.label for item in todo_for_user(coordinator, now=timezone.now())]

    assert labels == [
        f"Put “{waiting.project.name}” on a jury session's agenda",
        "Open the scoring of the jury session “Jury de printemps”",
    ]


@pytest.mark.django_db
def test_a_conflicted_juror_has_no_scorecard_to_fill_on_that_project(scoring_session, entries, alice):
    declare_conflict(entries[0], actor=alice, reason="Administratrice de l'association.")

    urls = [item.url for item in todo_for_user(alice, now=timezone.now())]

    assert urls == [reverse("juries:scorecard", args=[entries[1].pk])]


@pytest.mark.django_db
def test_an_overdue_scorecard_comes_first_in_the_home_todo(client, scoring_session, entries, alice, past_deadline):
    past_deadline(scoring_session)
    client.force_login(alice)

    todo = client.get(reverse("home")).context["todo"]

    assert [(item.url, item.overdue) for item in todo] == [
        (reverse("juries:scorecard", args=[entry.pk]), True) for entry in entries
    ]


@pytest.mark.django_db
def test_the_scoring_gate_names_the_first_unsent_studies_and_counts_the_others(
    planned_session, coordinator, bank_expert
):
    """A big agenda gives a short refusal: the first five in agenda order named, the rest counted."""
    entries = [
        add_to_agenda(planned_session, actor=coordinator, study=study_in_financing_review(bank_expert=bank_expert))
        for _ in range(8)
    ]
    apply_transition(entries[2].study, "send_to_jury", actor=bank_expert)
    unsent = [entry.study for entry in entries if entry != entries[2]]

    with pytest.raises(ActionRefused) as refusal:
        open_scoring(planned_session, actor=coordinator)

    assert refusal.value.reasons == [
        *(NOT_SENT.format(study) for study in unsent[:5]),
        "… and 2 other studies of the agenda, not sent to the jury either.",
    ]


@pytest.mark.django_db
def test_the_scoring_gate_on_an_empty_agenda_says_so_and_names_nothing(planned_session, coordinator):
    with pytest.raises(ActionRefused) as refusal:
        open_scoring(planned_session, actor=coordinator)

    assert "The agenda is empty." in refusal.value.reasons
    assert not [reason for reason in refusal.value.reasons if "sent to the jury" in reason]

"""The schools' events and reminders, through the notifications service: who hears, once, with their modes."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.enums import DeliveryMode, EventKind
from notifications.models import Delivery, Notification
from notifications.services import render_email, send_due_reminders, set_preference
from schools.services import send_back_report, submit_report, validate_report

DEADLINE = datetime.date(2026, 10, 15)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def told(kind, about=None):
    notifications = Notification.objects.filter(kind=kind)
    if about is not None:
        notifications = notifications.filter(object_id=about.pk)
    return sorted(notifications.values_list("recipient_id", flat=True))


@pytest.mark.django_db
def test_campaign_opened_tells_every_school_team(people, campaign):
    assert told(EventKind.CAMPAIGN_OPENED) == sorted([people["team"].pk, people["other_team"].pk])


@pytest.mark.django_db
def test_review_events_go_to_the_coordinator_then_the_team_with_the_comment(people, filled):
    submit_report(filled, actor=people["team"])
    send_back_report(filled, actor=people["regional_coordinator"], comment="Vérifiez les sortants.")
    submit_report(filled, actor=people["team"])
    validate_report(filled, actor=people["regional_coordinator"])

    sent_back = Notification.objects.get(kind=EventKind.REPORT_SENT_BACK)
    assert (
        told(EventKind.REPORT_SUBMITTED),
        told(EventKind.REPORT_SENT_BACK),
        told(EventKind.REPORT_VALIDATED),
        sent_back.text.endswith("Vérifiez les sortants."),
        sent_back.target == filled,
    ) == (
        [people["regional_coordinator"].pk] * 2,
        [people["team"].pk],
        [people["team"].pk],
        True,
        True,
    )


@pytest.mark.django_db
def test_report_reminders_escalate_once_per_level(people, report, settings):
    settings.TREMPLIN_REPORT_REMINDER_BEFORE_DEADLINE_DAYS = 14
    settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS = 7
    team, regional, national = (people[key].pk for key in ("team", "regional_coordinator", "national_coordinator"))

    send_due_reminders(now=at(DEADLINE - timedelta(days=15)))
    too_early = told(EventKind.REPORT_DEADLINE_NEAR, report)
    for day in (DEADLINE - timedelta(days=14), DEADLINE, DEADLINE + timedelta(days=1), DEADLINE + timedelta(days=8)):
        send_due_reminders(now=at(day))
        send_due_reminders(now=at(day))

    assert (too_early, told(EventKind.REPORT_DEADLINE_NEAR, report), told(EventKind.REPORT_OVERDUE, report)) == (
        [],
        [team],
        sorted([team, team, regional, national]),
    )


@pytest.mark.django_db
def test_a_report_sent_is_not_reminded(people, filled):
    submit_report(filled, actor=people["team"])

    send_due_reminders(now=at(DEADLINE + timedelta(days=30)))

    assert told(EventKind.REPORT_OVERDUE, filled) == []


@pytest.mark.django_db
def test_a_reminder_follows_the_teams_preference(people, report):
    set_preference(user=people["team"], kind=EventKind.REPORT_DEADLINE_NEAR, mode=DeliveryMode.DIGEST)

    send_due_reminders(now=at(DEADLINE))

    reminder = Notification.objects.get(kind=EventKind.REPORT_DEADLINE_NEAR, recipient=people["team"])
    assert (reminder.mode, Delivery.objects.filter(notification=reminder).exists()) == (DeliveryMode.DIGEST, False)


@pytest.mark.django_db
def test_a_report_awaiting_review_reminds_the_region_then_escalates_once_per_level(people, filled, settings):
    settings.TREMPLIN_REPORT_REVIEW_DAYS = 14
    settings.NOTIFICATIONS_ESCALATION_AFTER_DAYS = 7
    sent = submit_report(filled, actor=people["team"]).submitted_at
    regional, national = people["regional_coordinator"].pk, people["national_coordinator"].pk

    send_due_reminders(now=sent + timedelta(days=13, hours=23))
    too_early = told(EventKind.REPORT_REVIEW_OVERDUE, filled)
    send_due_reminders(now=sent + timedelta(days=14))
    send_due_reminders(now=sent + timedelta(days=20))
    after_reminder = told(EventKind.REPORT_REVIEW_OVERDUE, filled)
    for _ in range(2):
        send_due_reminders(now=sent + timedelta(days=21))

    assert (too_early, after_reminder, told(EventKind.REPORT_REVIEW_OVERDUE, filled)) == (
        [],
        [regional],
        sorted([regional, national]),
    )


@pytest.mark.django_db
def test_a_review_reminder_email_names_the_report_and_its_wait(people, filled):
    sent = submit_report(filled, actor=people["team"]).submitted_at

    send_due_reminders(now=sent + timedelta(days=15))

    delivery = Delivery.objects.get(notification__kind=EventKind.REPORT_REVIEW_OVERDUE)
    text, html = render_email(delivery)
    # The coordinator reads French, the default language.
    assert (delivery.to_email, delivery.language, "2025-2026" in delivery.subject) == (
        people["regional_coordinator"].email,
        "fr",
        True,
    )
    assert "attend sa relecture depuis 15 jours" in delivery.subject
    assert "personne ne l’a encore validé ni renvoyé" in text
    assert "personne ne l’a encore validé ni renvoyé" in html


@pytest.mark.django_db
def test_a_reviewed_report_is_not_reminded_of_its_review(people, filled):
    sent = submit_report(filled, actor=people["team"]).submitted_at
    validate_report(filled, actor=people["regional_coordinator"])

    send_due_reminders(now=sent + timedelta(days=60))

    assert told(EventKind.REPORT_REVIEW_OVERDUE, filled) == []


@pytest.mark.django_db
def test_a_report_sent_again_is_reminded_of_its_review_afresh(people, filled):
    first = submit_report(filled, actor=people["team"]).submitted_at
    send_due_reminders(now=first + timedelta(days=15))
    send_back_report(filled, actor=people["regional_coordinator"], comment="Recompter")
    again = submit_report(filled, actor=people["team"]).submitted_at

    send_due_reminders(now=again + timedelta(days=15))

    assert told(EventKind.REPORT_REVIEW_OVERDUE, filled) == [people["regional_coordinator"].pk] * 2

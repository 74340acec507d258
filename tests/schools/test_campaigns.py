"""Moving a campaign's deadline and closing it: services and pages."""

import datetime

import pytest
from django.urls import reverse

from notifications.enums import EventKind
from notifications.models import Notification
from notifications.services import send_due_reminders
from permissions.refusal import ActionRefused
from schools.enums import CampaignAction, ReportState
from schools.models import CampaignLog, ReportingCampaign, YearlyReport
from schools.services import change_campaign_deadline, close_campaign, save_report, submit_report
from tests.schools.conftest import GOOD_LINE
from tests.schools.test_notifications import at

LATER = datetime.date(2026, 11, 30)


def campaign_row(campaign):
    return ReportingCampaign.objects.values_list("deadline", "closed_at").get(pk=campaign.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("deadline", [LATER, datetime.date(2026, 9, 30)])
def test_change_deadline_moves_it_either_way_and_logs_both_dates(people, campaign, deadline):
    change_campaign_deadline(campaign, actor=people["national_coordinator"], deadline=deadline, reason=" Grève ")

    log = CampaignLog.objects.get(campaign=campaign)
    assert (campaign_row(campaign)[0], log.action, log.reason, log.values, log.actor) == (
        deadline,
        CampaignAction.DEADLINE_CHANGED,
        "Grève",
        {"from": "2026-10-15", "to": deadline.isoformat()},
        people["national_coordinator"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("deadline", "reason", "message"),
    [
        (LATER, "  ", "Say why the deadline moves: a reason is required."),
        (datetime.date(2026, 10, 15), "Grève", "This is already the campaign's deadline."),
    ],
)
def test_change_deadline_without_reason_or_to_the_same_date_is_refused(people, campaign, deadline, reason, message):
    with pytest.raises(ActionRefused) as refusal:
        change_campaign_deadline(campaign, actor=people["national_coordinator"], deadline=deadline, reason=reason)

    assert (refusal.value.reasons, campaign_row(campaign), CampaignLog.objects.count()) == (
        [message],
        (datetime.date(2026, 10, 15), None),
        0,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_coordinator", "team", "bank_expert"])
def test_only_a_national_coordinator_moves_or_closes_a_campaign(people, campaign, role):
    with pytest.raises(ActionRefused) as moving:
        change_campaign_deadline(campaign, actor=people[role], deadline=LATER, reason="Grève")
    with pytest.raises(ActionRefused) as closing:
        close_campaign(campaign, actor=people[role])

    assert (moving.value.forbidden, closing.value.forbidden, campaign_row(campaign)) == (
        True,
        True,
        (datetime.date(2026, 10, 15), None),
    )


@pytest.mark.django_db
def test_a_closed_campaign_refuses_reports_sent_and_saved_and_any_further_change(people, campaign, filled):
    close_campaign(campaign, actor=people["national_coordinator"], reason="Fin de l'année")
    reason = "The campaign 2025-2026 is closed: its reports can no longer be changed nor sent."

    refusals = []
    for attempt in (
        lambda: submit_report(filled, actor=people["team"]),
        lambda: save_report(filled, actor=people["team"], lines={filled.lines.get().trade_id: GOOD_LINE}),
        lambda: close_campaign(campaign, actor=people["national_coordinator"]),
        lambda: change_campaign_deadline(
            campaign, actor=people["national_coordinator"], deadline=LATER, reason="Grève"
        ),
    ):
        with pytest.raises(ActionRefused) as refusal:
            attempt()
        refusals.append(refusal.value.reasons)

    assert refusals == [[reason]] * 4
    assert (YearlyReport.objects.get(pk=filled.pk).state, CampaignLog.objects.count()) == (ReportState.DRAFT, 1)


@pytest.mark.django_db
def test_a_closed_campaign_reminds_nobody_of_its_deadline(people, campaign, report):
    close_campaign(campaign, actor=people["national_coordinator"])

    send_due_reminders(now=at(datetime.date(2026, 10, 30)))

    assert Notification.objects.filter(kind__in=[EventKind.REPORT_DEADLINE_NEAR, EventKind.REPORT_OVERDUE]).count() == 0


@pytest.mark.django_db
def test_campaign_page_moves_the_deadline(client, people, campaign):
    client.force_login(people["national_coordinator"])

    page = client.get(reverse("schools:campaign-detail", args=[campaign.pk]))
    response = client.post(
        reverse("schools:campaign-deadline", args=[campaign.pk]), {"deadline": "2026-11-30", "reason": "Grève"}
    )

    assert (page.status_code, response.status_code, response.url, campaign_row(campaign)) == (
        200,
        302,
        reverse("schools:campaign-detail", args=[campaign.pk]),
        (LATER, None),
    )


@pytest.mark.django_db
def test_campaign_page_without_reason_shows_the_form_again_and_changes_nothing(client, people, campaign):
    client.force_login(people["national_coordinator"])

    response = client.post(reverse("schools:campaign-deadline", args=[campaign.pk]), {"deadline": "2026-11-30"})

    assert (response.status_code, bool(response.context["deadline_form"].errors["reason"])) == (200, True)
    assert campaign_row(campaign) == (datetime.date(2026, 10, 15), None)


@pytest.mark.django_db
def test_campaign_page_closes_and_the_report_offers_nothing_more(client, people, campaign, filled):
    client.force_login(people["national_coordinator"])
    client.post(reverse("schools:campaign-close", args=[campaign.pk]), {"reason": "Fin"})
    client.force_login(people["team"])

    page = client.get(reverse("schools:report-detail", args=[filled.pk])).content.decode()
    sent = client.post(reverse("schools:report-submit", args=[filled.pk]), follow=True)

    assert campaign_row(campaign)[1] is not None
    assert reverse("schools:report-edit", args=[filled.pk]) not in page
    assert reverse("schools:report-submit", args=[filled.pk]) not in page
    assert [str(m) for m in sent.context["messages"]] == [
        "The campaign 2025-2026 is closed: its reports can no longer be changed nor sent."
    ]
    assert YearlyReport.objects.get(pk=filled.pk).state == ReportState.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_coordinator", "team", "bank_expert"])
def test_campaign_pages_are_404_for_others_and_change_nothing(client, people, campaign, role):
    client.force_login(people[role])

    statuses = [
        client.get(reverse("schools:campaign-detail", args=[campaign.pk])).status_code,
        client.post(
            reverse("schools:campaign-deadline", args=[campaign.pk]), {"deadline": "2026-11-30", "reason": "x"}
        ).status_code,
        client.post(reverse("schools:campaign-close", args=[campaign.pk])).status_code,
    ]

    assert (statuses, campaign_row(campaign)) == ([404, 404, 404], (datetime.date(2026, 10, 15), None))

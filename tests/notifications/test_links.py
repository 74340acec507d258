"""Notifications that lead somewhere: to the study, the session or the scorecard, from the inbox and the email."""

import datetime

import pytest
from django.urls import reverse

from juries.models import AgendaEntry, Scorecard
from notifications.enums import DeliveryMode, EventKind
from notifications.models import Delivery, Notification
from notifications.routing import scorecard_reopened_events, transition_events
from notifications.services import notify, render_email
from tests.factories.notifications import NotificationFactory
from tests.notifications.conftest import jury_session, put_in_state
from workflow.enums import State
from workflow.models import TransitionLog


def opened(client, item):
    client.force_login(item.recipient)
    response = client.get(reverse("notifications:open", args=[item.pk]))
    item.refresh_from_db()
    return response.status_code, response.url, item.read_at is not None


@pytest.fixture
def submitted(study, people):
    """The study submitted: its region's coordinator is told, by email at once."""
    study = put_in_state(study, State.SUBMITTED)
    log = TransitionLog(study=study, transition="submit", from_state=State.DRAFT, to_state=State.SUBMITTED)
    log.actor = people["holder"]
    notify(transition_events(study=study, log=log))
    return study


@pytest.mark.django_db
def test_a_notification_about_a_study_opens_the_study_and_is_read(client, submitted, people):
    item = Notification.objects.get(recipient=people["regional_coordinator"])

    assert opened(client, item) == (302, reverse("workflow:study-detail", args=[submitted.pk]), True)
    assert client.get(reverse("workflow:study-detail", args=[submitted.pk])).status_code == 200


@pytest.mark.django_db
def test_the_email_leads_through_the_open_link(client, submitted, people, settings):
    delivery = Delivery.objects.get(recipient=people["regional_coordinator"])
    link = settings.SITE_URL.rstrip("/") + reverse("notifications:open", args=[delivery.notification_id])

    body_text, body_html = render_email(delivery)

    assert (link in body_text, f'href="{link}"' in body_html) == (True, True)
    assert opened(client, delivery.notification)[1] == reverse("workflow:study-detail", args=[submitted.pk])


@pytest.mark.django_db
def test_a_notification_about_a_session_opens_the_session(client, people):
    session = jury_session(president=people["juror"])
    item = NotificationFactory(recipient=people["juror"], kind=EventKind.SCORING_OPENED, target=session)

    assert opened(client, item) == (302, reverse("juries:session-detail", args=[session.pk]), True)


@pytest.mark.django_db
def test_a_reopened_scorecard_opens_the_scorecard(client, study, people):
    session = jury_session(president=people["bank_expert"], members=[people["juror"]])
    entry = AgendaEntry.objects.create(session=session, study=put_in_state(study, State.JURY))
    scorecard = Scorecard.objects.create(entry=entry, member=people["juror"])

    notify(scorecard_reopened_events(scorecard=scorecard, actor=people["bank_expert"], reason="Critère 2 oublié."))

    item = Notification.objects.get(recipient=people["juror"])
    assert (item.study, opened(client, item)) == (study, (302, reverse("juries:scorecard", args=[entry.pk]), True))


@pytest.mark.django_db
def test_a_project_transfer_opens_the_projects_study(client, study, people):
    item = NotificationFactory(recipient=people["national_coordinator"], target=study.project)

    assert opened(client, item)[1] == reverse("workflow:study-detail", args=[study.pk])


def inbox(client, user, **filters):
    client.force_login(user)
    return client.get(reverse("notifications:inbox"), filters)


@pytest.mark.django_db
def test_the_inbox_filters_by_kind_and_by_read_or_unread(client, people):
    reader = people["juror"]
    read = NotificationFactory(recipient=reader, kind=EventKind.SCORING_OPENED, mode=DeliveryMode.IN_APP)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    unread_opened = NotificationFactory(recipient=reader, kind=EventKind.SCORING_OPENED)
    invitation = NotificationFactory(recipient=reader, kind=EventKind.JURY_INVITATION)

    def shown(**filters):
        return [item.pk for item in inbox(client, reader, **filters).context["page"]]

    assert shown() == [invitation.pk, unread_opened.pk, read.pk]
    assert shown(kind=EventKind.SCORING_OPENED) == [unread_opened.pk, read.pk]
    assert shown(status="unread") == [invitation.pk, unread_opened.pk]
    assert shown(status="read") == [read.pk]
    assert shown(kind=EventKind.JURY_INVITATION, status="read") == []
    # An unknown filter is ignored, not an error.
    assert shown(kind="<script>") == [invitation.pk, unread_opened.pk, read.pk]


@pytest.mark.django_db
def test_the_inbox_groups_by_study_newest_group_first(client, study, people):
    other = put_in_state(study, State.SUBMITTED)
    reader = people["regional_coordinator"]
    first = NotificationFactory(recipient=reader, study=study, target=study)
    session_news = NotificationFactory(recipient=reader, kind=EventKind.SCORING_OPENED)
    second = NotificationFactory(recipient=reader, study=other, target=other)

    groups = inbox(client, reader).context["groups"]

    assert [(group.study, [item.pk for item in group.items]) for group in groups] == [
        (study, [second.pk, first.pk]),
        (None, [session_news.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notifications:inbox", "notifications:preferences"])
def test_the_inbox_and_preferences_sit_in_the_sites_layout_with_its_menu(client, people, name):
    client.force_login(people["holder"])

    html = client.get(reverse(name)).content.decode()

    assert '<link rel="stylesheet" href="/static/css/tremplin' in html
    assert '<nav aria-label="Main menu">' in html
    assert f'href="{reverse("notifications:inbox")}" aria-current="page"' in html


@pytest.mark.django_db
def test_each_inbox_item_links_to_its_own_opening_with_its_kinds_label(client, study, people):
    """The links are made from one reversed URL: each still leads to its own item, and opens it."""
    reader = people["regional_coordinator"]
    about_study = NotificationFactory(recipient=reader, study=study, target=study, kind=EventKind.STUDY_SUBMITTED)
    news = NotificationFactory(recipient=reader, kind=EventKind.SCORING_OPENED)
    NotificationFactory(kind=EventKind.JURY_INVITATION)  # someone else's

    response = inbox(client, reader)
    html = response.content.decode()

    items = [item for group in response.context["groups"] for item in group.items]
    assert [(item.pk, item.link) for item in items] == [
        (news.pk, reverse("notifications:open", args=[news.pk])),
        (about_study.pk, reverse("notifications:open", args=[about_study.pk])),
    ]
    for item in (news, about_study):
        assert f'href="{reverse("notifications:open", args=[item.pk])}"' in html
        assert str(EventKind(item.kind).label) in html
    assert opened(client, about_study) == (302, study.get_absolute_url(), True)


@pytest.mark.django_db
def test_the_inbox_shows_each_items_time_in_paris(client, people):
    reader = people["juror"]
    item = NotificationFactory(recipient=reader, kind=EventKind.SCORING_OPENED)
    # 23:30 UTC on 14 March is 00:30 on the 15th in Paris.
    Notification.objects.filter(pk=item.pk).update(
        created_at=datetime.datetime(2026, 3, 14, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(reader)

    html = client.get(reverse("notifications:inbox"), headers={"accept-language": "fr"}).content.decode()

    assert '<time datetime="2026-03-15T00:30:00+01:00">15/03/2026 00:30</time>' in html

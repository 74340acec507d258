"""The inbox: only its recipient sees an item; unread count, mark read, link to the object."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.enums import DeliveryMode, DeliveryStatus, EventKind
from notifications.models import Delivery, Notification, Preference
from notifications.selectors import notifications_for_user, unread_count_for_user
from notifications.services import mark_all_read, mark_read
from tests.factories import OpportunityStudyFactory, UserFactory, region
from tests.factories.notifications import NotificationFactory


@pytest.mark.django_db
def test_inbox_selector_returns_the_users_items_only():
    reader, other = UserFactory(), UserFactory()
    mine = NotificationFactory.create_batch(2, recipient=reader)
    NotificationFactory(recipient=other)

    assert list(notifications_for_user(reader)) == mine[::-1]
    assert unread_count_for_user(reader) == 2


@pytest.mark.django_db
def test_mark_read_of_someone_elses_item_is_refused_and_changes_nothing():
    item = NotificationFactory()

    with pytest.raises(Notification.DoesNotExist):
        mark_read(user=UserFactory(), notification_id=item.pk)

    item.refresh_from_db()
    assert item.read_at is None


@pytest.mark.django_db
def test_mark_all_read_leaves_other_inboxes_unread():
    reader = UserFactory()
    NotificationFactory.create_batch(3, recipient=reader)
    other = NotificationFactory()

    assert mark_all_read(user=reader) == 3
    assert unread_count_for_user(reader) == 0
    assert unread_count_for_user(other.recipient) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 40])
def test_inbox_page_query_count(client, django_assert_num_queries, item_count):
    reader = UserFactory()
    for study in OpportunityStudyFactory.create_batch(item_count):
        NotificationFactory(recipient=reader, study=study, target=study)
    client.force_login(reader)

    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 200
    assert (len(response.context["page"]), response.context["unread_count"]) == (item_count, item_count)
    assert len(response.context["groups"]) == item_count
    assert f"{item_count} unread notification" in response.content.decode()


@pytest.mark.django_db
def test_opening_someone_elses_item_is_a_404_and_leaves_it_unread(client):
    item = NotificationFactory()
    client.force_login(UserFactory())

    response = client.get(reverse("notifications:open", args=[item.pk]))

    item.refresh_from_db()
    assert (response.status_code, item.read_at) == (404, None)


@pytest.mark.django_db
def test_opening_an_item_about_nothing_marks_it_read_and_goes_back_to_the_inbox(client):
    item = NotificationFactory()
    client.force_login(item.recipient)

    response = client.get(reverse("notifications:open", args=[item.pk]))

    item.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse("notifications:inbox"))
    assert item.read_at is not None


@pytest.mark.django_db
def test_mark_all_read_page_needs_a_post(client):
    item = NotificationFactory()
    client.force_login(item.recipient)

    assert client.get(reverse("notifications:mark-all-read")).status_code == 405
    assert client.post(reverse("notifications:mark-all-read")).status_code == 302
    assert unread_count_for_user(item.recipient) == 0


@pytest.mark.django_db
def test_preferences_page_saves_one_choice_per_kind(client):
    # A national coordinator is offered every kind, his webhooks' among them.
    user = UserFactory(is_national_coordinator=True)
    client.force_login(user)
    choices = {kind: DeliveryMode.IMMEDIATE for kind in EventKind.values}
    choices[EventKind.STUDY_SUBMITTED] = DeliveryMode.DIGEST

    response = client.post(reverse("notifications:preferences"), choices)

    assert response.status_code == 302
    assert Preference.objects.get(user=user, kind=EventKind.STUDY_SUBMITTED).mode == DeliveryMode.DIGEST
    assert Preference.objects.filter(user=user).count() == len(EventKind.values)


def failed_delivery(**fields):
    item = NotificationFactory()
    return Delivery.objects.create(
        recipient=item.recipient,
        notification=item,
        to_email=item.recipient.email,
        subject=item.text,
        template="notifications/email/accepted_into_training",
        language="fr",
        status=DeliveryStatus.FAILED,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_failed_emails_page_query_count(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        failed_delivery()
    client.force_login(UserFactory(is_national_coordinator=True))

    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:failed"))

    assert response.status_code == 200
    assert response.content.decode().count('action="/notifications/failed/') == item_count


@pytest.mark.django_db
def test_national_coordinator_sends_a_failed_email_again_from_its_page(client, django_capture_on_commit_callbacks):
    delivery = failed_delivery()
    coordinator = UserFactory(is_national_coordinator=True)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[delivery.pk]))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.resent_by, delivery.attempts) == (DeliveryStatus.SENT, coordinator, 1)


@pytest.mark.django_db
def test_resend_by_a_coordinator_of_another_region_is_a_404_and_changes_nothing(client):
    delivery = failed_delivery()
    client.force_login(UserFactory(coordinates=[region("84")]))

    response = client.post(reverse("notifications:resend", args=[delivery.pk]))

    assert response.status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED


@pytest.mark.django_db
def test_resend_of_an_email_sent_meanwhile_says_why_and_changes_nothing(client):
    delivery = failed_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT)
    client.force_login(UserFactory(is_national_coordinator=True, language="en"))

    response = client.post(reverse("notifications:resend", args=[delivery.pk]), headers={"accept-language": "en"})

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "This email is not among those that could not be sent."
    ]
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT

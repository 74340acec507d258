"""The page of emails not sent sits in the site's layout, fits a 1280 px screen, and sends an email again."""

import pytest

from notifications.enums import DeliveryStatus
from notifications.models import Delivery
from tests.factories import SchoolProjectFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_failed_deliveries_page_in_the_layout_without_overflow_and_resend(page, live_server, sign_in, screenshot):
    coordinator = UserFactory(is_national_coordinator=True, language="en")
    recipient = UserFactory()
    delivery = Delivery.objects.create(
        recipient=recipient,
        to_email=recipient.email,
        subject="The opportunity study of “École de Production de Villeurbanne” is accepted: the training starts.",
        template="notifications/email/accepted_into_training",
        language="fr",
        status=DeliveryStatus.FAILED,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed " + "x" * 400,
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, coordinator)

    page.goto(f"{live_server.url}/notifications/failed/")
    screenshot(page, "failed-deliveries")

    assert page.locator("header nav[aria-label]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.get_by_role("button", name="Send again").click()
    page.wait_for_url(f"{live_server.url}/notifications/failed/")
    assert page.get_by_text("is back in the outbox").count() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.resent_by) == (DeliveryStatus.SENT, coordinator)


def test_a_regional_coordinator_finds_his_regions_failed_emails_from_the_inbox(page, live_server, sign_in, screenshot):
    home = region("84")
    coordinator = UserFactory(coordinates=[home], language="en")
    founder = SchoolProjectFactory(region=home).team.get()
    other_founder = SchoolProjectFactory(region=region("11")).team.get()
    for person in (founder, other_founder):
        Delivery.objects.create(
            recipient=person,
            to_email=person.email,
            subject="Your opportunity study was received.",
            template="notifications/email/study_submitted",
            language="fr",
            status=DeliveryStatus.FAILED,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, coordinator)

    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="Emails not sent 1").click()
    page.wait_for_url(f"{live_server.url}/notifications/failed/")
    screenshot(page, "failed-deliveries-regional")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.get_by_text(founder.email).count() == 1
    assert page.get_by_text(other_founder.email).count() == 0
    page.get_by_role("button", name="Send again").click()
    page.wait_for_url(f"{live_server.url}/notifications/failed/")
    assert Delivery.objects.get(recipient=founder).resent_by == coordinator

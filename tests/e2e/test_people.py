"""People in the browser: an invitation accepted from its email, a founder's request to join accepted."""

import re

import pytest

from accounts.models import User
from notifications.models import Delivery
from notifications.services import render_email
from projects.models import SchoolProject
from tests.factories import UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Un-mot-de-passe-2-Tremplin!"
LINK = re.compile(r"https?://\S+/invitations/[^/\s]+/")


def emailed_path(address):
    """The link of the latest email to ``address`` in the outbox, as a path of the live server."""
    body = render_email(Delivery.objects.filter(to_email=address).latest("pk"))[0]
    link = LINK.search(body).group(0)
    return link[link.index("/invitations/") :]


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def set_password(page, live_server, address):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{emailed_path(address)}")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_text("Welcome to Tremplin: your invitation is accepted.").wait_for()


def test_invitation_accepted_from_its_email(page, live_server, sign_in, screenshot):
    national = UserFactory(email="nadia@example.org", full_name="Nadia Nationale", is_national_coordinator=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(page, national)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Invitations").click()
    page.get_by_label("Full name").fill("Julie Jurée")
    page.get_by_label("Email address").fill("julie@example.org")
    page.get_by_label("Role").select_option(label="Jury member")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invitation sent to julie@example.org.").wait_for()
    assert no_horizontal_overflow(page)
    screenshot(page, "national-invitations")

    set_password(page, live_server, "julie@example.org")
    screenshot(page, "invited-juror-home")

    julie = User.objects.get(email="julie@example.org")
    assert (julie.full_name, julie.is_jury_member, julie.check_password(NEW_PASSWORD)) == ("Julie Jurée", True, True)
    # The link is single use: opened again, it says so.
    page.goto(f"{live_server.url}{emailed_path('julie@example.org')}")
    page.get_by_text("This invitation was already accepted").wait_for()


def test_founder_request_to_join_accepted_by_the_coordinator(page, live_server, sign_in, screenshot):
    home = region("84")
    coordinator = UserFactory(email="isabelle@example.org", full_name="Isabelle Roche", coordinates=[home])
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/join/")
    page.get_by_label("Full name").fill("Fanny Fondatrice")
    page.get_by_label("Email address").fill("fanny@example.org")
    page.get_by_label("Name of the school project").fill("École de Production du Lac")
    page.get_by_label("Commune").fill("Annecy")
    page.get_by_label("Region").select_option(label=home.name)
    page.get_by_label("Message").fill("Douze entreprises nous soutiennent.")
    page.get_by_role("button", name="Send my request").click()
    page.get_by_role("heading", name="Request sent").wait_for()

    sign_in(page, coordinator)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Requests to join").click()
    page.get_by_text("Douze entreprises nous soutiennent.").wait_for()
    assert no_horizontal_overflow(page)
    screenshot(page, "coordinator-requests-to-join")
    page.get_by_label("Message to the founder").fill("Bienvenue dans le réseau.")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.get_by_text("Request accepted: the founder is invited to his project.").wait_for()

    set_password(page, live_server, "fanny@example.org")
    page.get_by_role("link", name="My projects").click()
    page.get_by_role("heading", name="École de Production du Lac").wait_for()
    screenshot(page, "founder-after-joining")

    project = SchoolProject.objects.get(name="École de Production du Lac")
    assert (list(project.team.values_list("email", flat=True)), project.region) == (["fanny@example.org"], home)

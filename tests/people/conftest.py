import re

import pytest
from django.test import Client

from notifications.models import Delivery
from notifications.services import render_email
from tests.factories import SchoolProjectFactory, UserFactory, region

LINK = re.compile(r"https?://\S+/invitations/[^/\s]+/")


@pytest.fixture
def home_region(db):
    return region("84")


@pytest.fixture
def other_region(db):
    return region("11")


@pytest.fixture
def cast(home_region, other_region):
    """The people who invite and answer, around a project of ``home_region``; and some of elsewhere."""
    founder = UserFactory(full_name="Claire Porteuse", email="claire@example.org")
    other_founder = UserFactory(full_name="Bérénice Autre")
    return {
        "founder": founder,
        "project": SchoolProjectFactory(name="École de la Vallée", region=home_region, team=[founder]),
        "other_founder": other_founder,
        "other_project": SchoolProjectFactory(name="École d'Ailleurs", region=other_region, team=[other_founder]),
        "regional": UserFactory(full_name="Régine Régionale", coordinates=[home_region]),
        "other_regional": UserFactory(full_name="Oscar Ailleurs", coordinates=[other_region]),
        "national": UserFactory(full_name="Nadia Nationale", is_national_coordinator=True),
        "bank": UserFactory(full_name="Bruno Banque", is_bank_expert=True),
        "juror": UserFactory(full_name="Julie Jurée", is_jury_member=True),
    }


def emailed_link(address):
    """The invitation link of the latest email to ``address`` in the outbox, as its reader would follow it."""
    delivery = Delivery.objects.filter(to_email=address).latest("pk")
    return LINK.search(render_email(delivery)[0]).group(0)


def link_path(address):
    link = emailed_link(address)
    return link[link.index("/invitations/") :]


def english(user=None):
    """A browser that reads the site in English, signed in as ``user`` if given."""
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client

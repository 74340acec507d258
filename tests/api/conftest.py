import pytest
from django.test import Client

from api.enums import TokenScope
from api.services import create_token
from tests.factories import UserFactory
from tests.juries.conftest import (  # noqa: F401 -- shared fixtures
    alice,
    bank_expert,
    bruno,
    chloe,
    coordinator,
    criteria,
    deliberating_session,
    entries,
    grid,
    planned_session,
    president,
    scoring_session,
    studies,
    submit,
)


def bearer(user, scope=TokenScope.WRITE, name="Outil du réseau"):
    """A client that speaks to the API with a new token of ``user``, in English unless told otherwise."""
    _token, key = create_token(actor=user, name=name, scope=scope)
    return Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"})


@pytest.fixture
def person(db):
    return UserFactory(full_name="Ada Outil")

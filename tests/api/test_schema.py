"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI application, with a token of
each role of the security world: no server error, and every answer (refusals included) as the schema says.

Each operation gets ``MAX_EXAMPLES`` generated requests; the role, and whether a path's id is one of the
world's rows or any id, are drawn with them. Each request runs in a savepoint rolled back after it, so a write
that succeeds does not change the world the next one meets. About a minute on PostgreSQL.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.enums import TokenScope
from api.services import create_token
from config.wsgi import application
from juries.models import Scorecard
from tests.security.process_matrix import rolled_back
from tests.security.world import build_world

ROLES = (
    "holder",
    "other_holder",
    "regional_coordinator",
    "other_regional_coordinator",
    "national_coordinator",
    "bank_expert",
    "president",
    "juror",
    "conflicted_juror",
    "other_session_juror",
)
MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    """The world and a read-and-write key per role, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), rolled_back():
        world = build_world()
        keys = {role: create_token(actor=world.people[role], name=role, scope=TokenScope.WRITE)[1] for role in ROLES}
        ids = sorted(
            {
                world.study.pk,
                world.other_study.pk,
                world.session.pk,
                world.entry.pk,
                world.notification.pk,
                world.study.financing_review.pk,
                *Scorecard.objects.values_list("pk", flat=True),
            }
        )
        yield world, keys, ids


@pytest.fixture(scope="module")
def _connection_kept():
    """Keep the test's database connection across WSGI requests, as Django's test client does: the handler
    would close it at each request's end, and the test's transaction with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema():
    """The schema the API serves, drawn in-process (the lazy fixture loader of schemathesis does not run under
    this pytest); requests then go through the WSGI application."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = application
    return loaded


@pytest.fixture(autouse=True)
def _localhost(settings, _connection_kept):
    # Schemathesis's WSGI requests name the host "localhost"; the rate would stop a minute of requests.
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.API_TOKEN_RATE = "100000/minute"


schema = _schema()


@pytest.mark.django_db
@pytest.mark.postgres
@schema.parametrize()
@schema.given(role=st.sampled_from(ROLES), known=st.booleans(), pick=st.integers(min_value=0))
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_every_role_as_its_schema_says(case, role, known, pick, api_world):
    _world, keys, ids = api_world
    if known and case.path_parameters and "id" in case.path_parameters:
        case.path_parameters["id"] = ids[pick % len(ids)]
    with rolled_back():
        response = case.call(headers={"Authorization": f"Bearer {keys[role]}", "Accept-Language": "fr"})
    case.validate_response(response, checks=CHECKS)

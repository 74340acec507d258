"""``updated_since`` on the projects and the jury sessions: a tool that keeps in sync reads what changed only."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from juries.models import JurySession
from juries.services.sessions import update_session
from projects.models import SchoolProject
from tests.api.conftest import bearer
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, region
from workflow.services import transfer_region

pytestmark = pytest.mark.django_db


def ids(client, path, since):
    response = client.get(path, {"updated_since": since.isoformat()})
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def project_in(home):
    """A project with its study, so that the coordinators may read it."""
    return OpportunityStudyFactory(project=SchoolProjectFactory(region=home)).project


def moved_back(model, *rows, hours=2):
    """Date the rows' last change back, as if they had not changed for a while."""
    model.objects.filter(pk__in=[row.pk for row in rows]).update(updated_at=timezone.now() - timedelta(hours=hours))


def test_projects_changed_since_a_moment_are_listed_alone(coordinator):
    home, elsewhere = region("84"), region("11")
    moved, untouched = project_in(home), project_in(home)
    moved_back(SchoolProject, moved, untouched)
    since = timezone.now() - timedelta(hours=1)

    transfer_region(moved, actor=coordinator, region=elsewhere, reason="Déménagement du porteur.")

    assert ids(bearer(coordinator), "/api/v1/projects/", since) == [moved.pk]
    assert ids(bearer(coordinator), "/api/v1/projects/", since - timedelta(hours=2)) == sorted([moved.pk, untouched.pk])


def test_sessions_changed_since_a_moment_are_listed_alone(coordinator, planned_session, grid):
    other = JurySession.objects.create(title="Jury d'automne", date=timezone.localdate(), grid=grid)
    moved_back(JurySession, planned_session, other)
    since = timezone.now() - timedelta(hours=1)

    # Only its regions change: no column of the session's own, yet the session changed.
    update_session(
        planned_session,
        actor=coordinator,
        title=planned_session.title,
        date=planned_session.date,
        place=planned_session.place,
        video_link=planned_session.video_link,
        regions=[region("84")],
        quorum=planned_session.quorum,
    )

    assert ids(bearer(coordinator), "/api/v1/jury-sessions/", since) == [planned_session.pk]


def test_the_rows_carry_their_last_change(coordinator, planned_session):
    project = project_in(region("84"))
    client = bearer(coordinator)

    projects = client.get("/api/v1/projects/").json()["results"]
    sessions = client.get("/api/v1/jury-sessions/").json()["results"]

    project.refresh_from_db()
    planned_session.refresh_from_db()
    assert [datetime.fromisoformat(row["updated_at"]) for row in projects] == [project.updated_at]
    assert [datetime.fromisoformat(row["updated_at"]) for row in sessions] == [planned_session.updated_at]


@pytest.mark.parametrize("path", ["/api/v1/projects/", "/api/v1/jury-sessions/"])
def test_a_malformed_moment_is_a_400_with_the_field(coordinator, path):
    response = bearer(coordinator).get(path, {"updated_since": "yesterday"})

    assert (response.status_code, list(response.json()["fields"])) == (400, ["updated_since"])


@pytest.mark.parametrize(
    ("moment", "status_code"),
    [
        # ISO 8601 allows an offset PostgreSQL refuses: the moment is compared in UTC.
        ("0423-12-03T05:25:48+22:48", 200),
        ("2026-01-01T00:00:00-23:59", 200),
        # In UTC this moment falls before the first day of year 1.
        ("0001-01-01T00:00:00+05:00", 400),
    ],
)
def test_any_offset_iso_8601_allows_is_an_answer_not_a_server_error(coordinator, moment, status_code):
    for path in ("/api/v1/projects/", "/api/v1/studies/"):
        response = bearer(coordinator).get(path, {"created_since" if "projects" in path else "updated_since": moment})

        assert response.status_code == status_code

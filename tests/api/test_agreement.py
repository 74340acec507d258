"""For every role, each list of the API holds exactly what the matching page shows: the same rows, by id.

The world (``tests.security.world``) has two regions, a project in each and a third on another session's
agenda, the bank, the federation, and jurors of two sessions, one of them conflicted on the study under test.
"""

import pytest
from django.test import Client
from django.urls import reverse

from api.enums import TokenScope
from tests.api.conftest import bearer
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


def api_ids(client, url, key="id"):
    response = client.get(url)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return sorted(row[key] for row in rows)


def page_context(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    return None if response.status_code in (403, 404) else response.context


def page_ids(client, name, pick, **kwargs):
    context = page_context(client, name, **kwargs)
    return None if context is None else sorted(pick(context))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_api_list_returns_the_rows_of_its_page(role):
    world = build_world()
    user = world.people[role]
    page = Client(headers={"Accept-Language": "en"})
    page.force_login(user)
    api = bearer(user, TokenScope.READ)
    study, session, entry = world.study.pk, world.session.pk, world.entry.pk

    studies = page_ids(page, "workflow:study-list", lambda c: [row["pk"] for row in c["page"].object_list])
    study_pages = [page_context(page, "workflow:study-detail", pk=pk) for pk in studies]
    agenda = page_context(page, "juries:session-detail", pk=session)
    pages = {
        "studies": studies,
        "projects": sorted({context["study"].project_id for context in study_pages}),
        "financing reviews": sorted(c["review"].pk for c in study_pages if c["review"] is not None),
        "fundings": sorted(c["study"].pk for c in study_pages if c["record"].funded),
        "openings": sorted(c["study"].pk for c in study_pages if c["study"].opened_on is not None),
        "versions": page_ids(page, "workflow:version-list", lambda c: [v.number for v in c["versions"]], pk=study),
        "log": page_ids(page, "workflow:study-detail", lambda c: [log.pk for log in c["record"].timeline], pk=study),
        "sessions": page_ids(page, "juries:session-list", lambda c: [s.pk for s in c["sessions"]]) or [],
        "agenda": None
        if agenda is None
        else sorted((row.entry_id, None if row.conflicted else row.study_id) for row in agenda["page"]),
        "scorecards": page_ids(page, "juries:entry-detail", lambda c: [card.pk for card in c["cards"]], pk=entry) or [],
        "notifications": page_ids(page, "notifications:inbox", lambda c: [n.pk for n in c["page"].object_list]),
    }
    session_body = api.get(f"/api/v1/jury-sessions/{session}/")
    apis = {
        "studies": api_ids(api, "/api/v1/studies/"),
        "projects": api_ids(api, "/api/v1/projects/"),
        "financing reviews": api_ids(api, "/api/v1/financing-reviews/"),
        "fundings": api_ids(api, "/api/v1/fundings/", key="study"),
        "openings": api_ids(api, "/api/v1/openings/", key="study"),
        "versions": api_ids(api, f"/api/v1/studies/{study}/versions/", key="number"),
        "log": api_ids(api, f"/api/v1/studies/{study}/log/"),
        "sessions": api_ids(api, "/api/v1/jury-sessions/"),
        "agenda": None
        if session_body.status_code == 404
        else sorted((row["id"], row["study"]) for row in session_body.json()["agenda"]),
        "scorecards": api_ids(api, f"/api/v1/scorecards/?entry={entry}"),
        "notifications": api_ids(api, "/api/v1/notifications/"),
    }

    assert apis == pages
    # Not vacuous: the world has a funded school in the bank's portfolio and schools open in both regions.
    if role == "national_coordinator":
        assert pages["fundings"] and len(pages["openings"]) >= 2

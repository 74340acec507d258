"""Every jury page for every role: allowed, forbidden (403) or out of reach (404)."""

import pytest
from django.urls import reverse

from juries.enums import SessionState
from juries.models import JuryLog

ROLES = [
    "national_coordinator",
    "president",
    "member",
    "conflicted_member",
    "other_session_member",
    "holder",
    "regional_coordinator",
]


def expect(*codes):
    return dict(zip(ROLES, codes, strict=True))


# While scoring is open; the entry is the first study, on which the conflicted member declared a conflict.
SCORING_PAGES = {
    "session-list": expect(200, 200, 200, 200, 200, 403, 403),
    "session-create": expect(200, 403, 403, 403, 403, 403, 403),
    "session-detail": expect(200, 200, 200, 200, 404, 404, 404),
    "results": expect(302, 302, 302, 302, 404, 404, 404),
    "entry-detail": expect(200, 200, 200, 200, 404, 404, 404),
    "scorecard": expect(403, 200, 200, 403, 404, 404, 404),
    "conflict": expect(200, 200, 200, 403, 404, 404, 404),
    "reopen": expect(403, 200, 403, 403, 404, 404, 404),
}


def url(name, session, entry, member):
    if name in ("session-list", "session-create"):
        return reverse(f"juries:{name}")
    if name in ("session-detail", "results"):
        return reverse(f"juries:{name}", args=[session.pk])
    if name == "reopen":
        return reverse("juries:reopen", args=[entry.pk, member.pk])
    return reverse(f"juries:{name}", args=[entry.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", SCORING_PAGES)
def test_page_during_scoring_answers_by_role(signed_in, people, scoring_session, entries, alice, name, role):
    response = signed_in(people[role]).get(url(name, scoring_session, entries[0], alice))

    assert response.status_code == SCORING_PAGES[name][role]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), list(expect(200, 200, 200, 200, 404, 404, 404).items()))
def test_results_in_deliberation_answers_by_role(signed_in, deliberating_session, people, role, status):
    response = signed_in(people[role]).get(reverse("juries:results", args=[deliberating_session.pk]))

    assert response.status_code == status


POSTS = ["open-scoring", "close-scoring", "close", "member-add", "agenda-add"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("president", 403), ("member", 403), ("other_session_member", 404), ("holder", 404)],
)
@pytest.mark.parametrize("name", POSTS)
def test_session_actions_refuse_anyone_but_a_national_coordinator(
    signed_in, planned_session, people, name, role, status
):
    logged = JuryLog.objects.count()

    response = signed_in(people[role]).post(reverse(f"juries:{name}", args=[planned_session.pk]))

    planned_session.refresh_from_db()
    assert (response.status_code, planned_session.state, JuryLog.objects.count()) == (
        status,
        SessionState.PLANNED,
        logged,
    )


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client, planned_session):
    response = client.get(reverse("juries:session-detail", args=[planned_session.pk]))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))

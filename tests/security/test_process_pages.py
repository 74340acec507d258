"""Pages on the process world's objects: a conflict of interest binds a person and a project across sessions.

The juror who sat on the former session, where D was deferred, and declared a conflict on D's project in the
current one, opens D neither through the current session nor through the former; nor does the national
coordinator conflicted on it. Neither reads D's state, scores or outcome on the session, entry and results pages.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from juries.enums import Decision
from tests.security.process_world import NAMES, ROLES
from workflow.enums import State

# study-detail of D, J2 (the current session's other study) and X (approved by the former session); the
# entry pages of D in the current and the former session; the former session's page.
PAGES = {
    "workflow:study-detail @ d":        "L    200  404  200  404  200  404  200  200  200  200  404",
    "workflow:study-detail @ j2":       "L    404  200  404  200  200  200  200  200  404  200  200",
    "workflow:study-detail @ x":        "L    200  404  200  404  200  200  200  404  200  404  200",
    "juries:entry-detail @ d@current":  "L    404  404  404  404  200  200  404  200  404  200  200",
    "juries:entry-detail @ d@former":   "L    404  404  404  404  200  200  404  404  200  404  200",
    "juries:session-detail @ former":   "L    404  404  404  404  200  200  404  404  200  404  200",
}  # fmt: skip

CONFLICTED = ("conflicted_juror", "conflicted_national")


def _url(world, key):
    name, target = key.split(" @ ")
    if name == "workflow:study-detail":
        return reverse(name, kwargs={"pk": world.studies[target].pk})
    if name == "juries:entry-detail":
        return reverse(name, kwargs={"pk": world.entries[target].pk})
    return reverse(name, kwargs={"pk": world.sessions[target].pk})


def _client(world, role, language="en"):
    client = Client(raise_request_exception=False, headers={"Accept-Language": language})
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def _code(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "L"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(PAGES))
def test_pages_of_the_process_world_answer_as_the_table_says(process_world, key):
    url = _url(process_world, key)
    answers = {role: _code(_client(process_world, role).get(url)) for role in ROLES}
    assert answers == dict(zip(ROLES, PAGES[key].split(), strict=True))


def _outcome_labels():
    """D's state and outcome as the French pages write them: every state and decision label."""
    with translation.override("fr"):
        return {str(label) for _value, label in [*State.choices, *Decision.choices]}


def _main(content):
    """The page without its menu (whose links are named like some states)."""
    return content[content.index('<main id="content">') :]


def _rows_naming(content, name):
    """The table rows (or the whole page, for an entry's page) that name the project."""
    return [row for row in re.findall(r"<tr>.*?</tr>", content, re.S) if name in row]


@pytest.mark.django_db
@pytest.mark.parametrize("role", CONFLICTED)
def test_the_conflicted_read_no_state_score_or_outcome_of_d_in_any_session(process_world, role):
    world, name = process_world, NAMES["d"]
    client = _client(world, role, language="fr")
    labels = _outcome_labels()
    leaks = []
    for session in ("former", "current"):
        for page in ("juries:session-detail", "juries:results"):
            response = client.get(reverse(page, kwargs={"pk": world.sessions[session].pk}), follow=True)
            content = response.content.decode()
            for row in _rows_naming(content, name):
                leaks += [(page, session, label) for label in labels if f">{label}<" in row]
                if reverse("workflow:study-detail", kwargs={"pk": world.studies["d"].pk}) in row:
                    leaks.append((page, session, "link to the study"))
        response = client.get(reverse("juries:entry-detail", kwargs={"pk": world.entries[f"d@{session}"].pk}))
        if response.status_code == 200:
            content = _main(response.content.decode())
            leaks += [("entry", session, label) for label in labels if f">{label}<" in content]
            # A total's element, not "/20": the page's links hold ids, and an id of 20x matched it.
            leaks += [("entry", session, "scores") for mark in ('class="total"', "Commentaire") if mark in content]
    assert leaks == []


@pytest.mark.django_db
def test_the_former_decision_is_shown_to_those_not_conflicted(process_world):
    """The check above would pass on a page that shows nothing: the former president reads D's deferral."""
    client = _client(process_world, "former_president", language="fr")
    content = client.get(reverse("juries:session-detail", kwargs={"pk": process_world.sessions["former"].pk}))
    with translation.override("fr"):
        deferred = str(Decision.DEFER.label)
    assert any(f">{deferred}<" in row for row in _rows_naming(content.content.decode(), NAMES["d"]))

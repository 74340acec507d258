"""The session page and the results table at the size of a real agenda: pages, search, filters, access, queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from juries.enums import Decision, ScorecardStatus, SessionState
from juries.models import AgendaEntry, ConflictOfInterest, EntryResult, JuryDecision, Scorecard
from juries.services.results import publish_results
from tests.factories import region

MAX_QUERIES = 12


def session_url(session, **query):
    return reverse("juries:session-detail", args=[session.pk]), query


def results_url(session, **query):
    return reverse("juries:results", args=[session.pk]), query


def names(response):
    return [row.name if hasattr(row, "name") else row["name"] for row in response.context["page"]]


def school(number):
    return f"École n°{number:04d}"


@pytest.mark.django_db
def test_session_page_two_shows_the_studies_after_the_first_fifty(signed_in, agenda_of, alice):
    session = agenda_of(60)
    client = signed_in(alice)

    first = client.get(*session_url(session))
    second = client.get(*session_url(session, page=2))

    assert (names(first), names(second)) == (
        [school(number) for number in range(1, 51)],
        [school(number) for number in range(51, 61)],
    )


@pytest.mark.django_db
def test_each_session_page_counts_its_own_agenda_filtered_or_not(signed_in, agenda_of, alice):
    """Unfiltered, the total is the session's agenda, read with the session; filtered, the rows counted."""
    small, big = agenda_of(3), agenda_of(55)
    client = signed_in(alice)

    pages = {
        "small": client.get(*session_url(small)),
        "big": client.get(*session_url(big)),
        "big, page 2": client.get(*session_url(big, page=2)),
        "big, searched": client.get(*session_url(big, q="n°005")),
    }

    assert {label: (page.context["page"].paginator.count, len(names(page))) for label, page in pages.items()} == {
        "small": (3, 3),
        "big": (55, 50),
        "big, page 2": (55, 5),
        "big, searched": (6, 6),
    }
    assert "55 studies" in pages["big, page 2"].content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("number, shown", [("9", 5), ("abc", 50), ("-3", 50), ("", 50)])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_that_exists(
    signed_in, agenda_of, alice, number, shown
):
    session = agenda_of(55)
    client = signed_in(alice)

    agenda = client.get(*session_url(session, page=number))
    searched = client.get(*session_url(session, page=number, q="École"))
    results = client.get(*results_url(session, page=number))

    for response in (agenda, searched, results):
        assert response.status_code == 200
        assert (response.context["page"].paginator.count, len(response.context["page"].object_list)) == (55, shown)


@pytest.mark.django_db
def test_results_ranks_run_over_the_whole_session_across_pages(signed_in, agenda_of, alice):
    session = agenda_of(60)
    client = signed_in(alice)
    stored = list(
        EntryResult.objects.filter(entry__session=session)
        .order_by("rank", "entry__position")
        .values_list("entry__study__project__name", "rank")
    )

    pages = [client.get(*results_url(session, page=number)).context["page"] for number in (1, 2)]

    shown = [(row["name"], int(row["rank"])) for page in pages for row in page]
    assert (len(pages[0]), len(pages[1]), shown) == (50, 10, stored)
    assert int(pages[1][0]["rank"]) > 1


@pytest.mark.django_db
def test_results_ranked_by_normalised_score_follow_the_normalised_rank(signed_in, agenda_of, alice):
    session = agenda_of(60)

    response = signed_in(alice).get(*results_url(session, order="normalised", page=2))

    stored = list(
        EntryResult.objects.filter(entry__session=session)
        .order_by("normalised_rank", "entry__position")
        .values_list("entry__study__project__name", flat=True)
    )
    assert names(response) == stored[50:]


@pytest.mark.django_db
@pytest.mark.parametrize(("search", "found"), [("n°0042", [school(42)]), ("Marseille", [])])
def test_both_pages_search_the_agenda(signed_in, agenda_of, alice, search, found):
    session = agenda_of(60)
    client = signed_in(alice)

    session_page = client.get(*session_url(session, q=search))
    results_page = client.get(*results_url(session, q=search))

    assert (names(session_page), names(results_page)) == (found, found)


@pytest.mark.django_db
def test_results_filter_by_quorum_and_decision(signed_in, agenda_of, president, alice):
    session = agenda_of(4)
    entries = list(AgendaEntry.objects.filter(session=session).order_by("position"))
    entries[0].scorecards.filter(member=alice).delete()
    publish_results(session)
    JuryDecision.objects.create(
        entry=entries[1],
        decision=Decision.APPROVE,
        motivation="Oui.",
        decided_by=president,
        decided_as=Role.JURY_PRESIDENT,
    )
    client = signed_in(alice)

    short = client.get(*results_url(session, quorum="short"))
    reached_undecided = client.get(*results_url(session, quorum="reached", decision="pending"))
    decided = client.get(*results_url(session, decision="recorded"))

    assert (names(short), sorted(names(reached_undecided)), names(decided)) == (
        [school(1)],
        [school(3), school(4)],
        [school(2)],
    )


@pytest.mark.django_db
def test_results_filter_the_studies_a_member_stands_aside_from(signed_in, agenda_of, president, bruno):
    session = agenda_of(3)
    entry = AgendaEntry.objects.get(session=session, position=2)
    ConflictOfInterest.objects.create(entry=entry, member=bruno, reason="Mon frère.", declared_by=bruno)

    response = signed_in(president).get(*results_url(session, conflict="on"))

    assert names(response) == [school(2)]


@pytest.mark.django_db
def test_session_page_filters_what_each_reader_may_filter(signed_in, agenda_of, president, alice, bruno):
    """In scoring Alice submitted the odd-numbered studies, and everyone the first: who is missing is the
    president's to see, not hers (her filter is ignored, as a count would tell it)."""
    session = agenda_of(4, state=SessionState.SCORING)
    first = AgendaEntry.objects.get(session=session, position=1)
    Scorecard.objects.bulk_create(
        Scorecard(entry=first, member=member, status=ScorecardStatus.SUBMITTED) for member in (president, bruno)
    )

    missing = signed_in(president).get(*session_url(session, show="missing"))
    complete = signed_in(president).get(*session_url(session, show="complete"))
    to_score = signed_in(alice).get(*session_url(session, show="to_score"))
    alice_asks_missing = signed_in(alice).get(*session_url(session, show="missing"))

    assert (names(missing), names(complete), names(to_score), names(alice_asks_missing)) == (
        [school(2), school(3), school(4)],
        [school(1)],
        [school(2), school(4)],
        [school(number) for number in range(1, 5)],
    )
    assert [(row.submitted, row.waiting) for row in missing.context["page"]] == [
        (0, "waiting: Paul Président, Alice Jurée, Bruno Juré"),
        (1, "waiting: Paul Président, Bruno Juré"),
        (0, "waiting: Paul Président, Alice Jurée, Bruno Juré"),
    ]


@pytest.mark.django_db
def test_filter_and_search_are_kept_across_pages(signed_in, agenda_of, alice):
    session = agenda_of(120)
    client = signed_in(alice)

    session_page = client.get(*session_url(session, q="École", show="undecided"))
    results_page = client.get(*results_url(session, q="École", quorum="reached", page=2))

    assert "?q=%C3%89cole&amp;show=undecided&amp;page=2" in session_page.content.decode()
    assert (
        "?q=%C3%89cole&amp;quorum=reached&amp;page=1" in results_page.content.decode(),
        "?q=%C3%89cole&amp;quorum=reached&amp;page=3" in results_page.content.decode(),
    ) == (True, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 200), ("president", 200), ("national_coordinator", 200), ("other_session_member", 404)],
)
def test_both_pages_open_to_the_session_only(signed_in, people, deliberating_session, role, status):
    client = signed_in(people[role])

    assert (
        client.get(*session_url(deliberating_session)).status_code,
        client.get(*results_url(deliberating_session)).status_code,
    ) == (status, status)


@pytest.mark.django_db
def test_conflicted_member_sees_the_name_only_on_the_session_page(signed_in, people, deliberating_session, entries):
    response = signed_in(people["conflicted_member"]).get(*session_url(deliberating_session))
    results = signed_in(people["conflicted_member"]).get(*results_url(deliberating_session))

    row = response.context["page"][0]
    assert (row.entry_id, row.conflicted, row.state_label is not None, row.decision, row.progress) == (
        entries[0].pk,
        True,
        True,
        "",
        None,
    )
    assert [line["entry_id"] for line in results.context["page"]] == [entries[1].pk]


def counted(client, url):
    client.get(*url)  # the first request of a client warms what later ones reuse
    with CaptureQueriesContext(connection) as queries:
        response = client.get(*url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [SessionState.PLANNED, SessionState.SCORING, SessionState.DELIBERATION])
def test_session_page_queries_do_not_grow_with_the_agenda(signed_in, agenda_of, coordinator, president, alice, state):
    sessions = agenda_of(20, state=state), agenda_of(2000, state=state)

    counts = {
        reader.full_name: [counted(signed_in(reader), session_url(session)) for session in sessions]
        for reader in (coordinator, president, alice)
    }

    assert all(small == large <= MAX_QUERIES for small, large in counts.values()), counts


@pytest.mark.django_db
def test_results_queries_do_not_grow_with_the_agenda(signed_in, agenda_of, coordinator, president, alice):
    sessions = agenda_of(20), agenda_of(2000)

    counts = {
        reader.full_name: [counted(signed_in(reader), results_url(session, quorum="reached")) for session in sessions]
        for reader in (coordinator, president, alice)
    }

    assert all(small == large <= MAX_QUERIES for small, large in counts.values()), counts


@pytest.mark.django_db
def test_ids_in_forms_and_links_are_printed_without_grouping_in_french(signed_in, agenda_of, coordinator, president):
    """Ids start at 1,000,000 in the tests: French grouping would print « 1 000 747 » into a link or a form."""
    scoring, deliberating = agenda_of(3, state=SessionState.SCORING), agenda_of(3)
    french = {"headers": {"Accept-Language": "fr"}}

    pages = [
        signed_in(president).get(*session_url(scoring), **french).content.decode(),
        signed_in(coordinator).get(*session_url(scoring), **french).content.decode(),
        signed_in(coordinator).get(*results_url(deliberating), **french).content.decode(),
    ]

    grouped = re.compile(r'(?:href|action|value|id)="[^"]*\d[\u00a0\u202f ]\d{3}')
    assert ("/reopen/" in pages[0], [grouped.findall(page) for page in pages]) == (True, [[], [], []])


@pytest.mark.django_db
def test_each_line_links_the_pages_its_reader_may_open(signed_in, agenda_of, president, alice):
    """The lines build an entry's links from its URL: they must be the URLs the entry's pages answer."""
    session = agenda_of(2, state=SessionState.SCORING)
    first = AgendaEntry.objects.get(session=session, position=1)

    juror_page = signed_in(alice).get(*session_url(session)).content.decode()
    president_page = signed_in(president).get(*session_url(session)).content.decode()

    assert (
        f'href="{reverse("juries:scorecard", args=[first.pk])}"' in juror_page,
        f'href="{reverse("juries:conflict", args=[first.pk])}"' in juror_page,
        f'href="{reverse("workflow:study-detail", args=[first.study_id])}"' in juror_page,
        f'href="{reverse("juries:recusal", args=[first.pk])}"' in president_page,
        f'href="{reverse("juries:reopen", args=[first.pk, alice.pk])}"' in president_page,
    ) == (True, True, True, True, True)


@pytest.mark.django_db
def test_session_page_names_the_regions_it_covers(signed_in, agenda_of, alice):
    session = agenda_of(1)
    session.regions.set([region("84"), region("53")])

    response = signed_in(alice).get(*session_url(session))

    assert response.context["session"].region_names == "Auvergne-Rhône-Alpes, Bretagne"

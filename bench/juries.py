"""The jury's pages and writes at agendas of 20, 200 and 2,000 studies, 7 jurors each.

    python -m bench.juries [--seed] [--sizes 20,200,2000] [--rounds 15] [--count 20] [--json FILE]

``--seed`` drops, creates, migrates and seeds the database of ``DATABASE_URL``: the scale seed's federation
(``bench.seed_scale``) in which every study sent to the jury sits on one session per size, scoring, whose 7
jurors have submitted every scorecard but ``--count`` of the last juror's, left as drafts; and ``--count``
studies in financing review per size, free to join an agenda. The measurement moves the sessions on (scoring closed,
decisions), so measure a fresh seed.

At each size, through the services, on different rows, the sizes taken in turn so that the machine's noise
falls on all alike (median and 90th percentile in ms, the queries of the first): the last juror's draft
scorecards saved again, then submitted; the spare studies put on the agenda, then taken off; scoring closed
(the results published), ``--closings`` times, the session put back to scoring before each; once every session
deliberates, the session page and the results table of each size as its president, cold and warm
(``bench.measure.measure_pages``, page 1 as the URLs stand); then decisions recorded by the president. The
writes read no cache, so they have one figure each.
"""

import argparse
from datetime import timedelta
from functools import partial
from itertools import zip_longest

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from bench.measure import measure_pages, time_calls, write_row
from bench.report import report
from bench.seed_scale import Seed, Session, recreate_database
from bench.urls import BASELINE_URL
from juries.enums import Decision, ScorecardStatus, SessionState
from juries.models import AgendaEntry, JurySession, Scorecard
from juries.services import (
    add_to_agenda,
    close_scoring,
    record_decision,
    remove_from_agenda,
    save_scorecard,
    submit_scorecard,
)
from projects.models import OpportunityStudy
from workflow.enums import State

SIZES = (20, 200, 2_000)
JURORS = 7


class AgendaSeed(Seed):
    """The scale seed with every study sent to the jury on one scoring session per agenda size.

    The scale seed writes the sessions' members, agendas, scorecards (all submitted here) and one conflict of
    interest per session (its last juror, on the first study); no figures, as a session in scoring has none.
    """

    def __init__(self, *, sizes, spare, **kwargs):
        self.sizes = sizes
        self.spare = spare
        super().__init__(studies=sum(sizes) + spare, **kwargs)

    def _state_counts(self):
        return {"jury": sum(self.sizes), "financing_review": self.spare}

    def _allocate_sessions(self):
        pending = [study for study in self.studies if study.state == "jury"]
        pk = self.writer.next_id(JurySession)
        date = (self.now + timedelta(days=10)).date()
        self.sessions = []
        for i, size in enumerate(self.sizes):
            session = Session(
                pk=pk + i, state="scoring", date=date, members=self.random.sample(self.people.jurors, JURORS)
            )
            session.studies, pending = pending[:size], pending[size:]
            for study in session.studies:
                study.session = session
            self.sessions.append(session)

    def _card_status(self, session_state, index, members):
        return ScorecardStatus.SUBMITTED


def seed_agendas(sizes, count):
    """Seed the sessions of ``sizes`` (module docstring), each with ``count`` draft scorecards of its last juror."""
    AgendaSeed(sizes=sizes, spare=count * len(sizes), progress=False).run()
    for session in JurySession.objects.all():
        Scorecard.objects.filter(pk__in=_last_juror_cards(session, count)).update(
            status=ScorecardStatus.DRAFT, submitted_at=None
        )


def _last_juror_cards(session, count):
    """The ids of the last juror's first ``count`` scorecards (he is conflicted on the first study: no card)."""
    juror = session.memberships.order_by("-pk").values_list("user_id", flat=True).first()
    cards = Scorecard.objects.filter(entry__session=session, member_id=juror).order_by("entry__position")
    return list(cards.values_list("pk", flat=True)[:count])


def sessions_by_size():
    """Return the seeded sessions by the length of their agenda."""
    sessions = JurySession.objects.annotate(size=Count("agenda")).order_by("size")
    return {session.size: session for session in sessions}


def _president(session):
    return User.objects.get(jury_memberships__session=session, jury_memberships__is_president=True)


def _in_turn(label, calls_by_size, *, before_by_size=None):
    """Time the calls of every size in turn (one call of each size, then the next), so that the machine's noise
    falls on every size alike; return one row a size, the size in it."""
    times, queries = {size: [] for size in calls_by_size}, {}
    for turn in zip_longest(*calls_by_size.values()):
        for size, call in zip(calls_by_size, turn, strict=True):
            if call is not None:
                (elapsed,), counted = time_calls([call], before=(before_by_size or {}).get(size))
                times[size].append(elapsed)
                queries.setdefault(size, counted)
    return [{**write_row(label, times[size], queries.get(size)), "size": size} for size in calls_by_size]


def _scorecard_writes(sessions, count):
    """Time the last juror's drafts saved again, then submitted, at each size."""
    saves, submissions = {}, {}
    for size, session in sessions.items():
        drafts = (
            Scorecard.objects.filter(entry__session=session, status=ScorecardStatus.DRAFT)
            .select_related("entry", "member")
            .order_by("entry__position")[:count]
        )
        scores = {criterion.pk: 3 for criterion in session.grid.criteria.all()}
        answer = {"scores": scores, "comments": {}, "overall_comment": "Étude solide, budget prudent."}
        saves[size] = [partial(save_scorecard, card.entry, actor=card.member, **answer) for card in drafts]
        submissions[size] = [partial(submit_scorecard, card.entry, actor=card.member, **answer) for card in drafts]
    return [*_in_turn("scorecard draft saved", saves), *_in_turn("scorecard submitted", submissions)]


def _agenda_writes(sessions, count):
    """Time spare studies put on each agenda, then taken off."""
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    spare = list(OpportunityStudy.objects.filter(state=State.FINANCING_REVIEW, agenda_entries=None).order_by("pk"))
    adds = {
        size: [
            partial(add_to_agenda, session, actor=national, study=study) for study in spare[i :: len(sessions)][:count]
        ]
        for i, (size, session) in enumerate(sessions.items())
    }
    rows = _in_turn("agenda: study added", adds)
    removals = {
        size: [
            partial(remove_from_agenda, entry, actor=national)
            for entry in AgendaEntry.objects.filter(session=session, study__state=State.FINANCING_REVIEW)
        ]
        for size, session in sessions.items()
    }
    return [*rows, *_in_turn("agenda: study removed", removals)]


def _closings(sessions, closings):
    """Time scoring closed at each size, ``closings`` times, the session put back to scoring before each."""
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()

    def back_to_scoring(session):
        # Not a service: the life cycle never reopens scoring, the measurement needs the same closing again.
        def reset():
            JurySession.objects.filter(pk=session.pk, state=SessionState.DELIBERATION).update(
                state=SessionState.SCORING
            )

        return reset

    return _in_turn(
        "scoring closed (results published)",
        {size: [partial(close_scoring, session, actor=national)] * closings for size, session in sessions.items()},
        before_by_size={size: back_to_scoring(session) for size, session in sessions.items()},
    )


def _decisions(sessions, count):
    """Time decisions recorded by each session's president."""
    calls = {}
    for size, session in sessions.items():
        entries = AgendaEntry.objects.filter(session=session, decision=None).order_by("position")[1 : count + 1]
        decide = partial(record_decision, actor=_president(session), decision=Decision.APPROVE, motivation="Solide.")
        calls[size] = [partial(decide, entry) for entry in entries]
    return _in_turn("decision recorded", calls)


def measure(sizes=SIZES, rounds=15, count=20, closings=5):
    """Measure the writes and pages of the seeded sessions of ``sizes`` (module docstring); return their rows."""
    by_size = sessions_by_size()
    sessions = {size: by_size[size] for size in sizes}
    writes = [*_scorecard_writes(sessions, count), *_agenda_writes(sessions, count), *_closings(sessions, closings)]
    presidents = {size: _president(session) for size, session in sessions.items()}
    pages = [("baseline (layout only)", presidents[sizes[0]], BASELINE_URL)]
    for size, session in sessions.items():
        url = reverse("juries:session-detail", args=[session.pk])
        pages.append((f"session page, {size} studies", presidents[size], url))
        pages.append((f"results table, {size} studies", presidents[size], reverse("juries:results", args=[session.pk])))
    measured = measure_pages(rounds=rounds, pages=pages)
    writes += _decisions(sessions, count)
    return {"sizes": list(sizes), "rounds": rounds, "pages": measured["pages"], "writes": writes}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="drop, create, migrate and seed the database first")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=20, help="writes of each kind at each size")
    parser.add_argument("--closings", type=int, default=5, help="closings of the scoring at each size")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.seed:
        recreate_database()
        seed_agendas(sizes, args.count)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    result = measure(sizes, rounds=args.rounds, count=args.count, closings=args.closings)
    report(result, args.json)


if __name__ == "__main__":
    main()

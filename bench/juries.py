"""The jury's pages and writes at agendas of 20, 200 and 2,000 studies, 7 jurors each.

    python -m bench.juries [--seed] [--sizes 20,200,2000] [--rounds 15] [--count 20] [--json FILE]

``--seed`` drops, creates, migrates and seeds the database of ``DATABASE_URL``: the scale seed's federation
(``bench.seed_scale``) in which every study sent to the jury sits on one session per size, scoring, whose 7
jurors have submitted every scorecard but ``--count`` of the last juror's, left as drafts; and ``--count``
studies in financing review, free to join an agenda. The measurement moves the sessions on (scoring closed,
decisions), so measure a fresh seed.

At each size, through the services, one after the other on different rows (median and 90th percentile in ms,
the queries of the first): the last juror's draft scorecards saved again, then submitted; the spare studies put
on the agenda, then taken off; scoring closed (the results published), ``--closings`` times, the session put
back to scoring before each but the first; once every session deliberates, the session page and the results
table of each size as its president, cold and warm (``bench.measure.measure_pages``, page 1 as the URLs stand);
then decisions recorded by the president. The writes read no cache, so they have one figure each.
"""

import argparse
import json
import sys
from datetime import timedelta
from functools import partial

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from bench.measure import measure_pages, time_calls, write_row
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

    The scale seed writes the sessions' members, agendas, scorecards (all submitted here), one conflict of
    interest per session (its last juror, on the first study) and the figures a session in scoring has.
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
    AgendaSeed(sizes=sizes, spare=count, progress=False).run()
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


def _scoring_writes(session, count):
    """Time the writes of a scoring session (module docstring) and leave it deliberating; return their rows."""
    drafts = list(
        Scorecard.objects.filter(entry__session=session, status=ScorecardStatus.DRAFT)
        .select_related("entry", "member")
        .order_by("entry__position")[:count]
    )
    scores = {criterion.pk: 3 for criterion in session.grid.criteria.all()}
    answer = {"scores": scores, "comments": {}, "overall_comment": "Étude solide, budget prudent."}
    rows = [
        write_row(
            "scorecard draft saved",
            *time_calls([partial(save_scorecard, card.entry, actor=card.member, **answer) for card in drafts]),
        ),
        write_row(
            "scorecard submitted",
            *time_calls([partial(submit_scorecard, card.entry, actor=card.member, **answer) for card in drafts]),
        ),
    ]
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    spare = OpportunityStudy.objects.filter(state=State.FINANCING_REVIEW, agenda_entries=None).order_by("pk")
    adds = [partial(add_to_agenda, session, actor=national, study=study) for study in spare[:count]]
    rows.append(write_row("agenda: study added", *time_calls(adds)))
    added = AgendaEntry.objects.filter(session=session, study__state=State.FINANCING_REVIEW)
    rows.append(
        write_row(
            "agenda: study removed",
            *time_calls([partial(remove_from_agenda, entry, actor=national) for entry in added]),
        )
    )
    return rows


def _closings(session, closings):
    national = User.objects.filter(is_national_coordinator=True).order_by("pk").first()
    reopened = []

    def back_to_scoring():
        # Not a service: the life cycle never reopens scoring, the measurement needs the same closing again.
        if reopened:
            JurySession.objects.filter(pk=session.pk).update(state=SessionState.SCORING)
        reopened.append(True)

    return write_row(
        "scoring closed (results published)",
        *time_calls([partial(close_scoring, session, actor=national)] * closings, before=back_to_scoring),
    )


def _decisions(session, count):
    president = _president(session)
    entries = AgendaEntry.objects.filter(session=session, decision=None).order_by("position")[1 : count + 1]
    decide = partial(record_decision, actor=president, decision=Decision.APPROVE, motivation="Projet solide.")
    return write_row("decision recorded", *time_calls([partial(decide, entry) for entry in entries]))


def measure(sizes=SIZES, rounds=15, count=20, closings=5):
    """Measure the writes and pages of the seeded sessions of ``sizes`` (module docstring); return their rows."""
    sessions = sessions_by_size()
    writes = []
    for size in sizes:
        session = sessions[size]
        rows = [*_scoring_writes(session, count), _closings(session, closings)]
        writes += [{**row, "size": size} for row in rows]
    presidents = {size: _president(sessions[size]) for size in sizes}
    pages = [("baseline (layout only)", presidents[sizes[0]], BASELINE_URL)]
    for size in sizes:
        pk = sessions[size].pk
        pages.append((f"session page, {size} studies", presidents[size], reverse("juries:session-detail", args=[pk])))
        pages.append((f"results table, {size} studies", presidents[size], reverse("juries:results", args=[pk])))
    measured = measure_pages(rounds=rounds, pages=pages)
    writes += [{**_decisions(sessions[size], count), "size": size} for size in sizes]
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
    text = json.dumps(result, indent=2, default=str)
    if args.json:
        with open(args.json, "w") as target:
            target.write(text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()

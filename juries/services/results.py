"""The jury's figures of each study, published once when scoring closes, so that the results page only reads them.

Nobody sees the figures before deliberation (blind scoring), and while scoring is open every scorecard, member,
study and conflict may still change them; the z-scores and both rankings compare the studies of the whole
session. So they are computed once, by ``close_scoring``, and again only when something changes what counts
after that: a conflict of interest declared during deliberation (``declare_conflict``). Nothing else can change
them then (scorecards, members and the agenda are fixed once scoring closes), and a closed session keeps the
figures its decisions rested on. The publication runs in the caller's transaction, with the session row
locked: the figures commit or roll back with the change, and two publications of a session never interleave.
A session in scoring therefore has no figures stored, and its scorecards cost the same whatever its length.
"""

from collections import Counter
from functools import partial

from juries.aggregation import CardInput, aggregate_session
from juries.enums import ScorecardStatus
from juries.models import EntryResult, study_quorum
from juries.selectors import disagreement_thresholds


def tally_session(*, entry_ids, weights, member_ids, quorum, conflicts, cards):
    """Return the ``EntryResult`` field values of each entry, in agenda order, from plain rows.

    ``weights`` maps each criterion id to its weight, ``member_ids`` are the session's members, ``quorum``
    is the session's own quorum (``None`` for the default), ``conflicts`` are (entry id, member id) pairs and
    ``cards`` the submitted scorecards as (entry id, member id, {criterion id: score or ``None`` for N/A}).
    The scorecards of conflicted members are left out here.
    """
    conflicts = set(conflicts)
    members = set(member_ids)
    conflicted_members = Counter(entry_id for entry_id, member_id in conflicts if member_id in members)
    results = aggregate_session(
        entry_ids=entry_ids,
        weights=weights,
        cards=[
            CardInput(entry_id=entry_id, member_id=member_id, scores=scores)
            for entry_id, member_id, scores in cards
            if (entry_id, member_id) not in conflicts
        ],
        quorums={
            entry_id: study_quorum(quorum, eligible=len(members) - conflicted_members[entry_id])
            for entry_id in entry_ids
        },
        thresholds=disagreement_thresholds(),
    )
    return [
        {
            "entry_id": study.entry_id,
            "scorecards": study.count,
            "quorum": study.quorum,
            **{name: getattr(study, name) for name in EntryResult.FIGURES},
            "criterion_spreads": {
                str(criterion_id): spread
                for criterion_id, spread in study.criterion_spreads.items()
                if spread is not None
            },
        }
        for study in results.studies
    ]


def publish_results(session):
    """Compute and store the figures of every study on ``session``'s agenda (in the caller's transaction).

    Eight queries whatever the agenda's length, and one pass over the session's submitted scorecards. The
    session's quorum and grid are read again here, so that a copy older than the change does no harm. The
    models come from the session's own app registry, so that the data migration runs this on its
    historical models.
    """
    model = partial(session._meta.apps.get_model, "juries")
    quorum, grid_id = model("JurySession").objects.values_list("quorum", "grid_id").get(pk=session.pk)
    agenda = model("AgendaEntry").objects.filter(session_id=session.pk).order_by("position", "pk")
    rows = tally_session(
        entry_ids=list(agenda.values_list("pk", flat=True)),
        weights=dict(model("Criterion").objects.filter(grid_id=grid_id).values_list("pk", "weight")),
        member_ids=list(
            model("JuryMembership").objects.filter(session_id=session.pk).values_list("user_id", flat=True)
        ),
        quorum=quorum,
        conflicts=list(
            agenda.filter(study__project__conflicts_of_interest__isnull=False).values_list(
                "pk", "study__project__conflicts_of_interest__member_id"
            )
        ),
        cards=_submitted_cards(model, session.pk),
    )
    # Figures published before (a conflict declared in deliberation) are rewritten.
    result = model("EntryResult")
    result.objects.bulk_create(
        [result(**row) for row in rows],
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=["scorecards", "quorum", *EntryResult.FIGURES, "criterion_spreads"],
    )


def _submitted_cards(model, session_id):
    """Return the session's submitted scorecards as (entry id, member id, {criterion id: score}), in two queries."""
    submitted = model("Scorecard").objects.filter(entry__session_id=session_id, status=ScorecardStatus.SUBMITTED)
    cards = {
        pk: (entry_id, member_id, {})
        for pk, entry_id, member_id in submitted.order_by("entry_id", "member_id").values_list(
            "pk", "entry_id", "member_id"
        )
    }
    for card_id, criterion_id, value in (
        model("Score")
        .objects.filter(scorecard__in=submitted.values("pk"))
        .order_by()
        .values_list("scorecard_id", "criterion_id", "value")
    ):
        cards[card_id][2][criterion_id] = value
    return list(cards.values())

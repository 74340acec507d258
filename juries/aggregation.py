"""The jury's figures: weighted totals on 20, per-study statistics, disagreement and rankings.

Pure functions on plain data (no database), so that the arithmetic can be checked by hand;
``juries.services.results`` loads the data, calls ``aggregate_session`` and stores the figures it publishes.

Rounding rule. Everything is computed in ``Decimal`` at the context's full precision (28 significant
digits). A figure is rounded once, when it is published: half up, to two decimals (``Decimal("0.01")``).
Means, medians, standard deviations and z-scores are computed from the unrounded totals, never from
rounded ones, so that no figure is rounded twice. Rankings and the disagreement flag compare the published
figures, so that two studies shown with the same figure share a rank and the flag agrees with what is shown.

Standard deviations are population deviations (divided by n, not n - 1): the jurors who scored are the
whole jury, not a sample of it, and a single juror gives a deviation of 0 rather than none.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
SCALE = Decimal(20)
MAX_SCORE = Decimal(5)
ZERO = Decimal(0)


def publish(value):
    """Round a computed figure for publication: half up to two decimals (``None`` stays ``None``)."""
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_total(scores, weights):
    """Return a scorecard's weighted total on 20, unrounded, or ``None`` when every criterion is N/A.

    ``scores`` maps a criterion to its score (0 to 5) or ``None`` for not applicable; ``weights`` maps
    every criterion to its weight. A criterion left out as N/A takes its weight with it: the total is
    renormalised over the weights of the criteria scored.
    """
    scored = {criterion: value for criterion, value in scores.items() if value is not None}
    weight_sum = sum((Decimal(weights[criterion]) for criterion in scored), ZERO)
    if weight_sum == ZERO:
        return None
    points = sum((Decimal(weights[criterion]) * Decimal(value) for criterion, value in scored.items()), ZERO)
    return points * SCALE / (weight_sum * MAX_SCORE)


def mean(values):
    return sum(values, ZERO) / len(values) if values else None


def median(values):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def population_stdev(values):
    if not values:
        return None
    centre = mean(values)
    return (sum(((value - centre) ** 2 for value in values), ZERO) / len(values)).sqrt()


def competition_ranks(figures):
    """Rank published figures, highest first; equal figures share a rank (1, 2, 2, 4); ``None`` is unranked.

    A figure's rank is one more than the number of figures above it, read from the sorted figures (n log n).
    """
    ascending = sorted(figure for figure in figures.values() if figure is not None)
    return {
        key: None if figure is None else 1 + len(ascending) - bisect_right(ascending, figure)
        for key, figure in figures.items()
    }


@dataclass(frozen=True)
class Thresholds:
    """When a study's scores count as a disagreement: total deviation on 20, or a criterion's spread on 5."""

    stdev: Decimal
    spread: int

    def passed_by(self, stdev, spreads):
        """Whether a published deviation or any criterion's spread (``None`` = not scored) reaches its threshold."""
        return (stdev is not None and stdev >= self.stdev) or any(
            spread is not None and spread >= self.spread for spread in spreads
        )


@dataclass(frozen=True)
class CardInput:
    """A counted scorecard: its study (agenda entry), its juror and his scores by criterion (``None`` = N/A)."""

    entry_id: int
    member_id: int
    scores: dict


@dataclass
class CardResult:
    entry_id: int
    member_id: int
    exact_total: Decimal | None
    exact_z_score: Decimal | None = None

    @property
    def total(self):
        return publish(self.exact_total)

    @property
    def z_score(self):
        return publish(self.exact_z_score)


@dataclass
class StudyResult:
    entry_id: int
    count: int
    quorum: int
    mean: Decimal | None
    median: Decimal | None
    stdev: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    criterion_spreads: dict
    disagreement: bool
    normalised: Decimal | None
    rank: int | None = None
    normalised_rank: int | None = None
    cards: list = field(default_factory=list)
    study_name: str = ""
    """The study's project name, when the results are read from the database."""
    decision: str | None = None
    """The jury's decision (its label), when the results are read from the database."""

    @property
    def quorum_reached(self):
        return self.count >= self.quorum


@dataclass
class SessionResults:
    studies: list
    """One ``StudyResult`` per agenda entry, in agenda order."""
    criteria: list = field(default_factory=list)
    """The grid's criteria, when the results are loaded from the database."""

    @property
    def by_mean(self):
        """The studies ranked by mean total, unranked ones last; ties keep the agenda order."""
        return _ranked(self.studies, "rank")

    @property
    def by_normalised(self):
        """The studies ranked by the mean of their jurors' z-scores."""
        return _ranked(self.studies, "normalised_rank")


def _ranked(studies, attribute):
    order = {id(study): index for index, study in enumerate(studies)}
    return sorted(
        studies,
        key=lambda study: (getattr(study, attribute) is None, getattr(study, attribute) or 0, order[id(study)]),
    )


def juror_z_scores(cards):
    """Set each card's z-score against its juror's own totals in the session.

    z = (total - juror's mean) / juror's deviation. A juror whose totals do not vary (he gave every study
    the same total, or scored a single one) says nothing about how the studies compare: his z-scores are
    0, so he neither lifts nor lowers any study. A card without a total has no z-score.
    """
    by_member = {}
    for card in cards:
        if card.exact_total is not None:
            by_member.setdefault(card.member_id, []).append(card)
    for member_cards in by_member.values():
        totals = [card.exact_total for card in member_cards]
        centre, spread = mean(totals), population_stdev(totals)
        for card in member_cards:
            card.exact_z_score = ZERO if spread == ZERO else (card.exact_total - centre) / spread


def criterion_spreads(cards_scores, criterion_ids):
    """Return, per criterion, the spread (max - min) of the scores given, or ``None`` when none was given."""
    spreads = {}
    for criterion in criterion_ids:
        given = [scores[criterion] for scores in cards_scores if scores.get(criterion) is not None]
        spreads[criterion] = max(given) - min(given) if given else None
    return spreads


def aggregate_session(*, entry_ids, weights, cards, quorums, thresholds):
    """Compute every study's figures and the two rankings of a session's agenda.

    ``entry_ids`` gives the agenda order, ``weights`` maps each criterion to its weight, ``cards`` are the
    counted scorecards (``CardInput``), ``quorums`` maps each entry to its required quorum.
    """
    results = [CardResult(card.entry_id, card.member_id, weighted_total(card.scores, weights)) for card in cards]
    juror_z_scores(results)
    # Each card grouped under its study once, so that the session is counted in one pass over its scorecards.
    by_entry = {entry_id: ([], []) for entry_id in entry_ids}
    for card, result in zip(cards, results, strict=True):
        inputs, entry_results = by_entry[card.entry_id]
        inputs.append(card)
        entry_results.append(result)
    studies = [
        _study_result(entry_id, *by_entry[entry_id], weights, quorums[entry_id], thresholds) for entry_id in entry_ids
    ]
    ranks = competition_ranks({study.entry_id: study.mean for study in studies})
    normalised_ranks = competition_ranks({study.entry_id: study.normalised for study in studies})
    for study in studies:
        study.rank = ranks[study.entry_id]
        study.normalised_rank = normalised_ranks[study.entry_id]
    return SessionResults(studies=studies)


def _study_result(entry_id, inputs, results, weights, quorum, thresholds):
    totals = [card.exact_total for card in results if card.exact_total is not None]
    z_scores = [card.exact_z_score for card in results if card.exact_z_score is not None]
    spreads = criterion_spreads([card.scores for card in inputs], weights)
    stdev = publish(population_stdev(totals))
    return StudyResult(
        entry_id=entry_id,
        count=len(inputs),
        quorum=quorum,
        mean=publish(mean(totals)),
        median=publish(median(totals)),
        stdev=stdev,
        minimum=publish(min(totals)) if totals else None,
        maximum=publish(max(totals)) if totals else None,
        criterion_spreads=spreads,
        disagreement=thresholds.passed_by(stdev, spreads.values()),
        normalised=publish(mean(z_scores)),
        cards=results,
    )

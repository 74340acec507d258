"""The jury's arithmetic against examples computed by hand (grid weights 50, 30 and 20 unless told)."""

from decimal import Decimal

import pytest

from juries.aggregation import (
    CardInput,
    Thresholds,
    aggregate_session,
    competition_ranks,
    publish,
    weighted_total,
)

WEIGHTS = {1: 50, 2: 30, 3: 20}
THRESHOLDS = Thresholds(stdev=Decimal("3.00"), spread=3)


def aggregate(cards, *, weights=WEIGHTS, entry_ids=None, quorum=3, thresholds=THRESHOLDS):
    entry_ids = entry_ids or sorted({card.entry_id for card in cards})
    return aggregate_session(
        entry_ids=entry_ids,
        weights=weights,
        cards=cards,
        quorums=dict.fromkeys(entry_ids, quorum),
        thresholds=thresholds,
    )


def test_weighted_total_all_criteria_scored():
    # (50×4 + 30×3 + 20×5) = 390 points out of 500, on 20: 390 / 500 × 20 = 15.6
    assert publish(weighted_total({1: 4, 2: 3, 3: 5}, WEIGHTS)) == Decimal("15.60")


def test_weighted_total_na_renormalises_the_weights():
    # Criterion 3 left out: (50×5 + 30×4) = 370 points out of 80 × 5 = 400, on 20: 18.5
    assert publish(weighted_total({1: 5, 2: 4, 3: None}, WEIGHTS)) == Decimal("18.50")


def test_weighted_total_na_with_repeating_decimals_rounds_half_up_once():
    # Criterion 2 left out: (50×5 + 20×2) = 290 out of 70 × 5 = 350, on 20: 16.5714... -> 16.57
    assert publish(weighted_total({1: 5, 2: None, 3: 2}, WEIGHTS)) == Decimal("16.57")


def test_weighted_total_all_na_has_no_total():
    assert weighted_total({1: None, 2: None, 3: None}, WEIGHTS) is None


def test_weighted_total_all_zeros_is_zero_not_none():
    assert weighted_total({1: 0, 2: 0, 3: 0}, WEIGHTS) == Decimal("0")


def test_publish_rounds_half_up():
    assert [publish(Decimal("14.525")), publish(Decimal("0.125")), publish(Decimal("-0.125"))] == [
        Decimal("14.53"),
        Decimal("0.13"),
        Decimal("-0.13"),
    ]


def test_study_statistics_three_jurors():
    cards = [
        CardInput(1, 10, {1: 4, 2: 3, 3: 5}),  # 15.60
        CardInput(1, 11, {1: 3, 2: 3, 3: 3}),  # 12.00
        CardInput(1, 12, {1: 5, 2: 4, 3: None}),  # 18.50
    ]

    study = aggregate(cards).studies[0]

    # mean 46.1 / 3 = 15.3667; deviations 0.2333, -3.3667, 3.1333; variance 21.2067 / 3 = 7.0689; sqrt 2.6587
    assert (study.count, study.quorum_reached, study.mean, study.median, study.stdev) == (
        3,
        True,
        Decimal("15.37"),
        Decimal("15.60"),
        Decimal("2.66"),
    )
    assert (study.minimum, study.maximum, study.criterion_spreads, study.disagreement) == (
        Decimal("12.00"),
        Decimal("18.50"),
        {1: 2, 2: 1, 3: 2},
        False,
    )


def test_study_statistics_median_of_an_even_count_is_the_middle_mean():
    cards = [
        CardInput(1, 10, {1: 4, 2: 3, 3: 5}),  # 15.60
        CardInput(1, 11, {1: 3, 2: 3, 3: 3}),  # 12.00
        CardInput(1, 12, {1: 5, 2: 4, 3: None}),  # 18.50
        CardInput(1, 13, {1: 2, 2: 2, 3: 2}),  # 8.00
    ]

    study = aggregate(cards).studies[0]

    # sorted 8, 12, 15.6, 18.5: median (12 + 15.6) / 2 = 13.8; mean 54.1 / 4 = 13.525 -> 13.53 (half up)
    assert (study.median, study.mean) == (Decimal("13.80"), Decimal("13.53"))


def test_study_statistics_single_juror():
    study = aggregate([CardInput(1, 10, {1: 4, 2: 3, 3: 5})]).studies[0]

    assert (study.count, study.quorum_reached, study.mean, study.median, study.stdev, study.minimum) == (
        1,
        False,
        Decimal("15.60"),
        Decimal("15.60"),
        Decimal("0.00"),
        Decimal("15.60"),
    )


def test_study_statistics_all_na_card_counts_for_quorum_but_has_no_total():
    cards = [CardInput(1, 10, {1: None, 2: None, 3: None}), CardInput(1, 11, {1: 3, 2: 3, 3: 3})]

    study = aggregate(cards).studies[0]

    assert (study.count, study.mean, study.stdev, [card.total for card in study.cards]) == (
        2,
        Decimal("12.00"),
        Decimal("0.00"),
        [None, Decimal("12.00")],
    )


def test_study_statistics_no_total_at_all_leaves_the_study_unranked():
    cards = [CardInput(1, 10, {1: None, 2: None, 3: None}), CardInput(2, 10, {1: 3, 2: 3, 3: 3})]

    results = aggregate(cards)

    assert [(study.entry_id, study.mean, study.rank) for study in results.by_mean] == [
        (2, Decimal("12.00"), 1),
        (1, None, None),
    ]


def test_disagreement_flag_from_the_standard_deviation():
    # totals 20 and 12: mean 16, deviation 4 >= 3.00
    cards = [CardInput(1, 10, {1: 5, 2: 5, 3: 5}), CardInput(1, 11, {1: 3, 2: 3, 3: 3})]

    study = aggregate(cards).studies[0]

    assert (study.stdev, study.criterion_spreads, study.disagreement) == (Decimal("4.00"), {1: 2, 2: 2, 3: 2}, True)


def test_disagreement_flag_from_a_criterion_spread():
    # criterion 3 spread 5 - 1 = 4 >= 3, though totals 15.6 and 13.6 (340 / 500 × 20) differ little (deviation 1)
    cards = [CardInput(1, 10, {1: 4, 2: 3, 3: 5}), CardInput(1, 11, {1: 4, 2: 4, 3: 1})]

    study = aggregate(cards).studies[0]

    assert (study.stdev, study.criterion_spreads[3], study.disagreement) == (Decimal("1.00"), 4, True)


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        (Thresholds(stdev=Decimal("1.00"), spread=5), True),
        (Thresholds(stdev=Decimal("1.01"), spread=5), False),
        (Thresholds(stdev=Decimal("9.00"), spread=4), True),
    ],
)
def test_disagreement_flag_thresholds_are_configurable_and_inclusive(thresholds, expected):
    cards = [CardInput(1, 10, {1: 4, 2: 3, 3: 5}), CardInput(1, 11, {1: 4, 2: 4, 3: 1})]

    assert aggregate(cards, thresholds=thresholds).studies[0].disagreement == expected


def test_ranking_by_mean_ties_share_a_rank():
    cards = [
        CardInput(1, 10, {1: 3, 2: 3, 3: 3}),  # 12
        CardInput(2, 10, {1: 5, 2: 5, 3: 5}),  # 20
        CardInput(3, 10, {1: 3, 2: 3, 3: 3}),  # 12
        CardInput(4, 10, {1: 1, 2: 1, 3: 1}),  # 4
    ]

    results = aggregate(cards)

    assert [(study.entry_id, study.rank) for study in results.by_mean] == [(2, 1), (1, 2), (3, 2), (4, 4)]


def test_competition_ranks_compare_published_figures():
    assert competition_ranks({"a": Decimal("1.00"), "b": Decimal("2.50"), "c": Decimal("2.50"), "d": None}) == {
        "a": 3,
        "b": 1,
        "c": 1,
        "d": None,
    }


def test_z_score_ranking_offsets_a_harsh_and_a_lenient_juror():
    """Two criteria of weight 50: a total is (a + b) × 2.

    Juror 10 gives 16, 12, 8: mean 12, deviation √(32/3) = 3.266; z = 1.2247, 0, -1.2247.
    Juror 11 gives 20 to everyone: zero variance, z = 0 everywhere.
    Juror 12 gives 12, 14, 10: mean 12, deviation √(8/3) = 1.633; z = 0, 1.2247, -1.2247.
    Study 1: z mean 1.2247 / 3 = 0.41; study 2: 0.41; study 3: -2.4495 / 3 = -0.82.
    Raw means: 48 / 3 = 16, 46 / 3 = 15.33, 38 / 3 = 12.67.
    """
    weights = {1: 50, 2: 50}
    scores = {10: [(4, 4), (3, 3), (2, 2)], 11: [(5, 5), (5, 5), (5, 5)], 12: [(3, 3), (4, 3), (3, 2)]}
    cards = [
        CardInput(entry_id, member_id, {1: a, 2: b})
        for member_id, given in scores.items()
        for entry_id, (a, b) in enumerate(given, start=1)
    ]

    results = aggregate(cards, weights=weights)

    assert [(s.entry_id, s.mean, s.rank) for s in results.by_mean] == [
        (1, Decimal("16.00"), 1),
        (2, Decimal("15.33"), 2),
        (3, Decimal("12.67"), 3),
    ]
    assert [(s.entry_id, s.normalised, s.normalised_rank) for s in results.by_normalised] == [
        (1, Decimal("0.41"), 1),
        (2, Decimal("0.41"), 1),
        (3, Decimal("-0.82"), 3),
    ]


def test_z_scores_of_a_zero_variance_juror_are_zero():
    weights = {1: 100}
    cards = [CardInput(1, 10, {1: 3}), CardInput(2, 10, {1: 3}), CardInput(3, 10, {1: 3})]

    results = aggregate(cards, weights=weights, quorum=1)

    assert [(s.normalised, s.normalised_rank) for s in results.studies] == [
        (Decimal("0.00"), 1),
        (Decimal("0.00"), 1),
        (Decimal("0.00"), 1),
    ]


def test_z_scores_of_a_juror_who_scored_one_study_are_zero():
    weights = {1: 100}
    cards = [CardInput(1, 10, {1: 5}), CardInput(1, 11, {1: 1}), CardInput(2, 11, {1: 3})]

    results = aggregate(cards, weights=weights, quorum=1)

    # juror 11: totals 4 and 12, mean 8, deviation 4: z = -1 and 1; juror 10: one study, z = 0
    assert [card.z_score for card in results.studies[0].cards] == [Decimal("0.00"), Decimal("-1.00")]
    assert [(s.entry_id, s.normalised, s.normalised_rank) for s in results.by_normalised] == [
        (2, Decimal("1.00"), 1),
        (1, Decimal("-0.50"), 2),
    ]

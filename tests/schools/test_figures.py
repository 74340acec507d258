import datetime
from decimal import Decimal

import pytest

from schools.figures import (
    apprenticeship_share,
    by_group,
    further_studies_share,
    openings_since,
    pass_share,
    positive_exit_share,
    same_trade_share,
    shares,
)
from schools.selectors import validated_lines
from schools.services import save_report, send_back_report, submit_report, validate_report
from tests.schools.conftest import GOOD_LINE, figures


def line(**values):
    return {"region": "Auvergne-Rhône-Alpes", "family": "Industrie", "school_year": 2025, **figures(**values)}


def test_pass_share_counts_every_exam_among_those_presented():
    lines = [
        line(cap_presented=10, cap_passed=8, bac_pro_presented=6, bac_pro_passed=3),
        line(other_presented=4, other_passed=4),
    ]

    share = pass_share(lines, min_pupils=10)

    assert (share.numerator, share.denominator, share.percent) == (15, 20, Decimal("75.0"))


def test_a_school_with_no_presented_pupils_counts_nothing_and_shows_too_few():
    share = pass_share([line(enrolled=12)], min_pupils=10)

    assert (share.numerator, share.denominator, share.too_few, share.percent) == (0, 0, True, None)


def test_a_share_below_the_threshold_is_too_few_not_a_percentage():
    share = pass_share([line(cap_presented=9, cap_passed=6)], min_pupils=10)

    assert (share.too_few, share.percent) == (True, None)


def test_a_share_is_rounded_half_up_to_one_place():
    share = pass_share([line(cap_presented=16, cap_passed=1)], min_pupils=10)  # 6.25 %

    assert share.percent == Decimal("6.3")


def test_exit_shares_leave_the_unknown_situations_out():
    lines = [
        line(
            leavers=14,
            leavers_employed=6,
            leavers_studying=4,
            leavers_apprentices=3,
            leavers_other=2,
            leavers_unknown=2,
            leavers_same_trade=7,
        )
    ]

    assert [
        (share.numerator, share.denominator)
        for share in (
            positive_exit_share(lines, 1),
            further_studies_share(lines, 1),
            same_trade_share(lines, 1),
            apprenticeship_share(lines, 1),
        )
    ] == [(10, 12), (4, 12), (7, 10), (3, 4)]


def test_figures_by_group_split_the_lines():
    lines = [
        line(cap_presented=10, cap_passed=10),
        {**line(cap_presented=10, cap_passed=5), "region": "Île-de-France"},
    ]

    grouped = by_group(lines, "region", min_pupils=10)

    assert [(region, figures[0].share.percent) for region, figures in grouped] == [
        ("Auvergne-Rhône-Alpes", Decimal("100.0")),
        ("Île-de-France", Decimal("50.0")),
    ]


def test_openings_over_eight_years_include_the_day_eight_years_ago():
    today = datetime.date(2026, 12, 7)
    dates = [datetime.date(2018, 12, 7), datetime.date(2018, 12, 6), datetime.date(2025, 9, 1)]

    assert (openings_since(dates, today), openings_since(dates, datetime.date(2028, 2, 29))) == (2, 1)


def test_every_figure_has_its_definition():
    assert all(str(figure.definition) for figure in shares([], 10))


@pytest.mark.django_db
def test_only_validated_reports_count_half_filled_and_sent_back_do_not(people, campaign, school, other_school):
    report = campaign.reports.get(school=school)
    other = campaign.reports.get(school=other_school)
    save_report(report, actor=people["team"], lines={school.project.trades.get().pk: GOOD_LINE})
    submit_report(report, actor=people["team"])
    send_back_report(report, actor=people["regional_coordinator"], comment="Les sortants ne collent pas.")
    save_report(other, actor=people["other_team"], lines={other_school.project.trades.get().pk: GOOD_LINE})
    assert validated_lines() == []

    submit_report(report, actor=people["team"])
    validate_report(report, actor=people["regional_coordinator"])

    lines = validated_lines()
    assert [(row["school"], row["region"], row["family"], row["school_year"]) for row in lines] == [
        (school.pk, school.project.region.name, "Industrie", 2025)
    ]
    assert pass_share(lines, min_pupils=10).percent == Decimal("80.0")

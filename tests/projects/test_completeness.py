from decimal import Decimal

import pytest
from django.utils import translation

from projects.enums import PlanSide
from tests.factories import FinancingLineFactory, complete_study


def codes(study):
    return [problem.code for problem in study.missing_for_submission()]


def plan_problems(study):
    return [p.message for p in study.missing_for_submission() if p.code.startswith("plan")]


def balanced_year(study, year, uses, resources):
    for amount in uses:
        FinancingLineFactory(study=study, year=year, side=PlanSide.USE, category="staff", amount=Decimal(amount))
    for amount in resources:
        FinancingLineFactory(study=study, year=year, side=PlanSide.RESOURCE, category="region", amount=Decimal(amount))


@pytest.fixture
def ready(study):
    """A complete study whose financing plan the test writes itself."""
    complete_study(study)
    study.financing_lines.all().delete()
    return study


@pytest.mark.django_db
def test_empty_study_lists_every_missing_item(study):
    assert codes(study) == [
        *["section_empty"] * 8,
        "pupils_per_intake",
        "pupils_at_capacity",
        "board_members",
        "attachment_missing",
        "attachment_missing",
        "plan_empty",
    ]


@pytest.mark.django_db
def test_partners_section_is_optional_by_default(ready):
    ready.partners = ""
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["100.00"], ["100.00"])

    assert codes(ready) == []


@pytest.mark.django_db
def test_required_sections_come_from_settings(ready, settings):
    settings.TREMPLIN_REQUIRED_SECTIONS = ["partners"]
    ready.partners = "   "
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["1"], ["1"])

    assert [p.message for p in ready.missing_for_submission()] == ["The section “Partners” is empty."]


@pytest.mark.django_db
def test_board_needs_six_members(ready):
    ready.board_members = 5
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["1"], ["1"])

    assert codes(ready) == ["board_members"]


@pytest.mark.django_db
def test_empty_plan(ready):
    assert plan_problems(ready) == ["The financing plan is empty."]


@pytest.mark.django_db
def test_missing_year(ready):
    balanced_year(ready, 2027, ["100.00"], ["100.00"])
    balanced_year(ready, 2029, ["100.00"], ["100.00"])

    assert plan_problems(ready) == ["Year 2028 of the financing plan is missing."]


@pytest.mark.django_db
def test_negative_amount_is_reported_even_when_balanced(ready):
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["100.00", "-10.00"], ["90.00"])

    assert plan_problems(ready)[0] == "Year 2027: the amount of “Staff (master professionals, management)” is negative."
    assert codes(ready) == ["plan_negative"] * 3


@pytest.mark.django_db
def test_cents_add_up_exactly(ready):
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["0.10", "0.20"], ["0.30"])

    assert plan_problems(ready) == []


@pytest.mark.django_db
def test_one_cent_off_is_unbalanced_and_says_by_how_much(ready):
    balanced_year(ready, 2027, ["1000.00", "0.01"], ["1000.00"])
    balanced_year(ready, 2028, ["10"], ["10"])
    balanced_year(ready, 2029, ["10"], ["10"])

    with translation.override("en"):
        assert plan_problems(ready) == [
            "Year 2027 is not balanced: uses 1,000.01 €, resources 1,000.00 € (difference -0.01 €)."
        ]


@pytest.mark.django_db
def test_amounts_are_formatted_the_french_way(ready):
    balanced_year(ready, 2027, ["125000.50"], ["125000.00"])
    balanced_year(ready, 2028, ["10"], ["10"])
    balanced_year(ready, 2029, ["10"], ["10"])

    with translation.override("fr"):
        message = plan_problems(ready)[0]

    assert "125\u00a0000,50" in message


@pytest.mark.django_db
def test_year_outside_the_plan(ready):
    for year in ready.plan_year_range():
        balanced_year(ready, year, ["1"], ["1"])
    balanced_year(ready, 2031, ["5"], ["5"])

    assert plan_problems(ready) == ["Year 2031 is outside the plan's years (2027 to 2029)."] * 2

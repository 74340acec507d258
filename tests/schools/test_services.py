import datetime
from decimal import Decimal

import pytest

from permissions.refusal import ActionRefused
from schools.enums import ReportAction, ReportState
from schools.models import ReportingCampaign, ReportLine, ReportLog, School, YearlyReport
from schools.services import (
    open_campaign,
    record_school_funding,
    save_report,
    send_back_report,
    submit_report,
    validate_report,
)
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory
from tests.schools.conftest import GOOD_LINE, figures, opened_school
from workflow.enums import Instrument, Purpose, State
from workflow.models import FundedInstrument
from workflow.services import record_opening


def state_of(report):
    return YearlyReport.objects.get(pk=report.pk).state


@pytest.mark.django_db
def test_record_opening_makes_the_school_with_the_planned_intake(people, home_region):
    project = SchoolProjectFactory(team=[people["team"]], region=home_region)
    study = OpportunityStudyFactory(project=project, pupils_per_intake=12)
    study.__class__.objects.filter(pk=study.pk).update(state=State.FUNDED)
    study.refresh_from_db()

    record_opening(study, actor=people["regional_coordinator"], opened_on=datetime.date(2026, 9, 1))

    school = School.objects.get(study=study)
    assert (school.project, school.opened_on, school.places_per_promotion) == (
        project,
        datetime.date(2026, 9, 1),
        12,
    )


@pytest.mark.django_db
def test_open_campaign_gives_every_open_school_a_draft_report(people, school, other_school):
    campaign = open_campaign(
        actor=people["national_coordinator"], school_year=2025, deadline=datetime.date(2026, 10, 15)
    )

    assert sorted(campaign.reports.values_list("school_id", "state")) == sorted(
        [(school.pk, ReportState.DRAFT), (other_school.pk, ReportState.DRAFT)]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_coordinator", "bank_expert", "team"])
def test_open_campaign_is_for_national_coordinators_only(people, school, role):
    with pytest.raises(ActionRefused) as refusal:
        open_campaign(actor=people[role], school_year=2025, deadline=datetime.date(2026, 10, 15))

    assert (refusal.value.forbidden, ReportingCampaign.objects.count()) == (True, 0)


@pytest.mark.django_db
def test_open_campaign_twice_for_a_year_is_refused(people, campaign):
    with pytest.raises(ActionRefused) as refusal:
        open_campaign(actor=people["national_coordinator"], school_year=2025, deadline=datetime.date(2026, 11, 1))

    assert (refusal.value.reasons, ReportingCampaign.objects.count()) == (
        ["A campaign is already open for this school year."],
        1,
    )


@pytest.mark.django_db
def test_save_report_writes_the_line_and_logs(filled, people):
    line = ReportLine.objects.get(report=filled)

    assert (line.enrolled, line.cap_passed, line.leavers_same_trade, state_of(filled)) == (
        12,
        8,
        5,
        ReportState.DRAFT,
    )
    assert list(ReportLog.objects.filter(report=filled).values_list("action", "actor")) == [
        (ReportAction.SAVED, people["team"].pk)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            figures(enrolled=10, cap_presented=5, cap_passed=6),
            "Usinage: CAP: 6 passed but only 5 presented.",
        ),
        (
            figures(enrolled=4, bac_pro_presented=5),
            "Usinage: Bac Pro: 5 presented but only 4 pupils enrolled.",
        ),
        (
            figures(leavers=5, leavers_employed=2, leavers_studying=1),
            "Usinage: The leavers' situations add up to 3, not to the 5 leavers "
            "(count those you lost track of as “situation unknown”).",
        ),
        (
            figures(leavers=2, leavers_studying=1, leavers_other=1, leavers_apprentices=2),
            "Usinage: 2 apprentices but only 1 leavers in further studies.",
        ),
        (
            figures(leavers=2, leavers_employed=1, leavers_other=1, leavers_same_trade=2),
            "Usinage: 2 leavers stayed in their trade but only 1 are in employment or further studies.",
        ),
    ],
)
def test_save_report_refuses_figures_that_do_not_add_up(report, people, line, reason):
    trade = report.school.project.trades.get()

    with pytest.raises(ActionRefused) as refusal:
        save_report(report, actor=people["team"], lines={trade.pk: line})

    assert (refusal.value.reasons, ReportLine.objects.count(), ReportLog.objects.count()) == ([reason], 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_team", "regional_coordinator", "national_coordinator", "bank_expert"])
def test_only_the_school_team_fills_its_report(report, people, role):
    trade = report.school.project.trades.get()

    with pytest.raises(ActionRefused) as refusal:
        save_report(report, actor=people[role], lines={trade.pk: GOOD_LINE})

    assert (refusal.value.forbidden, ReportLine.objects.count()) == (True, 0)


@pytest.mark.django_db
def test_submit_report_without_figures_is_refused(report, people):
    with pytest.raises(ActionRefused) as refusal:
        submit_report(report, actor=people["team"])

    assert (refusal.value.reasons, state_of(report)) == (["The figures of Usinage are missing."], ReportState.DRAFT)


@pytest.mark.django_db
def test_send_back_then_correct_then_validate_freezes_the_report(filled, people):
    submit_report(filled, actor=people["team"])
    send_back_report(filled, actor=people["regional_coordinator"], comment="Vérifiez les sortants.")
    trade = filled.school.project.trades.get()
    save_report(filled, actor=people["team"], lines={trade.pk: {**GOOD_LINE, "leavers_same_trade": 6}})
    submit_report(filled, actor=people["team"])

    validate_report(filled, actor=people["regional_coordinator"])

    with pytest.raises(ActionRefused) as refusal:
        save_report(filled, actor=people["team"], lines={trade.pk: GOOD_LINE})
    log = list(ReportLog.objects.filter(report=filled).values_list("action", "actor_role"))
    assert log == [
        (ReportAction.SAVED, "holder"),
        (ReportAction.SUBMITTED, "holder"),
        (ReportAction.SENT_BACK, "regional_coordinator"),
        (ReportAction.SAVED, "holder"),
        (ReportAction.SUBMITTED, "holder"),
        (ReportAction.VALIDATED, "regional_coordinator"),
    ]
    frozen = ReportLog.objects.get(report=filled, action=ReportAction.VALIDATED).values["lines"][str(trade.pk)]
    assert (refusal.value.reasons, state_of(filled), frozen["leavers_same_trade"]) == (
        ["This report is “Validated”: it can no longer be changed."],
        ReportState.VALIDATED,
        6,
    )
    assert ReportLine.objects.get(report=filled).leavers_same_trade == 6


@pytest.mark.django_db
def test_send_back_requires_a_comment(filled, people):
    submit_report(filled, actor=people["team"])

    with pytest.raises(ActionRefused) as refusal:
        send_back_report(filled, actor=people["regional_coordinator"], comment="  ")

    assert (refusal.value.reasons, state_of(filled)) == (
        ["Say what to correct: a comment is required."],
        ReportState.SUBMITTED,
    )


@pytest.mark.django_db
def test_validate_a_draft_is_refused(filled, people):
    with pytest.raises(ActionRefused) as refusal:
        validate_report(filled, actor=people["regional_coordinator"])

    assert (refusal.value.reasons, state_of(filled)) == (
        ["Only a report sent for review can be reviewed; this one is “Draft”."],
        ReportState.DRAFT,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_regional_coordinator", "team", "bank_expert"])
def test_only_the_school_regions_coordinator_reviews(filled, people, role):
    submit_report(filled, actor=people["team"])

    with pytest.raises(ActionRefused) as refusal:
        validate_report(filled, actor=people[role])

    assert (refusal.value.forbidden, state_of(filled)) == (True, ReportState.SUBMITTED)


@pytest.mark.django_db
def test_bank_records_a_later_funding_with_its_purpose(school, people):
    record_school_funding(
        school,
        actor=people["bank_expert"],
        instruments=[(Instrument.LOAN, Decimal("80000.00"), "Extension de l'atelier", Purpose.REAL_ESTATE)],
    )

    assert sorted(FundedInstrument.objects.filter(funding__study=school.study).values_list("purpose", "amount")) == [
        (Purpose.EQUIPMENT, Decimal("150000.00")),
        (Purpose.REAL_ESTATE, Decimal("80000.00")),
    ]


@pytest.mark.django_db
def test_a_later_funding_without_purpose_is_refused(school, people):
    with pytest.raises(ActionRefused) as refusal:
        record_school_funding(
            school, actor=people["bank_expert"], instruments=[(Instrument.LOAN, Decimal("80000.00"), "")]
        )

    assert (refusal.value.reasons, FundedInstrument.objects.count()) == (["Give each funding its purpose."], 1)


@pytest.mark.django_db
def test_a_later_funding_by_a_coordinator_of_the_region_is_forbidden(school, people):
    with pytest.raises(ActionRefused) as refusal:
        record_school_funding(
            school,
            actor=people["regional_coordinator"],
            instruments=[(Instrument.LOAN, Decimal("80000.00"), "", Purpose.EQUIPMENT)],
        )

    assert (refusal.value.forbidden, FundedInstrument.objects.count()) == (True, 1)


@pytest.mark.django_db
def test_open_campaign_leaves_out_a_school_opened_after_that_school_year(people, school, home_region):
    opened_school(team=[people["other_team"]], home=home_region, opened_on=datetime.date(2026, 9, 1))

    campaign = open_campaign(
        actor=people["national_coordinator"], school_year=2025, deadline=datetime.date(2026, 10, 15)
    )

    assert list(campaign.reports.values_list("school_id", flat=True)) == [school.pk]

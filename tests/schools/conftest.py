import datetime
from decimal import Decimal

import pytest

from projects.models import OpportunityStudy, Trade
from schools.models import FIGURES, School
from schools.services import open_campaign, save_report
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region
from workflow.enums import Instrument, Purpose, State
from workflow.models import FundedInstrument, Funding


def opened_school(*, team, home, opened_on=datetime.date(2022, 9, 1), trades=("usinage",), bank=None, name=None):
    """A school as the opening makes it: a study placed in ``opened`` (set-up only) and its school row.

    With ``bank``, the bank has lent to it (a subordinated loan), so it is in the bank's portfolio.
    """
    project = SchoolProjectFactory(team=team, region=home, **({"name": name} if name else {}))
    project.trades.set(Trade.objects.filter(slug__in=trades))
    study = OpportunityStudyFactory(project=project, pupils_per_intake=12)
    OpportunityStudy.objects.filter(pk=study.pk).update(state=State.OPENED, opened_on=opened_on)
    if bank is not None:
        funding = Funding.objects.create(study=study, recorded_by=bank)
        FundedInstrument.objects.create(
            funding=funding, kind=Instrument.SUBORDINATED_LOAN, amount=Decimal("150000"), purpose=Purpose.EQUIPMENT
        )
    return School.objects.create(project=project, study=study, opened_on=opened_on, places_per_promotion=12)


def figures(**values):
    """A report line's figures: zero but those given."""
    return {name: values.get(name, 0) for name in FIGURES}


GOOD_LINE = figures(
    enrolled=12,
    cap_presented=10,
    cap_passed=8,
    leavers=8,
    leavers_employed=4,
    leavers_studying=3,
    leavers_apprentices=2,
    leavers_unknown=1,
    leavers_same_trade=5,
)


@pytest.fixture
def home_region(db):
    return region("84")


@pytest.fixture
def other_region(db):
    return region("11")


@pytest.fixture
def people(home_region, other_region):
    return {
        "team": UserFactory(full_name="Claire Porteuse"),
        "other_team": UserFactory(),
        "regional_coordinator": UserFactory(coordinates=[home_region]),
        "other_regional_coordinator": UserFactory(coordinates=[other_region]),
        "national_coordinator": UserFactory(is_national_coordinator=True),
        "bank_expert": UserFactory(is_bank_expert=True),
        "jury_member": UserFactory(is_jury_member=True),
    }


@pytest.fixture
def school(people, home_region):
    return opened_school(team=[people["team"]], home=home_region, bank=people["national_coordinator"])


@pytest.fixture
def other_school(people, other_region):
    return opened_school(team=[people["other_team"]], home=other_region)


@pytest.fixture
def campaign(people, school, other_school):
    return open_campaign(actor=people["national_coordinator"], school_year=2025, deadline=datetime.date(2026, 10, 15))


@pytest.fixture
def report(campaign, school):
    return campaign.reports.get(school=school)


@pytest.fixture
def filled(report, people):
    return save_report(report, actor=people["team"], lines={report.school.project.trades.get().pk: GOOD_LINE})

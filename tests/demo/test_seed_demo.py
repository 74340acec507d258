import datetime
import io
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from accounts.enums import Role
from accounts.models import User
from demo.management.commands.seed_demo import login_rows
from demo.studies import JURY_COMPANIONS, STUDIES
from juries.models import JurySession, Scorecard
from projects.enums import AttachmentKind, PlanCategory, PlanSide
from projects.models import Attachment, FinancingLine, OpportunityStudy, SchoolProject
from schools.enums import ReportState
from schools.models import School, YearlyReport
from schools.selectors import key_figures
from workflow.dashboard import dashboard_for_user
from workflow.enums import State
from workflow.models import FundedInstrument, TrainingModule, TransitionLog

pytestmark = pytest.mark.django_db

SEEDED_MODELS = (
    User,
    TrainingModule,
    SchoolProject,
    OpportunityStudy,
    FinancingLine,
    Attachment,
    TransitionLog,
    JurySession,
    Scorecard,
)


def seed_demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


# The studies taken through the life cycle; the schools opened before Tremplin have none of it.
LIFE_CYCLE_PROJECTS = [spec.name for spec in (*STUDIES, *JURY_COMPANIONS)]


def life_cycle_studies():
    return OpportunityStudy.objects.filter(project__name__in=LIFE_CYCLE_PROJECTS)


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, demo_media):
    """Seed the demo once for the module (it takes seconds), inside a transaction rolled back at its end.

    Each test runs in a savepoint of it, as pytest-django nests its own atomic block. The outer block is marked
    as a test case's, as Django marks its own, so that the services' durable blocks may run inside it.
    """
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=demo_media):
        outer = transaction.atomic()
        outer._from_testcase = True
        with outer:
            yield seed_demo()
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(settings, demo_media):
    """The seeded attachments' files, for every test of the module."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def output(seeded, settings):
    settings.DEBUG = True
    return seeded


def test_seed_demo_reaches_every_state(output):
    states = set(OpportunityStudy.objects.values_list("state", flat=True))

    assert states == set(State.values)


def test_seed_demo_spreads_a_dozen_studies_over_regions_and_trades(output):
    projects = SchoolProject.objects.filter(name__in=LIFE_CYCLE_PROJECTS)

    assert projects.count() == 15
    assert len({project.region_id for project in projects}) >= 6
    assert len({trade.pk for project in projects for trade in project.trades.all()}) >= 10


def test_seed_demo_studies_are_complete_with_twelve_pupils_per_intake(output):
    studies = life_cycle_studies()

    assert {study.pk: study.missing_for_submission() for study in studies} == {study.pk: [] for study in studies}
    assert set(studies.values_list("pupils_per_intake", flat=True)) == {12}


def test_seed_demo_financing_plans_balance_every_year(output):
    totals = defaultdict(Decimal)
    for line in FinancingLine.objects.all():
        totals[line.study_id, line.year, line.side] += line.amount

    for study in life_cycle_studies():
        years = study.plan_year_range()
        assert len(years) == 3
        for year in years:
            assert totals[study.pk, year, PlanSide.USE] == totals[study.pk, year, PlanSide.RESOURCE] > 0


def test_seed_demo_resources_come_from_the_usual_sources(output):
    study = OpportunityStudy.objects.get(project__name="École de Production Mécanique Automobile de Mulhouse")
    last_year = study.plan_year_range()[-1]
    resources = {
        line.category: line.amount for line in study.financing_lines.filter(year=last_year, side=PlanSide.RESOURCE)
    }
    total = sum(resources.values())

    assert Decimal("0.45") <= resources[PlanCategory.PRODUCTION] / total <= Decimal("0.55")
    assert Decimal("0.20") <= resources[PlanCategory.APPRENTICESHIP_TAX] / total <= Decimal("0.25")
    assert {PlanCategory.REGION, PlanCategory.STATE, PlanCategory.FOUNDATIONS, PlanCategory.SPONSORSHIP} <= set(
        resources
    )
    assert study.financing_lines.filter(category=PlanCategory.LOANS).exists()


def test_seed_demo_attaches_a_letter_of_support_and_statutes_as_pdf(output):
    attachments = Attachment.objects.all()

    assert {(a.study_id, a.kind) for a in attachments} == {
        (study.pk, kind)
        for study in life_cycle_studies()
        for kind in (AttachmentKind.LETTER_OF_SUPPORT, AttachmentKind.STATUTES)
    }
    assert set(attachments.values_list("content_type", flat=True)) == {"application/pdf"}


def test_seed_demo_log_chains_every_study_from_draft_to_its_state(output):
    for study in life_cycle_studies().prefetch_related("transition_logs"):
        state = State.DRAFT
        for log in study.transition_logs.all():
            assert log.from_state == state
            state = log.to_state
        assert state == study.state


def test_seed_demo_acts_as_the_role_each_transition_needs(output):
    roles = set(TransitionLog.objects.values_list("transition", "actor_role").distinct())

    assert {
        ("submit", Role.HOLDER),
        ("accept", Role.REGIONAL_COORDINATOR),
        ("accept", Role.NATIONAL_COORDINATOR),
        ("request_changes", Role.BANK_EXPERT),
        ("send_to_jury", Role.BANK_EXPERT),
        ("approve", Role.JURY_PRESIDENT),
        ("defer", Role.JURY_PRESIDENT),
        ("reject", Role.JURY_PRESIDENT),
        ("withdraw", Role.HOLDER),
        ("record_funding", Role.BANK_EXPERT),
        ("record_opening", Role.REGIONAL_COORDINATOR),
    } <= roles


def test_seed_demo_leaves_one_jury_session_closed_and_one_scoring(output):
    states = sorted(JurySession.objects.values_list("state", flat=True))

    assert states == ["closed", "scoring"]


def test_seed_demo_second_run_creates_nothing(output):
    before = row_counts()

    second = seed_demo()

    assert row_counts() == before
    assert second.splitlines()[0] == "Demo data already present: nothing changed."


def test_seed_demo_refused_when_debug_is_off(output, settings):
    settings.DEBUG = False
    before = row_counts()

    with pytest.raises(CommandError, match="DEBUG"):
        seed_demo()

    assert row_counts() == before


def test_seed_demo_prints_every_login(output):
    printed = {tuple(re.split(r"\s{2,}", line.strip())) for line in output.splitlines() if "@" in line}

    assert printed == set(login_rows())


def test_seed_demo_printed_logins_work(output):
    users = {
        email: authenticate(RequestFactory().post("/accounts/login/"), username=email, password=password)
        for email, password, _role in login_rows()
    }

    assert [email for email, user in users.items() if user is None] == []


def test_seed_demo_creates_one_user_per_role(output):
    users = User.objects.all()

    assert users.filter(is_national_coordinator=True).count() == 1
    assert users.filter(is_bank_expert=True).count() == 1
    assert users.filter(is_jury_member=True).count() == 4
    assert sorted(
        users.filter(coordinated_networks__isnull=False).values_list("coordinated_networks__region__code", flat=True)
    ) == ["11", "84"]
    assert users.get(email="admin@tremplin.local").is_superuser


def test_seed_demo_opens_a_dozen_schools_with_three_validated_years(output):
    demo_schools = School.objects.exclude(project__name__in=LIFE_CYCLE_PROJECTS)
    reports = YearlyReport.objects.filter(school__in=demo_schools)
    figures = key_figures(today=datetime.date.today())

    assert (demo_schools.count(), reports.count(), set(reports.values_list("state", flat=True))) == (
        12,
        36,
        {ReportState.VALIDATED},
    )
    assert [figure.share.too_few for figure in figures["figures"]] == [False] * len(figures["figures"])
    assert FundedInstrument.objects.filter(funding__study__school__in=demo_schools, purpose="").count() == 0


def test_seed_demo_stays_take_realistic_times_and_some_studies_are_overdue(output):
    national = User.objects.get(email="fnep@tremplin.local")

    figures = dashboard_for_user(national)

    medians = {stage: median for stage, median, _stays in figures["medians"] if median is not None}
    assert all(7 <= median <= 150 for median in medians.values()), medians
    assert {State.SUBMITTED, State.TRAINING, State.FINANCING_REVIEW, State.JURY} <= set(medians)
    assert figures["stalled_total"] >= 2


def test_seed_demo_spring_session_decided_months_before_the_autumn_one(output):
    spring, autumn = JurySession.objects.order_by("date")

    assert (spring.state, autumn.state) == ("closed", "scoring")
    assert (autumn.date - spring.date).days > 150


def test_seed_demo_upcoming_session_shows_every_stage_of_scoring(output):
    session = JurySession.objects.get(state="scoring")
    submitted = dict.fromkeys(session.agenda.values_list("pk", flat=True), 0)
    for entry_id in Scorecard.objects.filter(entry__session=session, status="submitted").values_list(
        "entry_id", flat=True
    ):
        submitted[entry_id] += 1

    # Every juror, some, one, or none has submitted (a conflicted juror leaves one study at three at most).
    assert len(submitted) >= 4
    assert {0, 1, 2} <= set(submitted.values())
    assert max(submitted.values()) >= 3

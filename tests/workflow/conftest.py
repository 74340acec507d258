import pytest
from django.utils import timezone

from juries.enums import ScorecardStatus, SessionState
from juries.models import AgendaEntry, JuryMembership, JurySession, Scorecard
from juries.services.results import publish_results
from projects.models import OpportunityStudy
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, complete_study, region
from workflow.enums import Opinion
from workflow.models import FinancingReview, TrainingModule, TrainingProgress


@pytest.fixture
def home_region(db):
    return region("84")


@pytest.fixture
def other_region(db):
    return region("11")


@pytest.fixture
def holder(db):
    return UserFactory(full_name="Claire Porteuse")


@pytest.fixture
def study(holder, home_region):
    project = SchoolProjectFactory(team=[holder], region=home_region)
    return OpportunityStudyFactory(project=project)


@pytest.fixture
def complete(study):
    return complete_study(study)


@pytest.fixture
def people(holder, home_region, other_region):
    """One person per role, around the ``study`` fixture's project in ``home_region``."""
    return {
        "holder": holder,
        "other_holder": SchoolProjectFactory(region=home_region).team.get(),
        "regional_coordinator": UserFactory(coordinates=[home_region]),
        "other_regional_coordinator": UserFactory(coordinates=[other_region]),
        "national_coordinator": UserFactory(is_national_coordinator=True),
        "bank_expert": UserFactory(is_bank_expert=True),
        "jury_president": UserFactory(is_jury_member=True),
        "jury_member": UserFactory(is_jury_member=True),
    }


def put_in_state(study, state):
    """Place a study in a state directly, to set up a test (real code moves it through the service)."""
    OpportunityStudy.objects.filter(pk=study.pk).update(state=state)
    return OpportunityStudy.objects.get(pk=study.pk)


def validate_all_training(study, coordinator):
    module = TrainingModule.objects.create(title="Le modèle pédagogique", is_mandatory=True)
    TrainingProgress.objects.create(
        project=study.project, module=module, validated_at=timezone.now(), validated_by=coordinator
    )
    return module


def record_review(study, expert):
    return FinancingReview.objects.create(
        study=study,
        expert=expert,
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Budget cohérent.",
        financing_plan_analysis="Plan équilibré.",
    )


def put_on_agenda(study, *, president, members=(), state=SessionState.PLANNED):
    session = JurySession.objects.create(title="Jury de printemps", date=timezone.localdate())
    JurySession.objects.filter(pk=session.pk).update(state=state)
    JuryMembership.objects.create(session=session, user=president, is_president=True)
    for member in members:
        JuryMembership.objects.create(session=session, user=member)
    return AgendaEntry.objects.create(session=session, study=study)


def deliberate(study, *, president, member):
    """Put the study on a session in deliberation whose quorum of scorecards is reached."""
    extra = [UserFactory(is_jury_member=True), UserFactory(is_jury_member=True)]
    entry = put_on_agenda(study, president=president, members=[member, *extra], state=SessionState.DELIBERATION)
    for juror in (president, member, *extra):
        Scorecard.objects.create(entry=entry, member=juror, status=ScorecardStatus.SUBMITTED)
    publish_results(entry.session)  # as closing the scoring does
    return entry

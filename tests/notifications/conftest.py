import pytest
from django.utils import timezone

from juries.models import JuryMembership, JurySession, ScoringGrid
from projects.models import OpportunityStudy
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region


@pytest.fixture
def home_region(db):
    return region("84")


@pytest.fixture
def other_region(db):
    return region("11")


@pytest.fixture
def people(home_region, other_region):
    """One person per role around a project of ``home_region``, and some who must hear nothing of it."""
    return {
        "holder": UserFactory(full_name="Claire Porteuse"),
        "co_holder": UserFactory(full_name="Karim Coporteur", language="en"),
        "other_holder": SchoolProjectFactory(region=home_region).team.get(),
        "regional_coordinator": UserFactory(coordinates=[home_region]),
        "other_regional_coordinator": UserFactory(coordinates=[other_region]),
        "national_coordinator": UserFactory(is_national_coordinator=True),
        "bank_expert": UserFactory(is_bank_expert=True),
        "juror": UserFactory(is_jury_member=True),
        "inactive_coordinator": UserFactory(coordinates=[home_region], is_active=False),
    }


@pytest.fixture
def study(people, home_region):
    project = SchoolProjectFactory(
        name="École de Production de Villeurbanne", team=[people["holder"], people["co_holder"]], region=home_region
    )
    return OpportunityStudyFactory(project=project)


@pytest.fixture
def keys(people):
    """Name the users of ``people`` back from their ids."""
    names = {user.pk: key for key, user in people.items()}
    return lambda users: {names.get(user.pk, user.email) for user in users}


def put_in_state(study, state, *, since=None):
    """Place a study in a state directly, to set up a test (real code moves it through the service)."""
    OpportunityStudy.objects.filter(pk=study.pk).update(state=state, state_changed_at=since or timezone.now())
    return OpportunityStudy.objects.get(pk=study.pk)


def jury_session(*, president, members=(), **fields):
    grid = ScoringGrid.objects.create(name=f"Grille {ScoringGrid.objects.count() + 1}")
    session = JurySession.objects.create(title="Jury de printemps", date=timezone.localdate(), grid=grid, **fields)
    JuryMembership.objects.create(session=session, user=president, is_president=True)
    for member in members:
        JuryMembership.objects.create(session=session, user=member)
    return session

import pytest

from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory


@pytest.fixture
def holder(db):
    return UserFactory()


@pytest.fixture
def study(holder):
    return OpportunityStudyFactory(project=SchoolProjectFactory(team=[holder]))

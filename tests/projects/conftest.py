import pytest

from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, complete_study


@pytest.fixture
def holder(db):
    return UserFactory()


@pytest.fixture
def study(holder):
    return OpportunityStudyFactory(project=SchoolProjectFactory(team=[holder]))


@pytest.fixture
def complete(study):
    return complete_study(study)

import pytest

from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, complete_study, region


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

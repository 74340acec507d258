"""Factory-boy factories for the test suite, one module per app."""

from tests.factories.accounts import UserFactory
from tests.factories.projects import (
    FinancingLineFactory,
    OpportunityStudyFactory,
    SchoolProjectFactory,
    complete_study,
    region,
)

__all__ = [
    "FinancingLineFactory",
    "OpportunityStudyFactory",
    "SchoolProjectFactory",
    "UserFactory",
    "complete_study",
    "region",
]

from tests.factories.juries import JurySessionFactory, ScoringGridFactory, study_in_financing_review

__all__ += ["JurySessionFactory", "ScoringGridFactory", "study_in_financing_review"]

from datetime import timedelta

import factory
from django.utils import timezone

from juries.models import Criterion, JurySession, ScoringGrid
from tests.factories.accounts import UserFactory
from tests.factories.projects import OpportunityStudyFactory, SchoolProjectFactory, complete_study
from workflow.enums import Opinion
from workflow.services import apply_transition, record_financing_review


class ScoringGridFactory(factory.django.DjangoModelFactory):
    """A grid of three criteria weighing 50, 30 and 20 (``ScoringGridFactory(weights=[...])`` for others)."""

    class Meta:
        model = ScoringGrid
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Grille {n}")
    version = 1

    @factory.post_generation
    def weights(self, create, weights, **kwargs):
        for position, weight in enumerate(weights or (50, 30, 20), start=1):
            Criterion.objects.create(grid=self, position=position, title=f"Critère {position}", weight=weight)


class JurySessionFactory(factory.django.DjangoModelFactory):
    """A planned session; build its members and agenda with the services, as real code does."""

    class Meta:
        model = JurySession

    title = factory.Sequence(lambda n: f"Jury n°{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    place = "Lyon"
    grid = factory.SubFactory(ScoringGridFactory)
    scoring_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def study_in_financing_review(*, region=None, bank_expert=None):
    """Take a new complete study through the life cycle to ``financing_review``, its review recorded."""
    holder = UserFactory()
    project = SchoolProjectFactory(team=[holder], **({"region": region} if region else {}))
    study = complete_study(OpportunityStudyFactory(project=project))
    coordinator = UserFactory(is_national_coordinator=True)
    apply_transition(study, "submit", actor=holder)
    study.refresh_from_db()
    apply_transition(study, "accept", actor=coordinator)
    study.refresh_from_db()
    apply_transition(study, "complete_training", actor=coordinator)
    study.refresh_from_db()
    record_financing_review(
        study,
        actor=bank_expert or UserFactory(is_bank_expert=True),
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Budget cohérent.",
        financing_plan_analysis="Plan équilibré.",
    )
    return study

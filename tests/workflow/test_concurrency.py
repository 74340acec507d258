"""Two people acting on one study at once, each on a real PostgreSQL connection: exactly one wins."""

import time

import pytest

from permissions.refusal import ActionRefused
from projects.models import OpportunityStudy
from tests.concurrency import run_together
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.services import apply_transition
from workflow.signals import study_transitioned


@pytest.fixture
def slow_transitions():
    """Hold the row lock a little longer, so that the second caller surely waits on it."""

    def linger(**kwargs):
        time.sleep(0.3)

    study_transitioned.connect(linger)
    yield
    study_transitioned.disconnect(linger)


@pytest.fixture
def submitted_study(db):
    home = region("84")
    study = OpportunityStudyFactory(project=SchoolProjectFactory(region=home))
    OpportunityStudy.objects.filter(pk=study.pk).update(state=State.SUBMITTED)
    return (
        OpportunityStudy.objects.get(pk=study.pk),
        UserFactory(coordinates=[home]),
        UserFactory(is_national_coordinator=True),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("first", "second"), [("accept", "request_changes"), ("accept", "accept")])
def test_concurrent_transitions_exactly_one_wins(submitted_study, slow_transitions, first, second):
    study, regional, national = submitted_study
    copy_a, copy_b = OpportunityStudy.objects.get(pk=study.pk), OpportunityStudy.objects.get(pk=study.pk)

    outcomes = run_together(
        lambda: apply_transition(copy_a, first, actor=regional, comment="Dossier à compléter."),
        lambda: apply_transition(copy_b, second, actor=national, comment="Dossier à compléter."),
    )

    winners = [o for o in outcomes if isinstance(o, TransitionLog)]
    losers = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert losers[0].reasons[0].startswith("Someone else changed this study meanwhile: it is now")
    assert TransitionLog.objects.filter(study=study).count() == 1
    assert OpportunityStudy.objects.get(pk=study.pk).state == winners[0].to_state

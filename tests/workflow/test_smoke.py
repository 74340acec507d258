import pytest

from workflow.enums import State
from workflow.services import apply_transition


@pytest.mark.django_db
def test_submit_complete_study_moves_it_to_submitted(complete, holder):
    log = apply_transition(complete, "submit", actor=holder)
    complete.refresh_from_db()
    assert (complete.state, log.actor_role, complete.versions.count()) == (State.SUBMITTED, "holder", 1)

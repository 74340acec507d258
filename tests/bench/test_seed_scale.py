"""The scale seed, run small on the test database: every state, and rows that agree with each other."""

import pytest
from django.db.models import Count, F, Max

from bench.seed_scale import DECIDED, PATHS, STEPS, Seed, state_counts
from juries.enums import SessionState
from juries.models import AgendaEntry, EntryResult, JuryDecision, JuryMembership, JurySession, Score, Scorecard
from juries.services.results import publish_results
from notifications.models import Notification
from projects.models import OpportunityStudy, StudyVersion
from tests.conftest import FIRST_ID
from tests.factories import OpportunityStudyFactory
from workflow.enums import State
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return Seed(studies=50, progress=False).run()


def stored_figures():
    return {row.pop("entry_id"): row for row in EntryResult.objects.values()}


def test_state_counts_cover_every_state_and_add_up():
    counts = state_counts(50)

    assert set(counts) == set(State.values)
    assert min(counts.values()) >= 1
    assert sum(counts.values()) == 50


def test_seed_puts_studies_in_every_state(seeded):
    states = set(OpportunityStudy.objects.values_list("state", flat=True))

    assert OpportunityStudy.objects.count() == 50
    assert states == set(State.values)


def test_seed_logs_lead_each_study_to_its_state(seeded):
    for study in OpportunityStudy.objects.prefetch_related("transition_logs"):
        logs = list(study.transition_logs.order_by("created_at", "pk"))

        assert [log.transition for log in logs] == PATHS[study.state]
        assert [log.from_state for log in logs] == (["draft"] + [log.to_state for log in logs])[: len(logs)]
        assert [log.to_state for log in logs] == [STEPS[log.transition][0] for log in logs]
        assert study.state_changed_at == (logs[-1].created_at if logs else None)


def test_seed_versions_exist_for_every_submitted_study(seeded):
    submitted = OpportunityStudy.objects.exclude(state=State.DRAFT).count()

    assert StudyVersion.objects.count() == submitted
    assert not StudyVersion.objects.filter(study__state=State.DRAFT).exists()


def test_seed_puts_every_study_past_training_on_one_agenda_with_decisions_where_decided(seeded):
    reached = OpportunityStudy.objects.filter(transition_logs__transition="send_to_jury")
    decided = OpportunityStudy.objects.filter(state__in=DECIDED)

    assert AgendaEntry.objects.count() == reached.count()
    assert set(AgendaEntry.objects.values_list("study_id", flat=True)) == set(reached.values_list("pk", flat=True))
    assert set(JuryDecision.objects.values_list("entry__study_id", flat=True)) == set(
        decided.values_list("pk", flat=True)
    )
    assert not JuryDecision.objects.exclude(decided_by__jury_memberships__session=F("entry__session")).exists()


def test_seed_scorecards_are_members_of_their_session_with_one_score_per_criterion(seeded):
    members = set(JuryMembership.objects.values_list("session_id", "user_id"))
    cards = Scorecard.objects.values_list("entry__session_id", "member_id")
    per_card = Score.objects.values("scorecard").annotate(n=Count("pk")).aggregate(most=Max("n"))["most"]

    assert cards.exists()
    assert set(cards) <= members
    assert per_card == 6
    assert Score.objects.count() == 6 * Scorecard.objects.count()


def test_seed_notifications_point_at_studies_and_counts_match_the_rows(seeded):
    notified = set(Notification.objects.values_list("object_id", flat=True))

    assert Notification.objects.count() == seeded["notifications_notification"] == 1250
    assert notified <= set(OpportunityStudy.objects.values_list("pk", flat=True))
    assert seeded["workflow_transitionlog"] == TransitionLog.objects.count()


def test_seed_stores_the_figures_the_jury_services_would(seeded):
    seeded_figures = stored_figures()
    published = JurySession.objects.filter(state__in=(SessionState.DELIBERATION, SessionState.CLOSED))

    for session in published:
        publish_results(session)

    assert (len(seeded_figures), seeded_figures) == (
        AgendaEntry.objects.filter(session__in=published).count(),
        stored_figures(),
    )
    assert not EntryResult.objects.filter(entry__session__state__in=(SessionState.PLANNED, SessionState.SCORING))


def test_seed_takes_its_ids_from_the_sequences_and_leaves_them_past_its_rows(seeded):
    """The seed once wrote ids from 1 and set the sequences back to its largest id: outside a rollback's reach,
    every later test of the run then printed ids of three digits, hiding pages that localise ids."""
    seeded_ids = list(OpportunityStudy.objects.values_list("pk", flat=True))

    created = OpportunityStudyFactory()

    assert min(seeded_ids) >= FIRST_ID
    assert created.pk > max(seeded_ids)

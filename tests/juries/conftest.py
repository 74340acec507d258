from datetime import timedelta

import pytest
from django.utils import timezone

from juries.services import add_to_agenda, close_scoring, open_scoring, plan_session, submit_scorecard
from tests.factories import ScoringGridFactory, UserFactory, study_in_financing_review
from workflow.services import apply_transition


@pytest.fixture
def coordinator(db):
    return UserFactory(is_national_coordinator=True, full_name="Nadia Coordinatrice")


@pytest.fixture
def bank_expert(db):
    return UserFactory(is_bank_expert=True, full_name="Bernard Banquier")


@pytest.fixture
def president(db):
    return UserFactory(is_jury_member=True, full_name="Paul Président")


@pytest.fixture
def alice(db):
    return UserFactory(is_jury_member=True, full_name="Alice Jurée")


@pytest.fixture
def bruno(db):
    return UserFactory(is_jury_member=True, full_name="Bruno Juré")


@pytest.fixture
def chloe(db):
    return UserFactory(is_jury_member=True, full_name="Chloé Jurée")


@pytest.fixture
def outsider(db):
    return UserFactory(is_jury_member=True, full_name="Olivier Extérieur")


@pytest.fixture
def grid(db):
    """Three criteria weighing 50, 30 and 20."""
    return ScoringGridFactory(name="Grille de test")


@pytest.fixture
def criteria(grid):
    return list(grid.criteria.all())


@pytest.fixture
def planned_session(coordinator, grid, president, alice, bruno, chloe):
    """Four members (quorum 3), the president among them; scoring deadline in a week."""
    return plan_session(
        actor=coordinator,
        title="Jury de printemps",
        date=timezone.localdate() + timedelta(days=14),
        grid=grid,
        place="Lyon",
        scoring_deadline=timezone.now() + timedelta(days=7),
        members=[alice, bruno, chloe],
        president=president,
    )


@pytest.fixture
def studies(bank_expert):
    return [study_in_financing_review(bank_expert=bank_expert) for _index in range(2)]


@pytest.fixture
def entries(planned_session, coordinator, studies, bank_expert):
    """Both studies on the agenda and sent to the jury."""
    entries = [add_to_agenda(planned_session, actor=coordinator, study=study) for study in studies]
    for entry in entries:
        apply_transition(entry.study, "send_to_jury", actor=bank_expert)
        entry.refresh_from_db()
    return entries


@pytest.fixture
def scoring_session(planned_session, entries, coordinator):
    return open_scoring(planned_session, actor=coordinator)


@pytest.fixture
def submit(criteria):
    """Submit ``member``'s scorecard of ``entry`` with one value per criterion (``None`` = N/A)."""

    def submit(entry, member, values):
        return submit_scorecard(entry, actor=member, scores=dict(zip(criteria, values, strict=True)))

    return submit


@pytest.fixture
def deliberating_session(scoring_session, entries, coordinator, president, alice, bruno, submit):
    """Three of the four members scored both studies (the quorum), then scoring closed."""
    for member, values in ((president, (4, 3, 5)), (alice, (3, 3, 3)), (bruno, (5, 4, None))):
        for entry in entries:
            submit(entry, member, values)
    return close_scoring(scoring_session, actor=coordinator)


@pytest.fixture
def past_deadline():
    """Move a session's deadline into the past, as if time had passed (set-up only)."""

    def move(session):
        type(session).objects.filter(pk=session.pk).update(scoring_deadline=timezone.now() - timedelta(minutes=1))
        session.refresh_from_db()
        return session

    return move


@pytest.fixture
def received():
    """Connect a recorder to jury signals: ``received(signal)`` returns the list of kwargs it gets."""
    connected = []

    def listen(signal):
        calls = []

        def receiver(sender, **kwargs):
            calls.append(kwargs)

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls

    yield listen
    for signal, receiver in connected:
        signal.disconnect(receiver)

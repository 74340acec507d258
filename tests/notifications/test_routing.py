"""Routing: for each event, exactly the expected recipients, and nobody else."""

import pytest

from juries import signals as jury_signals
from juries.models import AgendaEntry, ConflictOfInterest, JurySession
from notifications.enums import EventKind
from notifications.models import Notification
from notifications.routing import transition_events
from notifications.services import notify
from projects.models import SchoolProject
from tests.factories import complete_study
from tests.notifications.conftest import jury_session, put_in_state
from workflow.enums import State
from workflow.models import RegionTransfer, TransitionLog
from workflow.services import apply_transition, transfer_region

HOLDERS = {"holder", "co_holder"}
NATIONAL = "national_coordinator"

TRANSITIONS = [
    # transition, from, to, actor, expected recipients
    ("submit", State.DRAFT, State.SUBMITTED, "holder", {"regional_coordinator", "national_coordinator"}),
    (
        "submit",
        State.CHANGES_REQUESTED,
        State.FINANCING_REVIEW,
        "holder",
        {"regional_coordinator", "national_coordinator", "bank_expert"},
    ),
    ("request_changes", State.SUBMITTED, State.CHANGES_REQUESTED, "regional_coordinator", HOLDERS),
    (
        "request_changes",
        State.FINANCING_REVIEW,
        State.CHANGES_REQUESTED,
        "bank_expert",
        {*HOLDERS, "regional_coordinator"},
    ),
    ("accept", State.SUBMITTED, State.TRAINING, "national_coordinator", {*HOLDERS, "regional_coordinator"}),
    ("complete_training", State.TRAINING, State.FINANCING_REVIEW, "regional_coordinator", {*HOLDERS, "bank_expert"}),
    ("send_to_jury", State.FINANCING_REVIEW, State.JURY, "bank_expert", {*HOLDERS, "regional_coordinator"}),
    # The national coordinators hear of decisions, fundings and openings (the one who acted excepted).
    ("approve", State.JURY, State.APPROVED, "juror", {*HOLDERS, "regional_coordinator", "bank_expert", NATIONAL}),
    ("defer", State.JURY, State.DEFERRED, "juror", {*HOLDERS, "regional_coordinator", "bank_expert", NATIONAL}),
    ("reject", State.JURY, State.REJECTED, "juror", {*HOLDERS, "regional_coordinator", "bank_expert", NATIONAL}),
    ("withdraw", State.TRAINING, State.WITHDRAWN, "holder", {"co_holder", "regional_coordinator"}),
    ("revise", State.DEFERRED, State.DRAFT, "holder", set()),
    ("record_opening", State.FUNDED, State.OPENED, "regional_coordinator", {*HOLDERS, NATIONAL}),
    ("record_funding", State.APPROVED, State.FUNDED, "bank_expert", {*HOLDERS, "regional_coordinator", NATIONAL}),
]


def notified(keys, **filters):
    return keys(notification.recipient for notification in Notification.objects.filter(**filters))


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "source", "target", "actor", "expected"), TRANSITIONS)
def test_transition_routing_reaches_exactly_the_expected_people(
    study, people, keys, transition, source, target, actor, expected
):
    study = put_in_state(study, target)
    log = TransitionLog(
        study=study, transition=transition, from_state=source, to_state=target, actor=people[actor], comment="Motif."
    )

    notify(transition_events(study=study, log=log))

    assert notified(keys, kind__in=[kind for kind in EventKind if kind != EventKind.FEDERATION_NEWS]) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("transition", ["record_funding", "record_opening"])
def test_funded_or_opened_school_is_news_for_every_other_network(study, people, keys, transition):
    study = put_in_state(study, State.FUNDED if transition == "record_funding" else State.OPENED)
    log = TransitionLog(study=study, transition=transition, from_state=State.APPROVED, to_state=study.state)
    log.actor = people["national_coordinator"]

    notify(transition_events(study=study, log=log))

    assert notified(keys, kind=EventKind.FEDERATION_NEWS) == {"other_regional_coordinator"}


@pytest.mark.django_db
def test_submission_through_the_service_notifies_its_region_only(
    study, people, keys, django_capture_on_commit_callbacks
):
    complete_study(study)

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(study, "submit", actor=people["holder"])

    assert notified(keys) == {"regional_coordinator", "national_coordinator"}


@pytest.mark.django_db
def test_region_transfer_reaches_both_networks_and_the_federation(study, people, keys, other_region):
    transfer_region(study.project, actor=people["regional_coordinator"], region=other_region, reason="Déménagement")

    assert notified(keys, kind=EventKind.PROJECT_TRANSFERRED) == {"other_regional_coordinator", "national_coordinator"}
    assert RegionTransfer.objects.count() == 1
    assert SchoolProject.objects.get(pk=study.project.pk).region == other_region


@pytest.mark.django_db
def test_jury_invitation_reaches_the_invited_members_only(people, keys):
    president, member = people["juror"], people["bank_expert"]
    session = jury_session(president=president, members=[member])

    jury_signals.session_planned.send(
        sender=JurySession, session=session, members=[president, member], actor=people["national_coordinator"]
    )

    assert notified(keys, kind=EventKind.JURY_INVITATION) == {"juror", "bank_expert"}


@pytest.mark.django_db
def test_scoring_opened_reaches_the_session_members(people, keys):
    session = jury_session(president=people["juror"], members=[people["bank_expert"]])

    jury_signals.scoring_opened.send(sender=JurySession, session=session, actor=people["national_coordinator"])

    assert notified(keys, kind=EventKind.SCORING_OPENED) == {"juror", "bank_expert"}


@pytest.mark.django_db
def test_all_scorecards_in_reaches_the_president_only(people, keys):
    session = jury_session(president=people["juror"], members=[people["bank_expert"]])

    jury_signals.all_scorecards_in.send(sender=JurySession, session=session)

    assert notified(keys, kind=EventKind.SCORECARDS_COMPLETE) == {"juror"}


@pytest.mark.django_db
def test_one_person_named_by_two_events_gets_one_notification(study, people, home_region):
    people["regional_coordinator"].is_national_coordinator = True
    people["regional_coordinator"].save()
    study = put_in_state(study, State.SUBMITTED)
    log = TransitionLog(study=study, transition="submit", from_state=State.DRAFT, to_state=State.SUBMITTED)
    log.actor = people["holder"]

    notify(transition_events(study=study, log=log))

    assert Notification.objects.filter(recipient=people["regional_coordinator"]).count() == 1


@pytest.mark.django_db
def test_a_person_conflicted_on_the_project_hears_nothing_of_its_outcome(study, people, keys):
    """A conflict binds a person and a project: no inbox row nor email tells him the jury's decision."""
    session = jury_session(president=people["juror"])
    entry = AgendaEntry.objects.create(session=session, study=study)
    ConflictOfInterest.objects.create(
        entry=entry, member=people["regional_coordinator"], reason="Administrateur.", declared_by=people["juror"]
    )
    study = put_in_state(study, State.APPROVED)
    log = TransitionLog(study=study, transition="approve", from_state=State.JURY, to_state=State.APPROVED)
    log.actor = people["juror"]

    notify(transition_events(study=study, log=log))

    # The regional coordinator, who also sits on juries, would otherwise hear of it.
    assert notified(keys) == {*HOLDERS, "bank_expert", NATIONAL}

"""Two people answering at once, on PostgreSQL with real threads and one connection each."""

import pytest
from django.contrib.auth.models import AnonymousUser

from people.enums import Grant, JoinRequestStatus
from people.models import Invitation, JoinRequest
from people.services import accept_invitation, accept_join_request, decline_join_request, invite_person, request_to_join
from people.tokens import make_token
from permissions.refusal import ActionRefused
from projects.models import SchoolProject
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_one_link_followed_twice_at_once_creates_one_account(cast):
    invitation = invite_person(actor=cast["national"], email="j@example.org", full_name="J", grant=Grant.JURY_MEMBER)
    token = make_token(invitation)

    def accept():
        return accept_invitation(token, user=AnonymousUser(), full_name="J", password="Un-mot-2-passe-sûr!")

    outcomes = run_together(accept, accept)

    refusals = [outcome for outcome in outcomes if isinstance(outcome, ActionRefused)]
    assert (len(refusals), Invitation.objects.get().accepted_by.email) == (1, "j@example.org")


def test_two_coordinators_answering_one_request_at_once_exactly_one_wins(cast, home_region):
    join_request = request_to_join(
        full_name="F", email="f@example.org", project_name="École du Lac", commune="Annecy", region=home_region
    )

    outcomes = run_together(
        lambda: accept_join_request(join_request, actor=cast["regional"]),
        lambda: decline_join_request(join_request, actor=cast["national"], message="Non."),
    )

    refusals = [outcome for outcome in outcomes if isinstance(outcome, ActionRefused)]
    answered = JoinRequest.objects.get()
    assert len(refusals) == 1
    assert SchoolProject.objects.filter(name="École du Lac").count() == int(
        answered.status == JoinRequestStatus.ACCEPTED
    )

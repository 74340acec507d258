"""The requests to join in the coordinators' to-do lists: his region's only, overdue once left unanswered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.todo import todo_for_user
from people.models import JoinRequest
from people.services import accept_join_request, request_to_join
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(region, email, project):
    return request_to_join(
        full_name="Fanny Fondatrice", email=email, project_name=project, commune="Annecy", region=region
    )


def labels(user, now=None):
    return [(item.label, item.overdue) for item in todo_for_user(user, now=now)]


def test_a_coordinator_is_asked_to_answer_his_regions_requests_only(cast, home_region, other_region, settings):
    ask(home_region, "fanny@example.org", "École du Lac")
    ask(other_region, "autre@example.org", "École d'Ailleurs")
    later = timezone.now() + timedelta(days=settings.TREMPLIN_JOIN_REQUEST_ANSWER_DAYS + 1)

    assert labels(cast["regional"]) == [("Answer Fanny Fondatrice, who asks to found “École du Lac”", False)]
    assert labels(cast["regional"], now=later) == [("Answer Fanny Fondatrice, who asks to found “École du Lac”", True)]
    assert len(labels(UserFactory(is_national_coordinator=True))) == 2
    assert labels(cast["other_regional"]) == [("Answer Fanny Fondatrice, who asks to found “École d'Ailleurs”", False)]
    assert [label for label, _overdue in labels(cast["founder"]) if label.startswith("Answer")] == []


def test_an_answered_request_leaves_the_list(cast, home_region):
    ask(home_region, "fanny@example.org", "École du Lac")

    accept_join_request(JoinRequest.objects.get(), actor=cast["regional"])

    assert [label for label, _overdue in labels(cast["regional"]) if label.startswith("Answer")] == []

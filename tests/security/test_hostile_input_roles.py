"""Hostile input on the forms of coordinators, the bank and the jury: never a server error, never a half save."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from juries.models import JurySession, Score
from notifications.enums import DeliveryMode, EventKind
from notifications.models import Preference
from tests.security.test_hostile_input import (
    HOSTILE_SAMPLES,
    browser,
    hostile_numbers,
    hostile_text,
    hypothesis_settings,
)
from tests.security.world import build_world
from workflow.models import FinancingReview, RegionTransfer


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@hypothesis_settings
@given(scores=st.lists(hostile_numbers, min_size=3, max_size=3), comment=hostile_text, action=hostile_text)
def test_scorecard_form(world, scores, comment, action):
    criteria = list(world.session.grid.criteria.all())
    data = {f"score_{c.pk}": score for c, score in zip(criteria, scores, strict=True)}
    data |= {f"comment_{criteria[0].pk}": comment, "overall_comment": comment, "action": action}

    response = browser(world.people["juror"]).post(reverse("juries:scorecard", args=[world.entry.pk]), data)

    assert response.status_code in {200, 302}
    assert all(score.not_applicable or score.value is None or 0 <= score.value <= 5 for score in Score.objects.all())


@pytest.mark.django_db
@hypothesis_settings
@given(title=hostile_text, date=hostile_text, deadline=hostile_text, quorum=hostile_numbers, grid=hostile_numbers)
def test_session_form(world, title, date, deadline, quorum, grid):
    before = JurySession.objects.count()
    data = {"title": title, "date": date, "place": title, "scoring_deadline": deadline, "quorum": quorum, "grid": grid}

    response = browser(world.people["national_coordinator"]).post(reverse("juries:session-create"), data)

    assert response.status_code in {200, 302}
    assert JurySession.objects.count() == before + (response.status_code == 302)


@pytest.mark.django_db
@hypothesis_settings
@given(opinion=hostile_text, text=hostile_text, amount=hostile_numbers, kind=hostile_text)
def test_financing_review_form(world, opinion, text, amount, kind):
    before = list(FinancingReview.objects.values_list("opinion", "budget_analysis"))
    data = {
        "opinion": opinion,
        "budget_analysis": text,
        "financing_plan_analysis": text,
        "instruments-TOTAL_FORMS": "1",
        "instruments-INITIAL_FORMS": "0",
        "instruments-0-kind": kind,
        "instruments-0-amount": amount,
    }

    response = browser(world.people["bank_expert"]).post(
        reverse("workflow:financing-review", args=[world.study.pk]), data
    )

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert list(FinancingReview.objects.values_list("opinion", "budget_analysis")) == before


@pytest.mark.django_db
@hypothesis_settings
@given(region=hostile_numbers, reason=hostile_text)
def test_transfer_form(world, region, reason):
    before = RegionTransfer.objects.count()

    response = browser(world.people["national_coordinator"]).post(
        reverse("workflow:transfer", args=[world.study.pk]), {"region": region, "reason": reason}
    )

    assert response.status_code in {200, 302}
    assert RegionTransfer.objects.count() == before + (response.status_code == 302)


@pytest.mark.django_db
@hypothesis_settings
@given(
    modes=st.lists(
        st.one_of(st.sampled_from(DeliveryMode.values), st.sampled_from(HOSTILE_SAMPLES), st.text(max_size=20)),
        min_size=len(EventKind),
        max_size=len(EventKind),
    )
)
def test_preferences_form(world, modes):
    before = sorted(Preference.objects.values_list("kind", "mode"))

    response = browser(world.people["holder"]).post(
        reverse("notifications:preferences"), dict(zip(EventKind.values, modes, strict=True))
    )

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert sorted(Preference.objects.values_list("kind", "mode")) == before

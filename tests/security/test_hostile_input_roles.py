"""Hostile input on the forms of coordinators, the bank and the jury: never a server error, never a half save."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from juries.models import Criterion, JurySession, Score
from notifications.enums import DeliveryMode, EventKind
from notifications.models import Preference
from tests.security.test_hostile_input import (
    HOSTILE_SAMPLES,
    browser,
    hostile_numbers,
    hostile_text,
    huge_integers,
    hypothesis_settings,
)
from tests.security.world import build_world
from workflow.models import FinancingReview, RegionTransfer, TrainingModule


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
@given(
    title=st.one_of(st.just("Jury C"), hostile_text),
    date=st.one_of(st.just("2031-03-12"), hostile_text),
    deadline=st.one_of(st.just("2031-03-01T10:00"), hostile_text),
    quorum=st.one_of(huge_integers, hostile_numbers),
    grid=st.one_of(st.just(""), hostile_numbers),
)
def test_session_form(world, title, date, deadline, quorum, grid):
    before = JurySession.objects.count()
    # The other fields are often valid (an empty grid stands for the session's), so that the quorum decides.
    jurors = [world.people["president"].pk, world.people["juror"].pk]
    data = {"title": title, "date": date, "place": "Lyon", "scoring_deadline": deadline, "quorum": quorum}
    data |= {"grid": grid or world.session.grid_id, "members": jurors, "president": jurors[0]}

    response = browser(world.people["national_coordinator"]).post(reverse("juries:session-create"), data)

    assert response.status_code in {200, 302}
    assert JurySession.objects.count() == before + (response.status_code == 302)
    assert all(q is None or 1 <= q <= 2 for q in JurySession.objects.values_list("quorum", flat=True))


@pytest.mark.django_db
@hypothesis_settings
@given(title=hostile_text, quorum=st.one_of(huge_integers, hostile_numbers))
def test_session_edit_form(world, title, quorum):
    session = JurySession.objects.get(title="Jury B")
    data = {"title": title, "date": "2031-03-12", "place": "Lyon", "quorum": quorum}

    response = browser(world.people["national_coordinator"]).post(
        reverse("juries:session-edit", args=[session.pk]), data
    )

    assert response.status_code in {200, 302}
    session.refresh_from_db()
    if response.status_code == 200:
        assert (session.title, session.quorum) == ("Jury B", None)
    else:
        assert session.quorum is None or 1 <= session.quorum <= 100
        JurySession.objects.filter(pk=session.pk).update(title="Jury B", quorum=None)


@pytest.mark.django_db
@hypothesis_settings
@given(weights=st.lists(st.one_of(huge_integers, hostile_numbers), min_size=2, max_size=2))
def test_grid_form(world, weights):
    before = Criterion.objects.count()
    data = {"name": "Grille", "description": "", "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0"}
    for index, weight in enumerate(weights):
        data |= {f"criteria-{index}-title": f"Critère {index}", f"criteria-{index}-weight": weight}

    response = browser(world.people["national_coordinator"]).post(reverse("juries:grid-create"), data)

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert Criterion.objects.count() == before
    assert all(1 <= weight <= 100 for weight in Criterion.objects.values_list("weight", flat=True))


@pytest.mark.django_db
@hypothesis_settings
@given(title=hostile_text, position=st.one_of(huge_integers, hostile_numbers))
def test_training_module_form(world, title, position):
    before = TrainingModule.objects.count()

    response = browser(world.people["national_coordinator"]).post(
        reverse("workflow:training-modules"), {"title": title, "description": "", "position": position}
    )

    assert response.status_code in {200, 302}
    assert TrainingModule.objects.count() == before + (response.status_code == 302)
    assert all(0 <= p <= 1000 for p in TrainingModule.objects.values_list("position", flat=True))


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

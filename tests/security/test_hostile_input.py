"""Hostile input, generated: always a validation message or a refusal, never a server error, nothing saved
when anything is refused, and what is stored is shown escaped."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import FinancingLine, OpportunityStudy, SchoolProject
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.lifecycle import TRANSITIONS
from workflow.models import TransitionLog
from workflow.services import apply_transition

HOSTILE_SAMPLES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}",
    "{% debug %}",
    "'; DROP TABLE projects_schoolproject; --",
    "\x00\x01\x1b[31m",
    "\u202eevil",
    "1 000,50",
    "1\u202f000,50",
    "NaN",
    "-inf",
    "Infinity",
    "-1",
    "1e309",
    "0000-00-00",
    "9999-12-31",
    "2027-02-30",
    "../../etc/passwd",
    "",
    " ",
]
# Very long texts are repetitions: they test the length limits without drawing thousands of random characters.
very_long_text = st.builds(
    lambda piece, times: piece * times, st.sampled_from(["a", "é", "<b>", "\x00", "{{ x }}"]), st.integers(2000, 6000)
)
hostile_text = st.one_of(st.sampled_from(HOSTILE_SAMPLES), st.text(max_size=300), very_long_text)
# Integers past the columns (16, 32 and 64 bits) and far beyond: PostgreSQL refuses them as out of range, SQLite
# cannot bind them (OverflowError), and Python cannot size a range() of them; each was once a server error.
HUGE_INTEGERS = [2**15, 2**31, 2**63, -(2**63) - 1, 10**6, 10**26, 99999999999999999999999999]
huge_integers = st.one_of(
    st.sampled_from(HUGE_INTEGERS), st.integers(min_value=2**15, max_value=10**40), st.integers(max_value=-(2**15))
).map(str)
hostile_numbers = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    huge_integers,
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
hypothesis_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def browser(user):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "fr"})
    client.force_login(user)
    return client


@pytest.mark.django_db
@hypothesis_settings
@given(name=hostile_text, commune=hostile_text, region=hostile_numbers, trades=st.lists(hostile_numbers, max_size=3))
def test_project_form(holder, name, commune, region, trades):
    before = SchoolProject.objects.count()

    response = browser(holder).post(
        reverse("projects:project-create"), {"name": name, "commune": commune, "region": region, "trades": trades}
    )

    assert response.status_code in {200, 302}
    assert SchoolProject.objects.count() == before + (response.status_code == 302)


@pytest.mark.django_db
@hypothesis_settings
@given(text=hostile_text, intake=hostile_numbers, capacity=hostile_numbers)
def test_section_form(study, holder, text, intake, capacity):
    url = reverse("projects:study-section", args=[study.pk, "trades_and_diplomas"])
    before = OpportunityStudy.objects.values("trades_and_diplomas", "pupils_per_intake").get(pk=study.pk)

    response = browser(holder).post(
        url, {"trades_and_diplomas": text, "pupils_per_intake": intake, "pupils_at_capacity": capacity}
    )

    after = OpportunityStudy.objects.values("trades_and_diplomas", "pupils_per_intake").get(pk=study.pk)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert after == before


@pytest.mark.django_db
@hypothesis_settings
@given(text=hostile_text, start=hostile_numbers, years=st.one_of(huge_integers, hostile_numbers))
def test_budget_notes_form(complete, holder, text, start, years):
    url = reverse("projects:study-section", args=[complete.pk, "budget_notes"])
    fields = ("budget_notes", "plan_start_year", "plan_years")
    before = OpportunityStudy.objects.values(*fields).get(pk=complete.pk)

    response = browser(holder).post(url, {"budget_notes": text, "plan_start_year": start, "plan_years": years})

    after = OpportunityStudy.objects.values(*fields).get(pk=complete.pk)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert after == before
        assert response.context["study"].plan_years == before["plan_years"]
    else:
        assert 3 <= after["plan_years"] <= 5
        OpportunityStudy.objects.filter(pk=complete.pk).update(**before)


@pytest.mark.django_db
@hypothesis_settings
@given(amounts=st.lists(hostile_numbers, min_size=1, max_size=4))
def test_financing_plan_grid(study, holder, amounts):
    lines_before = list(FinancingLine.objects.filter(study=study).values_list("year", "side", "category", "amount"))
    fields = ["use-staff-2027", "use-premises-2028", "resource-region-2027", "resource-loans-2029"]

    response = browser(holder).post(
        reverse("projects:financing-plan", args=[study.pk]), dict(zip(fields, amounts, strict=False))
    )

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        lines_after = list(FinancingLine.objects.filter(study=study).values_list("year", "side", "category", "amount"))
        assert lines_after == lines_before
    else:
        assert all(line.amount.is_finite() and line.amount >= 0 for line in FinancingLine.objects.filter(study=study))


@pytest.mark.django_db
@hypothesis_settings
@given(
    name=st.one_of(st.sampled_from(TRANSITIONS), hostile_text.filter(lambda s: "/" not in s and s.strip())),
    comment=hostile_text,
)
def test_transition_post(study, people, name, comment):
    study = put_in_state(study, State.SUBMITTED)
    logs_before = TransitionLog.objects.count()

    response = browser(people["regional_coordinator"]).post(
        f"/studies/{study.pk}/transition/{name}/", {"comment": comment}
    )

    study.refresh_from_db()
    assert response.status_code in {302, 403, 404}
    moved = TransitionLog.objects.count() - logs_before
    assert (study.state, moved) in {(State.SUBMITTED, 0), (State.TRAINING, 1), (State.CHANGES_REQUESTED, 1)}
    if moved:
        OpportunityStudy.objects.filter(pk=study.pk).update(state=State.SUBMITTED)
        TransitionLog.objects.all().delete()


@pytest.mark.django_db
@hypothesis_settings
@given(opened_on=hostile_text, comment=hostile_text)
def test_opening_form(study, people, opened_on, comment):
    study = put_in_state(study, State.FUNDED)

    response = browser(people["regional_coordinator"]).post(
        reverse("workflow:opening", args=[study.pk]), {"opened_on": opened_on, "comment": comment}
    )

    study.refresh_from_db()
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert (study.state, study.opened_on) == (State.FUNDED, None)
    else:
        OpportunityStudy.objects.filter(pk=study.pk).update(state=State.FUNDED, opened_on=None)


@pytest.mark.django_db
def test_stored_markup_is_shown_escaped(client, complete, holder, people):
    complete.territorial_diagnosis = '<script>alert("x")</script>{{ 7|add:7 }}'
    complete.save()
    apply_transition(complete, "submit", actor=holder, comment="<b>gras</b>")
    client.force_login(people["regional_coordinator"])

    html = client.get(reverse("workflow:study-detail", args=[complete.pk])).content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;{{ 7|add:7 }}" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    assert "<script>alert" not in html

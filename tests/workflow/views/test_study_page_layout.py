"""The study page as its readers asked for it: the founder's next step before the withdrawal, which asks for a
confirmation; the funding and the opening date once recorded; the bank's review form without a default opinion."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.enums import FormOfAddress
from accounts.services import set_form_of_address
from tests.workflow.conftest import put_in_state
from workflow.enums import Instrument, State
from workflow.models import FinancingReview, TransitionLog
from workflow.services import apply_transition, record_funding, record_opening


def page(client, user, study):
    client.force_login(user)
    return client.get(reverse("workflow:study-detail", args=[study.pk]))


@pytest.mark.django_db
def test_founder_reads_what_to_do_next_before_any_withdrawal(client, study, holder):
    text = page(client, holder, study).content.decode()

    assert text.index("What to do next") < text.index("Complete the sections") < text.index('name="confirmed"')
    assert text.index("<details") < text.index(">Withdraw</button>")


@pytest.mark.django_db
def test_withdrawal_without_confirmation_is_refused_and_changes_nothing(client, study, holder):
    study = put_in_state(study, State.SUBMITTED)
    client.force_login(holder)

    response = client.post(
        reverse("workflow:study-transition", args=[study.pk, "withdraw"]), {"comment": "Plus de locaux."}, follow=True
    )

    study.refresh_from_db()
    assert (study.state, TransitionLog.objects.count()) == (State.SUBMITTED, 0)
    assert [str(m) for m in response.context["messages"]] == ["Tick the confirmation box: this step cannot be undone."]


@pytest.mark.django_db
def test_confirmed_withdrawal_is_done(client, study, holder):
    study = put_in_state(study, State.SUBMITTED)
    client.force_login(holder)

    client.post(
        reverse("workflow:study-transition", args=[study.pk, "withdraw"]),
        {"comment": "Plus de locaux.", "confirmed": "on"},
    )

    study.refresh_from_db()
    assert study.state == State.WITHDRAWN


@pytest.mark.django_db
def test_someone_who_may_not_withdraw_gets_403_confirmed_or_not(client, study, people):
    study = put_in_state(study, State.SUBMITTED)
    client.force_login(people["regional_coordinator"])

    answers = [
        client.post(reverse("workflow:study-transition", args=[study.pk, "withdraw"]), data).status_code
        for data in ({"comment": "x"}, {"comment": "x", "confirmed": "on"})
    ]

    study.refresh_from_db()
    assert (answers, study.state) == ([403, 403], State.SUBMITTED)


@pytest.mark.django_db
def test_funding_and_opening_date_appear_on_the_study_once_recorded(client, study, people):
    study = put_in_state(study, State.APPROVED)
    assert "Funding" not in page(client, people["holder"], study).content.decode()

    record_funding(
        study,
        actor=people["bank_expert"],
        instruments=[
            (Instrument.LOAN, Decimal("150000.00"), "Prêt participatif"),
            (Instrument.GRANT, Decimal("25000"), ""),
        ],
    )
    study.refresh_from_db()
    record_opening(study, actor=people["regional_coordinator"], opened_on=datetime.date(2027, 9, 6))
    text = page(client, people["holder"], study).content.decode()

    assert "Prêt participatif" in text
    assert "150,000.00 €" in text
    assert "25,000.00 €" in text
    assert "The school opened on Sept. 6, 2027." in text


@pytest.mark.django_db
def test_bank_review_has_no_opinion_by_default_and_requires_one(client, study, people):
    study = put_in_state(study, State.FINANCING_REVIEW)
    client.force_login(people["bank_expert"])
    url = reverse("workflow:financing-review", args=[study.pk])

    blank = client.get(url)
    response = client.post(
        url,
        {
            "budget_analysis": "Solide.",
            "financing_plan_analysis": "Équilibré.",
            "instruments-TOTAL_FORMS": "0",
            "instruments-INITIAL_FORMS": "0",
        },
    )

    assert 'value="" selected' in blank.content.decode()
    assert response.context["form"].errors["opinion"] == [
        "Choose an opinion: favourable, with reservations or unfavourable."
    ]
    assert not FinancingReview.objects.filter(study=study).exists()


@pytest.mark.django_db
def test_bank_review_shows_the_financing_plan_beside_the_form(client, complete, people):
    client.force_login(complete.project.team.get())
    client.post(reverse("workflow:study-transition", args=[complete.pk, "submit"]))
    study = put_in_state(complete, State.FINANCING_REVIEW)
    client.force_login(people["bank_expert"])

    text = client.get(reverse("workflow:financing-review", args=[study.pk])).content.decode()

    assert "Financing plan under review" in text
    assert "Submitted version 1" in text
    # The form's one submit button is the page's main button; Cancel is a plain link.
    form = re.search(r"<form(?:(?!</form>).)*Record the review.*?</form>", text, re.S).group(0)
    assert re.findall(r'<button type="submit"[^>]*>', form) == ['<button type="submit" class="primary">']


@pytest.mark.django_db
def test_the_timeline_names_a_coordinator_as_she_chose(client, study, people):
    coordinator = people["regional_coordinator"]
    set_form_of_address(coordinator, actor=coordinator, form_of_address=FormOfAddress.FEMININE)
    study = put_in_state(study, State.SUBMITTED)
    apply_transition(study, "accept", actor=coordinator, comment="Bienvenue.")
    client.force_login(people["holder"])

    page = client.get(reverse("workflow:study-detail", args=[study.pk]), headers={"Accept-Language": "fr"})

    assert "(Coordinatrice régionale)" in page.content.decode()


@pytest.mark.django_db
def test_coordinators_actions_sit_in_the_side_panel_after_the_content_each_with_its_comment_box(client, study, people):
    study = put_in_state(study, State.SUBMITTED)

    text = page(client, people["regional_coordinator"], study).content.decode()

    main, aside = text.split('<aside class="study-actions"', 1)
    aside = aside.split("</aside>", 1)[0]
    forms = re.findall(r"<form[^>]*/transition/[^>]*>.*?</form>", aside, re.S)
    actions = [re.search(r'action="[^"]*/([a-z_]+)/"', form).group(1) for form in forms]
    assert {"accept", "request_changes"} <= set(actions)
    assert [len(re.findall(r'<textarea id="comment-' + name + '"', aside)) for name in actions] == [1] * len(actions)
    assert all(form.count("<textarea") == 1 for form in forms)
    assert "/transition/" not in main and 'name="comment"' not in main

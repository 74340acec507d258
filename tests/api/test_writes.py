"""An API write and a page write of the same action produce the same log row, events and notifications.

Each test takes two studies (or agenda entries) in the same state, acts on one through its page and on the
other through the API, as the same person, and compares what each left behind, the study's own name aside.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from juries import signals as jury_signals
from juries.models import JuryDecision, JuryLog, Scorecard
from notifications.models import Delivery, Notification
from projects.models import OpportunityStudy
from tests.api.conftest import bearer
from tests.factories import UserFactory
from tests.factories.juries import study_in_financing_review
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.models import AuditEntry, Funding, TransitionLog
from workflow.signals import study_transitioned

pytestmark = pytest.mark.django_db
SIGNALS = {
    "study_transitioned": study_transitioned,
    "decision_recorded": jury_signals.decision_recorded,
    "all_scorecards_in": jury_signals.all_scorecards_in,
}


@pytest.fixture
def events():
    """The domain events sent, by name, as (name, study) pairs."""
    sent = []
    receivers = []
    for name, signal in SIGNALS.items():

        def receiver(sender, _name=name, **kwargs):
            study = kwargs.get("study") or getattr(kwargs.get("decision"), "entry", None)
            sent.append((_name, getattr(study, "study_id", getattr(study, "pk", None))))

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    yield sent
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def page_client(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def effects(study, events, notifications_before, last_log):
    """What an action left on ``study``, its name and its team replaced, so that two studies compare."""
    study = OpportunityStudy.objects.select_related("project").get(pk=study.pk)
    name = study.project.name
    team = set(study.project.team.values_list("pk", flat=True))
    logs = TransitionLog.objects.filter(study=study, pk__gt=last_log).order_by("pk")
    new = Notification.objects.exclude(pk__in=notifications_before).filter(text__contains=name).order_by("pk")
    return {
        "state": study.state,
        "logs": list(logs.values_list("transition", "from_state", "to_state", "actor_id", "actor_role", "comment")),
        "events": [event for event, study_id in events if study_id == study.pk],
        "notifications": sorted(
            (
                "team" if n.recipient_id in team else str(n.recipient_id),
                n.kind,
                n.mode,
                n.text.replace(name, "…"),
                Delivery.objects.filter(notification=n).count(),
            )
            for n in new
        ),
        "audit": [
            {key: value for key, value in entry.values.items()}
            for entry in AuditEntry.objects.filter(study=study).order_by("pk")
        ][-1:],
    }


def both(page_action, api_action, first, second, events):
    before = list(Notification.objects.values_list("pk", flat=True))
    events_before = len(events)
    last_log = TransitionLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page_answer, api_answer = page_action(first), api_action(second)
    assert page_answer.status_code in (200, 302), page_answer.content
    assert api_answer.status_code == 201, api_answer.content
    return (
        effects(first, events[events_before:], before, last_log),
        effects(second, events[events_before:], before, last_log),
    )


def submitted_studies():
    first, second = (study_in_financing_review() for _ in range(2))
    return put_in_state(first, State.SUBMITTED), put_in_state(second, State.SUBMITTED)


def test_a_transition_through_the_api_does_what_the_page_does(events, coordinator):
    first, second = submitted_studies()
    page, api = page_client(coordinator), bearer(coordinator)

    by_page, by_api = both(
        lambda study: page.post(reverse("workflow:study-transition", args=[study.pk, "accept"]), {"comment": "Bien."}),
        lambda study: api.post(
            f"/api/v1/studies/{study.pk}/transitions/", {"name": "accept", "comment": "Bien."}, "application/json"
        ),
        first,
        second,
        events,
    )

    assert by_api == by_page
    assert (by_page["state"], by_page["events"], by_page["notifications"] != []) == (
        State.TRAINING,
        ["study_transitioned"],
        True,
    )


def test_a_financing_review_through_the_api_does_what_the_page_does(events):
    expert = UserFactory(is_bank_expert=True)
    first, second = study_in_financing_review(bank_expert=expert), study_in_financing_review(bank_expert=expert)
    page, api = page_client(expert), bearer(expert)
    review = {
        "opinion": "reserved",
        "budget_analysis": "Budget fragile.",
        "financing_plan_analysis": "Plan à revoir.",
        "notes": "À suivre.",
    }
    lines = {"instruments-0-kind": "loan", "instruments-0-amount": "50000.00", "instruments-0-label": "Prêt"}

    by_page, by_api = both(
        lambda study: page.post(
            reverse("workflow:financing-review", args=[study.pk]),
            {**review, "instruments-TOTAL_FORMS": "1", "instruments-INITIAL_FORMS": "0", **lines},
        ),
        lambda study: api.post(
            f"/api/v1/studies/{study.pk}/financing-review/",
            {**review, "instruments": [{"kind": "loan", "amount": "50000.00", "label": "Prêt"}]},
            "application/json",
        ),
        first,
        second,
        events,
    )

    assert by_api == by_page
    assert (by_page["audit"][0]["opinion"], by_page["logs"]) == ("reserved", [])


@pytest.mark.parametrize(
    ("state", "action", "page_data", "api_data", "actor_kind"),
    [
        (
            State.APPROVED,
            "funding",
            {
                "notes": "Accordé.",
                "instruments-TOTAL_FORMS": "1",
                "instruments-INITIAL_FORMS": "0",
                "instruments-0-kind": "subordinated_loan",
                "instruments-0-amount": "150000.00",
                "instruments-0-label": "Prêt participatif",
                "instruments-0-purpose": "real_estate",
            },
            {
                "notes": "Accordé.",
                "instruments": [
                    {
                        "kind": "subordinated_loan",
                        "amount": "150000.00",
                        "label": "Prêt participatif",
                        "purpose": "real_estate",
                    }
                ],
            },
            {"is_bank_expert": True},
        ),
        (
            State.FUNDED,
            "opening",
            {"opened_on": "2027-09-01", "comment": "Rentrée."},
            {"opened_on": "2027-09-01", "comment": "Rentrée."},
            {"is_national_coordinator": True},
        ),
    ],
)
def test_funding_and_opening_through_the_api_do_what_the_pages_do(
    events, state, action, page_data, api_data, actor_kind
):
    actor = UserFactory(**actor_kind)
    first, second = (put_in_state(study, state) for study in submitted_studies())
    page, api = page_client(actor), bearer(actor)

    by_page, by_api = both(
        lambda study: page.post(reverse(f"workflow:{action}", args=[study.pk]), page_data),
        lambda study: api.post(f"/api/v1/studies/{study.pk}/{action}/", api_data, "application/json"),
        first,
        second,
        events,
    )

    assert by_api == by_page
    assert by_page["state"] == (State.FUNDED if action == "funding" else State.OPENED)
    if action == "funding":
        granted = Funding.objects.filter(study=second).values_list(
            "instruments__kind", "instruments__amount", "instruments__purpose"
        )
        assert list(granted) == [("subordinated_loan", 150000, "real_estate")]
    else:
        assert OpportunityStudy.objects.get(pk=second.pk).opened_on == date(2027, 9, 1)


def test_a_decision_through_the_api_does_what_the_page_does(events, deliberating_session, entries, president):
    page, api = page_client(president), bearer(president)
    decision = {"decision": "approve", "motivation": "Projet solide."}

    by_page, by_api = both(
        lambda study: page.post(reverse("juries:decision", args=[entries[0].pk]), decision),
        lambda study: api.post(f"/api/v1/agenda-entries/{entries[1].pk}/decision/", decision, "application/json"),
        entries[0].study,
        entries[1].study,
        events,
    )

    assert by_api == by_page
    assert by_page["events"] == ["decision_recorded", "study_transitioned"]
    assert sorted(JuryDecision.objects.values_list("entry_id", "decision", "decided_by_id", "decided_as")) == [
        (entries[0].pk, "approve", president.pk, "jury_president"),
        (entries[1].pk, "approve", president.pk, "jury_president"),
    ]


def test_a_scorecard_through_the_api_does_what_the_page_does(scoring_session, entries, alice, criteria):
    page, api = page_client(alice), bearer(alice)
    values = (4, 3, None)

    page_answer = page.post(
        reverse("juries:scorecard", args=[entries[0].pk]),
        {
            "action": "submit",
            "confirmed": "on",
            "overall_comment": "Solide.",
            **{f"score_{c.pk}": "na" if v is None else str(v) for c, v in zip(criteria, values, strict=True)},
            **{f"comment_{c.pk}": "Vu." for c in criteria},
        },
    )
    api_answer = api.post(
        f"/api/v1/agenda-entries/{entries[1].pk}/scorecard/",
        {
            "overall_comment": "Solide.",
            "scores": {str(c.pk): v for c, v in zip(criteria, values, strict=True)},
            "comments": {str(c.pk): "Vu." for c in criteria},
        },
        "application/json",
    )

    def left(entry):
        card = Scorecard.objects.get(entry=entry, member=alice)
        return (
            card.status,
            card.overall_comment,
            sorted(card.scores.values_list("criterion_id", "value", "not_applicable", "comment")),
            list(JuryLog.objects.filter(entry=entry).values_list("action", "actor_id", "member_id")),
        )

    assert (page_answer.status_code, api_answer.status_code) == (302, 201)
    assert left(entries[1]) == left(entries[0])
    assert left(entries[1])[0] == "submitted"

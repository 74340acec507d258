"""Each list of the API runs a constant number of queries, whatever the number of rows (1 or 3 of each)."""

import pytest
from django.utils import timezone

from api.enums import TokenScope
from juries.enums import ScorecardStatus, SessionState
from juries.models import AgendaEntry, JuryDecision, JuryMembership, Score, Scorecard
from projects.models import OpportunityStudy, RegionalNetwork
from tests.api.conftest import bearer
from tests.factories import JurySessionFactory, UserFactory, region
from tests.factories.juries import study_in_financing_review
from tests.factories.notifications import NotificationFactory
from workflow.enums import Instrument
from workflow.models import FundedInstrument, Funding

pytestmark = pytest.mark.django_db

# Queries of each request: the token and its owner, the user's scopes (for the selectors that read them),
# the page's rows and one query per prefetched relation.
EXPECTED = {
    "/api/v1/regions/": 2,
    "/api/v1/networks/": 2,
    "/api/v1/projects/": 4,
    "/api/v1/studies/": 3,
    "/api/v1/financing-reviews/": 4,
    "/api/v1/fundings/": 4,
    "/api/v1/openings/": 3,
    "/api/v1/jury-sessions/": 3,
    "/api/v1/agenda-entries/": 3,
    "/api/v1/scorecards/": 3,
    "/api/v1/decisions/": 2,
    "/api/v1/notifications/": 2,
    "study log": 4,
    "study versions": 4,
    "session with its agenda": 5,
}


def seed(count, national):
    """``count`` of each kind of row, all visible to the national coordinator ``national``."""
    expert = UserFactory(is_bank_expert=True)
    for index in range(count):
        home = region(["84", "11", "53"][index])
        RegionalNetwork.objects.get_or_create(region=home, defaults={"name": f"Réseau {index}"})
        study = study_in_financing_review(region=home, bank_expert=expert)
        OpportunityStudy.objects.filter(pk=study.pk).update(opened_on=timezone.localdate())
        funding = Funding.objects.create(study=study, recorded_by=national)
        FundedInstrument.objects.create(funding=funding, kind=Instrument.LOAN, amount=1000)
        # In deliberation, the submitted scorecards are the national coordinator's to read.
        session = JurySessionFactory(state=SessionState.DELIBERATION)
        juror = UserFactory(is_jury_member=True)
        JuryMembership.objects.create(session=session, user=juror, is_president=True)
        entry = AgendaEntry.objects.create(session=session, study=study)
        card = Scorecard.objects.create(entry=entry, member=juror, status=ScorecardStatus.SUBMITTED)
        Score.objects.bulk_create(Score(scorecard=card, criterion=c, value=3) for c in session.grid.criteria.all())
        JuryDecision.objects.create(
            entry=entry, decision="defer", motivation="Revoir.", decided_by=juror, decided_as="jury_president"
        )
        NotificationFactory(recipient=national)
    return study, session


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_api_list_runs_constant_queries(django_assert_num_queries, name, item_count):
    national = UserFactory(is_national_coordinator=True)
    study, session = seed(item_count, national)
    client = bearer(national, TokenScope.READ)
    url = {
        "study log": f"/api/v1/studies/{study.pk}/log/",
        "study versions": f"/api/v1/studies/{study.pk}/versions/",
        "session with its agenda": f"/api/v1/jury-sessions/{session.pk}/",
    }.get(name, name)
    client.get(url)  # the token's first use is written once; the next requests only read

    with django_assert_num_queries(EXPECTED[name]):
        response = client.get(url)

    body = response.json()
    rows = body["results"] if name == url else body["agenda"] if isinstance(body, dict) else body
    shown = len(rows)
    # Regions and networks are the 18 of the migrations; transitions add notifications of their own.
    assert (response.status_code, shown >= (item_count if name == url else 1)) == (200, True)

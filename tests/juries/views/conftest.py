import pytest
from django.utils import timezone

from juries.enums import ScorecardStatus, SessionState
from juries.models import AgendaEntry, ConflictOfInterest, JuryMembership, JurySession, Score, Scorecard
from juries.services.results import publish_results
from projects.models import OpportunityStudy, SchoolProject
from tests.factories import JurySessionFactory, UserFactory, region
from workflow.enums import State


@pytest.fixture
def signed_in(client):
    def sign(user):
        client.force_login(user)
        return client

    return sign


@pytest.fixture
def people(coordinator, president, alice, chloe, outsider, entries):
    """One person per role around the ``entries`` fixture's session; Chloé is conflicted on the first study."""
    ConflictOfInterest.objects.create(entry=entries[0], member=chloe, reason="Mon cousin.", declared_by=chloe)
    other = JurySessionFactory(title="Jury d'automne")
    JuryMembership.objects.create(session=other, user=outsider, is_president=True)
    study = entries[0].study
    return {
        "national_coordinator": coordinator,
        "president": president,
        "member": alice,
        "conflicted_member": chloe,
        "other_session_member": outsider,
        "holder": study.project.team.get(),
        "regional_coordinator": UserFactory(coordinates=[study.project.region]),
    }


@pytest.fixture
def agenda_of(grid, president, alice, bruno):
    """Build a session of ``item_count`` studies named « École n°0001 »… in agenda order (bulk set-up).

    Paul presides, Alice and Bruno sit on it. In scoring Alice submitted the odd-numbered studies, nobody else
    anything; from deliberation on every member submitted every study. The results are stored as the services
    store them.
    """

    def build(item_count, state=SessionState.DELIBERATION):
        members = [president, alice, bruno]
        session = JurySession.objects.create(title="Grand jury", date=timezone.localdate(), grid=grid)
        JurySession.objects.filter(pk=session.pk).update(state=state)
        session.refresh_from_db()
        JuryMembership.objects.bulk_create(
            JuryMembership(session=session, user=member, is_president=index == 0)
            for index, member in enumerate(members)
        )
        home = region("84")
        projects = SchoolProject.objects.bulk_create(
            SchoolProject(name=f"École n°{index:04d}", commune="Lyon", region=home)
            for index in range(1, item_count + 1)
        )
        studies = OpportunityStudy.objects.bulk_create(
            OpportunityStudy(project=project, state=State.JURY, plan_start_year=2027, plan_years=3)
            for project in projects
        )
        entries = AgendaEntry.objects.bulk_create(
            AgendaEntry(session=session, study=study, position=index) for index, study in enumerate(studies, start=1)
        )
        scorers = {SessionState.PLANNED: [], SessionState.SCORING: [alice]}.get(state, members)
        cards = Scorecard.objects.bulk_create(
            Scorecard(entry=entry, member=member, status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now())
            for index, entry in enumerate(entries, start=1)
            for member in scorers
            if scorers is members or index % 2
        )
        criteria = list(grid.criteria.all())
        Score.objects.bulk_create(
            Score(scorecard=card, criterion=criterion, value=(index + position) % 6)
            for index, card in enumerate(cards)
            for position, criterion in enumerate(criteria)
        )
        publish_results(session)
        return session

    return build

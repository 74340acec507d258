import pytest

from juries.models import ConflictOfInterest, JuryMembership
from tests.factories import JurySessionFactory, UserFactory


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

import pytest

from schools.policy import campaign_policy, report_policy, school_policy
from tests.schools.conftest import opened_school


@pytest.fixture
def unfinanced_school(people, home_region):
    """A school of the home region the bank never lent to (its funding was a grant, or none)."""
    return opened_school(team=[people["other_team"]], home=home_region)


EXPECTED_SCHOOLS = {
    "team": {"school"},
    "other_team": {"other_school", "unfinanced_school"},
    "regional_coordinator": {"school", "unfinanced_school"},
    "other_regional_coordinator": {"other_school"},
    "national_coordinator": {"school", "other_school", "unfinanced_school"},
    "bank_expert": {"school"},
    "jury_member": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED_SCHOOLS)
def test_school_predicate_and_selector_agree(people, school, other_school, unfinanced_school, role):
    schools = {"school": school, "other_school": other_school, "unfinanced_school": unfinanced_school}
    user = people[role]

    by_predicate = {name for name, each in schools.items() if school_policy.can(user, "view", each)}
    by_selector = {name for name, each in schools.items() if school_policy.visible(user).filter(pk=each.pk).exists()}

    assert (by_predicate, by_selector) == (EXPECTED_SCHOOLS[role], EXPECTED_SCHOOLS[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED_SCHOOLS)
def test_report_predicate_and_selector_agree(people, campaign, role):
    user = people[role]
    reports = list(campaign.reports.select_related("school__project"))

    by_predicate = {report.pk for report in reports if report_policy.can(user, "view", report)}
    by_selector = set(report_policy.visible(user).values_list("pk", flat=True))

    assert by_predicate == by_selector


@pytest.mark.django_db
def test_a_school_team_sees_only_its_own_report(people, campaign, school):
    assert list(report_policy.visible(people["team"]).values_list("school", flat=True)) == [school.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED_SCHOOLS)
def test_campaign_predicate_and_selector_agree(people, campaign, role):
    user = people[role]

    by_predicate = campaign_policy.can(user, "view", campaign)
    by_selector = campaign_policy.visible(user).filter(pk=campaign.pk).exists()

    assert (by_predicate, by_selector) == (role == "national_coordinator", role == "national_coordinator")

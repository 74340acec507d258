"""One error format for every refusal, in the language the request asks for; a refusal changes nothing."""

import pytest

from api.enums import TokenScope
from projects.models import OpportunityStudy
from tests.api.conftest import bearer
from tests.security.world import build_world
from workflow.enums import State
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def transition(client, study, name, comment="", language="en"):
    return client.post(
        f"/api/v1/studies/{study.pk}/transitions/",
        {"name": name, "comment": comment},
        "application/json",
        headers={"Accept-Language": language},
    )


def unchanged(study):
    return (OpportunityStudy.objects.get(pk=study.pk).state, TransitionLog.objects.filter(study=study).count())


def test_a_transition_refused_by_a_guard_is_a_409_with_its_reasons_in_french(world):
    client = bearer(world.people["bank_expert"])
    before = unchanged(world.study)

    response = transition(client, world.study, "request_changes", language="fr")

    assert (response.status_code, response.json()) == (
        409,
        {
            "status": 409,
            "code": "refused",
            "reasons": ["Un commentaire est obligatoire pour cette action."],
            "fields": {},
        },
    )
    assert unchanged(world.study) == before


def test_the_same_refusal_in_english(world):
    response = transition(bearer(world.people["bank_expert"]), world.study, "request_changes")

    assert response.json()["reasons"] == ["A comment is required for this action."]


def test_a_person_who_may_not_act_gets_a_403_with_the_reason(world):
    before = unchanged(world.study)

    response = transition(bearer(world.people["holder"]), world.study, "send_to_jury")

    assert (response.status_code, response.json()["code"], response.json()["reasons"] != []) == (403, "forbidden", True)
    assert unchanged(world.study) == before


def test_the_jurys_decision_has_no_door_through_the_transitions(world):
    study = world.study
    OpportunityStudy.objects.filter(pk=study.pk).update(state=State.JURY)
    study.refresh_from_db()

    response = transition(bearer(world.people["national_coordinator"]), study, "approve", comment="Oui.")

    assert (response.status_code, response.json()["code"]) == (409, "refused")
    assert unchanged(study) == (State.JURY, TransitionLog.objects.filter(study=study).count())


def test_validation_errors_name_their_fields_in_french(world):
    response = transition(bearer(world.people["bank_expert"]), world.study, "fly_away", language="fr")

    assert (response.status_code, response.json()["code"], response.json()["fields"]) == (
        400,
        "invalid",
        {"name": ["«\xa0fly_away\xa0» n'est pas un choix valide."]},
    )
    assert response.json()["reasons"] == ["Certains champs ne sont pas valides\u202f: name."]


def test_another_regions_study_is_not_found_whatever_the_method(world):
    client = bearer(world.people["regional_coordinator"], TokenScope.WRITE)

    read = client.get(f"/api/v1/studies/{world.other_study.pk}/")
    write = transition(client, world.other_study, "accept")

    assert (read.status_code, read.json()["code"], write.status_code) == (404, "not_found", 404)


def test_results_before_deliberation_are_refused_with_the_reason(world):
    response = bearer(world.people["juror"]).get(f"/api/v1/jury-sessions/{world.session.pk}/results/")

    assert (response.status_code, response.json()["reasons"]) == (409, ["The scores are revealed when scoring closes."])


def test_an_unknown_address_under_the_api_is_a_404_in_the_format(world):
    response = bearer(world.people["holder"]).get("/api/v1/nothing-here/")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")

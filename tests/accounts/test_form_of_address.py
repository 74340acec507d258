"""A person may say how role labels speak of him: « Coordinatrice régionale » where French makes them agree."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import FormOfAddress, Role, role_label
from accounts.services import set_form_of_address
from permissions.refusal import ActionRefused
from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_person_chooses_his_form_of_address_on_his_account(client):
    person = UserFactory()
    client.force_login(person)

    page = client.get(reverse("accounts:my-account"))
    response = client.post(reverse("accounts:my-account"), {"form_of_address": "feminine"})

    person.refresh_from_db()
    assert page.context["form"]["form_of_address"].value() == ""
    assert (response.status_code, person.form_of_address) == (302, FormOfAddress.FEMININE)


@pytest.mark.django_db
def test_a_choice_not_offered_changes_nothing(client):
    person = UserFactory(form_of_address=FormOfAddress.MASCULINE)
    client.force_login(person)

    response = client.post(reverse("accounts:my-account"), {"form_of_address": "neutral-ish"})

    person.refresh_from_db()
    assert (response.status_code, person.form_of_address) == (200, FormOfAddress.MASCULINE)


@pytest.mark.django_db
def test_nobody_chooses_for_someone_else():
    person, other = UserFactory(), UserFactory(is_national_coordinator=True)

    with pytest.raises(ActionRefused):
        set_form_of_address(person, actor=other, form_of_address=FormOfAddress.FEMININE)

    person.refresh_from_db()
    assert person.form_of_address == FormOfAddress.UNSPECIFIED


@pytest.mark.parametrize(
    ("form_of_address", "language", "label"),
    [
        (FormOfAddress.FEMININE, "fr", "Coordinatrice régionale"),
        (FormOfAddress.MASCULINE, "fr", "Coordinateur régional"),
        (FormOfAddress.UNSPECIFIED, "fr", "Coordinateur régional"),
        (FormOfAddress.FEMININE, "en", "Regional coordinator"),
    ],
)
def test_role_labels_agree_with_the_person_in_french_only(form_of_address, language, label):
    with translation.override(language):
        assert str(role_label(Role.REGIONAL_COORDINATOR, form_of_address)) == label

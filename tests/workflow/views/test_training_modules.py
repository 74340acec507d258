import pytest
from django.urls import reverse

from workflow.models import TrainingModule


@pytest.mark.django_db
def test_national_coordinator_adds_a_mandatory_module(client, people):
    client.force_login(people["national_coordinator"])

    response = client.post(
        reverse("workflow:training-modules"),
        {"title": "Relations avec les entreprises clientes", "is_mandatory": "on", "is_active": "on", "position": "4"},
    )

    assert response.status_code == 302
    assert list(TrainingModule.objects.values_list("title", "is_mandatory")) == [
        ("Relations avec les entreprises clientes", True)
    ]


@pytest.mark.django_db
def test_changing_a_module_keeps_its_progress(client, people, study):
    module = TrainingModule.objects.create(title="Gouvernance", is_mandatory=True)
    module.progress.create(project=study.project)
    client.force_login(people["national_coordinator"])

    client.post(
        reverse("workflow:training-module-edit", args=[module.pk]),
        {"title": "Gouvernance associative", "position": "1"},
    )

    module.refresh_from_db()
    assert (module.title, module.is_mandatory, module.is_active, module.progress.count()) == (
        "Gouvernance associative",
        False,
        False,
        1,
    )


@pytest.mark.django_db
def test_module_form_error_saves_nothing(client, people):
    client.force_login(people["national_coordinator"])

    response = client.post(reverse("workflow:training-modules"), {"title": "", "position": "-1"})

    assert sorted(response.context["form"].errors) == ["position", "title"]
    assert TrainingModule.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["regional_coordinator", "bank_expert", "holder"])
def test_modules_page_is_404_for_others(client, people, who):
    client.force_login(people[who])

    assert client.get(reverse("workflow:training-modules")).status_code == 404
    assert client.post(reverse("workflow:training-modules"), {"title": "X", "position": "1"}).status_code == 404
    assert TrainingModule.objects.count() == 0

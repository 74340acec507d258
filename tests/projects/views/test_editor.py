from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Attachment, FinancingLine, OpportunityStudy, SchoolProject, Trade
from tests.factories import UserFactory, region
from tests.factories.projects import MINIMAL_PDF
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.services import apply_transition


@pytest.fixture
def signed_in(client, holder):
    client.force_login(holder)
    return client


@pytest.mark.django_db
def test_create_project_puts_the_holder_on_its_team_with_a_draft_study(signed_in, holder):
    response = signed_in.post(
        reverse("projects:project-create"),
        {
            "name": "École de Production du Forez",
            "commune": "Saint-Étienne",
            "region": region("84").pk,
            "trades": [Trade.objects.get(slug="usinage").pk],
        },
    )

    project = SchoolProject.objects.get(name="École de Production du Forez")
    assert (list(project.team.all()), project.studies.get().state) == ([holder], State.DRAFT)
    assert response["Location"] == reverse("projects:study-edit", args=[project.studies.get().pk])


@pytest.mark.django_db
def test_create_project_form_error_saves_nothing(signed_in):
    response = signed_in.post(reverse("projects:project-create"), {"name": "", "commune": "Lyon"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert SchoolProject.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("trade_id", ["100000000000000000000", "-9223372036854775809"])
def test_create_project_with_a_trade_id_beyond_64_bits_is_a_form_error(signed_in, trade_id):
    response = signed_in.post(
        reverse("projects:project-create"),
        {"name": "École de Production du Forez", "commune": "Lyon", "region": region("84").pk, "trades": [trade_id]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["trades"] == [f"“{trade_id}” is not a valid value."]
    assert SchoolProject.objects.count() == 0


@pytest.mark.django_db
def test_section_saved(signed_in, study):
    url = reverse("projects:study-section", args=[study.pk, "governance"])

    response = signed_in.post(url, {"governance": "Association loi 1901, bureau de 7 membres.", "board_members": "7"})

    study.refresh_from_db()
    assert (response.status_code, study.governance, study.board_members) == (
        302,
        "Association loi 1901, bureau de 7 membres.",
        7,
    )


@pytest.mark.django_db
def test_section_with_invalid_figure_saves_nothing(signed_in, study):
    url = reverse("projects:study-section", args=[study.pk, "trades_and_diplomas"])

    response = signed_in.post(url, {"trades_and_diplomas": "CAP", "pupils_per_intake": "-3", "pupils_at_capacity": "x"})

    study.refresh_from_db()
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["pupils_at_capacity", "pupils_per_intake"]
    assert study.trades_and_diplomas == ""


@pytest.mark.django_db
def test_editor_lists_what_is_missing(signed_in, study):
    response = signed_in.get(reverse("projects:study-edit", args=[study.pk]))

    assert response.status_code == 200
    assert "The financing plan is empty." in [p.message for p in response.context["problems"]]


@pytest.mark.django_db
def test_financing_plan_grid_saves_lines_and_balances(signed_in, study):
    data = {}
    for year in (2027, 2028, 2029):
        data |= {f"use-staff-{year}": "250 000,50", f"resource-production-{year}": "250000.50"}

    response = signed_in.post(
        reverse("projects:financing-plan", args=[study.pk]), data, headers={"Accept-Language": "fr"}
    )

    assert response.status_code == 302
    totals = {(line.year, line.side): line.amount for line in FinancingLine.objects.filter(study=study)}
    assert totals[(2028, "use")] == totals[(2028, "resource")] == Decimal("250000.50")


@pytest.mark.django_db
def test_financing_plan_refuses_negative_amounts(signed_in, study):
    response = signed_in.post(reverse("projects:financing-plan", args=[study.pk]), {"use-staff-2027": "-5"})

    assert response.status_code == 200
    assert response.context["form"].errors["use-staff-2027"] == ["Ensure this value is greater than or equal to 0."]
    assert FinancingLine.objects.count() == 0


@pytest.mark.django_db
def test_upload_wrong_type_shows_the_reason(signed_in, study):
    upload = SimpleUploadedFile("lettre.pdf", b"MZ\x90\x00" + b"\x00" * 50)

    response = signed_in.post(
        reverse("projects:attachments", args=[study.pk]), {"kind": "letter_of_support", "file": upload}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("This type of file is not accepted.")
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_upload_then_remove(signed_in, study):
    upload = SimpleUploadedFile("lettre.pdf", MINIMAL_PDF)
    signed_in.post(reverse("projects:attachments", args=[study.pk]), {"kind": "letter_of_support", "file": upload})
    attachment = Attachment.objects.get()

    signed_in.post(reverse("projects:attachment-remove", args=[study.pk, attachment.pk]))

    assert list(study.current_attachments()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["projects:study-edit", "projects:financing-plan", "projects:attachments"])
def test_editor_pages_are_404_for_another_holder(client, study, url_name):
    client.force_login(UserFactory())

    assert client.get(reverse(url_name, args=[study.pk])).status_code == 404


@pytest.mark.django_db
def test_editor_of_submitted_study_is_read_only(signed_in, study):
    study = put_in_state(study, State.SUBMITTED)

    response = signed_in.post(reverse("projects:study-edit", args=[study.pk]), {"territorial_diagnosis": "Modifié."})

    study.refresh_from_db()
    assert (response.status_code, response.context["editable"], study.territorial_diagnosis) == (200, False, "")


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, study):
    response = client.get(reverse("projects:study-edit", args=[study.pk]))

    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_financing_plan_running_totals_with_htmx_save_nothing(signed_in, study):
    data = {"use-staff-2027": "1 000,50", "resource-region-2027": "400"}

    response = signed_in.post(
        reverse("projects:financing-plan", args=[study.pk]),
        data,
        headers={"HX-Request": "true", "Accept-Language": "fr"},
    )

    html = response.content.decode()
    assert html.startswith('<tfoot id="plan-totals"')
    assert ("1\xa0000,50 €" in html, "<strong>-600,50 €</strong>" in html) == (True, True)
    assert FinancingLine.objects.count() == 0


@pytest.mark.django_db
def test_editor_shows_the_changes_asked(signed_in, study, holder):
    coordinator = UserFactory(coordinates=[study.project.region])
    study = put_in_state(study, State.SUBMITTED)
    apply_transition(study, "request_changes", actor=coordinator, comment="Joignez la lettre du Rotary.")

    response = signed_in.get(reverse("projects:study-edit", args=[study.pk]))

    assert response.context["changes_asked"].comment == "Joignez la lettre du Rotary."
    assert "Joignez la lettre du Rotary." in response.content.decode()


@pytest.fixture
def plan_grids(monkeypatch):
    """Record the length of every plan laid out by year, refusing one longer than any plan may be."""
    lengths = []
    plan_year_range = OpportunityStudy.plan_year_range

    def recorded(study):
        lengths.append(study.plan_years)
        if study.plan_years > 5:
            raise AssertionError(f"a plan of {study.plan_years} years was laid out")
        return plan_year_range(study)

    monkeypatch.setattr(OpportunityStudy, "plan_year_range", recorded)
    return lengths


@pytest.mark.django_db
@pytest.mark.parametrize("plan_years", ["1000000", str(10**26), "6", "2", "-1"])
def test_plan_years_absurd_is_refused_quickly(signed_in, complete, plan_grids, plan_years):
    url = reverse("projects:study-section", args=[complete.pk, "budget_notes"])

    response = signed_in.post(url, {"budget_notes": "Changé", "plan_start_year": "2027", "plan_years": plan_years})

    complete.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["plan_years"][0].startswith("Ensure this value is")
    assert (complete.budget_notes, complete.plan_years) == ("Contenu de la section budget_notes.", 3)
    assert plan_grids and max(plan_grids) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("plan_start_year", ["1999", "2101", str(10**26)])
def test_plan_start_year_out_of_range_is_refused(signed_in, complete, plan_start_year):
    url = reverse("projects:study-section", args=[complete.pk, "budget_notes"])

    response = signed_in.post(url, {"budget_notes": "", "plan_start_year": plan_start_year, "plan_years": "3"})

    complete.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["plan_start_year"][0].startswith("Ensure this value is")
    assert complete.plan_start_year == response.context["study"].plan_start_year == 2027


@pytest.mark.django_db
def test_plan_years_within_the_design_is_saved(signed_in, study):
    url = reverse("projects:study-section", args=[study.pk, "budget_notes"])

    response = signed_in.post(url, {"budget_notes": "Sur cinq ans.", "plan_start_year": "2028", "plan_years": "5"})

    study.refresh_from_db()
    assert (response.status_code, study.plan_start_year, study.plan_years) == (302, 2028, 5)


@pytest.mark.django_db
def test_section_refused_renders_the_saved_study(signed_in, complete):
    url = reverse("projects:study-section", args=[complete.pk, "budget_notes"])

    response = signed_in.post(url, {"budget_notes": "", "plan_start_year": "2030", "plan_years": "9"})

    shown = response.context["study"]
    assert (shown.budget_notes, shown.plan_start_year, shown.plan_years) == (
        "Contenu de la section budget_notes.",
        2027,
        3,
    )
    assert response.context["completion"] == 100

"""The path of a study in the browser, from the founder's first draft to the jury's decision."""

import pytest

from projects.models import OpportunityStudy
from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory, region
from tests.factories.projects import MINIMAL_PDF
from workflow.enums import State
from workflow.models import TrainingModule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECTIONS = {
    "Territorial diagnosis": "Bassin de 120 000 habitants, 900 jeunes sans solution.",
    "Companies' needs and support": "Douze entreprises de la vallée soutiennent le projet.",
    "Trades and diplomas": "CAP Conducteur d'installations de production.",
    "Pedagogical project": "Deux maîtres professionnels identifiés.",
    "Governance and team": "Association loi 1901, bureau de 7 membres.",
    "Premises and equipment": "Atelier de 600 m² prêté par la commune.",
    "Business model": "Sous-traitance d'usinage pour les PME locales.",
    "Forecast budget and financing plan": "Budget équilibré sur trois ans.",
}


@pytest.fixture
def cast():
    home = region("84")
    return {
        "founder": UserFactory(email="founder@example.org", full_name="Claire Porteuse", password=PASSWORD),
        "coordinator": UserFactory(email="aura@example.org", full_name="Isabelle Roche", coordinates=[home]),
        "bank": UserFactory(email="bank@example.org", full_name="Julien Perrin", is_bank_expert=True),
    }


def write_study(page, live_server):
    page.goto(f"{live_server.url}/projects/new/")
    page.get_by_label("Name").fill("École de Production de la Vallée")
    page.get_by_label("Commune").fill("Oyonnax")
    page.get_by_label("Region").select_option(label="Auvergne-Rhône-Alpes")
    page.get_by_label("Usinage").check()
    page.get_by_role("button", name="Create the project").click()
    for tab, text in SECTIONS.items():
        page.get_by_role("link", name=tab).first.click()
        page.get_by_label(tab, exact=True).fill(text)
        if tab == "Trades and diplomas":
            page.get_by_label("Pupils per intake").fill("12")
            page.get_by_label("Pupils at full capacity").fill("36")
        if tab == "Governance and team":
            page.get_by_label("Members of the association's board").fill("7")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Section saved.").wait_for()


def write_plan(page, study):
    page.get_by_role("link", name="Financing plan", exact=True).click()
    for year in study.plan_year_range():
        page.fill(f"#id_use-staff-{year}", "250000")
        page.fill(f"#id_resource-production-{year}", "150000")
        page.fill(f"#id_resource-region-{year}", "100000")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Financing plan saved.").wait_for()


def attach(page, kind, name):
    page.get_by_role("link", name="Attachments").first.click()
    page.get_by_label("Kind of document").select_option(label=kind)
    page.get_by_label("File").set_input_files({"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF})
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("Document attached.").wait_for()


def test_founder_to_financing_review(page, live_server, cast, sign_in, screenshot):
    module = TrainingModule.objects.create(title="Le modèle pédagogique de l'École de Production")

    sign_in(page, cast["founder"])
    write_study(page, live_server)
    study = OpportunityStudy.objects.get(project__name="École de Production de la Vallée")
    write_plan(page, study)
    attach(page, "Letter of support", "lettre-soutien.pdf")
    attach(page, "Association statutes", "statuts.pdf")
    page.get_by_text("The study is complete.").wait_for()
    screenshot(page, "founder-editor")
    page.get_by_role("button", name="Submit the study").click()
    page.get_by_text("Done: the study is now “Submitted”.").wait_for()
    screenshot(page, "founder-study")

    sign_in(page, cast["coordinator"])
    screenshot(page, "coordinator-home")
    page.goto(f"{live_server.url}/studies/{study.pk}/")
    page.get_by_label("Comment").first.fill("Dossier recevable.")
    page.get_by_role("button", name="Accept into training").click()
    page.get_by_text("Done: the study is now “Training”.").wait_for()
    page.get_by_role("button", name="Validate").click()
    page.get_by_text(f"Module validated: {module.title}.").wait_for()
    page.get_by_role("button", name="Complete training").click()
    page.get_by_text("Done: the study is now “Financing review”.").wait_for()
    screenshot(page, "coordinator-study")

    sign_in(page, cast["bank"])
    page.goto(f"{live_server.url}/studies/{study.pk}/")
    page.get_by_role("link", name="Record the financing review").click()
    page.get_by_label("Opinion").select_option(label="Favourable opinion")
    page.get_by_label("Analysis of the forecast budget").fill("Charges cohérentes.")
    page.get_by_label("Analysis of the financing plan").fill("Plan équilibré.")
    page.get_by_label("Instrument").first.select_option(label="Subordinated loan")
    page.get_by_label("Amount (EUR)").first.fill("150000")
    page.get_by_role("button", name="Record the review").click()
    page.get_by_text("Financing review recorded.").wait_for()
    screenshot(page, "bank-study")

    study.refresh_from_db()
    assert (study.state, study.versions.count(), study.financing_review.opinion) == (
        State.FINANCING_REVIEW,
        1,
        "favourable",
    )

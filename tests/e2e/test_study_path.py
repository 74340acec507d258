"""The path of a study in the browser, from the founder's first draft to the jury's decision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from juries.models import Scorecard
from projects.models import OpportunityStudy
from tests.e2e.conftest import PASSWORD
from tests.factories import ScoringGridFactory, UserFactory, region, study_in_financing_review
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
    # The training gate says why it is closed before anyone presses (finding 1 of "Process integrity").
    gate = page.get_by_role("button", name="Complete training")
    reason = page.get_by_text(f"Training module not validated yet: {module.title}.")
    assert (gate.is_disabled(), reason.is_visible()) == (True, True)
    screenshot(page, "coordinator-training-gate")
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


@pytest.fixture
def jury_cast(cast):
    """A study in financing review (its founder can sign in), a national coordinator, a president and three jurors."""
    study = study_in_financing_review(region=region("84"), bank_expert=cast["bank"])
    founder = study.project.team.get()
    founder.language = "en"
    founder.save(update_fields=["language"])
    grid = ScoringGridFactory(name="Grille du jury bancaire")
    grid.criteria.filter(position=1).update(title="Réponse aux besoins du territoire", guidance=GUIDANCE)
    grid.criteria.filter(position=2).update(title="Soutien des entreprises")
    grid.criteria.filter(position=3).update(title="Modèle économique")
    jurors = {
        key: UserFactory(email=f"{key}@example.org", full_name=name, is_jury_member=True)
        for key, name in JURORS.items()
    }
    return {
        **cast,
        **jurors,
        "study": study,
        "grid": grid,
        "founder": founder,
        "national": UserFactory(email="fnep@example.org", full_name="Nadia Fédération", is_national_coordinator=True),
    }


GUIDANCE = "Le diagnostic établit-il le besoin des jeunes et des entreprises du bassin ?"
JURORS = {
    "president": "Paul Président",
    "juror_a": "Alice Jurée",
    "juror_b": "Bruno Juré",
    "juror_c": "Chloé Jurée",
}
SCORES = {
    "president": ("4", "4", "5"),
    "juror_a": ("3", "4", "N/A"),
    "juror_b": ("5", "3", "4"),
}
CRITERIA = ("Réponse aux besoins du territoire", "Soutien des entreprises", "Modèle économique")


def plan_session(page, live_server, people):
    page.goto(f"{live_server.url}/juries/")
    page.get_by_role("link", name="Plan a session").click()
    page.get_by_label("Title").fill("Jury bancaire de printemps")
    page.locator("#id_date").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_label("Place").fill("Lyon, siège de la banque")
    page.get_by_label("Auvergne-Rhône-Alpes").check()
    page.get_by_label("Scoring grid").select_option(label=str(people["grid"]))
    deadline = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Scoring deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    for key in JURORS:
        page.get_by_label(JURORS[key], exact=True).check()
    page.locator("#id_president").select_option(label=JURORS["president"])
    page.get_by_role("button", name="Plan the session").click()
    page.get_by_text("Jury session planned; its members are invited.").wait_for()


def score(page, project, values, comment):
    page.get_by_role("link", name=f"Score {project}", exact=True).click()
    for title, value in zip(CRITERIA, values, strict=True):
        page.get_by_role("group", name=title).get_by_label(value, exact=True).check()
    page.get_by_label(f"Comment on “{CRITERIA[0]}”").fill(comment)
    page.get_by_label("Overall comment").fill("Projet porté par une équipe solide.")


def test_jury_from_agenda_to_decision(page, live_server, jury_cast, sign_in, screenshot):
    people = jury_cast
    project = people["study"].project.name
    study_url = f"{live_server.url}/studies/{people['study'].pk}/"

    sign_in(page, people["national"])
    plan_session(page, live_server, people)
    page.get_by_role("button", name=f"Put on the agenda {project}").click()
    page.get_by_text(f"“{project}” is on the agenda.").wait_for()
    session_url = page.url

    sign_in(page, people["bank"])
    page.goto(study_url)
    page.get_by_role("button", name="Send to jury").click()
    page.get_by_text("Done: the study is now “Jury”.").wait_for()

    sign_in(page, people["national"])
    page.goto(session_url)
    page.get_by_role("button", name="Open scoring").click()
    page.get_by_text("Scoring is open: the jurors may score the studies.").wait_for()

    sign_in(page, people["juror_c"])
    page.get_by_role("link", name="Jury", exact=True).click()
    page.get_by_role("link", name="Jury bancaire de printemps").click()
    page.get_by_role("link", name=f"Declare a conflict {project}").click()
    page.get_by_label("Reason").fill("J'ai accompagné ce porteur de projet.")
    page.get_by_role("button", name="Declare the conflict").click()
    page.get_by_text("Conflict of interest recorded: you will not score this study.").wait_for()

    for key, values in SCORES.items():
        sign_in(page, people[key])
        page.goto(session_url)
        score(page, project, values, f"Avis de {JURORS[key]}.")
        if key == "juror_a":
            page.get_by_role("button", name="Save draft").click()
            page.get_by_text("Draft saved.").wait_for()
            page.get_by_text(GUIDANCE).wait_for()
            screenshot(page, "juror-scorecard")
        page.get_by_label("I have checked my scores").check()
        page.get_by_role("button", name="Submit").click()
        page.get_by_text("Scorecard submitted: thank you.").wait_for()

    sign_in(page, people["national"])
    page.goto(session_url)
    page.get_by_role("columnheader", name="Scorecards submitted").wait_for()
    screenshot(page, "national-sessions")
    page.get_by_role("button", name="Close scoring").click()
    page.get_by_text("Scoring is closed: the jury deliberates.").wait_for()

    sign_in(page, people["president"])
    page.goto(session_url)
    page.get_by_role("link", name="Results and deliberation").click()
    page.get_by_role("cell", name="3 / 3").wait_for()
    screenshot(page, "president-deliberation")
    page.get_by_role("link", name=project, exact=True).click()
    page.get_by_label("Selected", exact=True).check()
    page.get_by_label("Motivation").fill("Besoin avéré, entreprises engagées, plan de financement équilibré.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The jury's decision is recorded.").wait_for()

    sign_in(page, people["founder"])
    page.goto(study_url)
    timeline = page.get_by_role("region", name="Timeline")
    timeline.get_by_text("Besoin avéré, entreprises engagées, plan de financement équilibré.").wait_for()
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_text(f"Jury decision on “{project}”: Selected.").wait_for()
    screenshot(page, "founder-inbox")

    study = OpportunityStudy.objects.get(pk=people["study"].pk)
    entry = study.agenda_entries.get()
    assert (study.state, entry.decision.decision, entry.conflicts.get().member) == (
        State.APPROVED,
        "approve",
        people["juror_c"],
    )
    assert Scorecard.objects.filter(entry=entry).counted().count() == 3

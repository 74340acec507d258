"""A richer world for the process matrix, built once per module through the real services.

Two regions; each study with its own project, the home region's held by ``holder``, the other region's by
``other_holder``. Three jury sessions:

- ``former`` (closed): deferred study D, approved X and Y (Y since funded); presided by ``former_president``;
  ``conflicted_juror`` sat on it and scored D.
- ``current`` (deliberation): D again (revised, resubmitted, trained, reviewed, sent to the jury), J2 in the
  jury's hands, W withdrawn after it was sent; presided by ``president``; ``conflicted_juror`` and
  ``conflicted_national`` declared a conflict on D's project there.
- ``scoring`` (scoring): R in financing review (not sent yet), J3 in the jury's hands with ``juror``'s submitted
  scorecard.

And beside them: drafts, submitted studies, a study in financing review with no review yet, and the training
gate's pair: four mandatory modules, all validated for T_DONE's project, none for T_MISSING's.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from api.enums import TokenScope
from api.services import create_token
from juries.models import JurySession
from juries.services import (
    add_to_agenda,
    close_scoring,
    close_session,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
    submit_scorecard,
)
from notifications.enums import Channel, DeliveryStatus
from notifications.models import Delivery, Notification
from people.enums import Grant
from people.services import deactivate_person, invite_person, request_to_join
from projects.models import OpportunityStudy
from schools.services import close_campaign, open_campaign, save_report, submit_report, validate_report
from tests.factories import (
    OpportunityStudyFactory,
    SchoolProjectFactory,
    ScoringGridFactory,
    UserFactory,
    complete_study,
    region,
)
from tests.factories.notifications import WebhookEndpointFactory
from tests.schools.conftest import GOOD_LINE, opened_school
from workflow.enums import Instrument, Opinion
from workflow.services import (
    apply_transition,
    record_financing_review,
    record_funding,
    save_training_module,
    validate_training_module,
)

PASSWORD = "secret-password-1"

ROLES = (
    "anonymous",
    "holder",
    "other_holder",
    "regional_coordinator",
    "other_regional_coordinator",
    "national_coordinator",
    "conflicted_national",
    "bank_expert",
    "president",
    "former_president",
    "juror",
    "conflicted_juror",
)

# Names of the projects, so that pages can be searched for what a person may not read.
NAMES = {
    "draft": "Projet Draft-Alpha",
    "draft_else": "Projet Draft-Bravo",
    "submitted": "Projet Submitted-Alpha",
    "submitted_else": "Projet Submitted-Bravo",
    "t_done": "Projet Trained-Alpha",
    "t_missing": "Projet Untrained-Bravo",
    "review_else": "Projet Review-Bravo",
    "r": "Projet Agenda-Alpha",
    "d": "Projet Delta-Conflit",
    "x": "Projet Xray-Retenu",
    "y": "Projet Yankee-Finance",
    "j2": "Projet Juliet-Bravo",
    "w": "Projet Whiskey-Retire",
    "j3": "Projet Jury-Trois",
}
HOME_REGION, OTHER_REGION = "84", "11"
# Each study's region: the home region's are held by ``holder``, the others by ``other_holder``.
ELSEWHERE = {"draft_else", "submitted_else", "t_missing", "review_else", "y", "j2", "j3"}


@dataclass
class ProcessWorld:
    people: dict
    studies: dict
    sessions: dict
    entries: dict
    modules: list
    grid: object
    notifications: dict = field(default_factory=dict)
    holder_token: object = None
    schools: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)
    # An email that could not be sent, to a founder of each region, by region key (``home``, ``else``).
    failed_deliveries: dict = field(default_factory=dict)
    # A webhook endpoint of each region's coordinator, and a delivery to it that failed, by region key.
    endpoints: dict = field(default_factory=dict)
    webhook_deliveries: dict = field(default_factory=dict)
    # Invitations, requests to join and people of the people pages, by key.
    invitations: dict = field(default_factory=dict)
    join_requests: dict = field(default_factory=dict)
    others: dict = field(default_factory=dict)

    def study(self, key):
        return OpportunityStudy.objects.get(pk=self.studies[key].pk)


def _step(study, name, actor, comment="Commentaire de l'étape."):
    apply_transition(OpportunityStudy.objects.get(pk=study.pk), name, actor=actor, comment=comment)
    return OpportunityStudy.objects.get(pk=study.pk)


def _review(study, bank):
    record_financing_review(
        study,
        actor=bank,
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Budget cohérent.",
        financing_plan_analysis="Plan équilibré.",
    )


def _session(national, title, *, president, members):
    return plan_session(
        actor=national,
        title=title,
        date=timezone.localdate() + timedelta(days=14),
        grid=ScoringGridFactory(),
        place="Lyon",
        scoring_deadline=timezone.now() + timedelta(days=7),
        members=members,
        president=president,
    )


def _score(entry, members):
    criteria = list(entry.session.grid.criteria.all())
    for member, base in zip(members, (4, 3, 5), strict=False):
        submit_scorecard(entry, actor=member, scores={criterion: base for criterion in criteria})


def _schools(people, home, elsewhere):
    """Two open schools (the home one with a bank loan) and their reports of three school years.

    2023: the home school's validated, and the campaign closed; 2024: both sent for review; 2025: the home
    school's draft with its figures, the other's empty.
    """
    schools = {
        "school": opened_school(team=[people["holder"]], home=home, bank=people["bank_expert"], name="École Alpha"),
        "school_else": opened_school(team=[people["other_holder"]], home=elsewhere, name="École Bravo"),
    }
    national, regional = people["national_coordinator"], people["regional_coordinator"]
    reports = {}
    for year in (2023, 2024, 2025):
        campaign = open_campaign(actor=national, school_year=year, deadline=timezone.localdate() + timedelta(days=30))
        for key, school in schools.items():
            team = people["holder" if key == "school" else "other_holder"]
            report = campaign.reports.get(school=school)
            if year < 2025 or key == "school":
                save_report(report, actor=team, lines={school.project.trades.get().pk: GOOD_LINE})
            if year < 2025:
                submit_report(report, actor=team)
            if year == 2023 and key == "school":
                validate_report(report, actor=regional)
            suffix = "" if key == "school" else "_else"
            reports[{2023: "validated", 2024: "submitted", 2025: "draft"}[year] + suffix] = report
    close_campaign(reports["validated"].campaign, actor=national)
    return schools, reports


def build_process_world():
    home, elsewhere = region(HOME_REGION), region(OTHER_REGION)
    holder = UserFactory(full_name="Hélène Porteuse")
    other_holder = UserFactory(full_name="Hugo Autre-Porteur")
    people = {
        "holder": holder,
        "other_holder": other_holder,
        "regional_coordinator": UserFactory(coordinates=[home], full_name="Régine Régionale"),
        "other_regional_coordinator": UserFactory(coordinates=[elsewhere], full_name="Oscar Ailleurs"),
        "national_coordinator": UserFactory(is_national_coordinator=True, full_name="Nadia Nationale"),
        "conflicted_national": UserFactory(is_national_coordinator=True, full_name="Noé Conflit-National"),
        "bank_expert": UserFactory(is_bank_expert=True, full_name="Bruno Banque"),
        "president": UserFactory(is_jury_member=True, full_name="Paul Président"),
        "former_president": UserFactory(is_jury_member=True, full_name="Fanny Ancienne-Présidente"),
        "juror": UserFactory(is_jury_member=True, full_name="Julie Jurée"),
        "conflicted_juror": UserFactory(is_jury_member=True, full_name="Chloé Conflit"),
    }
    extra = [UserFactory(is_jury_member=True, full_name=f"Xavier Juré-{n}") for n in (1, 2)]
    national, bank = people["national_coordinator"], people["bank_expert"]

    studies = {}
    for key, name in NAMES.items():
        team, where = (other_holder, elsewhere) if key in ELSEWHERE else (holder, home)
        project = SchoolProjectFactory(team=[team], region=where, name=name)
        studies[key] = complete_study(OpportunityStudyFactory(project=project))

    def team_of(key):
        return other_holder if key in ELSEWHERE else holder

    def to_review(key, *, reviewed=True):
        study = _step(studies[key], "submit", team_of(key))
        study = _step(study, "accept", national)
        study = _step(study, "complete_training", national)
        if reviewed:
            _review(study, bank)
        studies[key] = OpportunityStudy.objects.get(pk=study.pk)

    for key in ("submitted", "submitted_else"):
        studies[key] = _step(studies[key], "submit", team_of(key))
    for key in ("d", "x", "y", "j2", "w", "j3", "r"):
        to_review(key)
    to_review("review_else", reviewed=False)

    # The former session: D deferred, X and Y approved, then closed; Y funded since.
    former = _session(
        national, "Jury d'automne", president=people["former_president"], members=[people["conflicted_juror"], extra[0]]
    )
    entries = {}
    for key in ("d", "x", "y"):
        entries[f"{key}@former"] = add_to_agenda(former, actor=national, study=studies[key])
        _step(studies[key], "send_to_jury", bank)
    former = open_scoring(former, actor=national)
    for key in ("d", "x", "y"):
        _score(entries[f"{key}@former"], [people["former_president"], people["conflicted_juror"], extra[0]])
    former = close_scoring(former, actor=national)
    for key, decision in (("d", "defer"), ("x", "approve"), ("y", "approve")):
        record_decision(
            entries[f"{key}@former"], actor=people["former_president"], decision=decision, motivation="Motivation."
        )
    former = close_session(former, actor=national)
    record_funding(
        OpportunityStudy.objects.get(pk=studies["y"].pk),
        actor=bank,
        instruments=[(Instrument.LOAN, Decimal("100000.00"), "Prêt d'honneur")],
    )

    # D back: revised, resubmitted, trained and in financing review again (its review is still recorded).
    study = _step(studies["d"], "revise", holder)
    study = _step(study, "submit", holder)
    study = _step(study, "accept", national)
    _step(study, "complete_training", national)

    # The current session, in deliberation: D and J2 with their quorum, W withdrawn after it was sent.
    current = _session(
        national,
        "Jury de printemps",
        president=people["president"],
        members=[people["juror"], people["conflicted_juror"], extra[1]],
    )
    for key in ("d", "j2", "w"):
        entries[f"{key}@current"] = add_to_agenda(current, actor=national, study=studies[key])
        _step(studies[key], "send_to_jury", bank)
    current = open_scoring(current, actor=national)
    for who in ("conflicted_juror", "conflicted_national"):
        declare_conflict(entries["d@current"], actor=people[who], reason="Je connais l'équipe fondatrice.")
    for key in ("d", "j2"):
        _score(entries[f"{key}@current"], [people["president"], people["juror"], extra[1]])
    _step(studies["w"], "withdraw", other_holder if "w" in ELSEWHERE else holder)
    current = close_scoring(current, actor=national)

    # A session in scoring: R not sent to the jury yet, J3 sent and scored by the juror.
    scoring = _session(
        national,
        "Jury d'été",
        president=people["president"],
        members=[people["juror"], people["conflicted_juror"], extra[0]],
    )
    # Scoring opens once J3 is sent; R joins the agenda of the session already scoring.
    entries["j3@scoring"] = add_to_agenda(scoring, actor=national, study=studies["j3"])
    _step(studies["j3"], "send_to_jury", bank)
    scoring = open_scoring(scoring, actor=national)
    entries["r@scoring"] = add_to_agenda(scoring, actor=national, study=studies["r"])
    _score(entries["j3@scoring"], [people["juror"]])

    # The training gate: four mandatory modules, all validated for T_DONE's project, none for T_MISSING's.
    modules = [
        save_training_module(actor=national, title=title, position=position)
        for position, title in enumerate(
            ("Le modèle pédagogique", "La gouvernance", "Le modèle économique", "Les maîtres professionnels")
        )
    ]
    for key in ("t_done", "t_missing"):
        study = _step(studies[key], "submit", team_of(key))
        studies[key] = _step(study, "accept", national)
    for module in modules:
        validate_training_module(studies["t_done"], actor=national, module=module)

    studies = {key: OpportunityStudy.objects.get(pk=study.pk) for key, study in studies.items()}
    world = ProcessWorld(
        people=people,
        studies=studies,
        sessions={
            "former": JurySession.objects.get(pk=former.pk),
            "current": JurySession.objects.get(pk=current.pk),
            "scoring": JurySession.objects.get(pk=scoring.pk),
        },
        entries={key: type(entry).objects.get(pk=entry.pk) for key, entry in entries.items()},
        modules=modules,
        grid=ScoringGridFactory(name="Grille nationale"),
        holder_token=create_token(actor=holder, name="Tableur", scope=TokenScope.READ)[0],
    )
    world.schools, world.reports = _schools(people, home, elsewhere)
    for role, person in people.items():
        world.notifications[role] = Notification.objects.create(
            recipient=person, kind="study_submitted", text="Une étude."
        )
    for key, founder in (("home", people["holder"]), ("else", people["other_holder"])):
        world.failed_deliveries[key] = Delivery.objects.create(
            recipient=founder,
            to_email=founder.email,
            subject="Une étude.",
            template="notifications/email/study_submitted",
            language="fr",
            status=DeliveryStatus.FAILED,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )
    for key, coordinator in (("home", "regional_coordinator"), ("else", "other_regional_coordinator")):
        world.endpoints[key] = WebhookEndpointFactory(owner=people[coordinator])
        world.webhook_deliveries[key] = Delivery.objects.create(
            channel=Channel.WEBHOOK,
            endpoint=world.endpoints[key],
            context={"type": "study_submitted", "timestamp": "2026-01-05T10:00:00+00:00", "data": {}},
            status=DeliveryStatus.FAILED,
            last_error="HTTP 503",
        )
    _people_rows(world, home, elsewhere)
    return world


def _people_rows(world, home, elsewhere):
    """Invitations of both regions and of a team, requests to join in both regions, a co-founder on the draft's
    team and a founder deactivated in the home region."""
    people = world.people
    draft_project = world.studies["draft"].project
    world.invitations = {
        "home": invite_person(
            actor=people["regional_coordinator"],
            email="ines@example.org",
            full_name="Inès",
            grant=Grant.HOLDER,
            region=home,
        ),
        "else": invite_person(
            actor=people["national_coordinator"],
            email="rene@example.org",
            full_name="René",
            grant=Grant.REGIONAL_COORDINATOR,
            region=elsewhere,
        ),
        "team": invite_person(
            actor=people["holder"],
            email="coline@example.org",
            full_name="Coline",
            grant=Grant.HOLDER,
            project=draft_project,
        ),
    }
    world.join_requests = {
        key: request_to_join(
            full_name=f"Fondateur {key}",
            email=f"join-{key}@example.org",
            project_name=f"Projet {key}",
            commune="Lyon",
            region=where,
        )
        for key, where in (("home", home), ("else", elsewhere))
    }
    cofounder = UserFactory(full_name="Corentin Cofondateur")
    draft_project.team.add(cofounder)
    deactivated = SchoolProjectFactory(region=home, name="Projet Endormi").team.get()
    deactivate_person(deactivated, actor=people["national_coordinator"])
    world.others = {"cofounder": cofounder, "deactivated": deactivated}

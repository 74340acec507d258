"""A seeded world for the permission matrix: two regions, two holders, their coordinators, the federation,
the bank, and jurors in two sessions, one of them conflicted on the study under test."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from api.enums import TokenScope
from api.models import ApiToken
from api.services import create_token
from juries.enums import SessionState
from juries.models import AgendaEntry, ConflictOfInterest, JuryMembership, JurySession
from juries.services.scoring import save_scorecard
from notifications.enums import Channel, DeliveryStatus, EventKind
from notifications.models import Delivery, Notification, WebhookEndpoint
from notifications.webhooks import payload
from people.enums import Grant
from people.models import Invitation, JoinRequest
from people.services import invite_person, request_to_join
from projects.models import Attachment, OpportunityStudy, SchoolProject
from schools.models import School, YearlyReport
from schools.services import open_campaign
from tests.factories import (
    JurySessionFactory,
    OpportunityStudyFactory,
    SchoolProjectFactory,
    UserFactory,
    region,
)
from tests.factories.juries import study_in_financing_review
from tests.factories.notifications import WebhookEndpointFactory
from tests.schools.conftest import opened_school
from workflow.enums import State
from workflow.models import TrainingModule

# Texts that only some people may ever read: the matrix checks they never appear elsewhere.
OTHER_REGION_PROJECT = "Projet Bravo-Secret"
OTHER_SESSION_PROJECT = "Projet Charlie-Secret"
OTHER_REGION_SCHOOL = "École Delta-Secrète"
JUROR_COMMENT = "Commentaire-Secret-du-juré"


# The main pages of each role, visited by the browser's CSP check and the rendered-language checks.
MAIN_PAGES = {
    "holder": [
        "home",
        "projects:project-list",
        "projects:project-create",
        "projects:study-edit",
        "projects:financing-plan",
        "projects:attachments",
        "workflow:study-detail",
        "notifications:inbox",
        "notifications:preferences",
        "privacy:my-data",
        "api:tokens",
        "api:docs",
        "schools:school-detail",
        "schools:report-detail",
        "schools:report-edit",
        "people:team",
    ],
    "regional_coordinator": [
        "home",
        "workflow:study-list",
        "workflow:study-detail",
        "workflow:dashboard",
        "workflow:transfer",
        "workflow:version-list",
        "workflow:version-detail",
        "workflow:version-compare",
        "api:study-list",
        "api:study-detail",
        "people:person-list",
        "people:invitation-list",
        "people:join-request-list",
        "people:team",
        "notifications:webhook-list",
        "notifications:webhook-create",
        "notifications:webhook-detail",
        "notifications:webhook-edit",
    ],
    "national_coordinator": [
        "workflow:dashboard",
        "workflow:funding",
        "workflow:training-modules",
        "juries:session-list",
        "juries:session-create",
        "juries:session-detail",
        "juries:session-edit",
        "juries:grid-list",
        "juries:grid-create",
        "juries:grid-detail",
        "juries:grid-edit",
        "notifications:failed",
        "schools:school-list",
        "schools:campaign-list",
        "schools:campaign-detail",
        "schools:key-figures",
        "people:person-list",
    ],
    "bank_expert": ["home", "workflow:financing-review", "workflow:study-detail", "schools:school-funding"],
    "president": ["juries:session-detail", "juries:recusal", "juries:entry-detail", "juries:scorecard"],
    "juror": ["juries:scorecard"],
}


@dataclass
class World:
    people: dict
    study: OpportunityStudy
    other_study: OpportunityStudy
    attachment: Attachment
    entry: AgendaEntry
    session: object
    module: TrainingModule
    notification: Notification
    holder_token: ApiToken
    school: School
    report: YearlyReport
    failed_delivery: Delivery
    invitation: Invitation
    join_request: JoinRequest
    # The home region's coordinator's webhook endpoint, and a delivery to it that failed.
    endpoint: WebhookEndpoint
    webhook_delivery: Delivery


def rename(study, name):
    SchoolProject.objects.filter(pk=study.project_id).update(name=name)


def build_world():
    home, elsewhere = region("84"), region("11")
    national = UserFactory(is_national_coordinator=True, full_name="Nadia Nationale")
    bank = UserFactory(is_bank_expert=True, full_name="Bruno Banque")
    study = study_in_financing_review(region=home, bank_expert=bank)
    rename(study, "Projet Alpha")
    holder = study.project.team.get()
    other_holder = UserFactory(full_name="Bérénice Autre")
    other_study = OpportunityStudyFactory(project=SchoolProjectFactory(team=[other_holder], region=elsewhere))
    OpportunityStudy.objects.filter(pk=other_study.pk).update(state=State.SUBMITTED)
    rename(other_study, OTHER_REGION_PROJECT)
    third = study_in_financing_review(region=elsewhere, bank_expert=bank)
    rename(third, OTHER_SESSION_PROJECT)

    people = {
        "holder": holder,
        "other_holder": other_holder,
        "regional_coordinator": UserFactory(coordinates=[home], full_name="Régine Régionale"),
        "other_regional_coordinator": UserFactory(coordinates=[elsewhere], full_name="Oscar Ailleurs"),
        "national_coordinator": national,
        "bank_expert": bank,
        "president": UserFactory(is_jury_member=True, full_name="Paul Président"),
        "juror": UserFactory(is_jury_member=True, full_name="Julie Jurée"),
        "conflicted_juror": UserFactory(is_jury_member=True, full_name="Chloé Conflit"),
        "other_session_juror": UserFactory(is_jury_member=True, full_name="Olga Autre-Session"),
    }
    session = JurySessionFactory(title="Jury A", scoring_deadline=timezone.now() + timedelta(days=7))
    for key in ("president", "juror", "conflicted_juror"):
        JuryMembership.objects.create(session=session, user=people[key], is_president=key == "president")
    entry = AgendaEntry.objects.create(session=session, study=study)
    ConflictOfInterest.objects.create(
        entry=entry,
        member=people["conflicted_juror"],
        reason="Mon frère préside l'association.",
        declared_by=people["conflicted_juror"],
    )
    other_session = JurySessionFactory(title="Jury B")
    JuryMembership.objects.create(session=other_session, user=people["other_session_juror"], is_president=True)
    AgendaEntry.objects.create(session=other_session, study=third)
    # Scoring opens while the study is still in financing review, as when a study joins the agenda of a session
    # already scoring: the bank's pages keep a study to act on, the jurors one to score.
    JurySession.objects.filter(pk=session.pk).update(state=SessionState.SCORING)
    session.refresh_from_db()
    criteria = list(session.grid.criteria.all())
    save_scorecard(
        entry,
        actor=people["juror"],
        scores={criteria[0]: 4},
        comments={criteria[0]: JUROR_COMMENT},
        overall_comment=JUROR_COMMENT,
    )
    school = opened_school(team=[holder], home=home, bank=bank, name="École Alpha")
    opened_school(team=[other_holder], home=elsewhere, name=OTHER_REGION_SCHOOL)
    campaign = open_campaign(actor=national, school_year=2025, deadline=timezone.localdate() + timedelta(days=30))
    endpoint = WebhookEndpointFactory(owner=people["regional_coordinator"], description="Outil du réseau")
    return World(
        people=people,
        study=study,
        other_study=other_study,
        # A file the submitted version lists, as reviewers are shown (the team's draft files are theirs alone).
        attachment=study.attachments.get(kind="statutes"),
        entry=entry,
        session=session,
        module=TrainingModule.objects.create(title="Gouvernance associative", is_mandatory=False),
        notification=Notification.objects.create(recipient=holder, kind="study_submitted", text="Votre étude."),
        holder_token=create_token(actor=holder, name="Tableur", scope=TokenScope.READ)[0],
        school=school,
        report=campaign.reports.get(school=school),
        failed_delivery=Delivery.objects.create(
            recipient=holder,
            to_email=holder.email,
            subject="Votre étude.",
            template="notifications/email/study_submitted",
            language="fr",
            status=DeliveryStatus.FAILED,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        ),
        invitation=invite_person(
            actor=people["regional_coordinator"],
            email="invitee@example.org",
            full_name="Ines Invitée",
            grant=Grant.HOLDER,
            region=home,
        ),
        join_request=request_to_join(
            full_name="Fanny Fondatrice",
            email="fanny@example.org",
            project_name="École du Lac",
            commune="Annecy",
            region=home,
        ),
        endpoint=endpoint,
        webhook_delivery=Delivery.objects.create(
            channel=Channel.WEBHOOK,
            endpoint=endpoint,
            context=payload(EventKind.STUDY_SUBMITTED, data={"study": study.pk}, timestamp=timezone.now()),
            status=DeliveryStatus.FAILED,
            last_error="HTTP 503",
        ),
    )

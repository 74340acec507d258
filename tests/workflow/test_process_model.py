"""A model-based test of the whole process: random actions by random people, checked against ``process_model``.

Hypothesis' stateful testing draws sequences of actions (every study transition, the jury's decision through its
door and the side door, every jury action, conflicts, uploads, edits, training, the financing review, funding and
opening) by people drawn among founders, coordinators of both regions, national coordinators, bank experts and
jurors of present and past sessions. Each answer must be the model's: allowed succeeds, refused raises
``ActionRefused`` and changes no row. The invariants after each step compare the database with the model and
check what no sequence may break (decisions, training, blindness of the conflicted, frozen versions, logs).

``PROCESS_MODEL_EXAMPLES`` and ``PROCESS_MODEL_STEPS`` size the run (CI's defaults below; ``bench/README.md``
says how to run it long). Each example starts from an empty database but the reference data (regions, trades).
"""

import copy
import os
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import User
from juries.models import (
    AgendaEntry,
    ConflictOfInterest,
    EntryResult,
    JuryDecision,
    JuryLog,
    JuryMembership,
    JurySession,
    Score,
    Scorecard,
    ScoringGrid,
)
from juries.selectors import decisions_for_user, scorecards_for_user
from juries.services import (
    add_member,
    add_to_agenda,
    close_scoring,
    close_session,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
    reopen_scorecard,
    save_scorecard,
    submit_scorecard,
)
from permissions.refusal import ActionRefused
from projects.enums import AttachmentKind
from projects.models import Attachment, FinancingLine, OpportunityStudy, StudyVersion, VersionAttachment
from projects.services import add_attachment, remove_attachment, update_study
from tests.factories import (
    OpportunityStudyFactory,
    SchoolProjectFactory,
    ScoringGridFactory,
    UserFactory,
    complete_study,
    region,
)
from tests.factories.projects import MINIMAL_PDF
from tests.workflow import process_model as pm
from workflow.models import (
    AuditEntry,
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)
from workflow.rules import can_view_study
from workflow.selectors import studies_for_user
from workflow.services import (
    apply_transition,
    record_financing_review,
    record_funding,
    record_opening,
    validate_training_module,
)

EXAMPLES = int(os.environ.get("PROCESS_MODEL_EXAMPLES", "40"))
STEPS = int(os.environ.get("PROCESS_MODEL_STEPS", "60"))

# The rows the data migrations load and no example changes: kept between examples, everything else is emptied.
KEPT_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "projects_region",
    "projects_regionalnetwork",
    "projects_trade",
}
GENERIC_TRANSITIONS = (  # forward first: Hypothesis draws the first ones more often
    "submit",
    "accept",
    "complete_training",
    "send_to_jury",
    "revise",
    "request_changes",
    "withdraw",
    "approve",  # the side door: always refused, the jury's decision is the only way
    "defer",
    "reject",
)
COMMENT = "Motif de la décision."
TRIED = Counter()
DONE = Counter()  # the actions that succeeded, by verb: how far the examples went (shown with ``-s``)


def fingerprint():
    """Every row an action may write, as plain values: a refused action must leave it equal."""

    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields), key=repr)

    counted = (
        TransitionLog,
        VersionAttachment,
        FinancingLine,
        ProposedInstrument,
        Funding,
        FundedInstrument,
        AuditEntry,
        Score,
        ConflictOfInterest,
        JuryDecision,
        JuryLog,
    )
    with connection.cursor() as cursor:
        tables = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in counted)
        cursor.execute(f"SELECT {tables}")
        counts = cursor.fetchone()
    return (
        counts,
        rows(
            OpportunityStudy.objects,
            "pk",
            "state",
            "changes_requested_from",
            "updated_at",
            "state_changed_at",
            "opened_on",
            "territorial_diagnosis",
        ),
        rows(StudyVersion.objects, "pk", "content"),
        rows(Attachment.objects, "pk", "removed_at"),
        rows(TrainingProgress.objects, "project_id", "module_id", "validated_at"),
        rows(FinancingReview.objects, "pk", "recorded_at"),
        rows(JurySession.objects, "pk", "state"),
        rows(ScoringGrid.objects, "pk", "frozen_at"),
        rows(JuryMembership.objects, "session_id", "user_id", "is_president"),
        rows(AgendaEntry.objects, "pk", "session_id", "study_id"),
        rows(Scorecard.objects, "pk", "status", "updated_at"),
        rows(EntryResult.objects, "entry_id", "scorecards", "quorum"),
    )


def empty_database():
    """Delete every row but the reference data; the foreign keys are checked at commit, so any order does."""
    tables = [
        connection.ops.quote_name(table)
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in KEPT_TABLES
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")


class ProcessMachine(RuleBasedStateMachine):
    """The real services driven side by side with ``process_model.Process``."""

    def __init__(self):
        super().__init__()
        self.model = pm.Process()
        self.changed = True
        regions = {"r1": region("84"), "r2": region("11")}
        self.ids = {}
        for name in pm.PEOPLE:
            user = UserFactory(
                full_name=name,
                coordinates=[regions[pm.COORDINATES[name]]] if name in pm.COORDINATES else None,
                is_national_coordinator=name in pm.NATIONAL,
                is_bank_expert=name in pm.BANK,
                is_jury_member=name in pm.JURORS,
            )
            self.ids[name] = user.pk
        self.names = {pk: name for name, pk in self.ids.items()}
        self.study_ids = {}
        for project, holder in ((pm.HOLDERS[h], h) for h in pm.HOLDERS):
            school = SchoolProjectFactory(
                name=f"École {project}",
                team=[User.objects.get(pk=self.ids[holder])],
                region=regions[pm.REGION_OF[project]],
            )
            study = complete_study(OpportunityStudyFactory(project=school))
            self.study_ids[project] = study.pk
            self.model.studies[project].attachments = dict(study.attachments.values_list("pk", "kind"))
        self.project_ids = {
            project: OpportunityStudy.objects.get(pk=pk).project_id for project, pk in self.study_ids.items()
        }
        self.modules = {
            name: TrainingModule.objects.create(title=name, is_mandatory=mandatory, position=index)
            for index, (name, mandatory) in enumerate(pm.MODULES.items())
        }
        self.grid = ScoringGridFactory()
        self.criteria = list(self.grid.criteria.values_list("pk", flat=True))
        self.frozen = {}  # version id -> its content when it was frozen
        self.edits = 0
        self.warm_start("p2")

    def warm_start(self, project):
        """Take the second project's study to the financing review through the services, as the model says.

        The jury's states need a dozen actions before them: started from drafts, few examples reached them.
        """
        holder = next(name for name, held in pm.HOLDERS.items() if held == project)
        coordinator = next(name for name, region in pm.COORDINATES.items() if region == pm.REGION_OF[project])
        for name, person in (("submit", holder), ("accept", coordinator)):
            assert self.model.transition_allowed(person, project, name)
            apply_transition(self.study(project), name, actor=self.user(person))
            self.model.apply_transition(project, name)
        for module in sorted(pm.MANDATORY):
            validate_training_module(self.study(project), actor=self.user(coordinator), module=self.modules[module])
            self.model.validated[project].add(module)
        apply_transition(self.study(project), "complete_training", actor=self.user(coordinator))
        self.model.apply_transition(project, "complete_training")
        record_financing_review(
            self.study(project),
            actor=self.user("be1"),
            opinion="favourable",
            budget_analysis="Budget cohérent.",
            financing_plan_analysis="Plan équilibré.",
        )
        self.model.studies[project].review = True
        self.warm_jury(project)
        for pk, content in StudyVersion.objects.values_list("pk", "content"):
            self.frozen[pk] = copy.deepcopy(content)

    def warm_jury(self, project):
        """Put the study before a session already scoring, three of its four members' scorecards in (its quorum).

        A decision then lies a few actions away (closing scoring, the president's decision, unless a conflict or a
        reopening takes the quorum away),
        so that the decision's invariants meet real decision rows in a bounded run; everything after it (funding,
        deferral, a new session, conflicts across sessions) is drawn as usual.
        """
        members, president = ["j1", "j2", "j3", "be2"], "j1"
        session = plan_session(
            actor=self.user("nc1"),
            title="Jury de départ",
            date=timezone.localdate() + timedelta(days=14),
            grid=self.grid,
            place="Lyon",
            scoring_deadline=timezone.now() + timedelta(days=7),
            members=[self.user(member) for member in members],
            president=self.user(president),
        )
        modelled = pm.Session(pk=session.pk, members=members, president=president)
        self.model.sessions.append(modelled)
        entry = add_to_agenda(session, actor=self.user("nc1"), study=self.study(project))
        modelled.agenda[project] = entry.pk
        assert self.model.transition_allowed("be1", project, "send_to_jury")
        apply_transition(self.study(project), "send_to_jury", actor=self.user("be1"))
        self.model.apply_transition(project, "send_to_jury")
        open_scoring(JurySession.objects.get(pk=session.pk), actor=self.user("nc1"))
        modelled.state = "scoring"
        for member in ("j1", "j2", "j3"):
            submit_scorecard(entry, actor=self.user(member), scores=dict.fromkeys(self.criteria, 4))
            self.model.scorecards[(entry.pk, member)] = "submitted"

    def teardown(self):
        empty_database()

    # Helpers -----------------------------------------------------------------------------------------------------

    def user(self, name):
        """A fresh user: no scopes memoised from an earlier step."""
        return User.objects.get(pk=self.ids[name])

    def study(self, project):
        return OpportunityStudy.objects.get(pk=self.study_ids[project])

    def pick(self, data, options, good, label):
        """Draw one of ``options``, three times in four among the ``good`` ones (if any): the process moves on."""
        options = list(options)
        likely = [option for option in options if good(option)]
        if likely and data.draw(st.sampled_from((True, True, True, False)), label=f"likely {label}"):
            return data.draw(st.sampled_from(likely), label=label)
        return data.draw(st.sampled_from(options), label=label)

    def person(self, data, allowed, among=pm.PEOPLE):
        """Draw someone, three times in four among those the model lets act (so that the process moves on)."""
        return self.pick(data, among, allowed, "actor")

    def attempt(self, allowed, action, what):
        """Run ``action``; it must succeed exactly when the model allows it, and change nothing when refused."""
        allowed = bool(allowed)
        TRIED[what.split(" ")[1]] += 1
        before = None if allowed else fingerprint()
        try:
            result = action()
        except ActionRefused as refusal:
            assert allowed is False, f"{what}: the model allows it, the service refused it: {refusal.reasons}"
            assert fingerprint() == before, f"{what}: refused, but rows changed"
            return False, None
        assert allowed, f"{what}: the model refuses it, the service did it"
        DONE[what.split(" ")[1]] += 1
        self.changed = True
        return True, result

    def editable(self, project):
        return self.model.studies[project].state in ("draft", "changes_requested")

    def entries(self):
        return [
            (session, project, entry) for session in self.model.sessions for project, entry in session.agenda.items()
        ]

    # The one rule ---------------------------------------------------------------------------------------------------

    @rule(data=st.data())
    def act(self, data):
        """Draw an action, weighted towards those that move the process on, among those that can be tried now.

        One rule rather than one per action: Hypothesis' swarm testing switches rules off at random in each
        example, and a jury's decision needs a dozen kinds of action before it; the weights keep examples deep.
        """
        sessions = bool(self.model.sessions)
        entries = bool(self.entries())
        choices = [
            *["transition"] * 8,
            *["decide"] * (6 if any(session.state == "deliberation" for session in self.model.sessions) else 1),
            "fund",
            "open_school",
            "edit_section",
            "upload",
            "take_out_attachment",
            *["validate_training"] * 3,
            *["review_financing"] * 2,
            *(["plan"] if len(self.model.sessions) < 3 else []),
            *(["add_juror", *["put_on_agenda"] * 3, *["move_session"] * 3] if sessions else []),
            *([*["score"] * 6, "reopen", "conflict"] if entries else []),
        ]
        getattr(self, data.draw(st.sampled_from(choices), label="action"))(data)

    # Study transitions ---------------------------------------------------------------------------------------------

    def transition(self, data):
        def someone_may(project, name):
            return name not in ("withdraw", "request_changes") and any(
                self.model.transition_allowed(p, project, name) for p in pm.PEOPLE
            )

        project = self.pick(data, pm.PROJECTS, lambda p: any(someone_may(p, n) for n in GENERIC_TRANSITIONS), "project")
        if data.draw(st.integers(0, 15), label="withdraw") == 7:
            name = "withdraw"  # seldom: a withdrawn study ends the example's interest in it
        else:
            name = self.pick(
                data,
                GENERIC_TRANSITIONS[:-4] + GENERIC_TRANSITIONS[-3:],
                lambda n: someone_may(project, n),
                "transition",
            )
        person = self.person(data, lambda p: self.model.transition_allowed(p, project, name))
        allowed = self.model.transition_allowed(person, project, name)
        done, _log = self.attempt(
            allowed,
            lambda: apply_transition(self.study(project), name, actor=self.user(person), comment=COMMENT),
            f"{person} {name} {project}",
        )
        if not done:
            return
        if name == "complete_training":
            validated = set(
                TrainingProgress.objects.filter(
                    project_id=self.project_ids[project], validated_at__isnull=False
                ).values_list("module__title", flat=True)
            )
            assert validated >= pm.MANDATORY, f"{project} left training with {validated} validated"
        self.model.apply_transition(project, name)
        if name == "submit":
            version = StudyVersion.objects.filter(study_id=self.study_ids[project]).order_by("-number").first()
            assert version.number == self.model.studies[project].versions
            listed = {item["id"] for item in version.content["attachments"]}
            assert listed == set(self.model.studies[project].attachments), "the version lists other files"
            self.frozen[version.pk] = copy.deepcopy(version.content)

    def decide(self, data):
        """The jury's one door: ``record_decision``, by the study or by one of its agenda entries."""
        project = self.pick(
            data, pm.PROJECTS, lambda p: any(self.model.decision_allowed(x, p) for x in pm.PEOPLE), "project"
        )
        decision = data.draw(st.sampled_from(sorted(pm.DECIDED)), label="decision")
        person = self.person(data, lambda p: self.model.decision_allowed(p, project))
        allowed = self.model.decision_allowed(person, project)
        entries = [entry for _s, p, entry in self.entries() if p == project]
        target = self.study(project)
        if entries and data.draw(st.booleans(), label="by entry"):
            entry = data.draw(st.sampled_from(entries), label="entry")
            allowed = allowed and entry == self.model.deliberating_entry(project)[1]
            target = AgendaEntry.objects.get(pk=entry)
        done, row = self.attempt(
            allowed,
            lambda: record_decision(target, actor=self.user(person), decision=decision, motivation=COMMENT),
            f"{person} decides {decision} on {project}",
        )
        if done:
            session, entry = self.model.deliberating_entry(project)
            counted, required = self.model.quorum(session, project)
            result = AgendaEntry.objects.get(pk=entry).result
            assert (result.scorecards, result.quorum) == (counted, required), "stored counts differ from the model's"
            assert row.decided_as == ("jury_president" if session.president == person else "national_coordinator")
            self.model.apply_decision(person, project, decision)

    def fund(self, data):
        project = self.pick(
            data, pm.PROJECTS, lambda j: self.model.studies[j].state in pm.SOURCES["record_funding"], "project"
        )
        person = self.person(data, lambda p: self.model.transition_allowed(p, project, "record_funding"))
        allowed = self.model.transition_allowed(person, project, "record_funding")
        done, _log = self.attempt(
            allowed,
            lambda: record_funding(
                self.study(project), actor=self.user(person), instruments=[("grant", Decimal("50000.00"), "")]
            ),
            f"{person} records funding of {project}",
        )
        if done:
            self.model.apply_transition(project, "record_funding")

    def open_school(self, data):
        project = self.pick(
            data, pm.PROJECTS, lambda j: self.model.studies[j].state in pm.SOURCES["record_opening"], "project"
        )
        person = self.person(data, lambda p: self.model.transition_allowed(p, project, "record_opening"))
        allowed = self.model.transition_allowed(person, project, "record_opening")
        done, _log = self.attempt(
            allowed,
            lambda: record_opening(
                self.study(project), actor=self.user(person), opened_on=timezone.localdate() + timedelta(days=90)
            ),
            f"{person} records the opening of {project}",
        )
        if done:
            self.model.apply_transition(project, "record_opening")

    # Content, training, financing review ---------------------------------------------------------------------------

    def edit_section(self, data):
        project = self.pick(data, pm.PROJECTS, self.editable, "project")
        person = self.person(data, lambda p: self.model.edit_allowed(p, project))
        self.edits += 1
        text = f"Diagnostic territorial, révision {self.edits}."
        self.attempt(
            self.model.edit_allowed(person, project),
            lambda: update_study(self.study(project), actor=self.user(person), territorial_diagnosis=text),
            f"{person} edits {project}",
        )

    def upload(self, data):
        project = self.pick(data, pm.PROJECTS, self.editable, "project")
        kinds = [AttachmentKind.LETTER_OF_SUPPORT, AttachmentKind.STATUTES, AttachmentKind.OTHER]
        kind = self.pick(data, kinds, lambda k: k not in self.model.studies[project].attachments.values(), "kind")
        person = self.person(data, lambda p: self.model.edit_allowed(p, project))
        done, attachment = self.attempt(
            self.model.edit_allowed(person, project),
            lambda: add_attachment(
                self.study(project),
                actor=self.user(person),
                kind=kind,
                uploaded_file=SimpleUploadedFile("piece.pdf", MINIMAL_PDF),
            ),
            f"{person} uploads to {project}",
        )
        if done:
            self.model.studies[project].attachments[attachment.pk] = kind.value

    def take_out_attachment(self, data):
        project = self.pick(data, pm.PROJECTS, self.editable, "project")
        current = sorted(self.model.studies[project].attachments)
        if not current:
            return
        pk = data.draw(st.sampled_from(current), label="attachment")
        person = self.person(data, lambda p: self.model.edit_allowed(p, project))
        done, _none = self.attempt(
            self.model.edit_allowed(person, project),
            lambda: remove_attachment(Attachment.objects.get(pk=pk), actor=self.user(person)),
            f"{person} removes an attachment of {project}",
        )
        if done:
            del self.model.studies[project].attachments[pk]

    def validate_training(self, data):
        project = self.pick(data, pm.PROJECTS, lambda p: self.model.studies[p].state == "training", "project")
        module = self.pick(data, sorted(pm.MODULES), lambda m: m not in self.model.validated[project], "module")
        person = self.person(data, lambda p: self.model.validate_training_allowed(p, project))
        done, _progress = self.attempt(
            self.model.validate_training_allowed(person, project),
            lambda: validate_training_module(self.study(project), actor=self.user(person), module=self.modules[module]),
            f"{person} validates {module} for {project}",
        )
        if done:
            self.model.validated[project].add(module)

    def review_financing(self, data):
        project = self.pick(data, pm.PROJECTS, lambda p: self.model.studies[p].state == "financing_review", "project")
        person = self.person(data, lambda p: self.model.review_allowed(p, project))
        done, _review = self.attempt(
            self.model.review_allowed(person, project),
            lambda: record_financing_review(
                self.study(project),
                actor=self.user(person),
                opinion="favourable",
                budget_analysis="Budget cohérent.",
                financing_plan_analysis="Plan équilibré.",
                instruments=[("loan", Decimal("100000.00"), "")],
            ),
            f"{person} reviews the financing of {project}",
        )
        if done:
            self.model.studies[project].review = True

    # Jury sessions -------------------------------------------------------------------------------------------------

    def plan(self, data):
        members = data.draw(st.lists(st.sampled_from(pm.JURORS), min_size=2, max_size=5, unique=True), label="members")
        president = data.draw(st.one_of(st.none(), st.sampled_from(members)), label="president")
        person = self.person(data, lambda p: p in pm.NATIONAL)
        done, session = self.attempt(
            person in pm.NATIONAL,
            lambda: plan_session(
                actor=self.user(person),
                title="Jury",
                date=timezone.localdate() + timedelta(days=14),
                grid=self.grid,
                place="Lyon",
                scoring_deadline=timezone.now() + timedelta(days=7),
                members=[self.user(member) for member in members],
                president=self.user(president) if president else None,
            ),
            f"{person} plans a session",
        )
        if done:
            self.model.sessions.append(pm.Session(pk=session.pk, members=list(members), president=president))

    def draw_session(self, data):
        index = self.pick(
            data, range(len(self.model.sessions)), lambda i: self.model.sessions[i].state != "closed", "session"
        )
        return self.model.sessions[index]

    def add_juror(self, data):
        session = self.draw_session(data)
        member = data.draw(st.sampled_from(pm.JURORS), label="member")
        is_president = data.draw(st.booleans(), label="as president")
        person = self.person(data, lambda p: self.model.add_member_allowed(p, session, member))
        done, _membership = self.attempt(
            self.model.add_member_allowed(person, session, member),
            lambda: add_member(
                JurySession.objects.get(pk=session.pk),
                actor=self.user(person),
                user=self.user(member),
                is_president=is_president,
            ),
            f"{person} adds {member} to a session",
        )
        if done:
            self.model.apply_add_member(session, member, is_president)

    def put_on_agenda(self, data):
        session = self.draw_session(data)
        project = self.pick(data, pm.PROJECTS, lambda p: self.model.agenda_allowed("nc1", session, p), "project")
        person = self.person(data, lambda p: self.model.agenda_allowed(p, session, project))
        done, entry = self.attempt(
            self.model.agenda_allowed(person, session, project),
            lambda: add_to_agenda(
                JurySession.objects.get(pk=session.pk), actor=self.user(person), study=self.study(project)
            ),
            f"{person} puts {project} on a session's agenda",
        )
        if done:
            session.agenda[project] = entry.pk

    def move_session(self, data):
        session = self.draw_session(data)
        step = {"planned": "open_scoring", "scoring": "close_scoring"}.get(session.state, "close_session")
        if not data.draw(st.sampled_from((True, True, True, False)), label="usual step"):
            step = data.draw(st.sampled_from(["open_scoring", "close_scoring", "close_session"]), label="step")
        allowed_fn = getattr(self.model, f"{step}_allowed")
        service = {"open_scoring": open_scoring, "close_scoring": close_scoring, "close_session": close_session}[step]
        person = self.person(data, lambda p: allowed_fn(p, session))
        done, _session = self.attempt(
            allowed_fn(person, session),
            lambda: service(JurySession.objects.get(pk=session.pk), actor=self.user(person)),
            f"{person} {step}",
        )
        if done:
            session.state = {"open_scoring": "scoring", "close_scoring": "deliberation", "close_session": "closed"}[
                step
            ]

    def score(self, data):
        mode = data.draw(st.sampled_from(["submit", "save", "submit partial"]), label="mode")
        session, project, entry = self.pick(data, self.entries(), lambda e: e[0].state == "scoring", "entry")
        person = self.person(data, lambda p: self.model.scoring_allowed(p, entry), among=(*pm.JURORS, *pm.NATIONAL))
        allowed = self.model.scoring_allowed(person, entry) and mode != "submit partial"
        values = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=3, max_size=3), label="scores")
        scores = dict(zip(self.criteria, values, strict=True))
        if mode == "submit partial":
            scores = {self.criteria[0]: values[0]}
        service = save_scorecard if mode == "save" else submit_scorecard
        done, _card = self.attempt(
            allowed,
            lambda: service(AgendaEntry.objects.get(pk=entry), actor=self.user(person), scores=scores),
            f"{person} {mode}s a scorecard of {project}",
        )
        if done:
            self.model.scorecards[(entry, person)] = "draft" if mode == "save" else "submitted"

    def reopen(self, data):
        session, project, entry = self.pick(data, self.entries(), lambda e: e[0].state == "scoring", "entry")
        member = self.pick(
            data, session.members, lambda m: self.model.scorecards.get((entry, m)) == "submitted", "member"
        )
        person = self.person(data, lambda p: self.model.reopen_allowed(p, entry, member))
        done, _log = self.attempt(
            self.model.reopen_allowed(person, entry, member),
            lambda: reopen_scorecard(
                AgendaEntry.objects.get(pk=entry), actor=self.user(person), member=self.user(member), reason="Erreur."
            ),
            f"{person} reopens {member}'s scorecard of {project}",
        )
        if done:
            self.model.scorecards[(entry, member)] = "draft"

    def conflict(self, data):
        own = data.draw(st.booleans(), label="own")
        session, project, entry = self.pick(data, self.entries(), lambda e: e[0].state == "scoring", "entry")
        if own:
            person = self.person(data, lambda p: self.model.conflict_allowed(p, entry, p))
            member = person
        else:
            member = self.pick(data, pm.PEOPLE, lambda m: m in session.members, "member")
            person = self.person(data, lambda p: self.model.conflict_allowed(p, entry, member))
        done, _conflict = self.attempt(
            self.model.conflict_allowed(person, entry, member),
            lambda: declare_conflict(
                AgendaEntry.objects.get(pk=entry),
                actor=self.user(person),
                reason="Lien familial.",
                member=None if own else self.user(member),
            ),
            f"{person} declares a conflict of {member} on {project}",
        )
        if done:
            self.model.conflicts.add((member, project))

    # Invariants ----------------------------------------------------------------------------------------------------

    @invariant()
    def database_agrees_with_the_model(self):
        for project, pk in self.study_ids.items():
            study = OpportunityStudy.objects.get(pk=pk)
            expected = self.model.studies[project]
            assert (study.state, study.changes_requested_from) == (expected.state, expected.changes_from), project
        for session in self.model.sessions:
            row = JurySession.objects.get(pk=session.pk)
            assert row.state == session.state
            members = {
                self.names[user]: president for user, president in row.memberships.values_list("user", "is_president")
            }
            assert set(members) == set(session.members)
            assert [name for name, president in members.items() if president] == (
                [session.president] if session.president else []
            )
        conflicts = {
            (self.names[member], project)
            for member, project_id in ConflictOfInterest.objects.values_list("member", "project")
            for project, pid in self.project_ids.items()
            if pid == project_id
        }
        assert conflicts == self.model.conflicts
        cards = {
            (entry, self.names[member]): status
            for entry, member, status in Scorecard.objects.values_list("entry", "member", "status")
        }
        assert cards == self.model.scorecards

    @invariant()
    def every_change_is_logged_once(self):
        assert TransitionLog.objects.count() == self.model.transitions
        assert JuryDecision.objects.count() == len(self.model.decisions)
        assert StudyVersion.objects.count() == sum(study.versions for study in self.model.studies.values())

    @invariant()
    def decisions_come_from_the_jury(self):
        """Each decided study: one decision for its outcome, by a non-conflicted decider, with the quorum."""
        for decision in JuryDecision.objects.select_related("entry__study"):
            expected = self.model.decisions[decision.entry_id]
            assert (decision.decision, self.names[decision.decided_by_id]) == (expected.decision, expected.by)
            assert expected.counted >= expected.required
            conflicted_then = ConflictOfInterest.objects.filter(
                member_id=decision.decided_by_id,
                project_id=decision.entry.study.project_id,
                declared_at__lte=decision.decided_at,
            )
            assert not conflicted_then.exists(), "a conflicted person decided"
        for project, study in self.model.studies.items():
            outcome = {state: name for name, state in pm.DECIDED.items()}.get(study.state)
            if outcome is None:
                continue
            latest = AgendaEntry.objects.filter(study_id=self.study_ids[project]).order_by("-pk").first()
            assert JuryDecision.objects.filter(entry=latest, decision=outcome).count() == 1
            log = TransitionLog.objects.filter(study_id=self.study_ids[project]).order_by("-pk").first()
            assert (log.transition, log.actor_id) == (outcome, latest.decision.decided_by_id)

    @invariant()
    def no_study_leaves_training_untrained(self):
        completed = TransitionLog.objects.filter(transition="complete_training").count()
        assert completed == len(self.model.trainings_completed)
        for project, validated in self.model.trainings_completed:
            assert validated >= pm.MANDATORY, f"{project} left training without its mandatory modules"

    @invariant()
    def frozen_versions_never_change(self):
        for pk, content in StudyVersion.objects.values_list("pk", "content"):
            assert content == self.frozen[pk], f"version {pk} changed"

    @invariant()
    def each_person_sees_what_the_model_says(self):
        """Studies, scorecards and decisions, for every person (the conflicted above all).

        Checked again only after a step that changed something: what the selectors return depends on the rows.
        """
        if not self.changed:
            return
        self.changed = False
        studies = {project: self.study(project) for project in pm.PROJECTS}
        project_of = {pk: project for project, pk in self.study_ids.items()}
        users = User.objects.in_bulk(self.ids.values())  # fresh: no scopes memoised from an earlier step
        for name in pm.PEOPLE:
            user = users[self.ids[name]]
            visible = {project_of[pk] for pk in studies_for_user(user).values_list("pk", flat=True)}
            expected = {project for project in pm.PROJECTS if self.model.can_view(name, project)}
            assert visible == expected, f"{name} sees {visible}, the model {expected}"
            for project, study in studies.items():
                assert can_view_study.test(user, study) == (project in expected), (name, project)
            cards = {(entry, self.names[m]) for entry, m in scorecards_for_user(user).values_list("entry", "member")}
            expected_cards = {key for key in self.model.scorecards if self.model.can_see_scorecard(name, *key)}
            assert cards == expected_cards, f"{name} reads scorecards {cards}, the model {expected_cards}"
            decisions = set(decisions_for_user(user).values_list("entry", flat=True))
            expected_decisions = {entry for entry in self.model.decisions if self.model.can_see_decision(name, entry)}
            assert decisions == expected_decisions, f"{name} sees decisions {decisions}, the model {expected_decisions}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_process_follows_its_model():
    run_state_machine_as_test(
        ProcessMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print("actions done:", dict(sorted(DONE.items())))
    print("actions tried:", dict(sorted(TRIED.items())))

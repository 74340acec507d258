"""A plain-Python reference model of the process: who may do what to a study and a jury, in which state.

``test_process_model`` drives the real services with random actions by random people and checks each answer
against this model: an action the model allows must succeed, one it refuses must raise ``ActionRefused`` and
change nothing. The model knows nothing of Django; it is the life-cycle contract written out once more, small
enough to read in one sitting.

The world is fixed: two projects in two regions, each with its study, their founders, a regional coordinator
per region, two national coordinators, two bank experts (one of them may sit on juries) and four jurors.
"""

from dataclasses import dataclass, field

PROJECTS = ("p1", "p2")
REGION_OF = {"p1": "r1", "p2": "r2"}
HOLDERS = {"h1": "p1", "h2": "p2"}
COORDINATES = {"rc1": "r1", "rc2": "r2"}
NATIONAL = ("nc1", "nc2")
BANK = ("be1", "be2")
JURORS = ("j1", "j2", "j3", "j4", "be2")  # a bank expert may sit on a jury too
PEOPLE = (*HOLDERS, *COORDINATES, *NATIONAL, "be1", *JURORS)

MODULES = {"m1": True, "m2": True, "m3": False}  # module: mandatory
MANDATORY = frozenset(name for name, mandatory in MODULES.items() if mandatory)
REQUIRED_KINDS = frozenset({"letter_of_support", "statutes"})

BANK_VISIBLE = {"financing_review", "jury", "approved", "deferred", "rejected", "funded", "opened"}
WITHDRAWABLE = {"draft", "submitted", "changes_requested", "training", "financing_review", "jury", "deferred"}
SOURCES = {
    "submit": {"draft", "changes_requested"},
    "request_changes": {"submitted", "financing_review"},
    "accept": {"submitted"},
    "complete_training": {"training"},
    "send_to_jury": {"financing_review"},
    "approve": {"jury"},
    "defer": {"jury"},
    "reject": {"jury"},
    "revise": {"deferred"},
    "withdraw": WITHDRAWABLE,
    "record_funding": {"approved"},
    "record_opening": {"funded"},
}
DECIDED = {"approve": "approved", "defer": "deferred", "reject": "rejected"}
MINIMUM_QUORUM = 3


@dataclass
class Study:
    project: str
    state: str = "draft"
    changes_from: str = ""
    review: bool = False
    versions: int = 0
    attachments: dict = field(default_factory=dict)  # current attachment id -> kind

    def complete(self):
        return set(self.attachments.values()) >= REQUIRED_KINDS


@dataclass
class Session:
    pk: int
    members: list
    president: str | None
    state: str = "planned"
    agenda: dict = field(default_factory=dict)  # project -> agenda entry id
    former_presidents: set = field(default_factory=set)


@dataclass
class Decision:
    entry: int
    project: str
    decision: str
    by: str
    counted: int
    required: int


class Process:
    """The reference model. Each ``*_allowed`` answers whether the action must succeed; ``apply_*`` performs it."""

    def __init__(self):
        self.studies = {project: Study(project) for project in PROJECTS}
        self.validated = {project: set() for project in PROJECTS}
        self.sessions = []
        self.conflicts = set()  # (person, project)
        self.scorecards = {}  # (entry id, person) -> "draft" | "submitted"
        self.decisions = {}  # entry id -> Decision
        self.transitions = 0
        self.trainings_completed = []  # (project, modules validated then)

    # Who is who ------------------------------------------------------------------------------------------------

    def conflicted(self, person, project):
        return (person, project) in self.conflicts

    @staticmethod
    def is_holder(person, project):
        return HOLDERS.get(person) == project

    @staticmethod
    def is_coordinator(person, project):
        return COORDINATES.get(person) == REGION_OF[project] or person in NATIONAL

    def session_of_entry(self, entry):
        return next(session for session in self.sessions if entry in session.agenda.values())

    def project_of_entry(self, entry):
        session = self.session_of_entry(entry)
        return next(project for project, pk in session.agenda.items() if pk == entry)

    def deliberating_entry(self, project):
        """The session in deliberation with the project's study on its agenda, and the entry (or None, None)."""
        for session in self.sessions:
            if session.state == "deliberation" and project in session.agenda:
                return session, session.agenda[project]
        return None, None

    def presides_deliberation(self, person, project):
        session, _entry = self.deliberating_entry(project)
        return session is not None and session.president == person

    def can_view(self, person, project):
        study = self.studies[project]
        if self.conflicted(person, project):
            return False
        bank_stage = study.state in BANK_VISIBLE or (
            study.state == "changes_requested" and study.changes_from == "financing_review"
        )
        juror = any(project in session.agenda and person in session.members for session in self.sessions)
        return (
            self.is_holder(person, project)
            or self.is_coordinator(person, project)
            or (person in BANK and bank_stage)
            or juror
        )

    def can_see_scorecard(self, person, entry, member):
        project = self.project_of_entry(entry)
        session = self.session_of_entry(entry)
        if self.conflicted(person, project):
            return False
        if member == person:
            return True
        return (
            self.scorecards[(entry, member)] == "submitted"
            and session.state in ("deliberation", "closed")
            and not self.conflicted(member, project)
            and (person in NATIONAL or person in session.members)
        )

    def can_see_decision(self, person, entry):
        session = self.session_of_entry(entry)
        return (person in NATIONAL or person in session.members) and not self.conflicted(
            person, self.project_of_entry(entry)
        )

    def quorum(self, session, project):
        """(scorecards counted, scorecards required) for the project's study on the session's agenda."""
        entry = session.agenda[project]
        eligible = [member for member in session.members if not self.conflicted(member, project)]
        counted = sum(1 for member in eligible if self.scorecards.get((entry, member)) == "submitted")
        return counted, max(MINIMUM_QUORUM, len(eligible) // 2 + 1)

    # Study transitions -----------------------------------------------------------------------------------------

    def _has_role(self, person, project, name):
        study = self.studies[project]
        if name in ("submit", "revise", "withdraw"):
            return self.is_holder(person, project)
        if name == "request_changes":
            if study.state == "submitted":
                return self.is_coordinator(person, project)
            return person in BANK
        if name in ("accept", "complete_training", "record_opening"):
            return self.is_coordinator(person, project)
        if name == "send_to_jury":
            return person in BANK
        if name in DECIDED:
            return self.presides_deliberation(person, project) or person in NATIONAL
        if name == "record_funding":
            return person in BANK or person in NATIONAL
        raise AssertionError(name)

    def _on_open_agenda(self, project):
        return any(project in s.agenda and s.state in ("planned", "scoring") for s in self.sessions)

    def _guards_met(self, project, name):
        study = self.studies[project]
        if name == "submit":
            return study.complete()
        if name == "complete_training":
            return self.validated[project] >= MANDATORY
        if name == "send_to_jury":
            return study.review and self._on_open_agenda(project)
        # Only ``record_decision`` writes the decision the guards of approve, defer and reject ask for.
        return name not in DECIDED

    def transition_allowed(self, person, project, name):
        study = self.studies[project]
        return (
            study.state in SOURCES[name]
            and not self.conflicted(person, project)
            and self._has_role(person, project, name)
            and self._guards_met(project, name)
        )

    def apply_transition(self, project, name):
        study = self.studies[project]
        if name == "submit":
            target = study.changes_from or "submitted"
            study.changes_from = ""
            study.versions += 1
        elif name == "request_changes":
            study.changes_from = study.state
            target = "changes_requested"
        else:
            target = {
                "accept": "training",
                "complete_training": "financing_review",
                "send_to_jury": "jury",
                "revise": "draft",
                "withdraw": "withdrawn",
                "record_funding": "funded",
                "record_opening": "opened",
                **DECIDED,
            }[name]
        if name == "complete_training":
            self.trainings_completed.append((project, frozenset(self.validated[project])))
        study.state = target
        self.transitions += 1

    def decision_allowed(self, person, project):
        session, entry = self.deliberating_entry(project)
        if session is None or self.studies[project].state != "jury":
            return False
        if self.conflicted(person, project):
            return False
        if not (session.president == person or person in NATIONAL):
            return False
        if entry in self.decisions:
            return False
        counted, required = self.quorum(session, project)
        return counted >= required

    def apply_decision(self, person, project, decision):
        session, entry = self.deliberating_entry(project)
        counted, required = self.quorum(session, project)
        self.decisions[entry] = Decision(entry, project, decision, person, counted, required)
        self.apply_transition(project, decision)

    # Study content, training, financing review -----------------------------------------------------------------

    def edit_allowed(self, person, project):
        return (
            self.is_holder(person, project)
            and not self.conflicted(person, project)
            and self.studies[project].state in ("draft", "changes_requested")
        )

    def validate_training_allowed(self, person, project):
        return (
            self.is_coordinator(person, project)
            and not self.conflicted(person, project)
            and self.studies[project].state == "training"
        )

    def review_allowed(self, person, project):
        return person in BANK and self.can_view(person, project) and self.studies[project].state == "financing_review"

    # Jury sessions ---------------------------------------------------------------------------------------------

    def add_member_allowed(self, person, session, member):
        return person in NATIONAL and session.state in ("planned", "scoring") and member not in session.members

    def apply_add_member(self, session, member, is_president):
        session.members.append(member)
        if is_president:
            if session.president:
                session.former_presidents.add(session.president)
            session.president = member

    def agenda_allowed(self, person, session, project):
        return (
            person in NATIONAL
            and session.state in ("planned", "scoring")
            and self.studies[project].state == "financing_review"
            and not any(project in s.agenda and s.state != "closed" for s in self.sessions)
        )

    def open_scoring_allowed(self, person, session):
        return (
            person in NATIONAL
            and session.state == "planned"
            and session.president is not None
            and len(session.members) >= MINIMUM_QUORUM
            and bool(session.agenda)
            and all(self.studies[project].state in ("jury", "withdrawn") for project in session.agenda)
        )

    def close_scoring_allowed(self, person, session):
        return (
            person in NATIONAL
            and session.state == "scoring"
            and all(self.studies[project].state in ("jury", "withdrawn") for project in session.agenda)
        )

    def close_session_allowed(self, person, session):
        return (
            person in NATIONAL
            and session.state == "deliberation"
            and all(
                entry in self.decisions or self.studies[project].state == "withdrawn"
                for project, entry in session.agenda.items()
            )
        )

    # Scorecards and conflicts ----------------------------------------------------------------------------------

    def scoring_allowed(self, person, entry):
        session = self.session_of_entry(entry)
        return (
            person in session.members
            and not self.conflicted(person, self.project_of_entry(entry))
            and session.state == "scoring"
            and self.scorecards.get((entry, person)) != "submitted"
        )

    def reopen_allowed(self, person, entry, member):
        session = self.session_of_entry(entry)
        project = self.project_of_entry(entry)
        return (
            session.president == person
            and not self.conflicted(person, project)
            and session.state == "scoring"
            and self.scorecards.get((entry, member)) == "submitted"
            and not self.conflicted(member, project)
        )

    def conflict_allowed(self, person, entry, member):
        session = self.session_of_entry(entry)
        project = self.project_of_entry(entry)
        if member == person:
            permitted = person in NATIONAL or person in session.members
        else:
            permitted = not self.conflicted(person, project) and (session.president == person or person in NATIONAL)
        return (
            permitted
            and session.state != "closed"
            and (member == person or member in session.members)
            and entry not in self.decisions
            and not self.conflicted(member, project)
        )

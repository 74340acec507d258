"""The scale seed: a federation of 20,000 studies, written with COPY in well under two minutes.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed_scale [--studies 20000] [--recreate]

Every other count follows the number of studies (at 20,000: 3,000 users, 400 jury sessions, about 60,000
scorecards with their scores, 500,000 notifications). Every state of the life cycle is present, each study with
the transition log of the path that led it there, its frozen version once submitted, its training, financing
review, funding, agenda entry, scorecards and jury decision as its stage requires. ``--recreate`` drops and
creates the PostgreSQL database of ``DATABASE_URL`` and migrates it first.
"""

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from bench import setup  # noqa: F401 -- configures Django before the models are imported

# isort: split
import psycopg
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from bench.bulk import BulkWriter
from juries.models import (
    AgendaEntry,
    ConflictOfInterest,
    EntryResult,
    JuryDecision,
    JuryMembership,
    JurySession,
    Score,
    Scorecard,
    ScoringGrid,
)
from juries.services.results import tally_session
from notifications.models import Delivery, Notification
from projects.models import (
    FinancingLine,
    OpportunityStudy,
    Region,
    RegionalNetwork,
    SchoolProject,
    StudyVersion,
    Trade,
)
from workflow.models import (
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)

FULL_SCALE = 20_000
SCALE = {"users": 3_000, "sessions": 400, "scorecards": 60_000, "notifications": 500_000}
MEMBERS_PER_SESSION = 11
PASSWORD = "bench"

# Share of the studies in each state (they sum to 1); about 6,000 of 20,000 have reached the jury.
STATE_SHARES = {
    "draft": 0.175,
    "submitted": 0.10,
    "changes_requested": 0.075,
    "training": 0.125,
    "financing_review": 0.125,
    "withdrawn": 0.10,
    "jury": 0.06,
    "approved": 0.07,
    "deferred": 0.04,
    "rejected": 0.05,
    "funded": 0.045,
    "opened": 0.035,
}
TO_JURY = ["submit", "accept", "complete_training", "send_to_jury"]
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "changes_requested": ["submit", "request_changes"],
    "training": ["submit", "accept"],
    "financing_review": ["submit", "accept", "complete_training"],
    "withdrawn": ["submit", "withdraw"],
    "jury": TO_JURY,
    "approved": [*TO_JURY, "approve"],
    "deferred": [*TO_JURY, "defer"],
    "rejected": [*TO_JURY, "reject"],
    "funded": [*TO_JURY, "approve", "record_funding"],
    "opened": [*TO_JURY, "approve", "record_funding", "record_opening"],
}
# Each transition: the state it leads to, and who performs it (as which role).
STEPS = {
    "submit": ("submitted", "holder"),
    "request_changes": ("changes_requested", "regional_coordinator"),
    "accept": ("training", "regional_coordinator"),
    "complete_training": ("financing_review", "regional_coordinator"),
    "send_to_jury": ("jury", "bank_expert"),
    "approve": ("approved", "jury_president"),
    "defer": ("deferred", "jury_president"),
    "reject": ("rejected", "jury_president"),
    "withdraw": ("withdrawn", "holder"),
    "record_funding": ("funded", "bank_expert"),
    "record_opening": ("opened", "regional_coordinator"),
}
DECIDED = {"approved": "approve", "deferred": "defer", "rejected": "reject", "funded": "approve", "opened": "approve"}
EVENT_OF_STEP = {
    "submit": "study_submitted",
    "request_changes": "changes_requested",
    "accept": "accepted_into_training",
    "complete_training": "training_completed",
    "send_to_jury": "sent_to_jury",
    "approve": "jury_decision",
    "defer": "jury_decision",
    "reject": "jury_decision",
    "withdraw": "study_withdrawn",
    "record_funding": "study_funded",
    "record_opening": "school_opened",
}
COMMUNES = [
    "Lyon", "Saint-Étienne", "Grenoble", "Dijon", "Besançon", "Rennes", "Brest", "Tours", "Orléans", "Ajaccio",
    "Strasbourg", "Metz", "Lille", "Amiens", "Paris", "Créteil", "Rouen", "Caen", "Bordeaux", "Limoges",
    "Toulouse", "Montpellier", "Nantes", "Angers", "Marseille", "Nice", "Pointe-à-Pitre", "Fort-de-France",
    "Cayenne", "Saint-Denis", "Mamoudzou",
]  # fmt: skip
SECTION_TEXT = (
    "Le bassin d'emploi compte de nombreux jeunes sans solution et des entreprises qui peinent à recruter ; "
    "les entretiens menés confirment les commandes attendues et l'appui des partenaires du territoire."
)
SECTIONS = [
    "territorial_diagnosis",
    "companies_support",
    "trades_and_diplomas",
    "pedagogical_project",
    "governance",
    "premises",
    "business_model",
    "budget_notes",
    "partners",
]
PLAN_LINES = [("use", "staff", 180_000), ("use", "equipment", 60_000), ("resource", "production", 120_000)]
PLAN_LINES.append(("resource", "apprenticeship_tax", sum(a for s, _c, a in PLAN_LINES if s == "use") - 120_000))


def scaled(total, studies, minimum):
    return max(minimum, round(total * studies / FULL_SCALE))


def state_counts(studies):
    """Return how many studies to put in each state: at least one in each, ``studies`` in all."""
    counts = {state: max(1, round(share * studies)) for state, share in STATE_SHARES.items()}
    counts["draft"] += studies - sum(counts.values())
    if counts["draft"] < 1:
        raise ValueError(f"Too few studies for every state: {studies}")
    return counts


@dataclass
class People:
    national: list = field(default_factory=list)
    bank: list = field(default_factory=list)
    coordinators: dict = field(default_factory=dict)  # region id -> [user ids]
    jurors: list = field(default_factory=list)
    holders: list = field(default_factory=list)


@dataclass
class Study:
    pk: int
    project_id: int
    region_id: int
    holder_id: int
    state: str
    created_at: object
    steps: list = field(default_factory=list)  # (transition, at)
    session: object = None


@dataclass
class Session:
    pk: int
    state: str
    date: object
    members: list
    studies: list = field(default_factory=list)


class Seed:
    """Plan and write the rows; ``run()`` returns the number of rows written per table."""

    def __init__(self, *, studies=FULL_SCALE, seed=7, progress=True, now=None):

        self.n_studies = studies
        self.random = random.Random(seed)
        self.now = now or timezone.now()
        self.show_progress = progress

    def run(self):

        bar = self._progress_bar()
        self.writer = BulkWriter(progress=bar)
        with transaction.atomic():
            self._reference()
            self._users()
            self._studies()
            self._logs_and_stage_rows()
            self._juries()
            self._notifications()
            self.writer.finish()
        if bar is not None:
            bar.close()
        return self.writer.counts

    def _progress_bar(self):
        if not self.show_progress:
            return None
        try:
            from tqdm import tqdm  # noqa: PLC0415 -- optional: the bench extra
        except ImportError:
            return _SimpleBar()
        return tqdm(unit=" rows", unit_scale=True, mininterval=0.5, desc="seed")

    # Reference data and people.

    def _reference(self):

        self.regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
        self.networks = dict(RegionalNetwork.objects.values_list("region_id", "pk"))
        self.trades = list(Trade.objects.filter(parent__isnull=False).values_list("pk", flat=True))
        self.grid = ScoringGrid.objects.order_by("pk").first()
        self.criteria = list(self.grid.criteria.order_by("position").values_list("pk", flat=True))
        ScoringGrid.objects.filter(pk=self.grid.pk).update(frozen_at=self.now - timedelta(days=900))
        for position, title in enumerate(("Le modèle École de Production", "Budget et financement", "Recrutement")):
            TrainingModule.objects.get_or_create(title=title, defaults={"position": position, "is_mandatory": True})
        self.modules = list(
            TrainingModule.objects.filter(is_mandatory=True, is_active=True).values_list("pk", flat=True)
        )
        self.study_type = ContentType.objects.get_for_model(OpportunityStudy).pk

    def _users(self):

        total = scaled(SCALE["users"], self.n_studies, 60)
        per_region = 2 if total >= 1000 else 1
        national = scaled(5, self.n_studies, 2)
        bank = scaled(20, self.n_studies, 2)
        jurors = scaled(300, self.n_studies, MEMBERS_PER_SESSION + 1)
        holders = total - national - bank - jurors - per_region * len(self.regions)
        password = make_password(PASSWORD)
        people = self.people = People()
        first = pk = self.writer.next_id(User)
        rows = []

        def add(kind, **flags):
            nonlocal pk
            rows.append(
                (
                    pk,
                    f"{kind}{pk}@bench.tremplin.test",  # by id: unique when seeded twice (tests)
                    f"{kind.replace('-', ' ').title()} {pk - first + 1}",
                    password,
                    True,
                    False,
                    False,
                    self.now - timedelta(days=1000),
                    flags.get("national", False),
                    flags.get("bank", False),
                    flags.get("jury", False),
                    "fr",
                    "",
                    "",
                )
            )
            pk += 1
            return pk - 1

        people.national = [add("national", national=True) for _ in range(national)]
        people.bank = [add("bank", bank=True) for _ in range(bank)]
        for region in self.regions:
            people.coordinators[region] = [add("coordinator") for _ in range(per_region)]
        people.jurors = [add("juror", jury=True) for _ in range(jurors)]
        people.holders = [add("holder") for _ in range(holders)]
        columns = [
            "id",
            "email",
            "full_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "is_national_coordinator",
            "is_bank_expert",
            "is_jury_member",
            "language",
            "organisation",
            "form_of_address",
        ]
        self.writer.write(User, columns, rows)
        through = RegionalNetwork.coordinators.through
        start = self.writer.next_id(through)
        links = [
            (self.networks[region], user)
            for region, users in people.coordinators.items()
            for user in users
            if region in self.networks
        ]
        self.writer.write(
            through,
            ["id", "regionalnetwork_id", "user_id"],
            [(start + i, network, user) for i, (network, user) in enumerate(links)],
        )

    # Projects and studies.

    def _studies(self):

        rng = self.random
        states = [state for state, count in self._state_counts().items() for _ in range(count)]
        rng.shuffle(states)
        project_pk = self.writer.next_id(SchoolProject)
        study_pk = self.writer.next_id(OpportunityStudy)
        self.studies = []
        for i, state in enumerate(states):
            created_at = self.now - timedelta(days=rng.uniform(20, 1100))
            study = Study(
                pk=study_pk + i,
                project_id=project_pk + i,
                region_id=self.regions[i % len(self.regions)],
                holder_id=self.people.holders[i % len(self.people.holders)],
                state=state,
                created_at=created_at,
            )
            path = PATHS[state]
            if path:
                span = (self.now - created_at).total_seconds()
                cuts = sorted(rng.uniform(0.05, 0.98) * span for _ in path)
                study.steps = [
                    (name, created_at + timedelta(seconds=cut)) for name, cut in zip(path, cuts, strict=True)
                ]
            self.studies.append(study)
        self._write_projects()
        self._write_studies()

    def _state_counts(self):
        """Return how many studies to seed in each state (a seed of another shape says otherwise)."""
        return state_counts(self.n_studies)

    def _write_projects(self):

        rng = self.random
        self.writer.write(
            SchoolProject,
            ["id", "name", "commune", "region_id", "holder_organisation", "created_at"],
            (
                (
                    s.project_id,
                    f"École de Production {COMMUNES[s.pk % len(COMMUNES)]} n°{s.pk}",
                    COMMUNES[s.pk % len(COMMUNES)],
                    s.region_id,
                    f"Association {s.pk}",
                    s.created_at,
                )
                for s in self.studies
            ),
        )
        team = SchoolProject.team.through
        start = self.writer.next_id(team)
        self.writer.write(
            team,
            ["id", "schoolproject_id", "user_id"],
            ((start + i, s.project_id, s.holder_id) for i, s in enumerate(self.studies)),
        )
        trades = SchoolProject.trades.through
        pairs = []
        for s in self.studies:
            chosen = rng.sample(self.trades, 2 if s.pk % 3 == 0 else 1)
            pairs.extend((s.project_id, trade) for trade in chosen)
        start = self.writer.next_id(trades)
        self.writer.write(
            trades,
            ["id", "schoolproject_id", "trade_id"],
            ((start + i, project, trade) for i, (project, trade) in enumerate(pairs)),
        )

    def _write_studies(self):

        columns = [
            "id",
            "project_id",
            "state",
            "changes_requested_from",
            "state_changed_at",
            "opened_on",
            *SECTIONS,
            "pupils_per_intake",
            "pupils_at_capacity",
            "board_members",
            "plan_start_year",
            "plan_years",
            "created_at",
            "updated_at",
        ]

        def row(s):
            last = s.steps[-1][1] if s.steps else None
            return (
                s.pk,
                s.project_id,
                s.state,
                "submitted" if s.state == "changes_requested" else "",
                last,
                (last + timedelta(days=30)).date() if s.state == "opened" else None,
                *[SECTION_TEXT] * len(SECTIONS),
                12,
                48,
                7,
                s.created_at.year + 1,
                3,
                s.created_at,
                last or s.created_at,
            )

        self.writer.write(OpportunityStudy, columns, (row(s) for s in self.studies))

    # The rows each stage leaves.

    def _actor(self, study, role):
        if role == "holder":
            return study.holder_id
        if role == "regional_coordinator":
            return self.people.coordinators[study.region_id][0]
        if role == "bank_expert":
            return self.people.bank[study.pk % len(self.people.bank)]
        return study.session.members[0] if study.session else self.people.national[0]

    def _logs_and_stage_rows(self):

        self._allocate_sessions()
        pk = self.writer.next_id(TransitionLog)
        rows = []
        for study in self.studies:
            from_state = "draft"
            for name, at in study.steps:
                to_state, role = STEPS[name]
                if role == "jury_president" and study.session is None:
                    role = "national_coordinator"
                rows.append((pk, study.pk, name, from_state, to_state, self._actor(study, role), role, "", at))
                pk += 1
                from_state = to_state
        columns = ["id", "study_id", "transition", "from_state", "to_state", "actor_id", "actor_role", "comment"]
        self.writer.write(TransitionLog, [*columns, "created_at"], rows)
        self._versions_and_plans()
        self._training_reviews_and_funding()

    def _versions_and_plans(self):

        pk = self.writer.next_id(FinancingLine)
        lines = []
        for s in self.studies:
            for year in range(s.created_at.year + 1, s.created_at.year + 4):
                for side, category, amount in PLAN_LINES:
                    lines.append((pk, s.pk, year, side, category, "", Decimal(amount)))
                    pk += 1
        self.writer.write(FinancingLine, ["id", "study_id", "year", "side", "category", "label", "amount"], lines)
        pk = self.writer.next_id(StudyVersion)
        versions = []
        for s in self.studies:
            if not s.steps:
                continue
            start = s.created_at.year + 1
            content = {
                "sections": dict.fromkeys(SECTIONS, SECTION_TEXT),
                "figures": {
                    "pupils_per_intake": 12,
                    "pupils_at_capacity": 48,
                    "board_members": 7,
                    "plan_start_year": start,
                    "plan_years": 3,
                },
                "financing_plan": [
                    {"year": year, "side": side, "category": category, "label": "", "amount": f"{amount}.00"}
                    for year in range(start, start + 3)
                    for side, category, amount in PLAN_LINES
                ],
                "attachments": [],
            }
            versions.append((pk, s.pk, 1, content, s.holder_id, s.steps[0][1]))
            pk += 1
        self.writer.write(
            StudyVersion, ["id", "study_id", "number", "content", "submitted_by_id", "submitted_at"], versions
        )

    def _training_reviews_and_funding(self):

        progress, reviews, proposed, fundings, funded = [], [], [], [], []
        ids = {
            model: self.writer.next_id(model)
            for model in (TrainingProgress, FinancingReview, ProposedInstrument, Funding, FundedInstrument)
        }

        def take(model):
            ids[model] += 1
            return ids[model] - 1

        for s in self.studies:
            times = dict(s.steps)
            if "accept" in times:
                validated = times.get("complete_training")
                for module in self.modules:
                    validator = self.people.coordinators[s.region_id][0] if validated else None
                    progress.append(
                        (take(TrainingProgress), s.project_id, module, times["accept"], validated, validator)
                    )
            if "send_to_jury" in times or (s.state == "financing_review" and s.pk % 2 == 0):
                at = times.get("send_to_jury", self.now) - timedelta(days=3)
                expert = self._actor(s, "bank_expert")
                review = take(FinancingReview)
                reviews.append((review, s.pk, expert, "favourable", SECTION_TEXT, SECTION_TEXT, "", at))
                proposed.append((take(ProposedInstrument), review, "subordinated_loan", Decimal(150_000), ""))
            if "record_funding" in times:
                funding = take(Funding)
                fundings.append((funding, s.pk, self._actor(s, "bank_expert"), times["record_funding"], ""))
                funded.append((take(FundedInstrument), funding, "subordinated_loan", Decimal(150_000), "", "equipment"))
        write = self.writer.write
        write(
            TrainingProgress,
            ["id", "project_id", "module_id", "enrolled_at", "validated_at", "validated_by_id"],
            progress,
        )
        write(
            FinancingReview,
            [
                "id",
                "study_id",
                "expert_id",
                "opinion",
                "budget_analysis",
                "financing_plan_analysis",
                "notes",
                "recorded_at",
            ],
            reviews,
        )
        write(ProposedInstrument, ["id", "review_id", "kind", "amount", "label"], proposed)
        write(Funding, ["id", "study_id", "recorded_by_id", "recorded_at", "notes"], fundings)
        write(FundedInstrument, ["id", "funding_id", "kind", "amount", "label", "purpose"], funded)

    # Juries.

    def _allocate_sessions(self):
        """Put every study that reached the jury on one session's agenda: decided ones on closed sessions."""
        rng = self.random
        total = scaled(SCALE["sessions"], self.n_studies, 4)
        open_count = max(3, round(total * 0.2))
        closed_count = max(1, total - open_count)
        jurors = self.people.jurors
        size = min(MEMBERS_PER_SESSION, len(jurors))

        pk = self.writer.next_id(JurySession)
        self.sessions = []
        for i in range(open_count + closed_count):
            state = ("planned", "scoring", "deliberation")[i % 3] if i < open_count else "closed"
            date = (self.now + timedelta(days=10 + i)).date() if state != "closed" else None
            self.sessions.append(Session(pk=pk + i, state=state, date=date, members=rng.sample(jurors, size)))
        open_sessions, closed_sessions = self.sessions[:open_count], self.sessions[open_count:]
        pending = [s for s in self.studies if s.state == "jury"]
        decided = sorted((s for s in self.studies if s.state in DECIDED), key=lambda s: dict(s.steps)[DECIDED[s.state]])
        for i, study in enumerate(pending):
            study.session = open_sessions[i % len(open_sessions)]
            study.session.studies.append(study)
        per_session = -(-len(decided) // len(closed_sessions)) if decided else 1
        for i, study in enumerate(decided):
            study.session = closed_sessions[min(i // per_session, len(closed_sessions) - 1)]
            study.session.studies.append(study)
        for session in closed_sessions:
            first = session.studies[0] if session.studies else None
            session.date = (dict(first.steps)[DECIDED[first.state]] if first else self.now).date()

    def _juries(self):

        rng = self.random
        write = self.writer.write
        write(
            JurySession,
            ["id", "title", "date", "place", "video_link", "grid_id", "state", "scoring_deadline", "created_at"],
            (
                (
                    s.pk,
                    f"Jury bancaire n°{s.pk}",
                    s.date,
                    "Lyon",
                    "",
                    self.grid.pk,
                    s.state,
                    self.now + timedelta(days=5) if s.state in ("planned", "scoring") else None,
                    self.now - timedelta(days=1000),
                )
                for s in self.sessions
            ),
        )
        regions = JurySession.regions.through
        pairs = sorted({(s.session.pk, s.region_id) for s in self.studies if s.session is not None})
        start = self.writer.next_id(regions)
        write(regions, ["id", "jurysession_id", "region_id"], [(start + i, *pair) for i, pair in enumerate(pairs)])
        start = self.writer.next_id(JuryMembership)
        memberships = [
            (start + i, s.pk, member, position == 0, self.now - timedelta(days=1000))
            for i, (s, position, member) in enumerate(
                (s, position, member) for s in self.sessions for position, member in enumerate(s.members)
            )
        ]
        write(JuryMembership, ["id", "session_id", "user_id", "is_president", "invited_at"], memberships)

        entry_pk = self.writer.next_id(AgendaEntry)
        card_pk = self.writer.next_id(Scorecard)
        entries, conflicts, cards, decisions = [], [], [], []
        for session in self.sessions:
            for position, study in enumerate(session.studies):
                entry = entry_pk
                entry_pk += 1
                entries.append((entry, session.pk, study.pk, position, dict(study.steps)["send_to_jury"]))
                conflicted = session.members[-1] if position == 0 and len(session.members) > 3 else None
                if conflicted is not None:
                    conflicts.append(
                        (entry, conflicted, "Administrateur de l'association porteuse.", conflicted, study.project_id)
                    )
                for index, member in enumerate(session.members):
                    if member == conflicted:
                        continue
                    status = self._card_status(session.state, index, len(session.members))
                    if status is not None:
                        cards.append((card_pk, entry, member, status))
                        card_pk += 1
                if study.state in DECIDED:
                    at = dict(study.steps)[DECIDED[study.state]]
                    decisions.append((entry, DECIDED[study.state], session.members[0], at))
        write(AgendaEntry, ["id", "session_id", "study_id", "position", "added_at"], entries)
        start = self.writer.next_id(ConflictOfInterest)
        write(
            ConflictOfInterest,
            ["id", "entry_id", "member_id", "reason", "declared_by_id", "project_id", "declared_at"],
            [(start + i, *row, self.now - timedelta(days=30)) for i, row in enumerate(conflicts)],
        )
        at = self.now - timedelta(days=2)
        write(
            Scorecard,
            ["id", "entry_id", "member_id", "status", "overall_comment", "updated_at", "submitted_at"],
            (
                (pk, entry, member, status, "", at, at if status == "submitted" else None)
                for pk, entry, member, status in cards
            ),
        )
        scores = [
            (card, criterion, None if rng.random() < 0.03 else min(5, max(0, round(rng.gauss(3, 1.1)))))
            for card, _entry, _member, _status in cards
            for criterion in self.criteria
        ]
        start = self.writer.next_id(Score)
        write(
            Score,
            ["id", "scorecard_id", "criterion_id", "value", "not_applicable", "comment"],
            (
                (start + i, card, criterion, value, value is None, "")
                for i, (card, criterion, value) in enumerate(scores)
            ),
        )
        self._entry_results(entries, conflicts, cards, scores)
        start = self.writer.next_id(JuryDecision)
        write(
            JuryDecision,
            ["id", "entry_id", "decision", "motivation", "decided_by_id", "decided_as", "decided_at"],
            [
                (start + i, entry, decision, "Décision motivée du jury.", president, "jury_president", at)
                for i, (entry, decision, president, at) in enumerate(decisions)
            ],
        )

    def _entry_results(self, entries, conflicts, cards, scores):
        """Write the figures of the sessions past scoring, as ``close_scoring`` publishes them (the results page
        reads them); the sessions still planned or scoring have none yet."""
        session_of = {entry: session for entry, session, *_rest in entries}
        agenda, session_conflicts, submitted = defaultdict(list), defaultdict(list), defaultdict(list)
        for entry, session, *_rest in entries:
            agenda[session].append(entry)
        for entry, member, *_rest in conflicts:
            session_conflicts[session_of[entry]].append((entry, member))
        given = defaultdict(dict)
        for card, criterion, value in scores:
            given[card][criterion] = value
        for card, entry, member, status in cards:
            if status == "submitted":
                submitted[session_of[entry]].append((entry, member, given[card]))
        weights = dict(self.grid.criteria.values_list("pk", "weight"))
        columns = ["entry_id", "scorecards", "quorum", *EntryResult.FIGURES, "criterion_spreads"]
        self.writer.write(
            EntryResult,
            columns,
            (
                [row[column] for column in columns]
                for session in self.sessions
                if session.state in ("deliberation", "closed")
                for row in tally_session(
                    entry_ids=agenda[session.pk],
                    weights=weights,
                    member_ids=session.members,
                    quorum=None,
                    conflicts=session_conflicts[session.pk],
                    cards=submitted[session.pk],
                )
            ),
        )

    def _card_status(self, session_state, index, members):
        if session_state in ("closed", "deliberation"):
            return "submitted"
        if session_state == "scoring":
            half = members // 2
            return "submitted" if index < half else ("draft" if index == half else None)
        return None

    # Notifications.

    def _notifications(self):

        rng = self.random
        total = scaled(SCALE["notifications"], self.n_studies, 100)
        people = self.people
        pk = first = self.writer.next_id(Notification)
        delivery_pk = self.writer.next_id(Delivery)
        deliveries = []
        moved = [s for s in self.studies if s.steps]

        def rows():
            nonlocal pk, delivery_pk
            for _ in range(total):
                study = moved[rng.randrange(len(moved))]
                name, at = study.steps[rng.randrange(len(study.steps))]
                draw = rng.random()
                if draw < 0.2:
                    recipient = people.national[rng.randrange(len(people.national))]
                elif draw < 0.5:
                    recipient = people.coordinators[study.region_id][0]
                elif draw < 0.6:
                    recipient = people.bank[rng.randrange(len(people.bank))]
                else:
                    recipient = study.holder_id
                kind = EVENT_OF_STEP[name]
                text = f"École de Production n°{study.pk} : {STEPS[name][0]}"
                read_at = at + timedelta(hours=6) if rng.random() < 0.7 else None
                immediate = pk % 10 == 0
                if immediate:
                    status = "failed" if pk % 1000 == 0 else "sent"
                    deliveries.append(
                        (delivery_pk, recipient, pk, f"u{recipient}@bench.tremplin.test", text, status, at)
                    )
                    delivery_pk += 1
                yield (
                    pk,
                    recipient,
                    kind,
                    text,
                    "immediate" if immediate else "in_app",
                    self.study_type,
                    study.pk,
                    at,
                    read_at,
                )
                pk += 1

        self.writer.write(
            Notification,
            ["id", "recipient_id", "kind", "text", "mode", "content_type_id", "object_id", "created_at", "read_at"],
            rows(),
        )
        self.writer.write(
            Delivery,
            [
                "id",
                "recipient_id",
                "notification_id",
                "to_email",
                "subject",
                "template",
                "context",
                "language",
                "status",
                "attempts",
                "last_error",
                "server_unreachable",
                "created_at",
                "due_at",
                "sent_at",
            ],
            (
                (
                    d_pk,
                    recipient,
                    notification,
                    email,
                    text,
                    "notifications/email/accepted_into_training",
                    {"recipient": {"full_name": email}, "text": text, "params": {}, "link": ""},
                    "fr",
                    status,
                    1 if status == "sent" else 6,
                    "" if status == "sent" else "SMTPServerDisconnected",
                    False,
                    at,
                    at,
                    at if status == "sent" else None,
                )
                for d_pk, recipient, notification, email, text, status, at in deliveries
            ),
        )
        self.notifications = (first, pk - 1)


class _SimpleBar:
    """A progress line on stderr, for when tqdm is not installed."""

    def __init__(self):
        self.count = 0
        self.started = time.monotonic()

    def update(self, n):

        self.count += n
        sys.stderr.write(f"\rseed: {self.count:,} rows, {time.monotonic() - self.started:.0f} s")
        sys.stderr.flush()

    def close(self):

        sys.stderr.write("\n")


def recreate_database():
    """Drop and create the PostgreSQL database of ``DATABASE_URL``, then migrate it."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("--recreate needs a PostgreSQL DATABASE_URL")
    if "bench" not in database["NAME"]:
        raise SystemExit(f"--recreate drops the database: its name must contain 'bench', not {database['NAME']!r}")
    with psycopg.connect(
        dbname="postgres",
        user=database["USER"],
        host=database["HOST"],
        port=database["PORT"] or 5432,
        password=database["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    call_command("migrate", verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=FULL_SCALE)
    parser.add_argument("--recreate", action="store_true", help="drop, create and migrate the database first")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    if args.recreate:
        recreate_database()
    started = time.monotonic()
    counts = Seed(studies=args.studies, progress=not args.no_progress).run()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum leaves a database in service: statistics, and visibility maps without which an
            # index-only scan (a count of someone's inbox) reads every row it counts from the table as well.
            cursor.execute("VACUUM ANALYZE")
    elapsed = time.monotonic() - started
    for table, count in counts.items():
        print(f"{table:40} {count:>10,}")
    print(f"{'total':40} {sum(counts.values()):>10,} rows in {elapsed:.1f} s")
    return elapsed


if __name__ == "__main__":
    main()

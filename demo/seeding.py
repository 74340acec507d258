"""Seed the demo: accounts, training modules, and studies moved through their life cycle by the services.

Every state change goes through ``workflow.services``, acting as the demo user whose role allows it, so
that the transition log reads as a real history. Each step is idempotent: what exists is left alone.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from demo.content import attachments, financing_plan, study_figures, study_sections
from demo.history import spread_history
from demo.jury import seed_jury
from demo.people import ADMIN_EMAIL, ADMIN_PASSWORD, OTHER_HOLDERS, TRAINING_MODULES, USERS
from demo.studies import JURY_COMPANIONS, STUDIES
from projects.enums import PlanCategory
from projects.models import OpportunityStudy, Region, RegionalNetwork, SchoolProject, Trade
from projects.services import add_attachment, create_project, replace_financing_plan, update_study
from workflow.enums import Instrument, Opinion, State
from workflow.models import TrainingModule
from workflow.services import (
    apply_transition,
    record_financing_review,
    record_funding,
    record_opening,
    validate_training_module,
)

JURY_STATES = (State.JURY, State.APPROVED, State.DEFERRED, State.REJECTED, State.FUNDED, State.OPENED)
DECISIONS = {
    State.APPROVED: "approve",
    State.FUNDED: "approve",
    State.OPENED: "approve",
    State.DEFERRED: "defer",
    State.REJECTED: "reject",
}
OPINIONS = {State.DEFERRED: Opinion.RESERVED, State.REJECTED: Opinion.UNFAVOURABLE}
APPROVAL_MOTIVATION = (
    "Besoin du territoire avéré, engagements écrits des entreprises clientes, maîtres professionnels "
    "identifiés et plan de financement équilibré. Le jury retient le projet."
)


@dataclass
class SeedReport:
    users_created: list = field(default_factory=list)
    modules_created: int = 0
    studies_created: int = 0
    studies_present: int = 0
    schools_created: int = 0

    @property
    def changed(self):
        return bool(self.users_created or self.modules_created or self.studies_created or self.schools_created)


def seed_users(report):
    """Create the demo accounts that do not exist yet; return every demo user by key."""
    users = {}
    for spec in (*USERS, *OTHER_HOLDERS):
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "full_name": spec.full_name,
                "organisation": spec.organisation,
                "form_of_address": spec.form_of_address,
                **spec.flags,
            },
        )
        if created:
            user.set_password(spec.password)
            user.save(update_fields=["password"])
            for network in RegionalNetwork.objects.filter(region__code__in=spec.coordinates):
                network.coordinators.add(user)
            report.users_created.append(user.email)
        users[spec.key] = user
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(ADMIN_EMAIL, ADMIN_PASSWORD, full_name="Administration Tremplin")
        report.users_created.append(ADMIN_EMAIL)
    return users


def seed_training_modules(report):
    """Create the founders' training modules that do not exist yet; return the mandatory ones."""
    for position, (title, description, mandatory) in enumerate(TRAINING_MODULES, start=1):
        _module, created = TrainingModule.objects.get_or_create(
            title=title, defaults={"description": description, "is_mandatory": mandatory, "position": position}
        )
        report.modules_created += created
    titles = [title for title, _description, mandatory in TRAINING_MODULES if mandatory]
    return list(TrainingModule.objects.filter(title__in=titles, is_mandatory=True).order_by("position"))


def seed_studies(users, modules, report):
    """Create the demo projects and move each study to its state, unless the demo projects exist."""
    specs = (*STUDIES, *JURY_COMPANIONS)
    report.studies_present = SchoolProject.objects.filter(name__in=[spec.name for spec in specs]).count()
    if report.studies_present:
        return
    ready_for_jury, seeded = [], []
    for spec in specs:
        study = _advance(spec, users, modules)
        seeded.append(study)
        report.studies_created += 1
        if spec.target in JURY_STATES:
            ready_for_jury.append((spec, study))
    pending = [study for spec, study in ready_for_jury if spec.target == State.JURY]
    decisions = [
        (study, DECISIONS[spec.target], spec.comments.get("motivation", APPROVAL_MOTIVATION))
        for spec, study in ready_for_jury
        if spec.target != State.JURY
    ]
    seed_jury(decisions=decisions, pending=pending, users=users)
    for spec, study in ready_for_jury:
        if spec.target in (State.FUNDED, State.OPENED):
            _fund_and_open(spec, _fresh(study), users)
    spread_history(seeded, opened_on=last_school_start())


def _fresh(study):
    return OpportunityStudy.objects.select_related("project").get(pk=study.pk)


def _move(study, name, *, actor, comment=""):
    apply_transition(study, name, actor=actor, comment=comment)
    return _fresh(study)


def _draft(spec, holder):
    """Create the project and write its study as the holder: sections, figures, plan, attachments."""
    project = create_project(
        actor=holder,
        name=spec.name,
        commune=spec.commune,
        region=Region.objects.get(code=spec.region),
        trades=Trade.objects.filter(slug__in=spec.trades),
        holder_organisation=holder.organisation,
    )
    study = project.studies.get()
    figures = study_figures(spec)
    if spec.target == State.OPENED:
        figures["plan_start_year"] = last_school_start().year
    study = update_study(study, actor=holder, **study_sections(spec), **figures)
    replace_financing_plan(study, actor=holder, lines=financing_plan(spec, study.plan_start_year))
    for kind, upload in attachments(spec, holder.full_name):
        add_attachment(study, actor=holder, kind=kind, uploaded_file=upload)
    return _fresh(study)


def _send_back_and_resubmit(study, *, asked_by, holder, comment, edit, section, resubmit):
    """Ask for changes, let the holder amend one section, and resubmit (back to the stage that asked)."""
    study = _move(study, "request_changes", actor=asked_by, comment=comment)
    text = getattr(study, section)
    update_study(study, actor=holder, **{section: f"{text}\n\n{edit}"})
    return _move(_fresh(study), "submit", actor=holder, comment=resubmit)


def _advance(spec, users, modules):
    """Move a new study as far as its target state, or up to the jury for the jury states."""
    # Fresh user rows: the permission predicates memoise a user's projects on the instance.
    holder, coordinator, bank = (User.objects.get(pk=users[key].pk) for key in (spec.holder, spec.coordinator, "bank"))
    study = _draft(spec, holder)
    if spec.target == State.DRAFT:
        return study
    study = _move(study, "submit", actor=holder, comment="Première version de notre étude d'opportunité.")
    if "changes" in spec.comments:
        if spec.target == State.CHANGES_REQUESTED:
            return _move(study, "request_changes", actor=coordinator, comment=spec.comments["changes"])
        study = _send_back_and_resubmit(
            study,
            asked_by=coordinator,
            holder=holder,
            comment=spec.comments["changes"],
            edit=spec.comments["edit"],
            section="companies_support",
            resubmit=spec.comments["resubmit"],
        )
    if spec.target == State.SUBMITTED:
        return study
    study = _move(
        study,
        "accept",
        actor=coordinator,
        comment="Dossier recevable : besoin du territoire documenté et équipe motivée. Inscription aux modules "
        "de formation obligatoires.",
    )
    validated = spec.comments.get("validated", len(modules))
    for module in modules[:validated]:
        validate_training_module(study, actor=coordinator, module=module)
    if spec.target == State.WITHDRAWN:
        return _move(study, "withdraw", actor=holder, comment=spec.comments["withdraw"])
    if spec.target == State.TRAINING:
        return study
    study = _move(
        study, "complete_training", actor=coordinator, comment="Les quatre modules obligatoires sont validés."
    )
    if spec.target == State.FINANCING_REVIEW:
        return study
    if "bank_changes" in spec.comments:
        study = _send_back_and_resubmit(
            study,
            asked_by=bank,
            holder=holder,
            comment=spec.comments["bank_changes"],
            edit=spec.comments["edit"],
            section="budget_notes",
            resubmit=spec.comments["resubmit"],
        )
    _review_financing(spec, study, bank)
    return _fresh(study)


def _loan_amount(study):
    line = study.financing_lines.filter(category=PlanCategory.LOANS).order_by("year").first()
    return line.amount


def _review_financing(spec, study, bank):
    """Record the bank expert's review; the opinion follows what the jury will decide."""
    opinion = OPINIONS.get(spec.target, Opinion.FAVOURABLE)
    record_financing_review(
        study,
        actor=bank,
        opinion=opinion,
        budget_analysis="Charges cohérentes avec les écoles comparables (environ 12 000 € nets par élève à "
        "pleine capacité). Masse salariale correctement dimensionnée pour une promotion de douze élèves par an.",
        financing_plan_analysis="Plan équilibré chaque année. Le chiffre d'affaires de production atteint la "
        "moitié des ressources en troisième année ; la part de taxe d'apprentissage (plus de 20 %) est "
        "appuyée par les lettres des entreprises.",
        notes={
            Opinion.RESERVED: "Réserve : locaux et maître professionnel non encore sécurisés.",
            Opinion.UNFAVOURABLE: "Chiffre d'affaires de production trop dépendant des particuliers.",
        }.get(opinion, ""),
        instruments=[(Instrument.SUBORDINATED_LOAN, _loan_amount(study), "Prêt participatif sur 10 ans")],
    )


def last_school_start():
    """Return the most recent 1 September, the day the first intake started."""
    today = timezone.localdate()
    start = datetime.date(today.year, 9, 1)
    return start if start <= today else start.replace(year=today.year - 1)


def _fund_and_open(spec, study, users):
    """Record the funding as the bank expert, and the opening as the coordinator."""
    study = _fresh(study)
    record_funding(
        study,
        actor=users["bank"],
        instruments=[
            (Instrument.SUBORDINATED_LOAN, _loan_amount(study), "Prêt participatif sur 10 ans, différé de 2 ans"),
            (Instrument.GRANT, 30_000, "Subvention de la fondation de la banque"),
        ],
        notes="Convention de prêt signée ; premier décaissement à la livraison des machines.",
    )
    if spec.target == State.OPENED:
        record_opening(
            _fresh(study),
            actor=users[spec.coordinator],
            opened_on=last_school_start(),
            comment="Rentrée de la première promotion : douze élèves accueillis à l'atelier.",
        )

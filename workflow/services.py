"""State changes of the life cycle. ``apply_transition`` is the only code that moves a study."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from projects.models import OpportunityStudy, SchoolProject
from workflow.enums import State
from workflow.lifecycle import TRANSITIONS
from workflow.models import (
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    RegionTransfer,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)
from workflow.rules import (
    is_bank_expert,
    is_coordinator_of_study,
    is_national_coordinator,
    is_regional_coordinator_of_project,
)
from workflow.signals import project_transferred, study_transitioned


class TransitionRefused(Exception):
    """A transition that cannot happen; ``reasons`` say why, in the user's language."""

    def __init__(self, reasons):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(" ".join(self.reasons))


@dataclass
class TransitionOption:
    name: str
    label: str
    allowed: bool
    permitted: bool
    comment: str
    reasons: list = field(default_factory=list)


def _transition_meta(study, name):
    if name not in TRANSITIONS:
        raise TransitionRefused([_("Unknown action.")])
    return getattr(type(study), name)._django_fsm.get_transition(study.state)


def _refusals(study, name, *, actor, comment, seen=None, need_role=True):
    """Return the actor's role and every reason the transition is refused (empty when allowed).

    ``seen`` keeps the answers of permissions and guards that several transitions share (approve, defer and
    reject), so that a page listing every transition asks each of them once. Without ``need_role`` the role
    is only ``True`` when the actor holds one (what a page shows), which can cost fewer queries.
    """
    meta = _transition_meta(study, name)
    if meta is None:
        return None, [
            _("This action is not possible while the study is “%(state)s”.") % {"state": study.get_state_display()}
        ]
    seen = {} if seen is None else seen
    if meta.permission not in seen:
        permission = meta.permission
        seen[permission] = permission.role_of(study, actor) if need_role else permission.permits(study, actor) or None
    role = seen[meta.permission]
    if role is None:
        return None, [
            _("This action is reserved for: %(roles)s.") % {"roles": ", ".join(str(r) for r in meta.permission.labels)}
        ]
    for guard in meta.conditions:
        if guard not in seen:
            seen[guard] = guard.reasons(study)
    reasons = [reason for guard in meta.conditions for reason in seen[guard]]
    if meta.custom.get("comment") == "required" and not comment.strip():
        reasons.append(_("A comment is required for this action."))
    return role, reasons


def may_attempt(study, name, user):
    """Whether ``user`` holds a role that may perform the transition ``name`` at some stage of the study."""
    transitions = getattr(type(study), name)._django_fsm.transitions.values()
    return any(transition.permission.role_of(study, user) for transition in transitions)


def available_transitions(study, user):
    """List every transition possible from the study's state: allowed for the user, or refused and why.

    ``permitted`` says whether the user holds a role that may perform it at all (pages show only those).
    """
    options = []
    seen = {}
    for name in TRANSITIONS:
        meta = _transition_meta(study, name)
        if meta is None:
            continue
        role, reasons = _refusals(study, name, actor=user, comment="-", seen=seen, need_role=False)
        options.append(
            TransitionOption(
                name=name,
                label=str(meta.custom["label"]),
                allowed=not reasons,
                permitted=role is not None,
                comment=meta.custom.get("comment", "optional"),
                reasons=reasons,
            )
        )
    return options


def apply_transition(study, name, *, actor, comment="", record=None):
    """Perform the transition ``name`` on the study for ``actor``, or raise ``TransitionRefused``.

    In one transaction: lock the row, check that nobody moved the study since the caller read it, check
    the actor's role, run ``record(locked_study)`` (the data the transition needs: a funding, an opening
    date...), check the guards, run the transition, save, write the log row and send the domain event.
    Anything refused rolls the whole transaction back.
    """
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
        if locked.state != study.state:
            raise TransitionRefused(
                [
                    _("Someone else changed this study meanwhile: it is now “%(state)s”. Reload the page.")
                    % {"state": locked.get_state_display()}
                ]
            )
        role, reasons = _refusals(locked, name, actor=actor, comment=comment)
        if role is None:
            raise TransitionRefused(reasons)
        if record is not None:
            record(locked)
            role, reasons = _refusals(locked, name, actor=actor, comment=comment)
        if reasons:
            raise TransitionRefused(reasons)
        from_state = locked.state
        getattr(locked, name)(actor=actor)
        locked.state_changed_at = timezone.now()
        locked.save()
        log = TransitionLog.objects.create(
            study=locked,
            transition=name,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            actor_role=role,
            comment=comment.strip(),
        )
        study_transitioned.send(sender=OpportunityStudy, study=locked, log=log)
    return log


def record_funding(study, *, actor, instruments, notes=""):
    """Record the funding granted (instrument, amount pairs) and move the study to ``funded``."""

    def write(locked):
        funding = Funding.objects.create(study=locked, recorded_by=actor, notes=notes)
        FundedInstrument.objects.bulk_create(
            FundedInstrument(funding=funding, kind=kind, amount=amount, label=label)
            for kind, amount, label in _valid_instruments(instruments)
        )

    return apply_transition(study, "record_funding", actor=actor, comment=notes, record=write)


def record_opening(study, *, actor, opened_on, comment=""):
    """Record the school's opening date and move the study to ``opened``."""

    def write(locked):
        locked.opened_on = opened_on

    return apply_transition(study, "record_opening", actor=actor, comment=comment, record=write)


def _valid_instruments(instruments):
    instruments = list(instruments)
    if not instruments:
        raise TransitionRefused([_("Give at least one financing instrument with its amount.")])
    for _kind, amount, _label in instruments:
        if amount is None or amount <= 0:
            raise TransitionRefused([_("Each financing amount must be greater than zero.")])
    return instruments


def record_financing_review(
    study, *, actor, opinion, budget_analysis, financing_plan_analysis, notes="", instruments=()
):
    """Record (or replace) the bank expert's financing review of a study in financing review."""
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().get(pk=study.pk)
        if not is_bank_expert(actor):
            raise PermissionDenied
        if locked.state != State.FINANCING_REVIEW:
            raise TransitionRefused([_("The financing review can only be recorded during the financing review.")])
        instruments = list(instruments)
        if any(amount is None or amount <= 0 for _kind, amount, _label in instruments):
            raise TransitionRefused([_("Each financing amount must be greater than zero.")])
        review, _created = FinancingReview.objects.update_or_create(
            study=locked,
            defaults={
                "expert": actor,
                "opinion": opinion,
                "budget_analysis": budget_analysis,
                "financing_plan_analysis": financing_plan_analysis,
                "notes": notes,
                "recorded_at": timezone.now(),
            },
        )
        review.instruments.all().delete()
        ProposedInstrument.objects.bulk_create(
            ProposedInstrument(review=review, kind=kind, amount=amount, label=label)
            for kind, amount, label in instruments
        )
        locked.save(update_fields=["updated_at"])  # the study page's record is keyed on it
    return review


def validate_training_module(study, *, actor, module):
    """Mark a training module validated for the study's project team, by a coordinator."""
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
        if not is_coordinator_of_study(actor, locked):
            raise PermissionDenied
        if locked.state != State.TRAINING:
            raise TransitionRefused([_("Training can only be validated while the study is in training.")])
        progress, _created = TrainingProgress.objects.get_or_create(project_id=locked.project_id, module=module)
        if progress.validated_at is None:
            progress.validated_at = timezone.now()
            progress.validated_by = actor
            progress.save(update_fields=["validated_at", "validated_by"])
            OpportunityStudy.mark_projects_changed([locked.project_id])
    return progress


TRANSFER_ROLES = (
    (Role.REGIONAL_COORDINATOR, is_regional_coordinator_of_project),
    (Role.NATIONAL_COORDINATOR, is_national_coordinator),
)


def transfer_region(project, *, actor, region, reason):
    """Move a project to another region's network (not a state change), logged with both regions."""
    with transaction.atomic(durable=True):
        locked = SchoolProject.objects.select_for_update().get(pk=project.pk)
        role = next((role for role, predicate in TRANSFER_ROLES if predicate.test(actor, locked)), None)
        if role is None:
            raise PermissionDenied
        if not reason.strip():
            raise TransitionRefused([_("A reason is required to move a project to another region.")])
        if region.pk == locked.region_id:
            raise TransitionRefused([_("The project is already in this region.")])
        transfer = RegionTransfer.objects.create(
            project=locked,
            from_region_id=locked.region_id,
            to_region=region,
            actor=actor,
            actor_role=role,
            reason=reason.strip(),
        )
        locked.region = region
        locked.save(update_fields=["region"])
        project_transferred.send(sender=SchoolProject, project=locked, transfer=transfer)
    return transfer


def save_training_module(*, actor, module=None, title, description="", is_mandatory=True, is_active=True, position=0):
    """Create a training module, or change one, as a national coordinator.

    A module newly made mandatory applies to the teams enrolled from then on: ``complete_training`` checks
    the mandatory modules of the moment, so a team already in training must validate it too.
    """
    if not is_national_coordinator(actor):
        raise PermissionDenied
    module = module or TrainingModule()
    for name, value in {
        "title": title,
        "description": description,
        "is_mandatory": is_mandatory,
        "is_active": is_active,
        "position": position,
    }.items():
        setattr(module, name, value)
    module.full_clean()
    module.save()
    return module

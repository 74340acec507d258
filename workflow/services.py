"""State changes of the life cycle. ``apply_transition`` is the only code that moves a study."""

import functools
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from permissions.refusal import ActionRefused, forbid
from projects.models import OpportunityStudy, SchoolProject
from workflow.enums import AuditAction, State
from workflow.lifecycle import TRANSITIONS
from workflow.models import (
    AuditEntry,
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    RegionTransfer,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)
from workflow.policy import study_policy
from workflow.rules import (
    forget_scopes,
    is_conflicted_on_study,
    is_national_coordinator,
    is_regional_coordinator_of_project,
)
from workflow.signals import financing_review_recorded, project_transferred, study_transitioned, training_validated


@dataclass
class TransitionOption:
    name: str
    label: str
    allowed: bool
    permitted: bool
    comment: str
    reasons: list = field(default_factory=list)


@functools.cache
def _transitions_of(model):
    """Index the life cycle's transitions by (name, source state), once a process."""
    return {(transition.name, transition.source): transition for transition in model().get_all_state_transitions()}


def _transition_meta(study, name):
    if name not in TRANSITIONS:
        raise ActionRefused([_("Unknown action.")])
    return _transitions_of(type(study)).get((name, study.state))


@dataclass
class _Refusal:
    """Why a transition is refused to an actor: ``role`` is the role he would act as (``None``: he may not)."""

    role: object
    reasons: list
    forbidden: bool = False


def _refusals(study, name, *, actor, comment, seen=None, need_role=True):
    """Return the actor's role and every reason the transition is refused (no reason when allowed).

    ``seen`` keeps the answers of permissions and guards that several transitions share (approve, defer and
    reject), so that a page listing every transition asks each of them once. Without ``need_role`` the role
    is only ``True`` when the actor holds one (what a page shows), which can cost fewer queries.
    """
    meta = _transition_meta(study, name)
    if meta is None:
        return _Refusal(
            None,
            [_("This action is not possible while the study is “%(state)s”.") % {"state": study.get_state_display()}],
        )
    if is_conflicted_on_study(actor, study):
        return _Refusal(None, [_("You have a conflict of interest on this project.")], forbidden=True)
    seen = {} if seen is None else seen
    if meta.permission not in seen:
        permission = meta.permission
        seen[permission] = permission.role_of(study, actor) if need_role else permission.permits(study, actor) or None
    role = seen[meta.permission]
    if role is None:
        roles = ", ".join(str(label) for label in meta.permission.labels)
        return _Refusal(None, [_("This action is reserved for: %(roles)s.") % {"roles": roles}], forbidden=True)
    for guard in meta.conditions:
        if guard not in seen:
            seen[guard] = guard.reasons(study)
    reasons = [reason for guard in meta.conditions for reason in seen[guard]]
    if meta.custom.get("comment") == "required" and not comment.strip():
        reasons.append(_("A comment is required for this action."))
    return _Refusal(role, reasons)


def may_attempt(study, name, user):
    """Whether ``user`` holds a role that may perform the transition ``name`` at some stage of the study."""
    if is_conflicted_on_study(user, study):
        return False
    transitions = [meta for (transition, _source), meta in _transitions_of(type(study)).items() if transition == name]
    return any(meta.permission.role_of(study, user) for meta in transitions)


def available_transitions(study, user):
    """List the transitions a page offers from the study's state: allowed for the user, or refused and why.

    ``permitted`` says whether the user holds a role that may perform it at all (pages show only those).
    The jury's transitions are never offered: their one door is the jury's decision (``juries.services``).
    """
    options = []
    seen = {}
    for name in TRANSITIONS:
        meta = _transition_meta(study, name)
        if meta is None or meta.custom.get("door") == "jury_decision":
            continue
        refusal = _refusals(study, name, actor=user, comment="-", seen=seen, need_role=False)
        options.append(
            TransitionOption(
                name=name,
                label=str(meta.custom["label"]),
                allowed=not refusal.reasons,
                permitted=refusal.role is not None,
                comment=meta.custom.get("comment", "optional"),
                reasons=refusal.reasons,
            )
        )
    return options


def apply_transition(study, name, *, actor, comment="", record=None):
    """Perform the transition ``name`` on the study for ``actor``, or raise ``ActionRefused``.

    In one transaction: lock the row, check that nobody moved the study since the caller read it, check
    the actor's role, run ``record(locked_study)`` (the data the transition needs: a funding, an opening
    date, the jury's decision...), check the guards, run the transition, save, write the log row and send
    the domain event. Anything refused rolls the whole transaction back.
    """
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
        forget_scopes(actor)
        if locked.state != study.state:
            raise ActionRefused(
                [
                    _("Someone else changed this study meanwhile: it is now “%(state)s”. Reload the page.")
                    % {"state": locked.get_state_display()}
                ]
            )
        refusal = _refusals(locked, name, actor=actor, comment=comment)
        if refusal.role is None:
            raise ActionRefused(refusal.reasons, forbidden=refusal.forbidden)
        if record is not None:
            record(locked)
            refusal = _refusals(locked, name, actor=actor, comment=comment)
        if refusal.reasons:
            raise ActionRefused(refusal.reasons, forbidden=refusal.forbidden)
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
            actor_role=refusal.role,
            comment=comment.strip(),
        )
        study_transitioned.send(sender=OpportunityStudy, study=locked, log=log)
    return log


def record_funding(study, *, actor, instruments, notes=""):
    """Record the funding granted and move the study to ``funded``.

    ``instruments`` are (kind, amount, label, purpose) rows; see ``write_funding``.
    """

    def write(locked):
        write_funding(locked, actor=actor, instruments=instruments, notes=notes)

    return apply_transition(study, "record_funding", actor=actor, comment=notes, record=write)


def write_funding(study, *, actor, instruments, notes=""):
    """Write a funding of the study and its instruments, inside the caller's transaction and checks.

    Each instrument is (kind, amount, label) or (kind, amount, label, purpose): the purpose (real estate,
    equipment...) is what the bank follows; callers from before purposes existed give none.
    """
    funding = Funding.objects.create(study=study, recorded_by=actor, notes=notes)
    FundedInstrument.objects.bulk_create(
        FundedInstrument(funding=funding, kind=kind, amount=amount, label=label, purpose=(purpose or [""])[0])
        for kind, amount, label, *purpose in _valid_instruments(instruments)
    )
    return funding


def record_opening(study, *, actor, opened_on, comment=""):
    """Record the school's opening date and move the study to ``opened``."""

    def write(locked):
        locked.opened_on = opened_on

    return apply_transition(study, "record_opening", actor=actor, comment=comment, record=write)


def _valid_instruments(instruments):
    instruments = list(instruments)
    if not instruments:
        raise ActionRefused([_("Give at least one financing instrument with its amount.")])
    for _kind, amount, *_rest in instruments:
        if amount is None or amount <= 0:
            raise ActionRefused([_("Each financing amount must be greater than zero.")])
    return instruments


def record_financing_review(
    study, *, actor, opinion, budget_analysis, financing_plan_analysis, notes="", instruments=()
):
    """Record (or record again) the bank expert's financing review of a study in financing review.

    The review and its proposed instruments are the current ones; every recording is also kept whole in the
    audit trail, so that an opinion replaced before the jury stays on record.
    """
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
        study_policy.check(actor, "review_financing", locked)
        if locked.state != State.FINANCING_REVIEW:
            raise ActionRefused([_("The financing review can only be recorded during the financing review.")])
        instruments = list(instruments)
        if any(amount is None or amount <= 0 for _kind, amount, _label in instruments):
            raise ActionRefused([_("Each financing amount must be greater than zero.")])
        values = {
            "expert": actor,
            "opinion": opinion,
            "budget_analysis": budget_analysis,
            "financing_plan_analysis": financing_plan_analysis,
            "notes": notes,
            "recorded_at": timezone.now(),
        }
        review, _created = FinancingReview.objects.update_or_create(study=locked, defaults=values)
        review.instruments.all().delete()
        ProposedInstrument.objects.bulk_create(
            ProposedInstrument(review=review, kind=kind, amount=amount, label=label)
            for kind, amount, label in instruments
        )
        AuditEntry.objects.create(
            action=AuditAction.FINANCING_REVIEW_RECORDED,
            actor=actor,
            study=locked,
            subject=str(locked.project),
            values={
                **{name: value for name, value in values.items() if name not in ("expert", "recorded_at")},
                "instruments": [
                    {"kind": kind, "amount": str(amount), "label": label} for kind, amount, label in instruments
                ],
            },
        )
        financing_review_recorded.send(sender=OpportunityStudy, study=locked, review=review)
    return review


def validate_training_module(study, *, actor, module):
    """Mark a training module validated for the study's project team, by a coordinator."""
    with transaction.atomic(durable=True):
        locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
        study_policy.check(actor, "validate_training", locked)
        if locked.state != State.TRAINING:
            raise ActionRefused([_("Training can only be validated while the study is in training.")])
        progress, _created = TrainingProgress.objects.get_or_create(project_id=locked.project_id, module=module)
        if progress.validated_at is None:
            progress.validated_at = timezone.now()
            progress.validated_by = actor
            progress.save(update_fields=["validated_at", "validated_by"])
            AuditEntry.objects.create(
                action=AuditAction.TRAINING_VALIDATED,
                actor=actor,
                study=locked,
                subject=module.title,
                values={"module": module.pk},
            )
            training_validated.send(sender=OpportunityStudy, study=locked, progress=progress)
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
            forbid()
        if not reason.strip():
            raise ActionRefused([_("A reason is required to move a project to another region.")])
        if region.pk == locked.region_id:
            raise ActionRefused([_("The project is already in this region.")])
        transfer = RegionTransfer.objects.create(
            project=locked,
            from_region_id=locked.region_id,
            to_region=region,
            actor=actor,
            actor_role=role,
            reason=reason.strip(),
        )
        locked.region = region
        locked.save(update_fields=["region", "updated_at"])
        project_transferred.send(sender=SchoolProject, project=locked, transfer=transfer)
    return transfer


def save_training_module(*, actor, module=None, title, description="", is_mandatory=True, is_active=True, position=0):
    """Create a training module, or change one, as a national coordinator; the values written are audited.

    A module newly made mandatory applies to the teams enrolled from then on: ``complete_training`` checks
    the mandatory modules of the moment, so a team already in training must validate it too.
    """
    study_policy.check(actor, "manage_training_modules")
    values = {
        "title": title,
        "description": description,
        "is_mandatory": is_mandatory,
        "is_active": is_active,
        "position": position,
    }
    with transaction.atomic(durable=True):
        module = TrainingModule() if module is None else TrainingModule.objects.select_for_update().get(pk=module.pk)
        for name, value in values.items():
            setattr(module, name, value)
        module.full_clean()
        module.save()
        AuditEntry.objects.create(
            action=AuditAction.TRAINING_MODULE_SAVED, actor=actor, subject=module.title, values=values
        )
    return module

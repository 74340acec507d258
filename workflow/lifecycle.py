"""The life cycle of an opportunity study, top to bottom.

``OpportunityStudy`` (in ``projects``) wears this abstract mixin. The module imports nothing from
``projects``: guards read the instance and its relations, and call two hooks the concrete model provides,
``missing_for_submission()`` and ``freeze_version()``. Transitions are performed only through
``workflow.services.apply_transition``, which locks the row, checks the actor's role, the guards and the
comment, then calls the method below.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from accounts.enums import Role
from workflow.enums import State
from workflow.models import TrainingModule, TrainingProgress
from workflow.rules import (
    is_bank_expert,
    is_jury_president_of_study,
    is_national_coordinator,
    is_regional_coordinator_of_study,
    is_study_holder,
)


class Guard:
    """A transition condition that can say why it is not met.

    django-fsm calls it with the study and wants a boolean; the service asks for ``reasons(study)``.
    """

    def __init__(self, reasons):
        self.reasons = reasons
        self.__name__ = reasons.__name__
        self.__doc__ = reasons.__doc__

    def __call__(self, study):
        return not self.reasons(study)


class Actors:
    """The roles that may perform a transition, in order; the first that matches is logged."""

    def __init__(self, *roles):
        self.roles = roles

    def __call__(self, study, user):
        return self.role_of(study, user) is not None

    def permits(self, study, user):
        """Say whether the user holds one of the roles, asking first the roles read from the user alone.

        The order of ``role_of`` matters for the log; a yes or no does not, and a role flag costs no query
        where a study's agenda or team does.
        """
        by_cost = sorted(self.roles, key=lambda role: role[1].num_args)
        return any(predicate.test(user, study) for _role, predicate in by_cost)

    def role_of(self, study, user):
        for role, predicate in self.roles:
            if predicate.test(user, study):
                return role
        return None

    @property
    def labels(self):
        return [role.label for role, _predicate in self.roles]


HOLDER = (Role.HOLDER, is_study_holder)
REGIONAL_COORDINATOR = (Role.REGIONAL_COORDINATOR, is_regional_coordinator_of_study)
NATIONAL_COORDINATOR = (Role.NATIONAL_COORDINATOR, is_national_coordinator)
BANK_EXPERT = (Role.BANK_EXPERT, is_bank_expert)
JURY_PRESIDENT = (Role.JURY_PRESIDENT, is_jury_president_of_study)

holders = Actors(HOLDER)
coordinators = Actors(REGIONAL_COORDINATOR, NATIONAL_COORDINATOR)
bank_experts = Actors(BANK_EXPERT)
jury_deciders = Actors(JURY_PRESIDENT, NATIONAL_COORDINATOR)
bank_or_national = Actors(BANK_EXPERT, NATIONAL_COORDINATOR)


@Guard
def study_is_complete(study):
    """Every required section and attachment is there and the financing plan balances."""
    return [problem.message for problem in study.missing_for_submission()]


@Guard
def mandatory_training_validated(study):
    """Every mandatory training module is validated for the project's team."""
    # The validated modules of this project as one set: an ``exclude`` spanning the progress relation would
    # be satisfied by another project's validation of the module.
    validated = TrainingProgress.objects.filter(project_id=study.project_id, validated_at__isnull=False)
    missing = TrainingModule.objects.filter(is_mandatory=True, is_active=True).exclude(
        pk__in=validated.values("module_id")
    )
    return [_("Training module not validated yet: %(module)s.") % {"module": module.title} for module in missing]


@Guard
def financing_review_recorded(study):
    """The bank's financing review is recorded with an opinion."""
    review = getattr(study, "financing_review", None)
    if review is None or not review.opinion:
        return [_("The financing review has not been recorded with an opinion.")]
    return []


@Guard
def on_a_jury_agenda(study):
    """The study is on the agenda of a jury session that has not deliberated yet."""
    if not study.agenda_entries.filter(session__state__in=("planned", "scoring")).exists():
        return [_("The study is not on the agenda of an upcoming jury session.")]
    return []


@Guard
def jury_has_deliberated(study):
    """The study's session is in deliberation and the study's quorum of scorecards is reached."""
    entry = study.agenda_entries.filter(session__state="deliberation").select_related("session", "result").first()
    if entry is None:
        return [_("The study's jury session is not in deliberation.")]
    return entry.decision_blockers()


def decided_by_the_jury(decision):
    """Return the guard of one jury transition: the jury recorded this very decision on the study.

    The decision's row is written by ``juries.services.record_decision`` in the transaction of the transition
    (its ``record`` hook), after checking the president, the conflicts, the session's state and the quorum: the
    transition has no other door, whatever page or tool calls ``apply_transition``.
    """

    @Guard
    def jury_decided(study):
        recorded = study.agenda_entries.filter(session__state="deliberation", decision__decision=decision).exists()
        if not recorded:
            return [_("The jury's decision is recorded by the president of its session, on the session's page.")]
        return []

    jury_decided.__name__ = f"jury_decided_{decision}"
    return jury_decided


@Guard
def funding_recorded(study):
    """The funding is recorded with its amount and instruments."""
    if not study.fundings.filter(instruments__isnull=False).exists():
        return [_("The funding has not been recorded with its amount and instruments.")]
    return []


@Guard
def opening_date_recorded(study):
    """The school's opening date is recorded."""
    if study.opened_on is None:
        return [_("The opening date has not been recorded.")]
    return []


class StudyLifecycle(FSMModelMixin, models.Model):
    """States, transitions, guards and permissions of an opportunity study."""

    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    changes_requested_from = models.CharField(
        _("changes requested at stage"), max_length=32, choices=State.choices, blank=True
    )
    state_changed_at = models.DateTimeField(_("in this state since"), null=True, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)

    class Meta:
        abstract = True

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[study_is_complete],
        permission=holders,
        custom={"label": _("Submit"), "comment": "optional"},
    )
    @transition(
        field=state,
        source=State.CHANGES_REQUESTED,
        target=RETURN_VALUE(State.SUBMITTED, State.FINANCING_REVIEW),
        conditions=[study_is_complete],
        permission=holders,
        custom={"label": _("Submit"), "comment": "optional"},
    )
    def submit(self, *, actor):
        """Freeze a new version; a study sent back for changes returns to the stage that asked."""
        back_to = self.changes_requested_from or State.SUBMITTED
        self.changes_requested_from = ""
        self.freeze_version(submitted_by=actor)
        return back_to

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.CHANGES_REQUESTED,
        permission=coordinators,
        custom={"label": _("Request changes"), "comment": "required"},
    )
    @transition(
        field=state,
        source=State.FINANCING_REVIEW,
        target=State.CHANGES_REQUESTED,
        permission=bank_experts,
        custom={"label": _("Request changes"), "comment": "required"},
    )
    def request_changes(self, *, actor):
        self.changes_requested_from = self.state

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.TRAINING,
        permission=coordinators,
        custom={"label": _("Accept into training"), "comment": "optional"},
    )
    def accept(self, *, actor):
        """Enrol the project's team in the mandatory training modules."""
        TrainingProgress.enrol(project_id=self.project_id)

    @transition(
        field=state,
        source=State.TRAINING,
        target=State.FINANCING_REVIEW,
        conditions=[mandatory_training_validated],
        permission=coordinators,
        custom={"label": _("Complete training"), "comment": "optional"},
    )
    def complete_training(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.FINANCING_REVIEW,
        target=State.JURY,
        conditions=[financing_review_recorded, on_a_jury_agenda],
        permission=bank_experts,
        custom={"label": _("Send to jury"), "comment": "optional"},
    )
    def send_to_jury(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.JURY,
        target=State.APPROVED,
        conditions=[jury_has_deliberated, decided_by_the_jury("approve")],
        permission=jury_deciders,
        custom={"label": _("Approve"), "comment": "required", "door": "jury_decision"},
    )
    def approve(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.JURY,
        target=State.DEFERRED,
        conditions=[jury_has_deliberated, decided_by_the_jury("defer")],
        permission=jury_deciders,
        custom={"label": _("Defer"), "comment": "required", "door": "jury_decision"},
    )
    def defer(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.JURY,
        target=State.REJECTED,
        conditions=[jury_has_deliberated, decided_by_the_jury("reject")],
        permission=jury_deciders,
        custom={"label": _("Reject"), "comment": "required", "door": "jury_decision"},
    )
    def reject(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.DEFERRED,
        target=State.DRAFT,
        permission=holders,
        custom={"label": _("Revise the study"), "comment": "optional"},
    )
    def revise(self, *, actor):
        pass

    @transition(
        field=state,
        source=[
            State.DRAFT,
            State.SUBMITTED,
            State.CHANGES_REQUESTED,
            State.TRAINING,
            State.FINANCING_REVIEW,
            State.JURY,
            State.DEFERRED,
        ],
        target=State.WITHDRAWN,
        permission=holders,
        custom={"label": _("Withdraw"), "comment": "required"},
    )
    def withdraw(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.FUNDED,
        conditions=[funding_recorded],
        permission=bank_or_national,
        custom={"label": _("Record funding"), "comment": "optional"},
    )
    def record_funding(self, *, actor):
        pass

    @transition(
        field=state,
        source=State.FUNDED,
        target=State.OPENED,
        conditions=[opening_date_recorded],
        permission=coordinators,
        custom={"label": _("Record opening"), "comment": "optional"},
    )
    def record_opening(self, *, actor):
        pass


TRANSITIONS = (
    "submit",
    "request_changes",
    "accept",
    "complete_training",
    "send_to_jury",
    "approve",
    "defer",
    "reject",
    "revise",
    "withdraw",
    "record_funding",
    "record_opening",
)

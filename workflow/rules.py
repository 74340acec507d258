"""Who may do what with a study: ``rules`` predicates.

Each predicate reads the study and its relations only (no import of ``projects``), so that the life-cycle
mixin can use them. ``workflow.selectors`` holds the querysets that agree with them.
"""

import rules

from workflow.enums import State

BANK_VISIBLE_STATES = (
    State.FINANCING_REVIEW,
    State.JURY,
    State.APPROVED,
    State.DEFERRED,
    State.REJECTED,
    State.FUNDED,
    State.OPENED,
)


def coordinated_region_ids(user):
    """Return the ids of the regions whose network the user coordinates (memoised on the user)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_coordinated_region_ids"):
        user._coordinated_region_ids = frozenset(user.coordinated_networks.values_list("region_id", flat=True))
    return user._coordinated_region_ids


def holder_project_ids(user):
    """Return the ids of the projects on whose team the user is (memoised on the user)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_holder_project_ids"):
        user._holder_project_ids = frozenset(user.school_projects.values_list("pk", flat=True))
    return user._holder_project_ids


@rules.predicate
def is_national_coordinator(user):
    return user.is_authenticated and user.is_active and user.is_national_coordinator


@rules.predicate
def is_bank_expert(user):
    return user.is_authenticated and user.is_active and user.is_bank_expert


@rules.predicate
def is_regional_coordinator(user):
    return user.is_active and bool(coordinated_region_ids(user))


@rules.predicate
def is_study_holder(user, study):
    return study is not None and user.is_active and study.project_id in holder_project_ids(user)


@rules.predicate
def is_regional_coordinator_of_study(user, study):
    return study is not None and user.is_active and study.project.region_id in coordinated_region_ids(user)


@rules.predicate
def is_study_in_bank_stages(user, study):
    return study is not None and (
        study.state in BANK_VISIBLE_STATES
        or (study.state == State.CHANGES_REQUESTED and study.changes_requested_from == State.FINANCING_REVIEW)
    )


@rules.predicate
def is_jury_president_of_study(user, study):
    return (
        study is not None
        and user.is_authenticated
        and user.is_active
        and study.agenda_entries.filter(
            session__memberships__user=user, session__memberships__is_president=True
        ).exists()
    )


@rules.predicate
def is_juror_of_study(user, study):
    """A member of a session with the study on its agenda, who has not declared a conflict of interest on it."""
    return (
        study is not None
        and user.is_authenticated
        and user.is_active
        and study.agenda_entries.filter(session__memberships__user=user).exclude(conflicts__member=user).exists()
    )


@rules.predicate
def is_regional_coordinator_of_project(user, project):
    return project is not None and user.is_active and project.region_id in coordinated_region_ids(user)


can_transfer_project = is_regional_coordinator_of_project | is_national_coordinator

is_coordinator_of_study = is_regional_coordinator_of_study | is_national_coordinator

can_view_study = (
    is_study_holder | is_coordinator_of_study | (is_bank_expert & is_study_in_bank_stages) | is_juror_of_study
)


@rules.predicate
def is_study_editable(user, study):
    return study is not None and study.state in (State.DRAFT, State.CHANGES_REQUESTED)


can_edit_study = is_study_holder & is_study_editable

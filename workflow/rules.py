"""Who may do what with a study: ``rules`` predicates.

Each predicate reads the study and its relations only (no import of ``projects``), so that the life-cycle
mixin can use them. ``workflow.selectors`` holds the querysets that agree with them.
"""

import contextlib
import functools

import rules
from django.db import connection
from django.db.models import Value

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


REGION, PROJECT, PRESIDED_STUDY, SESSION, CONFLICT = (
    "regions",
    "projects",
    "presided_studies",
    "sessions",
    "conflicted_projects",
)


def _scope(user, kind):
    """Return the ids of one of the user's scopes, all of them read in one query and memoised on the user.

    The regions he coordinates, the projects on whose team he is, the studies on the agenda of a session he
    presides in deliberation, the sessions he sits on and the projects he declared a conflict of interest on:
    most pages ask two of them, a study page all of them.
    """
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_scopes"):
        sql, params = _scopes_statement(user._meta.model, connection.vendor)
        scopes = {REGION: set(), PROJECT: set(), PRESIDED_STUDY: set(), SESSION: set(), CONFLICT: set()}
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk if param == ANYONE else param for param in params])
            for pk, scope in cursor.fetchall():
                scopes[scope].add(pk)
        user._scopes = {scope: frozenset(ids) for scope, ids in scopes.items()}
    return user._scopes[kind]


# Stands for the user's id in the compiled statement: no row has a negative id.
ANYONE = -1


@functools.cache
def _scopes_statement(user_model, vendor):
    """The scopes' query as SQL and parameters, compiled once a process.

    Every page asks it and it is the same for all but the user's id; building it through the ORM cost twice
    what PostgreSQL takes to run it (1.2 ms against 0.5).
    """
    # Read on the link tables where they hold the ids: fewer joins for PostgreSQL to plan.
    regions = (
        user_model.coordinated_networks.through.objects.filter(user_id=ANYONE)
        .order_by()
        .values_list("regionalnetwork__region_id", Value(REGION))
    )
    projects = (
        user_model.school_projects.through.objects.filter(user_id=ANYONE)
        .order_by()
        .values_list("schoolproject_id", Value(PROJECT))
    )
    memberships = user_model.jury_memberships.field.model.objects.filter(user_id=ANYONE).order_by()
    # Only a session in deliberation decides: the president of an earlier session decides nothing more.
    presided = memberships.filter(
        is_president=True, session__state="deliberation", session__agenda__isnull=False
    ).values_list("session__agenda__study_id", Value(PRESIDED_STUDY))
    sessions = memberships.values_list("session_id", Value(SESSION))
    conflicts = (
        user_model.jury_conflicts.field.model.objects.filter(member_id=ANYONE)
        .order_by()
        .values_list("project_id", Value(CONFLICT))
    )
    return regions.union(projects, presided, sessions, conflicts, all=True).query.sql_with_params()


def forget_scopes(user):
    """Drop the scopes memoised on ``user``: a service checks permissions on what holds under its lock.

    Deleted as an attribute, not popped from ``__dict__``: a request's user is a lazy object, whose own
    ``__dict__`` is not the user's, and popping there left the scopes memoised.
    """
    with contextlib.suppress(AttributeError):
        del user._scopes


def coordinated_region_ids(user):
    """Return the ids of the regions whose network the user coordinates."""
    return _scope(user, REGION)


def holder_project_ids(user):
    """Return the ids of the projects on whose team the user is."""
    return _scope(user, PROJECT)


def presided_study_ids(user):
    """Return the ids of the studies on the agenda of a session in deliberation that the user presides."""
    return _scope(user, PRESIDED_STUDY)


def conflicted_project_ids(user):
    """Return the ids of the projects the user declared (or was recused for) a conflict of interest on.

    A conflict binds the person and the project across every session, past and future, whatever his role.
    """
    return _scope(user, CONFLICT)


def jury_session_ids(user):
    """Return the ids of the jury sessions the user sits on."""
    return _scope(user, SESSION)


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
    """The president of the session in deliberation that has the study on its agenda."""
    return study is not None and user.is_authenticated and user.is_active and study.pk in presided_study_ids(user)


@rules.predicate
def is_conflicted_on_study(user, study):
    return study is not None and user.is_authenticated and study.project_id in conflicted_project_ids(user)


@rules.predicate
def is_juror_of_study(user, study):
    """A member of a session, past or present, with the study on its agenda."""
    return (
        study is not None
        and user.is_authenticated
        and user.is_active
        and study.agenda_entries.filter(session__memberships__user=user).exists()
    )


@rules.predicate
def is_regional_coordinator_of_project(user, project):
    return project is not None and user.is_active and project.region_id in coordinated_region_ids(user)


# The role flag first: it reads the user only, where the regions of a coordinator cost a query.
can_transfer_project = is_national_coordinator | is_regional_coordinator_of_project

is_coordinator_of_study = is_regional_coordinator_of_study | is_national_coordinator

# A conflict of interest outweighs every role: the person opens neither the study nor anything about it.
can_view_study = (
    is_study_holder | is_coordinator_of_study | (is_bank_expert & is_study_in_bank_stages) | is_juror_of_study
) & ~is_conflicted_on_study


@rules.predicate
def is_study_editable(user, study):
    return study is not None and study.state in (State.DRAFT, State.CHANGES_REQUESTED)


can_edit_study = is_study_holder & is_study_editable


@rules.predicate
def can_transfer_study(user, study):
    return study is not None and can_transfer_project(user, study.project)


# The state a write needs is the service's to check, with a reason; these say who may ever do it.
can_review_financing = is_bank_expert & can_view_study
can_validate_training = is_coordinator_of_study & ~is_conflicted_on_study
can_manage_training_modules = is_national_coordinator

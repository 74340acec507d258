"""Who may do what with people, invitations, requests to join and teams: ``rules`` predicates.

A national coordinator answers for everybody; a regional coordinator for the coordinators of his networks and
the founders of his regions; a founder for his project's team. ``people.selectors`` holds the querysets that
agree with the ``view`` predicates (a matrix test checks it).
"""

import rules

from people.enums import FLAG_GRANTS
from workflow.rules import (
    coordinated_region_ids,
    holder_project_ids,
    is_national_coordinator,
    is_regional_coordinator_of_project,
)


@rules.predicate
def is_coordinator_of_invitation(user, invitation):
    """A coordinator of the region of the network or project the invitation grants (none for the federation's)."""
    return (
        invitation is not None
        and user.is_active
        and invitation.grant not in FLAG_GRANTS
        and invitation.region_in_scope_id in coordinated_region_ids(user)
    )


@rules.predicate
def is_team_member_of_invitation(user, invitation):
    return (
        invitation is not None
        and user.is_active
        and invitation.project_id is not None
        and invitation.project_id in holder_project_ids(user)
    )


can_manage_invitation = is_national_coordinator | is_coordinator_of_invitation | is_team_member_of_invitation


def person_region_ids(person):
    """Return the ids of the regions where ``person`` coordinates a network or founds a project.

    Read through ``all()``, so that a list that prefetched both (the people page) asks nothing more per row.
    """
    networks = {network.region_id for network in person.coordinated_networks.all()}
    return networks | {project.region_id for project in person.school_projects.all()}


@rules.predicate
def is_regional_coordinator_of_person(user, person):
    regions = coordinated_region_ids(user)
    return person is not None and user.is_active and bool(regions) and bool(person_region_ids(person) & regions)


@rules.predicate
def has_federation_role(user, person):
    return person is not None and any(getattr(person, flag) for flag in FLAG_GRANTS.values())


@rules.predicate
def is_oneself(user, person):
    return person is not None and user.pk == person.pk


can_view_person = is_national_coordinator | is_regional_coordinator_of_person
# A regional coordinator answers for his region's people, not for the federation's own, who may be in it too.
can_deactivate_person = (
    is_national_coordinator | (is_regional_coordinator_of_person & ~has_federation_role)
) & ~is_oneself


@rules.predicate
def is_coordinator_of_join_request(user, join_request):
    return join_request is not None and user.is_active and join_request.region_id in coordinated_region_ids(user)


can_answer_join_request = is_national_coordinator | is_coordinator_of_join_request


@rules.predicate
def is_team_member(user, project):
    return project is not None and user.is_active and project.pk in holder_project_ids(user)


can_view_team = is_team_member | is_national_coordinator | is_regional_coordinator_of_project
can_manage_team = is_team_member

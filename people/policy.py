"""The policies of people, invitations, requests to join and teams: what services, views and templates ask."""

from people import rules
from people.selectors import invitations_for_user, join_requests_for_user, people_for_user, team_projects_for_user
from permissions.policy import PermissionPolicy


class PersonPolicy(PermissionPolicy):
    actions = {"view": rules.can_view_person, "deactivate": rules.can_deactivate_person}

    def visible(self, user):
        return people_for_user(user)


class InvitationPolicy(PermissionPolicy):
    """An invitation: who may send it (checked on the unsaved row), see it, send it again and revoke it."""

    actions = {"view": rules.can_manage_invitation, "manage": rules.can_manage_invitation}

    def visible(self, user):
        return invitations_for_user(user)


class JoinRequestPolicy(PermissionPolicy):
    actions = {"view": rules.can_answer_join_request, "answer": rules.can_answer_join_request}

    def visible(self, user):
        return join_requests_for_user(user)


class TeamPolicy(PermissionPolicy):
    """A school project's team: who may read it, and who may invite onto it or remove from it."""

    actions = {"view": rules.can_view_team, "manage": rules.can_manage_team}

    def visible(self, user):
        return team_projects_for_user(user)


person_policy = PersonPolicy()
invitation_policy = InvitationPolicy()
join_request_policy = JoinRequestPolicy()
team_policy = TeamPolicy()

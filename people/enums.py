from django.db import models
from django.utils.translation import gettext_lazy as _


class Grant(models.TextChoices):
    """What an invitation makes of the person who accepts it."""

    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    BANK_EXPERT = "bank_expert", _("Bank expert")
    JURY_MEMBER = "jury_member", _("Jury member")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Coordinator of a regional network")
    HOLDER = "holder", _("Project holder")


# The grants that are flags of the user; the others are memberships of a network or of a project's team.
FLAG_GRANTS = {
    Grant.NATIONAL_COORDINATOR: "is_national_coordinator",
    Grant.BANK_EXPERT: "is_bank_expert",
    Grant.JURY_MEMBER: "is_jury_member",
}


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PeopleAction(models.TextChoices):
    """What the people log records."""

    INVITED = "invited", _("Invitation sent")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    JOIN_REQUESTED = "join_requested", _("Request to join")
    JOIN_REQUEST_ACCEPTED = "join_request_accepted", _("Request to join accepted")
    JOIN_REQUEST_DECLINED = "join_request_declined", _("Request to join declined")
    DEACTIVATED = "deactivated", _("Account deactivated")
    REACTIVATED = "reactivated", _("Account reactivated")
    TEAM_MEMBER_REMOVED = "team_member_removed", _("Removed from a project's team")

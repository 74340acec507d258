"""Who may act on the outbox."""

import rules

from people.models import Invitation, JoinRequest
from people.rules import can_answer_join_request, can_manage_invitation, can_view_person
from workflow.rules import is_bank_expert, is_national_coordinator, is_regional_coordinator


@rules.predicate
def answers_for_delivery(user, delivery):
    """The email went to a person ``user`` answers for, or to the address of an invitation or a request to join
    he answers for (such an email has no recipient account).

    An address is matched on every invitation and request that bear it, as the outbox keeps no link to them.
    """
    if delivery is None:
        return False
    if delivery.recipient_id is not None:
        return can_view_person(user, delivery.recipient)
    invitations = Invitation.objects.filter(email=delivery.to_email).select_related("project")
    join_requests = JoinRequest.objects.filter(email=delivery.to_email)
    return any(can_manage_invitation(user, invitation) for invitation in invitations) or any(
        can_answer_join_request(user, join_request) for join_request in join_requests
    )


# A founder manages his team's invitations, yet watches no outbox: only coordinators have a page of emails not sent.
can_watch_outbox = is_national_coordinator | is_regional_coordinator
can_resend_delivery = is_national_coordinator | (is_regional_coordinator & answers_for_delivery)


@rules.predicate
def owns_endpoint(user, endpoint):
    return endpoint is not None and user.is_authenticated and endpoint.owner_id == user.pk


# Webhooks feed the systems of the federation, the regional networks and the bank; the bank has no separate
# administrator role, so its experts, who act for it on the studies, register its endpoints.
can_own_webhooks = is_national_coordinator | is_regional_coordinator | is_bank_expert
# An endpoint is its owner's alone, and only while he holds a role that may have one.
can_manage_endpoint = can_own_webhooks & owns_endpoint

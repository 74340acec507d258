"""Who may register webhook endpoints and manage each one: the policy services, views and templates ask."""

from notifications.rules import can_manage_endpoint, can_own_webhooks
from notifications.selectors import endpoints_for_user
from permissions.policy import PermissionPolicy


class EndpointPolicy(PermissionPolicy):
    """A webhook endpoint: its ``view`` predicate agrees with ``endpoints_for_user`` (a matrix test)."""

    actions = {
        # ``create`` is asked without an object: may this person have endpoints at all.
        "create": can_own_webhooks,
        "view": can_manage_endpoint,
        "change": can_manage_endpoint,
    }

    def visible(self, user):
        return endpoints_for_user(user)


endpoint_policy = EndpointPolicy()

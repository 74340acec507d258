"""Who may act on the outbox."""

import rules

from workflow.rules import is_national_coordinator


@rules.predicate
def can_resend_delivery(user, delivery):
    """National coordinators watch the emails that could not be sent, and send them again."""
    return is_national_coordinator(user)

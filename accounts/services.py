"""Changes a person makes to his own account."""

import logging

from django.db import transaction

from accounts.enums import FormOfAddress
from accounts.models import User
from permissions.refusal import forbid

logger = logging.getLogger(__name__)


def set_form_of_address(user, *, actor, form_of_address):
    """Record how ``user`` wants role labels to speak of him; only he may say it."""
    with transaction.atomic(durable=True):
        locked = User.objects.select_for_update().get(pk=user.pk)
        if actor.pk != locked.pk or not actor.is_active:
            forbid()
        locked.form_of_address = FormOfAddress(form_of_address)
        locked.save(update_fields=["form_of_address"])
        # The choice is personal data: the log says that it changed, not what it is.
        logger.info("form of address changed", extra={"user_id": locked.pk})
    return locked

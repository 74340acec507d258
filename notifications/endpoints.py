"""Webhook endpoints: registered, changed, given a new secret, deleted, tested and sent again by their owner.

Each function runs one durable transaction, locks the endpoint, asks ``endpoint_policy`` under the lock, and
refuses with ``ActionRefused``. The address is checked by ``addresses.check_url`` here as in the form, so no
other door registers an address the form would refuse.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import addresses, webhooks
from notifications.enums import WEBHOOK_KINDS, DeliveryStatus, DisabledBecause
from notifications.models import Delivery, WebhookEndpoint
from notifications.policy import endpoint_policy
from notifications.signals import delivery_resent
from permissions.refusal import ActionRefused, forbid
from workflow.rules import forget_scopes

logger = logging.getLogger(__name__)


def _checked(url, kinds):
    try:
        addresses.check_url(url)
    except addresses.AddressRefused as refused:
        raise ActionRefused([str(refused)]) from None
    offered = {kind for kind, _label in WEBHOOK_KINDS}
    if not kinds or not set(kinds) <= offered:
        raise ActionRefused([_("Choose at least one kind of event among those offered.")])
    return sorted(set(kinds))


def register_endpoint(*, actor, url, kinds, description=""):
    """Register an endpoint for ``actor``; return it and its secret, which is shown this once."""
    with transaction.atomic(durable=True):
        forget_scopes(actor)
        endpoint_policy.check(actor, "create")
        secret = webhooks.new_secret()
        endpoint = WebhookEndpoint.objects.create(
            owner=actor, url=url, kinds=_checked(url, kinds), description=description, secret=secret
        )
    logger.info("Webhook endpoint %s registered by user %s", endpoint.pk, actor.pk)
    return endpoint, secret


def _locked(actor, endpoint_id):
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id).first()
    forget_scopes(actor)
    if endpoint is None or not endpoint_policy.can(actor, "change", endpoint):
        forbid()
    return endpoint


def update_endpoint(*, actor, endpoint_id, url, kinds, description="", is_active=True):
    """Change an endpoint's address, kinds, description or state; enabling it again forgets its failures."""
    with transaction.atomic(durable=True):
        endpoint = _locked(actor, endpoint_id)
        endpoint.url, endpoint.kinds, endpoint.description = url, _checked(url, kinds), description
        if is_active and not endpoint.is_active:
            endpoint.failing_since, endpoint.disabled_at, endpoint.disabled_reason = None, None, ""
        elif not is_active and endpoint.is_active:
            endpoint.disabled_at, endpoint.disabled_reason = timezone.now(), DisabledBecause.OWNER
        endpoint.is_active = is_active
        endpoint.save()
    return endpoint


def rotate_secret(*, actor, endpoint_id):
    """Give an endpoint a new secret; the previous one keeps signing for a while. Return it and the new secret."""
    with transaction.atomic(durable=True):
        endpoint = _locked(actor, endpoint_id)
        now = timezone.now()
        secret = webhooks.new_secret()
        endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, webhooks.overlap_until(now)
        endpoint.secret = secret
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"])
    logger.info("Webhook endpoint %s given a new secret by user %s", endpoint.pk, actor.pk)
    return endpoint, secret


def delete_endpoint(*, actor, endpoint_id):
    """Delete an endpoint, its deliveries and their attempts."""
    with transaction.atomic(durable=True):
        endpoint = _locked(actor, endpoint_id)
        endpoint.delete()
    logger.info("Webhook endpoint %s deleted by user %s", endpoint_id, actor.pk)


def send_test_event(*, actor, endpoint_id):
    """Put a test event for an active endpoint in the outbox; return its delivery."""
    with transaction.atomic(durable=True):
        endpoint = _locked(actor, endpoint_id)
        if not endpoint.is_active:
            raise ActionRefused([_("This endpoint is disabled: enable it first.")])
        now = timezone.now()
        delivery = webhooks.write_webhook(endpoint, webhooks.payload_of_test_event(endpoint, now=now), now=now)
        delivery_resent.send(sender=Delivery, delivery=delivery, actor=actor)
    return delivery


def resend_webhook(*, actor, endpoint_id, delivery_id):
    """Put one of an endpoint's deliveries, sent or failed, back in the outbox, due at once; return it.

    It keeps its ``webhook-id``, as Standard Webhooks asks of a message sent again, so a receiver that already
    has it may recognise it.
    """
    with transaction.atomic(durable=True):
        endpoint = _locked(actor, endpoint_id)
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id, endpoint=endpoint).first()
        if delivery is None:
            forbid()
        if not endpoint.is_active:
            raise ActionRefused([_("This endpoint is disabled: enable it first.")])
        if delivery.status == DeliveryStatus.PENDING:
            raise ActionRefused([_("This delivery is already waiting to be sent.")])
        now = timezone.now()
        delivery.status, delivery.due_at, delivery.sent_at = DeliveryStatus.PENDING, now, None
        delivery.queued_at, delivery.give_up_at = None, None
        delivery.resent_by, delivery.resent_at = actor, now
        delivery.save(
            update_fields=["status", "due_at", "queued_at", "give_up_at", "sent_at", "resent_by", "resent_at"]
        )
        delivery_resent.send(sender=Delivery, delivery=delivery, actor=actor)
    return delivery

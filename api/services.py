"""Creating, revoking and using API tokens."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import KEY_MARK, ApiToken, hash_key
from permissions.refusal import ActionRefused

# The last use is written at most this often: a write on every request would double the API's database load.
LAST_USE_PRECISION = timedelta(minutes=1)


def create_token(*, actor, name, scope):
    """Create an API token for ``actor`` and return ``(token, key)``: the key is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ActionRefused([_("Give the token a name.")])
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    key = f"{KEY_MARK}_{prefix}_{secret}"
    with transaction.atomic(durable=True):
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            scope=scope,
            prefix=prefix,
            key_hash=hash_key(key),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
        )
    return token, key


def revoke_token(token, *, actor):
    """Revoke one of ``actor``'s tokens for good; revoking it again changes nothing."""
    with transaction.atomic(durable=True):
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.user_id != actor.pk:
            raise ActionRefused([_("You are not allowed to do this.")], forbidden=True)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked


def token_for_key(key):
    """Return the active token whose key is ``key``, with its owner, after noting its use; ``None`` otherwise."""
    mark, _sep, rest = key.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if mark != KEY_MARK or not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_key(key)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

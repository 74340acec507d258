"""API tokens: a person's keys to the API, stored hashed."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.enums import TokenScope

KEY_MARK = "tpl"


def hash_key(key):
    """The SHA-256 of a whole key: a random secret of 256 bits needs no slow hash, and a lookup stays cheap."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key to the API, named and scoped by its owner; only its public prefix and its hash are kept.

    The key reads ``tpl_<prefix>_<secret>``: the prefix finds the row, the hash of the whole key proves it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({KEY_MARK}_{self.prefix}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def can_write(self):
        return self.scope == TokenScope.WRITE

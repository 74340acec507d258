"""The tokens a person may see: his own, and nobody else's."""

from api.models import ApiToken


def tokens_for_user(user):
    """Return ``user``'s API tokens, newest first, revoked and expired ones included (his account page lists them)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)

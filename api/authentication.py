"""``Authorization: Bearer <key>`` for the API; the browsable API keeps the session (with CSRF)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.services import token_for_key


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must read “Bearer <token>”."))
        token = token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        # A 401 rather than a 403 for a missing token, with the scheme to use.
        return f'{self.keyword} realm="api"'

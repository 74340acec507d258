"""What a token's scope allows: who may do what to which object is the domain's policies' to say, not the API's."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken


class TokenScope(BasePermission):
    message = _("This token is read only: create a read and write token on your account page to change anything.")

    def has_permission(self, request, view):
        token = request.auth
        return request.method in SAFE_METHODS or not isinstance(token, ApiToken) or token.can_write

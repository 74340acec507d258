"""Sign-in throttling: django-axes' database handler, counting failures per address and per account."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt


class AccountResetHandler(AxesDatabaseHandler):
    """Reset, on a successful sign-in, only the failures on the account signed in to.

    axes' own reset deletes every failure matching one of the lockout parameters: with the address among them,
    signing in to one's own account wiped the address's failures on other accounts, and an attacker could try
    four passwords, sign in to his own account, and try four more.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

"""The one refusal that every service raises."""

from django.utils.translation import gettext as _


class ActionRefused(Exception):
    """An action that cannot happen; ``reasons`` say why, in the user's language.

    ``forbidden`` tells a person who may not do this at all (a 403) from an action refused as things stand:
    a wrong state, a guard not met, a missing comment, someone faster (a 409). Pages show both alike.
    """

    def __init__(self, reasons, *, forbidden=False):
        if isinstance(reasons, str):
            reasons = [reasons]
        self.reasons = [str(reason) for reason in reasons]
        self.forbidden = forbidden
        super().__init__(" ".join(self.reasons))

    @property
    def status_code(self):
        return 403 if self.forbidden else 409


def refuse_if(reasons, *, forbidden=False):
    """Raise ``ActionRefused`` with every reason given, if any."""
    if reasons:
        raise ActionRefused(reasons, forbidden=forbidden)


def forbid():
    """Refuse a person who may not take this action at all."""
    raise ActionRefused([_("You are not allowed to do this.")], forbidden=True)

"""The shape of a permission policy: one per kind of guarded object, in the app that owns the object."""

from permissions.refusal import forbid


class PermissionPolicy:
    """Answer, for one kind of object, "may this person do this to it" and "which of them may he see".

    ``actions`` maps each action's name to a ``rules`` predicate of (user, object); ``visible(user)`` returns
    the objects the person may see, and agrees with the ``view`` action (a matrix test checks it). Services
    call ``check`` before they write, views fetch through ``visible`` (so another person's object is a 404),
    and templates read the ``can_…`` flags of ``flags`` instead of deriving permissions again.
    """

    actions = {}

    def can(self, user, action, obj=None):
        return bool(self.actions[action].test(user, obj))

    def check(self, user, action, obj=None):
        """Refuse (``ActionRefused``, forbidden) a person who may not take ``action`` on ``obj``."""
        if not self.can(user, action, obj):
            forbid()

    def flags(self, user, obj, *names):
        """Return ``{"can_<action>": bool}`` for the actions named (all of them by default), for a template."""
        return {f"can_{name}": self.can(user, name, obj) for name in names or self.actions}

    def visible(self, user):
        raise NotImplementedError

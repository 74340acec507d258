"""The refusal raised by the jury services."""

from workflow.services import TransitionRefused


class JuryActionRefused(TransitionRefused):
    """A jury action that cannot happen; ``reasons`` say why, in the user's language.

    It is a ``TransitionRefused`` so that a page handles refusals of the study's life cycle and of the
    jury's own actions in one place.
    """

"""Who may see and do what with a study: the one policy services, selectors, views and templates ask."""

from permissions.policy import PermissionPolicy
from workflow.rules import (
    can_edit_study,
    can_manage_training_modules,
    can_review_financing,
    can_transfer_study,
    can_validate_training,
    can_view_study,
)
from workflow.selectors import studies_for_user


class StudyPolicy(PermissionPolicy):
    """The opportunity study: its ``view`` predicate agrees with ``studies_for_user`` (a matrix test).

    The life-cycle transitions are not here: each carries its own roles and guards in ``workflow.lifecycle``,
    which ``workflow.services.apply_transition`` checks.
    """

    actions = {
        "view": can_view_study,
        "edit": can_edit_study,
        "transfer": can_transfer_study,
        "review_financing": can_review_financing,
        "validate_training": can_validate_training,
        "manage_training_modules": can_manage_training_modules,
    }

    def visible(self, user):
        return studies_for_user(user)


study_policy = StudyPolicy()

"""Rows a user may see. Each selector agrees with its predicate in ``workflow.rules`` (tested as a matrix)."""

from django.db.models import Exists, OuterRef, Q

from projects.models import Attachment, OpportunityStudy
from workflow.enums import State
from workflow.rules import BANK_VISIBLE_STATES, coordinated_region_ids


def studies_for_user(user):
    """Return the studies ``user`` may open: the ``projects.view_opportunitystudy`` predicate as a queryset."""
    if not user.is_authenticated or not user.is_active:
        return OpportunityStudy.objects.none()
    if user.is_national_coordinator:
        return OpportunityStudy.objects.all()
    # The agenda entries' model is reached through the relation: ``workflow`` does not import ``juries``.
    agenda_entries = OpportunityStudy._meta.get_field("agenda_entries").related_model.objects
    visible = (
        Q(project__team=user)
        | Q(project__region_id__in=coordinated_region_ids(user))
        | Q(
            Exists(
                agenda_entries.filter(study_id=OuterRef("pk"), session__memberships__user=user).exclude(
                    conflicts__member=user
                )
            )
        )
    )
    if user.is_bank_expert:
        visible |= Q(state__in=BANK_VISIBLE_STATES) | Q(
            state=State.CHANGES_REQUESTED, changes_requested_from=State.FINANCING_REVIEW
        )
    return OpportunityStudy.objects.filter(pk__in=OpportunityStudy.objects.filter(visible).values("pk"))


def attachments_for_user(user):
    """Return the attachments of the studies ``user`` may open."""
    return Attachment.objects.filter(study__in=studies_for_user(user))

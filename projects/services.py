"""Changes a project's team makes to its project and study (the life cycle is in ``workflow``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from permissions.refusal import ActionRefused, forbid
from projects.enums import RESOURCE_CATEGORIES, USE_CATEGORIES, PlanCategory, PlanSide, Section
from projects.models import Attachment, FinancingLine, OpportunityStudy, SchoolProject
from projects.validators import inspect_upload

STUDY_FIELDS = (
    *Section.values,
    "pupils_per_intake",
    "pupils_at_capacity",
    "board_members",
    "plan_start_year",
    "plan_years",
)


def create_project(*, actor, name, commune, region, trades, holder_organisation="", team=None):
    """Create a school project, with ``team`` (the actor by default) on its team, and the draft study of its first
    application."""
    with transaction.atomic():
        project = SchoolProject.objects.create(
            name=name, commune=commune, region=region, holder_organisation=holder_organisation
        )
        project.trades.set(trades)
        project.team.add(*([actor] if team is None else team))
        OpportunityStudy.objects.create(project=project)
    return project


def _lock_editable_study(study, actor):
    """Lock the study row and check that the actor may edit it now."""
    locked = OpportunityStudy.objects.select_for_update().select_related("project").get(pk=study.pk)
    if not actor.has_perm("projects.view_opportunitystudy", locked):
        forbid()
    if not actor.has_perm("projects.change_opportunitystudy", locked):
        raise ActionRefused([_("The study can be edited only as a draft or when changes were requested.")])
    return locked


def update_study(study, *, actor, **values):
    """Save sections and figures of a study its team may edit."""
    unknown = set(values) - set(STUDY_FIELDS)
    if unknown:
        raise ValueError(f"Not study content: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock_editable_study(study, actor)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["project", "state"])
        locked.save(update_fields=[*values, "updated_at"])
    return locked


def replace_financing_plan(study, *, actor, lines):
    """Replace the financing plan with ``lines``: dicts of year, side, category, label and amount."""
    lines = [FinancingLine(study_id=study.pk, **line) for line in lines]
    errors = []
    for line in lines:
        allowed = USE_CATEGORIES if line.side == PlanSide.USE else RESOURCE_CATEGORIES
        if line.category not in allowed:
            errors.append(
                _("“%(category)s” is not a category of this side of the plan.")
                % {
                    "category": PlanCategory(line.category).label
                    if line.category in PlanCategory.values
                    else line.category
                }
            )
        try:
            line.full_clean(exclude=["study"])
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_editable_study(study, actor)
        locked.financing_lines.all().delete()
        FinancingLine.objects.bulk_create(lines)
        locked.save(update_fields=["updated_at"])
    return lines


def add_attachment(study, *, actor, kind, uploaded_file):
    """Check an uploaded document from its content and attach it to the study."""
    inspected = inspect_upload(uploaded_file)
    with transaction.atomic():
        locked = _lock_editable_study(study, actor)
        attachment = Attachment(
            study=locked,
            kind=kind,
            original_name=inspected.safe_name,
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=actor,
        )
        attachment.full_clean(exclude=["file", "study", "uploaded_by"])
        attachment.file.save(f"upload{inspected.suffix}", uploaded_file, save=False)
        attachment.save()
        locked.save(update_fields=["updated_at"])  # the study's last change, as the lists sort on it
    return attachment


def remove_attachment(attachment, *, actor):
    """Take an attachment out of the study; the file stays, for the versions that list it."""
    with transaction.atomic():
        locked = _lock_editable_study(attachment.study, actor)
        Attachment.objects.filter(pk=attachment.pk).update(removed_at=timezone.now())
        locked.save(update_fields=["updated_at"])  # the study's last change, as the lists sort on it

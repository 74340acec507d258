"""What a study still lacks before it can be submitted, each item with a message for the founder.

Reads the study and its relations only; the life cycle's ``submit`` guard and the editor's completeness
meter both use ``missing_for_submission``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from projects.enums import AttachmentKind, Section
from projects.financing import year_totals

MIN_BOARD_MEMBERS = 6


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    section: str = ""


def euros(amount):
    return _("%(amount)s €") % {"amount": number_format(amount, decimal_pos=2, force_grouping=True)}


def missing_for_submission(study):
    """List every reason the study cannot be submitted yet (empty when it is complete)."""
    return [
        *_missing_sections(study),
        *_missing_figures(study),
        *_missing_attachments(study),
        *_financing_plan_problems(study),
    ]


def completion(study):
    """Return what is missing and how far the study is from complete, in percent of the checks."""
    problems = missing_for_submission(study)
    checks = (
        len(settings.TREMPLIN_REQUIRED_SECTIONS) + 3 + len(settings.TREMPLIN_REQUIRED_ATTACHMENTS) + study.plan_years
    )
    return problems, max(0, round(100 * (checks - len(problems)) / checks))


def _missing_sections(study):
    for key in settings.TREMPLIN_REQUIRED_SECTIONS:
        if not getattr(study, key).strip():
            yield Problem(
                "section_empty", _("The section “%(section)s” is empty.") % {"section": Section(key).label}, key
            )


def _missing_figures(study):
    if not study.pupils_per_intake:
        yield Problem(
            "pupils_per_intake",
            _("Give the number of pupils per intake."),
            Section.TRADES_AND_DIPLOMAS,
        )
    if not study.pupils_at_capacity:
        yield Problem(
            "pupils_at_capacity",
            _("Give the number of pupils at full capacity."),
            Section.TRADES_AND_DIPLOMAS,
        )
    if (study.board_members or 0) < MIN_BOARD_MEMBERS:
        yield Problem(
            "board_members",
            _("The association's board must have at least %(count)d members.") % {"count": MIN_BOARD_MEMBERS},
            Section.GOVERNANCE,
        )


def _missing_attachments(study):
    present = {attachment.kind for attachment in study.current_attachments()}
    for kind in settings.TREMPLIN_REQUIRED_ATTACHMENTS:
        if kind not in present:
            yield Problem(
                "attachment_missing",
                _("Attach at least one document of this kind: %(kind)s.") % {"kind": AttachmentKind(kind).label},
            )


def _financing_plan_problems(study):
    lines = list(study.financing_lines.all())
    years = study.plan_year_range()
    if not lines:
        yield Problem("plan_empty", _("The financing plan is empty."), Section.BUDGET_NOTES)
        return
    for line in lines:
        if line.amount < 0:
            yield Problem(
                "plan_negative",
                _("Year %(year)d: the amount of “%(label)s” is negative.")
                % {"year": line.year, "label": line.label or line.get_category_display()},
                Section.BUDGET_NOTES,
            )
        if line.year not in years:
            yield Problem(
                "plan_year_outside",
                _("Year %(year)d is outside the plan's years (%(first)d to %(last)d).")
                % {"year": line.year, "first": years[0], "last": years[-1]},
                Section.BUDGET_NOTES,
            )
    totals = year_totals(lines)
    for year in years:
        uses, resources = totals[year].uses, totals[year].resources
        if not uses and not resources:
            yield Problem(
                "plan_year_missing",
                _("Year %(year)d of the financing plan is missing.") % {"year": year},
                Section.BUDGET_NOTES,
            )
        elif uses != resources:
            yield Problem(
                "plan_unbalanced",
                _("Year %(year)d is not balanced: uses %(uses)s, resources %(resources)s (difference %(gap)s).")
                % {"year": year, "uses": euros(uses), "resources": euros(resources), "gap": euros(resources - uses)},
                Section.BUDGET_NOTES,
            )

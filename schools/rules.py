"""Who may see and do what with a school and its reports: ``rules`` predicates.

``schools.selectors`` holds the querysets that agree with them (a matrix test checks it).
"""

import rules
from django.db.models import Exists

from workflow.enums import BANK_INSTRUMENTS
from workflow.models import FundedInstrument
from workflow.rules import (
    coordinated_region_ids,
    holder_project_ids,
    is_bank_expert,
    is_national_coordinator,
)


def bank_financed(study_ref):
    """An ``Exists`` true when the bank lends to or guarantees the study's school (``study_ref``: its id)."""
    return Exists(FundedInstrument.objects.filter(funding__study_id=study_ref, kind__in=BANK_INSTRUMENTS))


@rules.predicate
def is_school_team(user, school):
    return school is not None and user.is_active and school.project_id in holder_project_ids(user)


@rules.predicate
def is_regional_coordinator_of_school(user, school):
    return school is not None and user.is_active and school.project.region_id in coordinated_region_ids(user)


@rules.predicate
def is_financed_by_the_bank(user, school):
    return (
        school is not None
        and FundedInstrument.objects.filter(funding__study_id=school.study_id, kind__in=BANK_INSTRUMENTS).exists()
    )


# The bank follows the schools it lends to or guarantees, not those it never financed.
can_view_school = (
    is_national_coordinator
    | is_school_team
    | is_regional_coordinator_of_school
    | (is_bank_expert & is_financed_by_the_bank)
)
can_fund_school = is_bank_expert | is_national_coordinator
can_open_campaign = is_national_coordinator
# The campaigns are the federation's: only a national coordinator sees their pages, moves a deadline or closes one.
can_manage_campaign = is_national_coordinator


@rules.predicate
def is_report_team(user, report):
    return report is not None and is_school_team(user, report.school)


@rules.predicate
def can_view_report(user, report):
    return report is not None and can_view_school(user, report.school)


@rules.predicate
def is_report_reviewer(user, report):
    """The regional coordinator of the school's region reviews; a national coordinator may stand in."""
    return report is not None and (
        is_national_coordinator(user) or is_regional_coordinator_of_school(user, report.school)
    )


can_edit_report = is_report_team
can_review_report = is_report_reviewer

"""Who may see and do what with a school and its yearly reports: the policies services, views and templates ask."""

from permissions.policy import PermissionPolicy
from schools.rules import (
    can_edit_report,
    can_fund_school,
    can_manage_campaign,
    can_open_campaign,
    can_review_report,
    can_view_report,
    can_view_school,
)
from schools.selectors import campaigns_for_user, reports_for_user, schools_for_user


class SchoolPolicy(PermissionPolicy):
    """A school: its ``view`` predicate agrees with ``schools_for_user``; funding is for the bank's side."""

    actions = {
        "view": can_view_school,
        "fund": can_view_school & can_fund_school,
        "open_campaign": can_open_campaign,
    }

    def visible(self, user):
        return schools_for_user(user)


class ReportPolicy(PermissionPolicy):
    """A yearly report: filled by the school's team, reviewed by its regional coordinator."""

    actions = {
        "view": can_view_report,
        "edit": can_edit_report,
        "review": can_review_report,
    }

    def visible(self, user):
        return reports_for_user(user)


class CampaignPolicy(PermissionPolicy):
    """A reporting campaign: the federation's, seen, moved and closed by a national coordinator."""

    actions = {
        "view": can_manage_campaign,
        "change_deadline": can_manage_campaign,
        "close": can_manage_campaign,
    }

    def visible(self, user):
        return campaigns_for_user(user)


school_policy = SchoolPolicy()
campaign_policy = CampaignPolicy()
report_policy = ReportPolicy()

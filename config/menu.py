"""Which parts of the site a person's roles use: the main menu and the home page show only those."""

from workflow.rules import coordinated_region_ids, holder_project_ids


def uses_projects(user):
    """Say whether the menu offers ``user`` « My projects »: on a project's team, or with no other role yet.

    A juror or a bank expert carries no project: the entry would lead him nowhere. A person with no role at all is
    a founder about to start one. A national coordinator reaches every study from « Studies »; reading his teams
    would cost each of his pages a query, so his home page alone shows the projects he carries.
    """
    if user.is_national_coordinator:
        return False
    if holder_project_ids(user):
        return True
    return not (user.is_bank_expert or user.is_jury_member or coordinated_region_ids(user))

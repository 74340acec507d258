"""The main menu, built from the person's roles, and the count of unread notifications it shows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.menu import uses_projects
from notifications.selectors import unread_count_for_user
from workflow.rules import coordinated_region_ids, holder_project_ids


def main_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [("home", _("Home"), None)]
    if uses_projects(user):
        items.append(("projects:project-list", _("My projects"), None))
    if user.is_national_coordinator or user.is_bank_expert or coordinated_region_ids(user):
        items.append(("workflow:study-list", _("Studies"), None))
    if user.is_national_coordinator or user.is_jury_member:
        items.append(("juries:session-list", _("Jury"), None))
    if user.is_national_coordinator or coordinated_region_ids(user):
        items.append(("workflow:dashboard", _("Dashboard"), None))
        items.append(("people:person-list", _("People"), None))
    if user.is_national_coordinator:
        items.append(("workflow:training-modules", _("Training"), None))
    # The schools' page leads to the key figures: one entry each, so that the header holds on one line at 1280 px.
    if user.is_national_coordinator or user.is_bank_expert or coordinated_region_ids(user) or holder_project_ids(user):
        items.append(("schools:school-list", _("Schools"), None))
    else:
        items.append(("schools:key-figures", _("Key figures"), None))
    unread_count = unread_count_for_user(user)
    items.append(("notifications:inbox", _("Inbox"), unread_count))
    if user.is_staff:
        items.append(("admin:index", _("Administration"), None))
    menu = []
    for name, label, count in items:
        url = reverse(name)
        current = request.path == url if name == "home" else request.path.startswith(url)
        menu.append({"url": url, "label": label, "count": count, "current": current})
    return {"main_menu": menu, "unread_count": unread_count}

"""A person's to-do list: each app contributes the items of its own work, the home page shows them together.

Overdue items first, then by due date, those without a due date last.
"""

from django.utils import timezone

from juries.todo import todo_for_user as jury_work
from people.todo import todo_for_user as people_work
from workflow.todo import todo_for_user as study_work

# Each contribution is a function (user, *, now) -> list of ``accounts.todo.TodoItem``.
CONTRIBUTIONS = (study_work, jury_work, people_work)


def todo_for_user(user, *, now=None):
    """Return the person's to-do list, overdue first, then soonest due."""
    now = now or timezone.now()
    items = [item for contribute in CONTRIBUTIONS for item in contribute(user, now=now)]
    return sorted(items, key=lambda item: (not item.overdue, item.due is None, item.due or now, item.label))

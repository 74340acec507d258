"""The people's part of a coordinator's to-do list: the requests to join he may answer.

One query of at most ``TODO_LENGTH`` rows, oldest first, each due ``TREMPLIN_JOIN_REQUEST_ANSWER_DAYS`` after it
was sent, so that a founder waiting for an account shows up as overdue like a study waiting for screening.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.todo import TodoItem
from people.selectors import join_requests_to_answer
from workflow.rules import coordinated_region_ids

TODO_LENGTH = 10


def todo_for_user(user, *, now):
    """Return a ``TodoItem`` for each request to join that waits for ``user``'s answer."""
    if not (user.is_national_coordinator or coordinated_region_ids(user)):
        return []
    rows = join_requests_to_answer(user).values_list("full_name", "project_name", "created_at")[:TODO_LENGTH]
    answer_within = timedelta(days=settings.TREMPLIN_JOIN_REQUEST_ANSWER_DAYS)
    return [
        TodoItem(
            label=_("Answer %(name)s, who asks to found “%(project)s”") % {"name": name, "project": project},
            url=reverse("people:join-request-list"),
            due=created_at + answer_within,
            overdue=created_at + answer_within < now,
        )
        for name, project, created_at in rows
    ]

"""The studies' part of a person's to-do list: what the founders, the coordinators and the bank have to do.

Each kind of work is one query of at most ``TODO_LENGTH`` rows, read as plain values, oldest in its stage first
(the most overdue), so that the home page runs the same queries whatever the number of studies.
"""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.links import url_for_pk
from accounts.todo import TodoItem
from workflow.dashboard import coordinated_studies
from workflow.enums import State
from workflow.models import FinancingReview, TrainingProgress
from workflow.rules import coordinated_region_ids, holder_project_ids
from workflow.selectors import studies_for_user
from workflow.turn import stage_due

TODO_LENGTH = 10

FOUNDER_WORK = {
    State.DRAFT: lambda name: _("Complete and submit the study of “%(project)s”") % {"project": name},
    State.CHANGES_REQUESTED: lambda name: _("Make the changes asked for on “%(project)s”") % {"project": name},
    State.TRAINING: lambda name: _("Follow the training modules of “%(project)s”") % {"project": name},
    State.DEFERRED: lambda name: _("Revise the study of “%(project)s” for a next jury") % {"project": name},
}


def todo_for_user(user, *, now):
    """Return the ``TodoItem`` of the studies that wait for ``user``, whatever his roles."""
    items = []
    # Up to 30 rows: their links are made from one reversed URL, not a ``reverse`` a row (30 µs each).
    study_url = url_for_pk("workflow:study-detail")
    if holder_project_ids(user):
        items += _founder_items(user, now, study_url)
    if user.is_national_coordinator or coordinated_region_ids(user):
        items += _coordinator_items(user, now, study_url)
    if user.is_bank_expert:
        items += _bank_items(user, now, study_url)
    return items


def _rows(studies, *fields):
    return studies.order_by("state_changed_at", "pk").values_list(
        "pk", "state", "state_changed_at", "project__name", *fields
    )[:TODO_LENGTH]


def _item(label, url, state, state_changed_at, now):
    due = stage_due(state, state_changed_at)
    return TodoItem(
        label=label,
        url=url,
        due=due,
        overdue=due is not None and due < now,
    )


def _founder_items(user, now, study_url):
    studies = studies_for_user(user).filter(project_id__in=holder_project_ids(user), state__in=FOUNDER_WORK)
    return [
        _item(FOUNDER_WORK[state](name), study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(studies)
    ]


def _coordinator_items(user, now, study_url):
    """Studies to screen, training modules to validate (or the training to close), openings to record.

    The people app's join requests to answer are another contribution (``config.todo``).
    """
    studies = coordinated_studies(user)
    items = [
        _item(_("Screen the study of “%(project)s”") % {"project": name}, study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(studies.filter(state=State.SUBMITTED))
    ]
    # Counted for the rows shown only: a subquery a row, run after the limit, where grouping every study in
    # training took 15 ms at 20,000 studies.
    left = (
        TrainingProgress.objects.filter(
            project_id=OuterRef("project_id"),
            validated_at__isnull=True,
            module__is_mandatory=True,
            module__is_active=True,
        )
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_training = studies.filter(state=State.TRAINING).annotate(to_validate=Coalesce(Subquery(left), 0))
    for pk, state, changed, name, to_validate in _rows(in_training, "to_validate"):
        if to_validate:
            label = _("Validate the training modules of “%(project)s” (%(count)s left)") % {
                "project": name,
                "count": to_validate,
            }
        else:
            label = _("Mark the training of “%(project)s” completed") % {"project": name}
        items.append(_item(label, study_url(pk), state, changed, now))
    items += [
        _item(_("Record the opening of “%(project)s”") % {"project": name}, study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(studies.filter(state=State.FUNDED))
    ]
    return items


def _bank_items(user, now, study_url):
    """Financing reviews to record, studies on a jury agenda to send to the jury, fundings to record."""
    studies = studies_for_user(user)
    in_review = studies.filter(state=State.FINANCING_REVIEW).annotate(
        reviewed=Exists(FinancingReview.objects.filter(study=OuterRef("pk"))),
        # ``workflow`` does not import ``juries``: the agenda is read through the relation.
        on_agenda=Exists(
            studies.model._meta.get_field("agenda_entries")
            .related_model.objects.filter(study=OuterRef("pk"))
            .exclude(session__state="closed")
        ),
    )
    items = [
        _item(_("Record the financing review of “%(project)s”") % {"project": name}, study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(in_review.filter(reviewed=False))
    ]
    items += [
        _item(_("Send “%(project)s” to the jury") % {"project": name}, study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(in_review.filter(reviewed=True, on_agenda=True))
    ]
    items += [
        _item(_("Record the funding of “%(project)s”") % {"project": name}, study_url(pk), state, changed, now)
        for pk, state, changed, name in _rows(studies.filter(state=State.APPROVED))
    ]
    return items

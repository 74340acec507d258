"""Deliberation: the session's results table, a study's scorecards, and the president's decision."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.links import url_for_pk
from juries.aggregation import weighted_total
from juries.enums import ResultOrder, SessionState
from juries.forms import DecisionForm, ResultsFilterForm
from juries.policy import entry_policy
from juries.rules import is_conflicted_on_entry
from juries.selectors import (
    decisions_for_user,
    results_table_for_user,
    scorecards_for_user,
    session_criteria,
    study_results,
)
from juries.services import record_decision
from juries.views._helpers import entry_or_404, filters_of, page_of, session_or_404, show_refusal
from permissions.refusal import ActionRefused

SHOWN = ("rank", "count", "quorum", "mean", "median", "stdev", "minimum", "maximum", "normalised", "normalised_rank")


def _printer():
    """Return how the table prints a figure in the active language: two decimals for the published ones, a dash
    when there is none.

    The figures stay far under a thousand (totals on 20, z-scores), so only the decimal separator depends on
    the language: Django's ``number_format``, called for each figure, took a good part of the page's time.
    """
    separator = get_format("DECIMAL_SEPARATOR")

    def shown(value):
        if value is None:
            return "—"
        if isinstance(value, Decimal):
            # + 0 drops the sign of a negative zero, as the ``floatformat`` filter does.
            return f"{value + 0:.2f}".replace(".", separator)
        return str(value)

    return shown


def _result_row(study, criteria, shown, entry_url):
    """Return a study's line of the results table as plain values, its figures printed once.

    The page shows about twenty figures a study: template filters, and lookups on objects rather than
    dictionaries, were most of its time.
    """
    return {
        **{name: shown(getattr(study, name)) for name in SHOWN},
        "entry_id": study.entry_id,
        "name": study.study_name,
        "url": entry_url(study.entry_id),
        "quorum_reached": study.quorum_reached,
        "disagreement": study.disagreement,
        "decision": study.decision,
        "spreads": [shown(study.criterion_spreads[criterion.pk]) for criterion in criteria],
    }


RESULTS_PER_PAGE = 50


@login_required
def results(request, pk):
    """The results table, from deliberation on, a page of it at a time; a constant number of queries whatever
    the agenda's length."""
    session = session_or_404(request, pk)
    form = ResultsFilterForm(request.GET or None)
    filters = filters_of(form)
    rows = results_table_for_user(session, request.user, **filters)
    if rows is None:
        messages.info(request, _("The scores are revealed when scoring closes."))
        return redirect("juries:session-detail", pk=session.pk)
    criteria = session_criteria(session)
    shown = _printer()
    page = page_of(rows, request.GET.get("page"), RESULTS_PER_PAGE)
    entry_url = url_for_pk("juries:entry-detail")
    page.object_list = [
        _result_row(study, criteria, shown, entry_url) for study in study_results(page.object_list, criteria)
    ]
    context = {
        "session": session,
        "criteria": criteria,
        "form": form,
        "page": page,
        "by_normalised": filters.get("order") == ResultOrder.NORMALISED,
    }
    return render(request, "juries/results.html", context)


def _cards(entry, user):
    """The scorecards of the entry that ``user`` may read, each with its weighted total on 20."""
    cards = list(
        scorecards_for_user(user)
        .filter(entry=entry)
        .select_related("member")
        .prefetch_related("scores__criterion")
        .order_by("member__full_name", "pk")
    )
    weights = {criterion.pk: criterion.weight for criterion in entry.session.grid.criteria.all()}
    for card in cards:
        scores = {score.criterion_id: score.value for score in card.scores.all() if score.is_answered}
        card.total = weighted_total(scores, weights) if card.is_submitted and scores else None
    return cards


def _entry_page(request, entry, form=None, status=200):
    user = request.user
    conflicted = is_conflicted_on_entry(user, entry)
    decision = decisions_for_user(user).filter(entry=entry).select_related("decided_by").first()
    can_decide = (
        entry.session.state == SessionState.DELIBERATION
        and decision is None
        and entry_policy.can(user, "decide", entry)
    )
    context = {
        "entry": entry,
        "session": entry.session,
        "conflicted": conflicted,
        "cards": [] if conflicted or not entry.session.grid_id else _cards(entry, user),
        "decision": decision,
        "form": (form or DecisionForm()) if can_decide else None,
    }
    return render(request, "juries/entry_detail.html", context, status=status)


@login_required
def entry_detail(request, pk):
    """A study of the agenda as the jury sees it: the scorecards one may read, and the decision."""
    return _entry_page(request, entry_or_404(request, pk))


@login_required
@require_POST
def decision_record(request, pk):
    entry = entry_or_404(request, pk)
    entry_policy.check(request.user, "decide", entry)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            record_decision(entry, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The jury's decision is recorded."))
            return redirect("juries:results", pk=entry.session_id)
    return _entry_page(request, entry, form=form)

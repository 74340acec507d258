"""Domain events of the juries, sent inside the transaction that made the change.

Receivers (``notifications``) write their outbox rows in the same transaction and queue their work with
``transaction.on_commit``; a refused or failed change rolls their rows back with it. The reminder before
the scoring deadline is not an event: the periodic task reads
``juries.selectors.missing_scorecards_near_deadline``.

Every signal is sent with the model class as ``sender``.
"""

from django.dispatch import Signal

# kwargs: session, members (list of users invited with the session), actor
session_planned = Signal()
# kwargs: session, members (list of users added to a planned session), actor
members_invited = Signal()
# kwargs: entry (the study's AgendaEntry), actor
study_put_on_agenda = Signal()
# kwargs: session, actor
scoring_opened = Signal()
# kwargs: session, previous_deadline, actor
deadline_extended = Signal()
# kwargs: session (every eligible member has submitted every scorecard of the agenda)
all_scorecards_in = Signal()
# kwargs: session, actor
scoring_closed = Signal()
# kwargs: session, actor
session_closed = Signal()
# kwargs: conflict (the ConflictOfInterest row), actor
conflict_declared = Signal()
# kwargs: scorecard (its member is told; its scores are not for the receivers), actor, reason
scorecard_reopened = Signal()
# kwargs: decision (the JuryDecision row), actor; the study's own ``study_transitioned`` follows
decision_recorded = Signal()

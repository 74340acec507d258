"""Domain events of the life cycle, sent inside the transaction that made the change.

Receivers (``notifications``) write their outbox rows in the same transaction and queue their work
with ``transaction.on_commit``.
"""

from django.dispatch import Signal

# kwargs: study, log (the TransitionLog row)
study_transitioned = Signal()
# kwargs: project, transfer (the RegionTransfer row)
project_transferred = Signal()
# kwargs: study, review (the FinancingReview row, recorded or recorded again)
financing_review_recorded = Signal()
# kwargs: study, progress (the TrainingProgress row just validated)
training_validated = Signal()

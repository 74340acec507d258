"""The outbox's own event: a national coordinator put a failed email back in it."""

from django.dispatch import Signal

# Sent inside the transaction that made the delivery pending again, with ``delivery`` and ``actor``.
delivery_resent = Signal()

"""The domain events of people: sent inside the transaction of the change, so that the notifications written
by their receivers commit with it."""

from django.dispatch import Signal

# An invitation was sent, or sent again: ``invitation``, ``token`` (the link's), ``actor``.
invitation_sent = Signal()
# A founder asked to join: ``join_request``.
join_requested = Signal()
# A request to join was declined: ``join_request``, ``actor`` (an accepted one sends an invitation instead).
join_request_declined = Signal()

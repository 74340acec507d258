"""Celery tasks: thin, they take ids, call one service and own their retries.

Every task here is idempotent, so ``acks_late`` (a task lost with its worker runs again) is safe.
"""

from celery import shared_task

from notifications import services


class DeliveryFailed(Exception):
    """The email backend refused a delivery; it is tried again later."""


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def task_deliver(self, delivery_id):
    """Send one email of the outbox, at most once; retry with exponential backoff on failure.

    The number of tries is counted on the delivery row (not by the broker), so that a delivery
    queued again by the sweeper does not start over; after the last one the row is ``failed``.
    """
    attempt = services.send_delivery(delivery_id=delivery_id)
    if attempt is not None and attempt.retry_in is not None:
        raise self.retry(exc=DeliveryFailed(attempt.delivery.last_error), countdown=attempt.retry_in)


@shared_task(acks_late=True, ignore_result=True)
def task_sweep_outbox():
    """Queue again the deliveries still pending a minute after they were due (a lost enqueue)."""
    for delivery_id in services.requeue_stale_deliveries():
        task_deliver.delay(delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def task_send_digests():
    """Send each digest reader one email with the items not sent yet."""
    for delivery_id in services.prepare_digests():
        task_deliver.delay(delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def task_send_reminders():
    """Send the reminders and escalations whose due date has come (each once per due date)."""
    for delivery_id in services.send_due_reminders():
        task_deliver.delay(delivery_id)

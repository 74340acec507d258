"""Celery tasks: thin, they take ids, call one service and own their publishing.

Every task here is idempotent, so ``acks_late`` (a task lost with its worker runs again) is safe. No task
waits on the broker with a countdown or an ETA: a failed email's next try is a date on its row (``due_at``),
which the sweeper reads. A worker holding such messages when Redis went away died restoring them (kombu 5.7,
"'NoneType' object has no attribute 'hostname'"), and a broker restart lost them.
"""

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import transaction

from notifications import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def task_deliver(delivery_id):
    """Send one delivery of the outbox (an email or a webhook) if it is due; a failure sets its next try on the row."""
    services.send_delivery(delivery_id=delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def task_sweep_outbox():
    """Queue a task for each delivery that is due and has none waiting.

    Beat runs it every ``NOTIFICATIONS_SWEEP_SECONDS``; a commit that wrote emails runs it at once
    (``wake_outbox_on_commit``), and so does a worker each time it connects to the broker.
    """
    services.release_deliveries_when_the_server_answers()
    delivery_ids = services.claim_due_deliveries()
    for position, delivery_id in enumerate(delivery_ids):
        try:
            task_deliver.delay(delivery_id)
        except Exception:
            # The broker went away: the rest wait for the next sweep rather than for a task taken for lost.
            services.unqueue_deliveries(delivery_ids[position:])
            raise


def wake_outbox_on_commit():
    """Run a sweep of the outbox once the current transaction commits, once per transaction.

    On the request path: one publish, bounded by ``NOTIFICATIONS_PUBLISH_TIMEOUT`` and never retried, so that a
    broker out of reach costs a page a fraction of a second; the rows then wait for the sweeper.
    """
    waiting = getattr(_wake_up, "callback", None)
    # Django's own test helpers read this list too. A transaction rolled back, or the savepoint that registered
    # the callback, took it out: then this transaction has none yet.
    registered = transaction.get_connection().run_on_commit
    if waiting is not None and any(callback is waiting for _savepoints, callback, _robust in registered):
        return

    def wake_outbox_up():
        _wake_up.callback = None
        _publish_wake_up()

    _wake_up.callback = wake_outbox_up
    transaction.on_commit(wake_outbox_up, robust=True)


# The callback registered by the current transaction of this thread, if any.
_wake_up = threading.local()


def _publish_wake_up():
    timeout = settings.NOTIFICATIONS_PUBLISH_TIMEOUT
    app = task_sweep_outbox.app
    # ``max_retries``: kombu would otherwise try to connect again after 2 seconds.
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    with app.connection_for_write(transport_options=options, connect_timeout=timeout) as connection:
        try:
            task_sweep_outbox.apply_async(connection=connection, retry=False)
        except Exception as exc:  # noqa: BLE001 -- the broker's errors vary with the transport and its client
            logger.warning("The outbox's wake-up was not published (%s): the sweeper will send the emails.", exc)


@shared_task(acks_late=True, ignore_result=True)
def task_send_digests():
    """Send each digest reader one email with the items not sent yet."""
    services.prepare_digests()
    task_sweep_outbox.delay()


@shared_task(acks_late=True, ignore_result=True)
def task_send_reminders():
    """Send the reminders and escalations whose due date has come (each once per due date)."""
    services.send_due_reminders()
    task_sweep_outbox.delay()

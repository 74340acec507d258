"""The Celery application.

Without ``REDIS_URL`` the settings make every task run in-process (``task_always_eager``), so the embedded
set-up needs no broker; with it, a real worker and beat consume the ``notifications`` queue.
"""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("tremplin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class SweepOutboxOnConnection(bootsteps.StartStopStep):
    """Sweep the outbox each time the worker connects to the broker, at start and after every reconnection.

    The emails written while the broker was out of reach are queued as soon as it is back, not at beat's next
    sweep. Named by its task: this module is loaded with the settings, before the apps.
    """

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def start(self, consumer):
        try:
            consumer.app.send_task("notifications.tasks.task_sweep_outbox", retry=False)
        except Exception:  # the broker's errors vary with the transport; beat sweeps anyway
            logger.warning("The outbox was not swept on connection; beat's next sweep will do it.", exc_info=True)


app.steps["consumer"].add(SweepOutboxOnConnection)

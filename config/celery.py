"""The Celery application.

Without ``REDIS_URL`` the settings make every task run in-process (``task_always_eager``), so the embedded
set-up needs no broker; with it, a real worker and beat consume the ``notifications`` queue.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tremplin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

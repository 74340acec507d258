"""The project's Celery application with the benchmarks' no-op task: ``celery -A bench.celery_app worker``."""

from bench import setup  # noqa: F401 -- configures Django before the tasks are imported

# isort: split
from bench import tasks  # noqa: F401 -- registers the no-op task
from config.celery import app

__all__ = ["app"]

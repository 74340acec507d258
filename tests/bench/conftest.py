from importlib import import_module

import pytest
from django.apps import apps

from juries.models import ScoringGrid
from tests.factories import region


@pytest.fixture(autouse=True)
def _reference_data(db):
    """What the seeds read (regions, trades, the default grid), loaded again if a transactional test flushed it:
    a flush empties every table, and which tests run before these depends on the order pytest picks."""
    region()
    if not ScoringGrid.objects.exists():
        import_module("juries.migrations.0002_default_grid").seed_default_grid(apps, None)

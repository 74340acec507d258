"""The caches of the studies' pages: plain values in the cache, kept fresh from one place (``workflow.caches``)."""

import pickle
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import models

from tests.factories import UserFactory, region
from tests.factories.juries import study_in_financing_review
from workflow.enums import Opinion
from workflow.models import TrainingModule
from workflow.selectors import record_key, study_record
from workflow.services import record_financing_review

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "api", "config", "juries", "notifications", "people", "privacy", "projects", "schools", "workflow")
# What moves a cache's version: a touch of the studies' last change, a new version or generation, a forgotten entry.
INVALIDATION = re.compile(r"mark_projects_changed\(|_renew\(|forget_filter_choices\(|cache\.delete\(")


def models_in(value):
    """The model instances anywhere in ``value`` (dicts, lists, tuples)."""
    if isinstance(value, models.Model):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in models_in(item)]
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in models_in(item)]
    return []


def test_study_record_is_cached_as_plain_values_and_read_back_alike():
    study = study_in_financing_review(region=region("84"), bank_expert=UserFactory(is_bank_expert=True))
    TrainingModule.objects.create(title="Gouvernance associative", is_mandatory=True)
    computed = study_record(study)

    generation, stored = cache.get(record_key(study))
    cached = study_record(study)

    assert models_in(stored) == []
    assert b"django.db.models" not in pickle.dumps(stored)
    assert (cached.version.number, cached.version.content) == (computed.version.number, computed.version.content)
    assert [(log.to_state, str(log.actor)) for log in cached.timeline] == [
        (log.to_state, str(log.actor)) for log in computed.timeline
    ]
    assert [(module.title, progress) for module, progress in cached.training] == [
        (module.title, progress) for module, progress in computed.training
    ]


def test_study_record_follows_a_financing_review_recorded_again():
    expert = UserFactory(is_bank_expert=True)
    study = study_in_financing_review(region=region("84"), bank_expert=expert)
    study_record(study)

    record_financing_review(
        study,
        actor=expert,
        opinion=Opinion.FAVOURABLE,
        budget_analysis="Équilibré.",
        financing_plan_analysis="Réaliste.",
        instruments=[("loan", 120_000, "Prêt")],
    )
    study.refresh_from_db()

    assert [(i.kind, i.amount) for i in study_record(study).instruments] == [("loan", 120_000)]


def test_only_the_caches_module_invalidates_a_cache():
    sites = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INVALIDATION.search(line) and not line.lstrip().startswith(("def ", "#"))
    ]

    assert [site.split(":")[0] for site in sites] == ["workflow/caches.py"] * len(sites)

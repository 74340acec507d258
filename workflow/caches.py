"""The one place that keeps the studies' caches fresh: the domain events move the versions the caches are keyed on.

The caches that stay (bench/RESULTS.md, "Caches", measured cold and warm with and without each):

- the study page's **record** (``workflow.selectors.study_record``), keyed on the study's ``updated_at`` and on a
  generation. Every domain event about a study moves ``updated_at`` on all the studies of its project, in the
  event's transaction (a project's training and trades show on each of its studies' pages); a change of a name
  the records show (a person, a training module, a trade) starts a new generation;
- the **dashboard's figures** and the home page's **stalled count** (``workflow.dashboard``), keyed on versions:
  numbers in the cache that a transition, a region transfer and a new or deleted study replace. Each region has
  its own, moved by the events of its studies (a transfer moves both regions'), so that a change in one region
  leaves the others' figures cached; the federation's data version moves with every one of them;
- the studies list's **filter choices** (``projects.selectors.filter_choices``), dropped when a region or a trade
  is saved or deleted.

The services send their domain events and know nothing of the caches; nothing else writes a version.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from projects.models import OpportunityStudy, Region, SchoolProject, Trade
from projects.selectors import FILTER_CHOICES_KEY
from workflow.models import TrainingModule
from workflow.signals import financing_review_recorded, project_transferred, study_transitioned, training_validated

DATA_VERSION_KEY = "workflow:data-version"
REGION_VERSION_KEY = "workflow:region-version:{}"
RECORD_GENERATION_KEY = "workflow:study-record-generation"


def _current(key):
    """Return the version under ``key``, starting one if the cache lost it; None when the cache is out of reach."""
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def _renew(*keys):
    """Give each of ``keys`` a new version now and once more on commit.

    Now, so that the transaction itself reads fresh figures; on commit, so that a reader who cached what he read
    between the two (the change not yet visible to him) leaves it behind at once.
    """
    cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=None)
    transaction.on_commit(lambda: cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=None), robust=True)


def data_version():
    """Return the version of the figures counted over all the studies (dashboard, stalled count)."""
    return _current(DATA_VERSION_KEY)


def region_versions(region_ids):
    """Return ``{region id: version}`` of the figures counted over each region's studies; None when the cache is
    out of reach."""
    keys = {REGION_VERSION_KEY.format(region_id): region_id for region_id in region_ids}
    versions = cache.get_many(keys)
    missing = keys.keys() - versions.keys()
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), timeout=None)
        versions |= cache.get_many(missing)
    if len(versions) < len(keys):
        return None
    return {keys[key]: version for key, version in versions.items()}


def _studies_counted_again(*region_ids):
    """The figures of these regions, and so the federation's, are counted again."""
    _renew(DATA_VERSION_KEY, *(REGION_VERSION_KEY.format(region_id) for region_id in region_ids))


def record_generation():
    """Return the generation of the study records."""
    return _current(RECORD_GENERATION_KEY)


def _study_changed(project_ids):
    OpportunityStudy.mark_projects_changed(project_ids)


@receiver(study_transitioned, dispatch_uid="caches-study-transitioned")
def on_study_transitioned(study, **kwargs):
    """A new state, log row and version; on acceptance, the project's training, shown by its other studies."""
    _study_changed([study.project_id])
    _studies_counted_again(study.project.region_id)


@receiver(project_transferred, dispatch_uid="caches-project-transferred")
def on_project_transferred(transfer, **kwargs):
    """The project's studies count in another region now: both regions' figures change."""
    _studies_counted_again(transfer.from_region_id, transfer.to_region_id)


@receiver(financing_review_recorded, dispatch_uid="caches-financing-review")
@receiver(training_validated, dispatch_uid="caches-training-validated")
def on_study_record_changed(study, **kwargs):
    """The review's instruments, or the project's training, shown on the study pages of the project."""
    _study_changed([study.project_id])


@receiver(m2m_changed, sender=SchoolProject.trades.through, dispatch_uid="caches-project-trades")
def on_trades_changed(instance, action, reverse, pk_set, **kwargs):
    """A project's trades changed, from either side of the relation: its studies' pages show them."""
    if action.startswith("post_"):
        _study_changed(pk_set or () if reverse else [instance.pk])


@receiver([post_save, post_delete], sender=OpportunityStudy, dispatch_uid="caches-study-created")
def on_study_created_or_deleted(instance, created=True, update_fields=None, **kwargs):
    """A new (or deleted) study counts in the dashboard; a study saved otherwise changed nothing it counts."""
    if created and not update_fields:
        _studies_counted_again(instance.project.region_id)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="caches-names-person")
@receiver([post_save, post_delete], sender=TrainingModule, dispatch_uid="caches-names-module")
@receiver([post_save, post_delete], sender=Trade, dispatch_uid="caches-names-trade")
def on_names_changed(update_fields=None, **kwargs):
    """A name the records show may have changed (not at each sign-in): a new generation of every record."""
    if update_fields and set(update_fields) <= {"last_login", "password"}:
        return
    _renew(RECORD_GENERATION_KEY)


@receiver([post_save, post_delete], sender=Region, dispatch_uid="caches-filter-choices-region")
@receiver([post_save, post_delete], sender=Trade, dispatch_uid="caches-filter-choices-trade")
def on_filter_choices_changed(**kwargs):
    """The regions and trade families of the studies list's filters."""
    transaction.on_commit(lambda: cache.delete(FILTER_CHOICES_KEY), robust=True)

"""The cache backend on Redis: what it holds saves time only, so Redis out of reach must never fail a page."""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What each call answers when Redis is out of reach: a miss, nothing stored, nothing deleted.
MISSES = {
    "add": False,
    "get_many": {},
    "set": None,
    "set_many": [],
    "touch": False,
    "delete": False,
    "delete_many": None,
    "has_key": False,
}


def _forgiving(method, miss):
    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError:
            logger.warning("The cache is out of reach: %s answered as a miss.", method.__name__, exc_info=True)
            return miss

    return call


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, answering as a miss (with a warning in the log) when Redis is out of reach.

    Everything the pages cache (the dashboard, the stalled count, a study's record, the list's filter choices)
    is computed from the database when missing. A forgetting lost meanwhile is bounded by each entry's timeout.
    """

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("The cache is out of reach: get answered as a miss.", exc_info=True)
            return default


for _name, _miss in MISSES.items():
    setattr(ForgivingRedisCache, _name, _forgiving(getattr(RedisCache, _name), _miss))

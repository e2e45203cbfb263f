"""The shared cache on Redis: Django's backend, keeping one redis-py client per pool.

Two aliases use it (settings.CACHES, with REDIS_URL). `SharedRedisCache` ("default") holds
only what can be computed again (catalogue figures, page copies, template fragments): while
Redis does not answer, its reads are misses and its writes are dropped, logged, so that the
pages are rendered from the database. `add` still raises: it is what locks are made of
(allauth's rate limiter), and a lock that cannot be taken is an outage (503), not a
"too many requests". `SessionRedisCache` ("sessions") holds the sessions:
a read that fails is an empty session (Django's cache session store: the visitor is logged
out), a write that fails raises, and the request is a 503 (core.outage), never a session
that was not stored."""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .outage import REDIS_DOWN

logger = logging.getLogger(__name__)


class _ClientPerPool(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and each one copies
    about 170 reply callbacks: 0.5 ms of CPU for a staff page on the bench host (2026-11-27),
    which reads the session and the online counter. A `redis.Redis` holds no state but its
    pool and is safe to share between threads, so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class SessionRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool

    def ping(self) -> None:
        """Raises when Redis does not answer (the health check)."""
        RedisCache.get(self, "motcua:health")


def _unavailable(operation: str, error: Exception) -> None:
    logger.warning("Shared cache unavailable (%s): %s", operation, error)


class SharedRedisCache(SessionRedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_DOWN as error:
            _unavailable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except REDIS_DOWN as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except REDIS_DOWN as error:
            _unavailable("has_key", error)
            return False

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().get_or_set(key, default, timeout, version)
        except REDIS_DOWN as error:
            _unavailable("get_or_set", error)
            return default() if callable(default) else default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except REDIS_DOWN as error:
            _unavailable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except REDIS_DOWN as error:
            _unavailable("set_many", error)
            return list(data)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except REDIS_DOWN as error:
            _unavailable("delete", error)
            return False

"""The shared cache on Redis: Django's backend, keeping one redis-py client per pool."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool

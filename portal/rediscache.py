"""Django's Redis cache backend, with one redis-py client per connection pool for the process.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every cache call, and
redis-py 8 fills a table of some 170 response callbacks in each one. Every request reads the
content generation, so every request paid for it: ``make profile`` (bench/per_request.py, 7
December 2026, this 2-core machine) put a cached guide page at 422 µs in-process with
Django's client and 310 µs with this one. A client is a thin, thread-safe wrapper around its
pool, which holds the connections (and drops them in a forked worker), so one client per pool
serves every call. Django's comment on ``get_client`` invites such a subclass.
"""

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # two threads may both make one: either serves
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache``, keeping its redis-py clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

"""Django's Redis cache backend, with one redis-py client per connection pool for the process,
and numbers that Redis pushes to each process when they change (watched(), announce()).

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every cache call, and
redis-py 8 fills a table of some 170 response callbacks in each one. Every request reads the
content generation, so every request paid for it: ``make profile`` (bench/per_request.py, 7
December 2026, this 2-core machine) put a cached guide page at 422 µs in-process with
Django's client and 310 µs with this one. A client is a thin, thread-safe wrapper around its
pool, which holds the connections (and drops them in a forked worker), so one client per pool
serves every call. Django's comment on ``get_client`` invites such a subclass.

The content generation itself was then the largest cost of a cached page: one round trip to
Redis per request, a third of the request's time under the profiler. A watched number is read
once, when a thread of the process subscribes to its channel, and kept in memory; whoever
changes it announces the new value on the channel, and every process has it within a
millisecond or so. Redis's client-side caching would do the same, but redis-py offers it only
from Redis 7.4 on. While the subscription is not known to work (not yet made, Redis down,
no answer to the last pings), watched() says None and the caller reads Redis as before.
"""

import hashlib
import logging
import os
import re
import threading
import time

import redis
from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# The watcher pings Redis every PING_SECONDS over its subscription; a value is trusted for
# TRUST_SECONDS after the last word from Redis, so a connection that died without a sound
# (a cable, a frozen host) is noticed within that time and the number read again each request.
PING_SECONDS = 0.5
TRUST_SECONDS = 2.0


class Watcher:
    """The latest value of one integer key in Redis, kept in this process by a thread that
    listens on the key's channel."""

    def __init__(self, url: str, key: str, channel: str):
        # No retries: a lost connection must end the trust at once (the test stack's cache
        # outage), not after redis-py has tried again; this thread makes a new subscription.
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=5, retry=Retry(NoBackoff(), 0)
        )
        self.key, self.channel = key, channel
        self.lock = threading.Lock()
        self._value: int | None = None
        self._trusted_until = 0.0
        threading.Thread(target=self._listen, daemon=True, name=f"watch {key}").start()

    def value(self) -> int | None:
        """The number, or None if this process cannot be sure it has the latest one."""
        if time.monotonic() < self._trusted_until:
            return self._value
        return None

    def seen(self, value: int) -> None:
        # The highest wins: two servers' announcements may arrive in either order, and a
        # number only ever grows (portal.cache starts a new one above any used before).
        with self.lock:
            if self._value is None or value > self._value:
                self._value = value

    def announce(self, value: int) -> None:
        self.seen(value)
        self.client.publish(self.channel, value)

    def _listen(self) -> None:
        pause = 0.1
        while True:
            pubsub = self.client.pubsub()
            try:
                pubsub.subscribe(self.channel)
                confirmed = pubsub.get_message(timeout=TRUST_SECONDS)
                if not confirmed or confirmed["type"] != "subscribe":
                    raise redis.ConnectionError("the subscription was not confirmed")
                # Read once subscribed: any change made after this read is announced to us.
                raw = self.client.get(self.key)
                with self.lock:
                    self._value = None if raw is None else int(raw)
                self._trusted_until = time.monotonic() + TRUST_SECONDS
                pause, pinged = 0.1, time.monotonic()
                while True:
                    message = pubsub.get_message(timeout=PING_SECONDS)
                    now = time.monotonic()
                    if message is not None:
                        if message["type"] == "message":
                            self.seen(int(message["data"]))
                        self._trusted_until = now + TRUST_SECONDS  # a message or a pong
                    if now - pinged >= PING_SECONDS:
                        pubsub.ping()
                        pinged = now
            except Exception as error:  # Redis down or gone: read the number each time
                self._trusted_until = 0.0
                logger.info("not watching %s: %s", self.key, error)
                time.sleep(pause)
                pause = min(pause * 2, 5.0)
            finally:
                pubsub.close()


_watchers: dict[tuple, Watcher] = {}
_watchers_lock = threading.Lock()


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
    """``django.core.cache.backends.redis.RedisCache``, keeping its redis-py clients, and
    watching numbers that every process reads on every request."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
        # Writes, and so announcements, go to the first server, as Django's client sends them.
        self._primary = re.split("[;,]", server)[0] if isinstance(server, str) else server[0]

    def _watcher(self, key: str, version=None) -> Watcher:
        made = self.make_and_validate_key(key, version=version)
        # One per process: a forked worker starts its own (threads do not survive a fork).
        place = (os.getpid(), self._primary, made)
        watcher = _watchers.get(place)
        if watcher is None:
            with _watchers_lock:
                watcher = _watchers.get(place)
                if watcher is None:
                    # Channels are not per database: the address keeps two sites apart (hashed,
                    # as it may hold a password).
                    server = hashlib.sha256(self._primary.encode()).hexdigest()[:16]
                    channel = f"{made} {server}"
                    watcher = _watchers[place] = Watcher(self._primary, made, channel)
        return watcher

    def watched(self, key: str, version=None) -> int | None:
        """The integer stored under `key` as last announced, with no round trip; None when
        this process cannot be sure it is the latest (then read it with get())."""
        return self._watcher(key, version).value()

    def announce(self, key: str, value: int, version=None) -> None:
        """Tell every process watching `key` that it now holds `value` (after setting it)."""
        self._watcher(key, version).announce(value)

"""Whole-page caching of public pages for anonymous visitors: correct first, then fast.

- Only GET and HEAD of public pages, by visitors without a session (citizens),
  answered 200, setting no cookie and using no CSRF token, are stored.
- Every page is stored with the *content generation*, a number kept in the
  shared cache and read on every request. Any change to content bumps it
  (portal.signals), so no app server serves an old page after a publication:
  they all read the same number from Redis. Each process also keeps recent
  pages in memory, so a hit costs one small read from Redis.
- A page is kept at most PAGE_TIMEOUT seconds, and never past the next
  scheduled publication, so that one goes live on time.
- The cache failing (Redis down) is a miss, never an error: the site answers
  without it, more slowly.
- Responses let proxies and CDNs keep public pages briefly (``s-maxage=60``) while
  browsers check back each time (``max-age=0``; an unchanged page is a cheap 304),
  so a citizen who reloads after a publication sees it. Staff pages are private.
"""

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 300  # seconds a page is kept in the server-side cache
SHARED_MAX_AGE = 60  # seconds proxies and CDNs may keep a public page
PUBLIC_PREFIXES = ("/guides/", "/laws/", "/regions/", "/search/", "/sitemap.xml", "/robots.txt")


def _fresh_generation() -> int:
    return int(timezone.now().timestamp() * 1000)


_redis_clients: dict[tuple, object] = {}  # one per Redis configuration, kept by the process


def _read_generation():
    """The generation as stored, read the cheap way when the cache is Redis.

    Django's Redis backend builds a new client (and its table of reply
    handlers) for every call, which is most of the cost of a cache hit; the
    number is read here through one kept client instead. Django stores plain
    integers as such, so the value reads back with int().
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return backend.get(GENERATION_KEY)
    servers = tuple(backend._servers)
    client = _redis_clients.get(servers)
    if client is None:
        client = _redis_clients[servers] = backend._cache.get_client()
    raw = client.get(backend.make_and_validate_key(GENERATION_KEY))
    return None if raw is None else int(raw)


def generation() -> int | None:
    """The current content generation, or None when the cache cannot be reached."""
    try:
        value = _read_generation()
        if value is None:
            # First use, or evicted: start above any number used before, so no
            # page stored under an earlier generation can match again.
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
            value = cache.get(GENERATION_KEY)
        return None if value is None else int(value)
    except Exception:  # the cache is down: every page is a miss
        logger.warning("page cache unavailable", exc_info=True)
        return None


def bump_generation() -> None:
    """Make every cached page old, on every app server sharing this cache."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet (or evicted)
            cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception:
        logger.warning("could not invalidate the page cache", exc_info=True)


def _is_public(request: HttpRequest) -> bool:
    path = request.path_info
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


def _seconds_to_next_publication() -> int:
    from guides.models import Guide

    due = (
        Guide.objects.filter(scheduled_for__isnull=False)
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    if due is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, int((due - timezone.now()).total_seconds())))


# Each process also keeps the pages it served last, so a hit needs only the
# small generation number from the shared cache, not the whole page again.
LOCAL_PAGES = 256
_local: OrderedDict[str, tuple] = OrderedDict()


def _response(entry: tuple) -> HttpResponse:
    _generation, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _remember(key: str, entry: tuple) -> None:
    _local[key] = entry
    _local.move_to_end(key)
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if request.method not in ("GET", "HEAD") or not _is_public(request):
            return self.get_response(request)
        if not anonymous:
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response

        # Hashed: addresses can be long and carry any characters.
        key = "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        current = generation()
        entry = _local.get(key)
        if current is not None and (entry is None or entry[0] != current):
            entry = self._get(key)
            if entry is not None and entry[0] == current:
                _remember(key, entry)
        if entry is not None and entry[0] == current:
            response = _response(entry)
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if current is not None and self._storable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            set_response_etag(response)  # once, not on every hit
            entry = (current, response.status_code, list(response.items()), response.content)
            self._set(key, entry)
            _remember(key, entry)
            response["X-Cache"] = "miss"
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_USED")
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _get(key: str) -> tuple | None:
        try:
            return cache.get(key)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None

    @staticmethod
    def _set(key: str, entry: tuple) -> None:
        try:
            cache.set(key, entry, timeout=_seconds_to_next_publication())
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)

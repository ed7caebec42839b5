"""Caching of public pages, correct first, then fast: whole pages for anonymous visitors,
and fragments of pages (their costly content) for everyone else.

- Only GET and HEAD of public pages, by visitors without a session (citizens),
  answered 200, setting no cookie and using no CSRF token, are stored.
- A page is kept under its scheme, host and path, and the query parameters its view
  reads (QUERY_PAGES); trackers (utm_*, fbclid, …), which no view reads, are left out,
  so ``?utm_source=wechat`` is answered with the page without it. Any other query
  string, or a value not of the form listed, and the page is built and not stored:
  made-up addresses cannot fill the cache. Searches, whose words make addresses
  without end, are kept in each process's memory only, the last 128.
- The host is checked against ALLOWED_HOSTS before anything is answered from the
  cache (a host outside it gets Django's 400), and pages are stored only for a host
  as ALLOWED_HOSTS writes it, alone or with this server's port: other spellings
  (capitals, any port, a wildcard's subdomains) are built each time, as each would
  be one more copy of every page. Pages hold absolute links built from the host.
- Every page is stored with the *content generation*, a number kept in the
  shared cache and read on every request. Any change to content bumps it
  (portal.signals), so no app server serves an old page after a publication:
  they all read the same number from Redis. Each process also keeps recent
  pages in memory, so a hit costs one small read from Redis; most are answered
  before Django's handler (KeptPages, the WSGI application).
- A page is kept at most PAGE_TIMEOUT seconds, and never past the next
  scheduled publication, so that one goes live on time.
- The cache failing (Redis down) is a miss, never an error: the site answers
  without it, more slowly.
- Responses let proxies and CDNs keep public pages briefly (``s-maxage=60``) while
  browsers check back each time (``max-age=0``; an unchanged page is a cheap 304),
  so a citizen who reloads after a publication sees it. Staff pages, and pages not
  stored, are private: a CDN keying them otherwise than we do cannot mix them up.
- Where a whole page cannot be served (a visitor with a session, an address with
  a query string no page reads, a page nobody has asked for yet), its shell is built
  and the content comes from fragments ({% fragment %}, fragment(), cached_object())
  stamped with the same generation, and the day, as the law in force changes at
  midnight. Views give templates lazy values (lazily()), so a kept fragment means
  the queries behind it never run.
"""

import datetime
import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import partial
from http import HTTPStatus
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.functional import SimpleLazyObject
from django.utils.text import compress_string
from django.utils.translation import get_language

from portal.addresses import DEFAULT, is_tracker, split
from portal.languages import preferred
from portal.middleware import has_nul
from portal.views import healthz

logger = logging.getLogger(__name__)

T = TypeVar("T")

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 300  # seconds a page is kept in the server-side cache
SHARED_MAX_AGE = 60  # seconds proxies and CDNs may keep a public page
PUBLIC_PREFIXES = (
    "/guides/", "/laws/", "/regions/", "/search/", "/answers/", "/calculators/", "/figures/",
    "/changes/", "/about/", "/accessibility/", "/privacy/", "/contact/", "/sitemap.xml",
    "/robots.txt",
)  # fmt: skip


def _fresh_generation() -> int:
    return int(timezone.now().timestamp() * 1000)


# The generation as read at the start of the request being answered, None if the cache
# could not be reached: its fragments use it rather than each asking Redis again (and,
# with Redis down, each waiting for the connection to fail). A change forgets it.
_UNREAD = object()
_request_generation: ContextVar = ContextVar("request_generation", default=_UNREAD)


def generation() -> int | None:
    """The current content generation, or None when the cache cannot be reached."""
    known = _request_generation.get()
    if known is not _UNREAD:
        return known
    try:
        value = cache.get(GENERATION_KEY)
        if _unannounced and value is not None:  # the cache is back: announce the change
            bump_generation()
            value = cache.get(GENERATION_KEY)
        if value is None:
            # First use, or evicted: start above any number used before, so no
            # page stored under an earlier generation can match again.
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
            value = cache.get(GENERATION_KEY)
        return None if value is None else int(value)
    except Exception:  # the cache is down: every page is a miss
        logger.warning("page cache unavailable", exc_info=True)
        return None


# A change this process made while the shared cache was down: other servers' kept pages
# know nothing of it, so it is announced as soon as the cache answers again.
_unannounced = False


def bump_generation() -> None:
    """Make every cached page old, on every app server sharing this cache."""
    global _unannounced
    _request_generation.set(_UNREAD)
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet (or evicted)
            cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)
        _unannounced = False
    except Exception:
        _unannounced = True
        logger.warning("could not invalidate the page cache", exc_info=True)


def _is_public(request: HttpRequest) -> bool:
    path = split(request.path_info)[1]  # a page is public in either language
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


def end_of(day: datetime.date) -> datetime.datetime:
    """Midnight after `day`, China's time (TIME_ZONE)."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def next_midnight() -> datetime.datetime:
    """The start of tomorrow where the site is: the law, figures and local rules in force are
    read for a day, and a figure or wording dated tomorrow is live from then."""
    return end_of(timezone.localdate())


# Functions giving the time of the next change that no write announces (a guide version
# scheduled for later, the next day): nothing is kept past it. The apps that schedule
# register theirs.
deadlines: list[Callable[[], object]] = [next_midnight]


def register_deadline(deadline: Callable[[], object]) -> None:
    if deadline not in deadlines:
        deadlines.append(deadline)


def _seconds_to_deadline() -> int:
    seconds = PAGE_TIMEOUT
    for deadline in deadlines:
        due = deadline()
        if due is not None:
            seconds = min(seconds, int((due - timezone.now()).total_seconds()))
    return max(1, seconds)


class Store:
    """Entries stamped with the content generation: kept in the shared cache and, for the
    last few used, in this process's memory, so a hit needs only the generation number
    from Redis. Failures of the shared cache are misses, never errors."""

    def __init__(self, prefix: str, local_size: int, *, shared: bool = True):
        self.prefix = prefix
        self.local_size = local_size
        self.shared = shared  # False: in this process's memory only
        self.local: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()  # for servers run with threads

    def key(self, *parts) -> str:
        # Hashed: addresses and keys can be long and carry any characters.
        return self.prefix + hashlib.sha256(repr(parts).encode()).hexdigest()

    def get(self, key: str, current: int):
        """The value stored under `key` for generation `current`, or None."""
        entry = self.local.get(key)
        if not self._fresh(entry, current):
            if not self.shared:
                return None
            try:
                entry = cache.get(key)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
                return None
            if not self._fresh(entry, current):
                return None
            self._remember(key, entry)
        return entry[1]

    def set(self, key: str, current: int, value, timeout: int | None = None) -> None:
        timeout = timeout or _seconds_to_deadline()
        # The deadline travels with the entry, so a copy in a process's memory does not
        # outlive the shared one (and a scheduled publication goes live on time).
        entry = (current, value, time.time() + timeout)
        if self.shared:
            try:
                cache.set(key, entry, timeout=timeout)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        self._remember(key, entry)

    def get_or_build(self, key: str, current: int, build: Callable[[], T], timeout=None) -> T:
        """The value kept under `key` for generation `current`, built and kept if there is none."""
        value = self.get(key, current)
        if value is None:
            value = build()
            self.set(key, current, value, timeout)
        return value

    @staticmethod
    def _fresh(entry: tuple | None, current: int) -> bool:
        return (
            isinstance(entry, tuple)
            and len(entry) == 3  # not an entry of an earlier release
            and entry[0] == current
            and entry[2] > time.time()
        )

    def _remember(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.local[key] = entry
            self.local.move_to_end(key)
            while len(self.local) > self.local_size:
                self.local.popitem(last=False)


pages = Store("page:", local_size=256)
# Each search and each calculation is an address of its own, and there is no end of words or
# numbers: the last 256 are kept here, never in the shared cache, which a stream of made-up
# ones would fill. The costly part of a search, the results, is a fragment shared by every
# server.
typed_pages = Store("typed:", local_size=256, shared=False)
fragments = Store("fragment:", local_size=512)  # a guide's content is some 30-40 KB
# Fragments keyed on what a visitor typed (search results) would let made-up searches fill
# the shared cache too: they are kept in each process's memory only.
typed_fragments = Store("typed-fragment:", local_size=128, shared=False)

# The query parameters the public pages read, by path, each with the form of the values
# whose page is stored, and where. An address with any other parameter (but a tracker), a
# parameter twice, or a value of another form, is built and not stored: a parameter read
# by a view but missing here would be served the page without it, and a form left open
# would let made-up addresses fill the cache. Parameters the views read that only ever
# redirect or refuse (the region chooser's, the law's "in force on" date) need no entry.
REGION = re.compile(r"([1-9][0-9]{5})?")  # a region's code, or none chosen
MONTH = re.compile(r"([0-9]{4}-[0-9]{2})?")
DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})?")
AMOUNT = re.compile(r"([0-9]{1,9}(\.[0-9]{1,2})?)?")  # in yuan, as typed in ASCII digits
QUERY_PAGES: dict[str, tuple[Store, dict[str, re.Pattern]]] = {
    # guides.views.guide_list; pages after the 99th (1,980 guides) are built each time.
    "/guides/": (pages, {"page": re.compile(r"[1-9][0-9]?")}),
    # search.views.search, with search.forms.SearchForm's fields.
    "/search/": (
        typed_pages,
        {
            "q": re.compile(r".{0,200}", re.DOTALL),  # longer is cut to 200 (MAX_QUERY_LENGTH)
            "kind": re.compile(r"(guides|law)?"),  # the form sends "" for everything
            "region": re.compile(r"[1-9][0-9]{5}(/[1-9][0-9]{5})?"),  # as in regions' URLs
            "page": re.compile(r"[1-9][0-9]{0,2}"),
        },
    ),
    # local.feeds.recent_changes
    "/changes/": (pages, {"page": re.compile(r"[1-9][0-9]{0,2}")}),
    # answers.views' calculators, with answers.forms' fields as their forms send them.
    "/calculators/flexible-worker/": (
        typed_pages,
        {"region": REGION, "month": MONTH, "base": AMOUNT, "share": AMOUNT},
    ),
    "/calculators/resident/": (
        typed_pages,
        {"region": REGION, "amount": AMOUNT, "years": re.compile(r"[0-9]{0,2}")},
    ),
    "/calculators/late-payment-fee/": (
        typed_pages,
        {"owed": AMOUNT, "deadline": DAY, "paid": DAY},
    ),
}


def _page_place(request: HttpRequest, host: str) -> tuple[Store, str] | None:
    """The store and key of the page asked for, or None if it is not to be stored."""
    if host.removesuffix(":" + request.get_port()) not in settings.ALLOWED_HOSTS:
        return None
    if not request.META.get("QUERY_STRING"):
        return pages, pages.key(request.scheme, host, request.path)
    store, known = QUERY_PAGES.get(split(request.path_info)[1], (pages, {}))
    read = []
    for name, values in request.GET.lists():
        if is_tracker(name):
            continue
        form = known.get(name)
        if form is None or len(values) > 1 or not form.fullmatch(values[0]):
            return None
        read.append((name, values[0]))
    if not read:
        store = pages
    return store, store.key(request.scheme, host, request.path, *sorted(read))


ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding


def _kept_entry(response: HttpResponse) -> tuple:
    """A page as kept: its status, and its headers and body as sent, both plain and, for a
    reader whose browser accepts it, compressed once here rather than on every request (a
    city guide's 46 KB is some 9 KB on the wire, which a phone on a slow network feels)."""
    patch_vary_headers(response, ("Accept-Encoding",))
    plain = list(response.items())
    if len(response.content) < 200:  # as Django's GZipMiddleware: not worth it
        return (response.status_code, plain, response.content, None, None)
    compressed = compress_string(response.content)
    headers = [(name, value) for name, value in plain if name not in ("Content-Length", "ETag")]
    headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(compressed)))]
    if response.has_header("ETag"):  # another representation: a weak ETag, as Django's
        headers.append(("ETag", "W/" + response["ETag"].removeprefix("W/")))
    return (response.status_code, plain, response.content, headers, compressed)


def _representation(entry: tuple, accept_encoding: str) -> tuple[int, list, bytes]:
    """The kept page's status, headers and body for a reader who accepts `accept_encoding`."""
    status, headers, content, gzip_headers, compressed = entry
    if compressed is not None and ACCEPTS_GZIP.search(accept_encoding):
        return status, gzip_headers, compressed
    return status, headers, content


def _response(entry: tuple, request: HttpRequest) -> HttpResponse:
    status, headers, content = _representation(entry, request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def fragment(*parts, build: Callable[[], T], timeout: int | None = None, typed: bool = False) -> T:
    """A piece of a public page that depends only on content and on `parts`, built once
    per content generation and shared by every page, visitor and app server showing it.

    Where the whole-page cache cannot answer (visitors with a session, addresses with
    query strings no page reads, pages not seen before), the shell of the page is built
    and the costly content comes from here. Without the shared cache it is simply built.
    `typed`: `parts` hold what a visitor typed, so the fragment stays in this process.
    """
    current = generation() if settings.CACHE_FRAGMENTS else None
    if current is None:
        return build()
    store = typed_fragments if typed else fragments
    key = store.key(get_language(), *parts)  # each language's own
    return store.get_or_build(key, current, build, timeout)


def cached_object(*parts, build: Callable[[], T]) -> T:
    """Like fragment(), for an object read from the database (a region, a guide): kept
    pickled, so that every caller gets its own copy to use as it likes."""
    pickled = fragment(*parts, build=lambda: pickle.dumps(build(), pickle.HIGHEST_PROTOCOL))
    try:
        return pickle.loads(pickled)  # noqa: S301 - written by this function, like Django's cache
    except Exception:  # kept by an older release of the code, whose classes have changed
        logger.warning("could not read a kept object; building it again", exc_info=True)
        return build()


# The parts of the page's layout that change only with a release (their words are
# translations, their links addresses): the header, the footer, the feedback form. Kept in
# each process's memory, for each language and the values the part reads ({% fixed %}); a
# third of the time of a page built around its fragments went into rendering them.
layout = Store("layout:", local_size=1024, shared=False)
_RELEASE = 0  # in place of a content generation: nothing but a release changes them
_A_YEAR = 365 * 24 * 60 * 60


def layout_part(*parts, build: Callable[[], str]) -> str:
    """The part of the layout named by `parts`, in the page's language, built once here."""
    return layout.get_or_build(layout.key(get_language(), *parts), _RELEASE, build, _A_YEAR)


def lazily(source: object, *names: str) -> dict[str, SimpleLazyObject]:
    """Template context for `source`'s attributes `names`, each worked out only if a template
    uses it: inside a ``{% fragment %}`` already rendered, the queries behind it never run."""
    return {name: SimpleLazyObject(partial(getattr, source, name)) for name in names}


def _kept_place(request: HttpRequest, current: int | None) -> tuple[Store, str] | None:
    """Where the page an anonymous reader asks for is kept, or None if it is not to be."""
    # Checked before any answer: a host outside ALLOWED_HOSTS is Django's 400.
    host = request.get_host()
    if current is None:
        return None
    if request.path_info == "/" and preferred(request) != DEFAULT:
        return None  # HomeLanguageMiddleware sends this reader to their language's home
    return _page_place(request, host)


def _anonymous(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# Django's own If-None-Match and If-Modified-Since handling, for the pages answered here
# (ConditionalGetMiddleware is further in, and handles the others).
_conditional = ConditionalGetMiddleware(HttpResponse).process_response


class PublicPageCacheMiddleware:
    """Answers and stores the public pages of anonymous readers.

    It is the first middleware but the checks that need nothing (probes, NUL bytes), so a page
    kept is kept with everything the others add (security headers, ETag, Vary), and answering
    it costs none of them. KeptPages (below) answers the same pages, from the same entries,
    before Django's handler."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _is_public(request):
            return self.get_response(request)
        current = generation()
        token = _request_generation.set(current)
        try:
            return self._answer(request, current)
        finally:
            _request_generation.reset(token)

    def _answer(self, request: HttpRequest, current: int | None):
        if not _anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response

        place = _kept_place(request, current)
        if place is not None:
            store, key = place
            entry = store.get(key, current)
            if entry is not None:
                response = _response(entry, request)
                response["X-Cache"] = "hit"
                return _conditional(request, response)

        response = self.get_response(request)
        if place is not None and self._storable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            set_response_etag(response)  # once, not on every hit
            store.set(key, current, _kept_entry(response))
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


class KeptPages:
    """The WSGI application in front of Django's: a kept page for an anonymous reader's plain
    GET is answered here, with no request object beyond the one the checks read, no request
    signals, no middleware and no response object: what is left of a hit is the generation's
    read from Redis and about 25 µs (``make profile``). The liveness probe, /healthz, is answered
    here too. Everything else goes to Django: a miss, a session, HEAD, a conditional
    request, a host Django must refuse, a NUL byte; there PublicPageCacheMiddleware answers and
    stores pages from the same entries, by the same rules (_kept_place)."""

    def __init__(self, application: Callable):
        self.application = application

    def __call__(self, environ: dict, start_response: Callable):
        if environ.get("PATH_INFO") == "/healthz":  # the liveness probe: the process answers
            response = healthz(WSGIRequest(environ))
            status, headers, content = response.status_code, response.items(), response.content
        else:
            entry = self._kept(environ)
            if entry is None:
                return self.application(environ, start_response)
            status, headers, content = _representation(
                entry, environ.get("HTTP_ACCEPT_ENCODING", "")
            )
            headers = [*headers, ("X-Cache", "hit")]
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers))
        return [content]

    @staticmethod
    def _kept(environ: dict) -> tuple | None:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
        ):
            return None
        # A copy: WSGIRequest writes the decoded path into the environ it is given, and
        # Django's handler, which may read this one next, must decode it itself.
        request = WSGIRequest(environ.copy())
        if has_nul(request) or not _is_public(request) or not _anonymous(request):
            return None
        current = generation()
        try:
            place = _kept_place(request, current)
        except DisallowedHost:  # Django's 400
            return None
        return None if place is None else place[0].get(place[1], current)

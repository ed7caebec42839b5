"""Project-level probes for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
# Seconds /readyz waits for the database, well inside a probe's and gunicorn's own
# timeouts (older libpq versions wait at least 2 s to connect whatever is asked).
READYZ_DATABASE_TIMEOUT = 2


def _plain(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and serving requests; says nothing about its dependencies."""
    return _plain("ok")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers and the cache stores and returns a value.

    Each is given a second or two (the cache through its socket timeouts), so that a hung
    dependency gets a 503 while the load balancer is still waiting for one.
    """
    problems = []
    try:
        _select_one()
    except DatabaseError as exc:
        logger.warning("readyz: database unavailable", extra={"error": str(exc)})
        problems.append("database unavailable")
    try:
        cache.set("readyz", "ok", timeout=5)
        if cache.get("readyz") != "ok":
            problems.append("cache unavailable")
    except Exception as exc:  # any backend error means the cache is not usable
        logger.warning("readyz: cache unavailable", extra={"error": str(exc)})
        problems.append("cache unavailable")
    if problems:
        return _plain("; ".join(problems), status=503)
    return _plain("ok")


def _select_one() -> None:
    """SELECT 1 on a connection of the probe's own, which gives up connecting after seconds.

    A database that accepts connections but never answers hangs the connecting, which the
    app's shared connection waits out for DB_CONNECT_TIMEOUT: longer than a probe should take,
    and with every worker held by a probe, /healthz would go unanswered too. A new connection
    also proves that new connections work, and leaves the worker's own untouched.
    """
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    if probe.vendor == "postgresql":
        options = {**probe.settings_dict["OPTIONS"], "connect_timeout": READYZ_DATABASE_TIMEOUT}
        probe.settings_dict = {**probe.settings_dict, "OPTIONS": options}
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()


def bare(request: HttpRequest) -> HttpResponse:
    """A fixed body through the whole middleware stack: the benchmark's reference point.

    Routed only when BENCHMARK=1 (see portal/urls.py).
    """
    return HttpResponse(b"ok\n", content_type="text/plain")

"""Project-level probes for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


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
    """Ready for traffic: the database answers and the cache stores and returns a value."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
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


def bare(request: HttpRequest) -> HttpResponse:
    """A fixed body through the whole middleware stack: the benchmark's reference point.

    Routed only when BENCHMARK=1 (see portal/urls.py).
    """
    return HttpResponse(b"ok\n", content_type="text/plain")

"""Project-level views: probes for load balancers and orchestrators, and the error pages."""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from portal.addresses import split
from portal.languages import HREFLANG

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


# --- Error pages ---------------------------------------------------------------------
# Each in its page's language, whatever the thread was left in by an earlier request: the
# language a middleware chose for this one (LocaleMiddleware from the address, or the
# staff member's in the admin), else, for an error raised before those ran, the
# address's own: Chinese under /zh-hans/, English elsewhere.


def error_language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or split(request.path_info)[0]


def error_page(
    request: HttpRequest, template_name: str, status: int, *, with_request: bool = True
) -> HttpResponse:
    """The error page in the request's language. Without the request (500 and 503), no
    context processor runs and nothing reads the database or the session: those may be
    what failed."""
    language = error_language(request)
    with translation.override(language):
        if with_request:
            body = loader.render_to_string(template_name, request=request)
        else:
            body = loader.render_to_string(template_name, {"page_lang": HREFLANG[language]})
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    user = getattr(request, "user", None)
    if request.path_info.startswith("/admin/") and user is not None and user.is_staff:
        return admin_permission_denied(request)
    return error_page(request, "403.html", 403)


def admin_permission_denied(request: HttpRequest) -> HttpResponse:
    """A refusal in the admin, for staff: in the admin's own look, with the way back."""
    from django.contrib import admin

    with translation.override(error_language(request)):
        context = {**admin.site.each_context(request), "title": gettext("Not allowed")}
        body = loader.render_to_string("admin/403.html", context, request=request)
    return HttpResponse(body, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, "500.html", 500, with_request=False)


def bare(request: HttpRequest) -> HttpResponse:
    """A fixed body through the whole middleware stack: the benchmark's reference point.

    Routed only when BENCHMARK=1 (see portal/urls.py).
    """
    return HttpResponse(b"ok\n", content_type="text/plain")

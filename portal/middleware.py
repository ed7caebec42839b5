"""Middleware of the project as a whole."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from portal import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}
logger = logging.getLogger(__name__)


class ProbeMiddleware:
    """Answer /healthz and /readyz before host validation and the HTTPS redirect.

    Load balancers and orchestrators probe over plain HTTP with the pod's or
    server's own address as Host, which ALLOWED_HOSTS rightly does not list.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gets a friendly 503 page, not a 500 or a traceback.

    Pages already in the cache are answered before this point and keep working.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable", extra={"error": str(exception), "path": request.path})
        response = views.error_page(request, "503.html", 503, with_request=False)
        response["Retry-After"] = "30"
        patch_cache_control(response, no_store=True)
        return response


class RejectNulMiddleware:
    """A NUL character in the address, the query or a submitted form is a 400.

    No text of ours contains one, PostgreSQL refuses to store or even compare one (a
    500 from any filter, search or form it reached), and Django's form fields refuse it
    only where they are used: so it stops here, before any view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            response = views.error_page(request, "400.html", 400)
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)


def has_nul(request: HttpRequest) -> bool:
    """A NUL character in the request's address, query or submitted form."""
    if "\x00" in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    if request.method == "POST":
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.POST.lists()
        )
    return False

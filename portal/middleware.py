"""Middleware of the project as a whole."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


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

"""The portal in two languages: English at the root, where every address of the first
release still answers, and Simplified Chinese under ``/zh-hans/``.

- A page's language is its address's, so each page has one address per language that can
  be shared and cached; nothing else (cookie, browser) changes what an address shows.
- ``/`` alone looks at the reader: the language they chose with the switch (a cookie),
  else their browser's (Accept-Language). Chinese is a redirect to ``/zh-hans/``, made
  before the page cache, which keeps only the English ``/``; both answers say they vary
  with those headers, so no cache in between can give one reader the other's.
- The switch on every page leads through ``/language/<code>/`` to the same page in the
  other language, query string kept, and remembers the choice for ``/``.
- Staff read the admin in the language they chose in their profile, else their browser's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from portal.addresses import CODES, DEFAULT, address_in, page_query, split

# Addresses outside the two languages' pages: the same in both, and no switch.
UNTRANSLATED = ("/admin/", "/static/", "/language/", "/sitemap.xml", "/robots.txt", "/healthz")
# How each language names itself in hreflang (BCP 47).
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def has_languages(path: str) -> bool:
    return not split(path)[1].startswith(UNTRANSLATED)


@dataclass(frozen=True)
class Alternate:
    code: str
    hreflang: str
    name: str
    url: str  # absolute, for <link rel="alternate">
    switch: str  # the switch's link: /language/<code>/?next=…
    current: bool


def alternates(request: HttpRequest) -> dict:
    """Template context: the page in each language, for hreflang links and the switch."""
    query = page_query(request)
    path = request.path + (f"?{query}" if query else "")
    none = {"alternates": (), "x_default": None, "page_lang": HREFLANG.get(get_language(), "en")}
    try:
        request.get_host()
    except DisallowedHost:  # the 400 page for a host outside ALLOWED_HOSTS: no links
        return none
    if not has_languages(request.path):
        return none
    found = []
    for code, name in settings.LANGUAGES:
        there = address_in(code, path)
        found.append(
            Alternate(
                code=code,
                hreflang=HREFLANG[code],
                name=name,
                url=request.build_absolute_uri(there),
                switch=f"/language/{code}/?{urlencode({'next': there})}",
                current=code == split(request.path)[0],
            )
        )
    x_default = request.build_absolute_uri(address_in(DEFAULT, path))
    return {**none, "alternates": tuple(found), "x_default": x_default}


def preferred(request: HttpRequest) -> str:
    """The reader's language: the one they chose with the switch, else their browser's."""
    return translation.get_language_from_request(request, check_path=False)


class HomeLanguageMiddleware:
    """``/`` sends a reader who prefers Chinese to ``/zh-hans/``; no database, no cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != "/":
            return self.get_response(request)
        language = preferred(request) if request.method in ("GET", "HEAD") else DEFAULT
        if language != DEFAULT:
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(address_in(language, "/") + (f"?{query}" * bool(query)))
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


@require_safe
def switch(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: remember the choice for ``/``, then show the page asked for."""
    if code not in CODES:
        raise Http404("No such language")
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or not target.startswith("/") or "\x00" in target:
        target = "/"
    response = HttpResponseRedirect(address_in(code, target))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


class AdminLanguageMiddleware:
    """The admin in the language a member of staff chose, else their browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        language = staff_language(request) or preferred(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def staff_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    language = getattr(profile, "language", "") if profile is not None else ""
    return language if language in CODES else None

"""Which pages take feedback, and which region's page an address is, if any: whose staff a
report about it goes to."""

from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

from regions.models import Region

# The URL arguments that name a region: a region path ("440000/440300") on guide pages
# ("region") and region pages ("path"), or a code on guided answers ("code").
REGION_PATHS, REGION_CODE = ("region", "path"), "code"
# The apps whose pages citizens read; anything else (the admin, redirects, probes, the
# feedback form itself, files) takes no feedback.
PAGE_APPS = {"guides", "local", "laws", "answers", "search", "trust"}


def _page(path: str) -> ResolverMatch | None:
    if not path.startswith("/") or "//" in path or len(path) > 300 or not path.isprintable():
        return None
    language = "zh-hans" if path.startswith("/zh-hans/") else "en"
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return match if match.namespace in PAGE_APPS else None


def is_public_page(path: str) -> bool:
    """Whether `path` is one of the pages citizens read on this site."""
    return _page(path) is not None


def page_region(path: str) -> Region | None:
    """The region whose page `path` is, or None (a national page, or no page at all)."""
    match = _page(path)
    if match is None:
        return None
    named = match.kwargs.get(REGION_CODE) or next(
        (str(match.kwargs[key]) for key in REGION_PATHS if match.kwargs.get(key)), ""
    )
    code = named.rsplit("/", 1)[-1]
    return Region.objects.filter(code=code).first() if code else None

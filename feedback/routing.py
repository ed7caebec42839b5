"""Which region's page an address is, if any: whose staff a report about it goes to."""

from django.urls import Resolver404, resolve
from django.utils import translation

from regions.models import Region

# The URL arguments that name a region: a region path ("440000/440300"), or a code.
REGION_PATH, REGION_CODE = "region", "code"
NOT_PAGES = ("/admin/", "/static/", "/feedback/", "/language/")


def page_region(path: str) -> Region | None:
    """The region whose page `path` is, or None (a national page, or no page at all)."""
    language = "zh-hans" if path.startswith("/zh-hans/") else "en"
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    code = (
        match.kwargs.get(REGION_CODE) or str(match.kwargs.get(REGION_PATH) or "").rsplit("/", 1)[-1]
    )
    if not code:
        return None
    return Region.objects.filter(code=code).first()


def is_public_page(path: str) -> bool:
    """Whether `path` is one of the site's public pages (not the admin, not a file)."""
    if not path.startswith("/") or path.startswith("//") or len(path) > 300:
        return False
    language = "zh-hans" if path.startswith("/zh-hans/") else "en"
    unprefixed = path.removeprefix("/zh-hans")
    if not path.isprintable() or unprefixed.startswith(NOT_PAGES):
        return False
    with translation.override(language):
        try:
            resolve(path)
        except Resolver404:
            return False
    return True

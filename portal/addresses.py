"""What an address names: the page's language, and the query string its view reads."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import urlencode

DEFAULT = settings.LANGUAGE_CODE
CODES = tuple(code for code, _name in settings.LANGUAGES)


def prefix(code: str) -> str:
    return "" if code == DEFAULT else f"/{code}"


def split(path: str) -> tuple[str, str]:
    """The language of a page's address and the address without its language."""
    for code in CODES:
        if code != DEFAULT and (path == f"/{code}/" or path.startswith(f"/{code}/")):
            return code, path[len(code) + 1 :]
    return DEFAULT, path


def address_in(code: str, path: str) -> str:
    """The same page in language `code` (`path` in any language, query string kept)."""
    return prefix(code) + split(path)[1]


# Added to links by analytics, advertising and WeChat's sharing; no view reads them, so the
# page asked for with them is the page without them.
TRACKER_PREFIXES = ("utm_",)
TRACKERS = frozenset(
    {"gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "twclid", "ttclid"}
    | {"igshid", "mc_cid", "mc_eid", "_ga", "_gl", "spm", "from", "isappinstalled"}
)


def is_tracker(name: str) -> bool:
    return name in TRACKERS or name.startswith(TRACKER_PREFIXES)


def page_query(request: HttpRequest) -> str:
    """The query string without trackers: what the page asked for depends on."""
    kept = [(name, values) for name, values in request.GET.lists() if not is_tracker(name)]
    return urlencode(kept, doseq=True)

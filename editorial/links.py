"""External links: finding them in text, checking them, and what is known about them.

``manage.py checklinks`` (portal) finds every external link in the guides, the local
items and the services, checks each with a timeout, a few at a time and at most
``per_host`` at once on one host, and keeps the result (LinkCheck). A redirect is not
followed: it is reported with where it leads, for an editor to update the link. The
admin shows a link known to be broken beside the text that holds it, and saving such a
text warns.
"""

import concurrent.futures
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import ngettext

from editorial.models import LinkCheck

# An http(s) address in Markdown or plain text: up to a space, a quote, an angle bracket or
# the bracket closing a Markdown link. A full stop or comma that ends a sentence is not part.
URL = re.compile(r"https?://[^\s<>\"'\])]+")
TRAILING = ".,;:!?。，；：！？"
USER_AGENT = "social-security-portal link checker"


def urls_in(*texts: str) -> set[str]:
    found = set()
    for text in texts:
        for match in URL.findall(text or ""):
            found.add(match.rstrip(TRAILING))
    return found


def known_broken(urls) -> list[LinkCheck]:
    """Of `urls`, those the last check found not working (one query)."""
    if not urls:
        return []
    return list(LinkCheck.objects.filter(url__in=list(urls)).exclude(result=LinkCheck.Result.OK))


def warn_if_broken(request, *texts: str) -> None:
    """Saving text with a link the last check found not working says so, in the admin."""
    broken = known_broken(urls_in(*texts))
    if broken:
        messages.warning(
            request,
            ngettext(
                "Saved, but this links to an address the last link check found not working: "
                "%(links)s.",
                "Saved, but this links to addresses the last link check found not working: "
                "%(links)s.",
                len(broken),
            )
            % {"links": ", ".join(f"{link.url} ({link.get_result_display()})" for link in broken)},
        )


@dataclass
class Result:
    url: str
    result: str
    status_code: int | None = None
    moved_to: str = ""
    error: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # reported, not followed


_opener = urllib.request.build_opener(_NoRedirects)


def check_one(url: str, *, timeout: float) -> Result:
    """HEAD, then GET where a server refuses HEAD; no redirect followed."""
    if not url.startswith(("http://", "https://")):
        return Result(url, LinkCheck.Result.UNREACHABLE, error="not an http(s) link")
    for method in ("HEAD", "GET"):
        # Only http(s), as checked above.
        request = urllib.request.Request(  # noqa: S310
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with _opener.open(request, timeout=timeout) as response:
                return Result(url, LinkCheck.Result.OK, response.status)
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                location = exc.headers.get("Location", "")
                moved = urllib.parse.urljoin(url, location) if location else ""
                return Result(url, LinkCheck.Result.REDIRECT, exc.code, moved_to=moved[:2000])
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers answer only GET
            return Result(url, LinkCheck.Result.BROKEN, exc.code)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Result(url, LinkCheck.Result.UNREACHABLE, error=str(reason)[:300])
    return Result(url, LinkCheck.Result.BROKEN)


def check(urls, *, timeout: float = 10, concurrency: int = 4, per_host: int = 2) -> list[Result]:
    """Check every url, `concurrency` at a time and at most `per_host` at once per host."""
    host_limits: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(per_host))
    lock = threading.Lock()

    def limited(url: str) -> Result:
        host = (urlsplit(url).hostname or "").lower()
        with lock:
            semaphore = host_limits[host]
        with semaphore:
            return check_one(url, timeout=timeout)

    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(limited, sorted(urls)))


def record(results: list[Result], found_in: dict[str, list[dict]]) -> None:
    """Keep each result, and forget links the content no longer holds."""
    now = timezone.now()
    for result in results:
        LinkCheck.objects.update_or_create(
            url=result.url,
            defaults={
                "result": result.result,
                "status_code": result.status_code,
                "moved_to": result.moved_to,
                "error": result.error,
                "checked_at": now,
                "found_in": found_in.get(result.url, []),
            },
        )
    LinkCheck.objects.exclude(url__in=[result.url for result in results]).delete()

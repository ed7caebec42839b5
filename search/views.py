"""The search page: guides, their steps, local rules and the law, in English or Chinese."""

import math
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from portal.cache import lazily
from regions.models import Region
from regions.views import find_region
from search import backends
from search.forms import KINDS, SearchForm
from search.models import Entry
from search.text import query_words

PER_PAGE = 10
SNIPPET_LENGTH = 220


@dataclass
class Result:
    entry: Entry
    snippet: SafeString
    # A passage of its unofficial translation, in its own element and language: on English
    # pages, and on Chinese ones where the words searched are found in it.
    translation: SafeString | None = None


@dataclass
class Page:
    number: int
    count: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1


def found_in(text: str, words: list[str]) -> bool:
    folded = text.casefold()
    return any(word.casefold() in folded for word in words)


def result(entry: Entry, words: list[str]) -> Result:
    translation = None
    if entry.translation and (get_language() == "en" or found_in(entry.translation, words)):
        translation = snippet(entry.translation, words)
    return Result(entry, snippet(entry.body, words), translation)


def snippet(text: str, words: list[str]) -> SafeString:
    """A passage of `text` around the first word found, the words marked, all escaped."""
    if not words:
        return mark_safe(escape(text[:SNIPPET_LENGTH]))  # noqa: S308 - escaped
    pattern = re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    found = pattern.search(text)
    start = max(0, found.start() - SNIPPET_LENGTH // 3) if found else 0
    passage = text[start : start + SNIPPET_LENGTH]
    parts, last = [], 0
    for match in pattern.finditer(passage):
        parts.append(escape(passage[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(passage[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped


class Results:
    """One page of results for the words searched, found only when the page's results are
    not already in the fragment cache."""

    def __init__(self, words: list[str], kind: str, region: Region | None, number: int):
        self.words = words
        self.kind = kind
        self.region = region
        self.number = number

    @cached_property
    def _found(self) -> tuple[list[Result], Page]:
        if not self.words:
            return [], Page(number=self.number, count=0)
        ids, total = backends.find(
            self.words,
            kinds=KINDS[self.kind][1],
            regions=[link.code for link in self.region.chain] if self.region else [],
            limit=PER_PAGE,
            offset=(self.number - 1) * PER_PAGE,
        )
        entries = Entry.objects.in_bulk(ids)
        results = [result(entries[pk], self.words) for pk in ids]
        return results, Page(number=self.number, count=total)

    @property
    def results(self) -> list[Result]:
        return self._found[0]

    @property
    def page(self) -> Page:
        return self._found[1]


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # every field is optional; anything malformed counts as not given
    data = {name: form.cleaned_data.get(name) for name in ("q", "kind", "region", "page")}
    query = data["q"] or ""
    words = query_words(query)
    region = find_region(data["region"]) if data["region"] else None
    kind = data["kind"] if data["kind"] in KINDS else ""
    number = data["page"] or 1
    # The same search of every kind, as the |urlencode filter would write it.
    everything_url = f"?q={quote(query, safe='/')}" + (f"&region={region.path}" if region else "")
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "searched": bool(words),
            "ignored": bool(query) and not words,
            **lazily(Results(words, kind, region, number), "results", "page"),
            "number": number,
            "kind": kind,
            "everything_url": everything_url,
            "kinds": [(value, label) for value, (label, _) in KINDS.items()],
            "region": region,
            "breadcrumbs": [(gettext("Home"), reverse("guides:home")), (gettext("Search"), None)],
        },
    )

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
from search import backends, spelling
from search.forms import KINDS, SearchForm
from search.models import Entry
from search.query import Query, marked_words, understand
from search.text import CJK

PER_PAGE = 10
SNIPPET_LENGTH = 220
# Offered after a search that found nothing, in both languages, where they find something.
SUGGESTIONS = [
    ("late fee", "滞纳金"),
    ("flexible worker", "灵活就业人员"),
    ("contribution base", "缴费基数"),
]


@dataclass
class Result:
    entry: Entry
    snippet: SafeString
    # A passage of its unofficial translation, in its own element and language: on English
    # pages, and on Chinese ones where the words searched are found in it.
    translation: SafeString | None = None
    url: str = ""


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


def result(entry: Entry, words: list[str], region: Region | None = None) -> Result:
    translation = None
    if entry.translation and (get_language() == "en" or found_in(entry.translation, words)):
        translation = snippet(entry.translation, words)
    url = entry.url
    if region is not None and entry.kind in (Entry.Kind.GUIDE, Entry.Kind.STEP):
        page, hash_, anchor = url.partition("#")  # the guide as it reads in the region
        url = f"{page}{region.path}/{hash_}{anchor}"
    return Result(entry, snippet(entry.body, words), translation, url)


# Where a snippet may start or end: after a sentence's or a clause's punctuation, or at a
# space between words. Chinese has no spaces; any character boundary there is between
# words or inside one, so its punctuation is preferred and, failing that, a character.
SENTENCE_END = re.compile(r"[。！？；.!?;]\s*|\n")
CLAUSE_END = re.compile(r"[，、,：:]\s*")


def _word_start(text: str, at: int) -> int:
    """`at`, moved back to the start of the Latin word or number it is inside, if any."""
    while (
        0 < at < len(text)
        and text[at - 1].isascii()
        and text[at - 1].isalnum()
        and (text[at].isascii() and text[at].isalnum())
    ):
        at -= 1
    return at


def _start(text: str, at: int) -> int:
    """Where a passage showing the word at `at` begins: the sentence's start if it is near,
    else a clause's, else the start of a word, never in the middle of one."""
    earliest = max(0, at - SNIPPET_LENGTH // 2)
    for boundary in (SENTENCE_END, CLAUSE_END):
        ends = [match.end() for match in boundary.finditer(text, earliest, at)]
        if ends:
            return ends[-1]
    if earliest == 0:
        return 0
    space = text.find(" ", earliest, at)
    if space != -1:
        return space + 1
    return _word_start(text, earliest) if CJK.search(text[earliest:at]) else at


def _end(text: str, start: int) -> int:
    """Where a passage from `start` ends: at a sentence's end within the length, else a
    clause's or a space, never in the middle of a word."""
    limit = start + SNIPPET_LENGTH
    if limit >= len(text):
        return len(text)
    for boundary in (SENTENCE_END, CLAUSE_END):
        ends = [
            match.end() for match in boundary.finditer(text, start + SNIPPET_LENGTH // 2, limit)
        ]
        if ends:
            return ends[-1]
    space = text.rfind(" ", start, limit)
    if space > start:
        return space
    if CJK.search(text[start:limit]):
        return _word_start(text, limit) or limit
    return limit  # one word longer than a snippet


def snippet(text: str, words: list[str]) -> SafeString:
    """A passage of `text` around the first word found, cut where a sentence, a clause or a
    word ends, the words marked, all escaped."""
    text = text.strip()
    pattern = words and re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    found = pattern.search(text) if pattern else None
    start = _start(text, found.start()) if found else 0
    end = _end(text, start)
    passage = text[start:end].strip()
    parts, last = [], 0
    for match in pattern.finditer(passage) if pattern else []:
        parts.append(escape(passage[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(passage[last:]))
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) and not SENTENCE_END.match(text, end - 1) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped


class Results:
    """One page of results for the query, found only when the page's results are not
    already in the fragment cache. Where nothing is found and a word looks misspelt, the
    results are those of the nearest indexed words instead, and say so."""

    def __init__(self, query: Query, kind: str, region: Region | None, number: int):
        self.query = query
        self.kind = kind
        self.region = region
        self.number = number

    def _find(self, groups: list) -> tuple[list[int], int]:
        return backends.find(
            groups,
            kinds=KINDS[self.kind][1],
            regions=[link.code for link in self.region.chain] if self.region else [],
            limit=PER_PAGE,
            offset=(self.number - 1) * PER_PAGE,
        )

    @cached_property
    def _found(self) -> tuple[list[Result], Page, str]:
        if not self.query:
            return [], Page(number=self.number, count=0), ""
        groups, corrected = self.query.groups, ""
        ids, total = self._find(groups)
        if not total and (fixed := spelling.corrected(groups)):
            corrected_ids, corrected_total = self._find(fixed[0])
            if corrected_total:
                ids, total, groups, corrected = corrected_ids, corrected_total, *fixed
        if not total:
            spelling.record_missed(self.query.text)
        entries = Entry.objects.in_bulk(ids)
        marked = marked_words(groups)
        results = [result(entries[pk], marked, self.region) for pk in ids]
        return results, Page(number=self.number, count=total), corrected

    @property
    def results(self) -> list[Result]:
        return self._found[0]

    @property
    def page(self) -> Page:
        return self._found[1]

    @property
    def corrected(self) -> str:
        """The words searched instead of a misspelt query ("payment method"), if any."""
        return self._found[2]

    @property
    def suggestions(self) -> list[tuple[str, str]]:
        """Searches to try after finding nothing, each of which finds something here."""
        found = []
        for english, chinese in SUGGESTIONS:
            if all(self._count(words) for words in (english, chinese)):
                found.append((english, chinese))
        return found

    def _count(self, text: str) -> int:
        return backends.find(understand(text).groups, kinds=KINDS[""][1], regions=[],
                             limit=1, offset=0)[1]  # fmt: skip


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # every field is optional; anything malformed counts as not given
    data = {name: form.cleaned_data.get(name) for name in ("q", "kind", "region", "page")}
    text = data["q"] or ""
    query = understand(text)
    chosen = find_region(data["region"]) if data["region"] else None
    # A place named in the query narrows to its rules, unless a region was chosen.
    region = chosen or query.place
    kind = data["kind"] if data["kind"] in KINDS else ""
    number = data["page"] or 1
    # The same search of every kind, as the |urlencode filter would write it.
    everything_url = f"?q={quote(text, safe='/')}" + (f"&region={region.path}" if chosen else "")
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": text,
            "searched": bool(query),
            "ignored": bool(text) and not query,
            **lazily(
                Results(query, kind, region, number), "results", "page", "corrected", "suggestions"
            ),
            "number": number,
            "kind": kind,
            "everything_url": everything_url,
            "kinds": [(value, label) for value, (label, _) in KINDS.items()],
            "region": region,
            "region_chosen": chosen is not None,
            "named_place": query.place if chosen is None else None,
            "without_place": query.without_place,
            "breadcrumbs": [(gettext("Home"), reverse("guides:home")), (gettext("Search"), None)],
        },
    )

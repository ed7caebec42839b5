"""Searches that find nothing: a misspelt word read as the nearest word the index has, and
the query kept, without anything personal, for editors to see what people miss."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from search import backends
from search.models import MissedSearch, Term

# A word too short to tell a misspelling from another word.
SHORTEST_CORRECTED = 4
# Things a search box may be given that say who someone is: long numbers (identity cards,
# phone and account numbers, in any digits), e-mail addresses.
PERSONAL = re.compile(r"\S+@\S+|[\d\uff10-\uff19][\d\uff10-\uff19\s-]{4,}[\d\uff10-\uff19]|\d{5,}")
MOST_KEPT = 5000  # distinct missed searches kept; then only those already kept are counted


def corrected(groups: list) -> tuple[list, str] | None:
    """The groups with each unknown Latin word replaced by the nearest indexed one, and
    the words searched instead; None if no word needed or found a replacement."""
    changed, fixed, said = False, [], []
    terms = Term.objects.all()
    for group in groups:
        if len(group) == 1 and len(group[0]) == 1 and _may_be_misspelt(group[0][0], terms):
            word = backends.closest_word(group[0][0], terms)
            if word:
                changed = True
                fixed.append([[word]])
                said.append(word)
                continue
        fixed.append(group)
        said.append(" ".join(group[0]))
    return (fixed, " ".join(said)) if changed else None


def _may_be_misspelt(word: str, terms) -> bool:
    return (
        len(word) >= SHORTEST_CORRECTED
        and word.isascii()
        and word.isalpha()
        and not terms.filter(word=word).exists()
    )


def without_personal_data(text: str) -> str:
    return " ".join(PERSONAL.sub("…", text).split())[:200]


def record_missed(text: str) -> None:
    """Count a search that found nothing (its results are worked out once while its page
    is kept, so a search repeated meanwhile counts once)."""
    query = without_personal_data(text)
    if not query:
        return
    language = get_language() or "en"
    today = timezone.localdate()
    kept = MissedSearch.objects.filter(query=query, language=language)
    if kept.update(times=F("times") + 1, last_searched=today):
        return
    if MissedSearch.objects.count() >= MOST_KEPT:
        return
    try:
        with transaction.atomic():
            MissedSearch.objects.create(
                query=query, language=language, first_searched=today, last_searched=today
            )
    except IntegrityError:  # the same search, recorded by another request meanwhile
        kept.update(times=F("times") + 1, last_searched=today)

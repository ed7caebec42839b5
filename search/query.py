"""What a search asks for, in the content's words.

People type 社保 where the law says 社会保险, "late fee" where the guides say 滞纳金, and
"深圳 社保" to mean Shenzhen's rules. So a query is read in three passes:

1. the editors' synonyms (search.models.Synonym): each term found in the query becomes a
   choice between it and the words it means;
2. a place named in it (a province, a city, or one of the districts the regions app
   knows) is taken out of the words and becomes the region to narrow to;
3. every other word must be found.

A query is then a list of groups, all of which must match; a group is a list of
alternatives, any of which may; an alternative is a list of words, all of which must
(search.backends turns this into each database's own query language).
"""

import re
from dataclasses import dataclass, field

import rjieba

from portal.cache import cached_object
from regions.forms import all_regions, find_regions, known_districts
from regions.models import Region
from search.text import CJK, MAX_QUERY_WORDS, STOP_WORDS, WORD_CHARACTERS, words

Alternative = list[str]
Group = list[Alternative]


@dataclass
class Query:
    text: str
    groups: list[Group]
    place: Region | None = None
    place_words: list[str] = field(default_factory=list)

    @property
    def without_place(self) -> str:
        """The query with the place's name taken out: the same search, everywhere."""
        text = self.text
        for word in self.place_words:
            text = re.sub(re.escape(word), " ", text, flags=re.IGNORECASE)
        return " ".join(text.split())

    def __bool__(self) -> bool:
        return bool(self.groups)


def marked_words(groups: list[Group]) -> list[str]:
    """Every word the groups look for, the longest first: what a snippet marks."""
    found = {word for group in groups for alternative in group for word in alternative}
    return sorted(found, key=lambda word: (-len(word), word))


def tokens(text: str) -> list[str]:
    """`text` as whole words, lower-cased: Chinese cut into its words (深圳社保: 深圳, 社保),
    not yet into their parts, so that 滞纳 is not found inside 滞纳金."""
    found = []
    for run in WORD_CHARACTERS.findall(text.casefold()):
        found.extend(rjieba.cut(run) if CJK.search(run) else [run])
    return [token for token in found if token.strip()]


def synonyms() -> list[tuple[list[str], list[str]]]:
    """Each synonym's term (as tokens) and what it means, the longest terms first (社保卡
    before 社保); kept until content changes."""
    from search.models import Synonym

    def build() -> list[tuple[list[str], list[str]]]:
        found = [(tokens(s.term), s.meanings()) for s in Synonym.objects.all()]
        return sorted(((term, means) for term, means in found if term),
                      key=lambda pair: (-len("".join(pair[0])), pair[0]))  # fmt: skip

    return cached_object("search-synonyms", build=build)


def _take(rest: list[str], term: list[str]) -> bool:
    """Take the term's tokens out of `rest` where they follow each other; True if found."""
    for start in range(len(rest) - len(term) + 1):
        if rest[start : start + len(term)] == term:
            del rest[start : start + len(term)]
            return True
    return False


def _meaningful(found: list[str]) -> list[str]:
    """The words without those a query does without ("how", 怎么)."""
    return [word for word in found if word not in STOP_WORDS]


def _place(word: str, regions: list[Region]) -> Region | None:
    """The one region `word` names, if it names exactly one (吉林 names a province and a
    city: neither is chosen for the reader)."""
    if len(word) < 2 or word.isdigit():
        return None
    found = find_regions(word, regions, known_districts())
    return found[0] if len(found) == 1 else None


def understand(text: str) -> Query:
    rest = tokens(text)
    groups: list[Group] = []
    for term, means in synonyms():
        if _take(rest, term):
            alternatives = [words(" ".join(term)), *(words(meaning) for meaning in means)]
            alternatives = [_meaningful(alternative) for alternative in alternatives]
            groups.append([alternative for alternative in alternatives if alternative])
    place, place_words, plain = None, [], []
    regions = all_regions()
    for token in dict.fromkeys(rest):
        found = _place(token, regions)
        if found is not None and (place is None or found.parent_id == place.code):
            place = found  # a city of the province already named is nearer
            place_words.append(token)
        elif found is not None and place is not None and place.parent_id == found.code:
            place_words.append(token)  # the province of the city already named
        else:
            plain.extend(words(token))  # with a Chinese word's parts (灵活就业: 灵活, 就业)
    # Words a query does without are kept only if nothing else is asked ("how").
    kept = _meaningful(plain) or ([] if groups or place_words else plain)
    groups += [[[word]] for word in dict.fromkeys(kept)]
    if not groups and place_words:
        groups = [[[word]] for word in place_words]  # only a place: its own entries
    return Query(text=text, groups=groups[:MAX_QUERY_WORDS], place=place, place_words=place_words)

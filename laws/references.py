"""References in the law's text to its other articles and to other statutes, made links.

本法第六十三条, 本条例第十条, 第十条第二款, 本条第二款, 前款, 前两款, 第八十六条至第八十八条 and
《中华人民共和国社会保险法》第四十一条 are found when a page shows the text, not at import: the
words stay exactly as imported, and a statute imported later turns earlier references to it
into links with nothing imported again. A reference whose target is not held here (another
statute, an article that does not exist, 前款 in a first paragraph) stays plain text and is
listed by ``unresolved()`` for editors (``manage.py law_references``).
"""

import datetime
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from laws.models import Paragraph, Wording
from laws.parsing import chinese_numeral, to_chinese_numeral
from portal.cache import cached_object

NUMBER = "[零一二三四五六七八九十百]+"
REFERENCE = re.compile(
    rf"《(?P<title>[^》]+)》(?:第(?P<named_article>{NUMBER})条"
    rf"(?:至第(?P<named_last>{NUMBER})条|第(?P<named_paragraph>{NUMBER})款)?)?"
    rf"|(?P<own>本法|本条例)?第(?P<article>{NUMBER})条"
    rf"(?:至第(?P<last>{NUMBER})条|第(?P<paragraph>{NUMBER})款)?"
    rf"|本条第(?P<this_paragraph>{NUMBER})款"
    rf"|前(?P<count>两|二|三)?款"
)
# Words joining a reference to the one before it, which names the same statute:
# 《中华人民共和国社会保险法》第八十六条、第八十八条; 劳动法第十条和第十二条.
JOINED = {"至", "、", "，", "和", "或者", "及", "以及"}
COUNTS = {None: 1, "两": 2, "二": 2, "三": 3}


@dataclass(frozen=True)
class Target:
    statute: str  # slug
    article: int | None = None
    paragraph: int | None = None


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    text: str
    target: Target | None  # None: not held here


@dataclass(frozen=True)
class Held:
    """What references can point at: statutes by title, and each one's paragraphs."""

    by_title: dict[str, str]  # title_zh → slug
    paragraphs: frozenset[tuple[str, int, int]]  # (slug, article, paragraph)

    def has(self, target: Target) -> bool:
        if target.article is None:
            return target.statute in self.by_title.values()
        return (target.statute, target.article, target.paragraph or 1) in self.paragraphs


def held() -> Held:
    """Kept for the content's generation: one query, then none."""

    def build() -> Held:
        rows = Paragraph.objects.values_list(
            "article__statute__slug", "article__statute__title_zh", "article__number", "number"
        )
        rows = list(rows)
        return Held(
            by_title={title: slug for slug, title, _, _ in rows},
            paragraphs=frozenset((slug, article, number) for slug, _, article, number in rows),
        )

    return cached_object("law-references-held", build=build)


def find(text: str, *, statute: str, article: int, paragraph: int, known: Held) -> list[Reference]:
    """The references in one paragraph's text (`statute`'s `article`, `paragraph`)."""
    found = []
    previous: tuple[int, str | None] | None = None  # where the last ended, and whose it was
    for match in REFERENCE.finditer(text):
        joined = previous is not None and text[previous[0] : match.start()] in JOINED
        try:
            parts, whose = _read(match, text, statute, article, paragraph, known, previous, joined)
        except ValueError:  # 第零条: no number a statute uses
            parts, whose = [(match.start(), match.end(), None)], None
        for start, end, target in parts:
            if target is not None and not known.has(target):
                target = None
            found.append(Reference(start, end, text[start:end], target))
        previous = (match.end(), whose)
    return found


def _read(match, text, statute, article, paragraph, known, previous, joined):
    """What one match refers to: its parts as (start, end, target), and the statute it
    names (None: one not held here)."""
    groups = match.groupdict()
    whole = (match.start(), match.end())
    if groups["title"] is not None:
        slug = known.by_title.get(groups["title"])
        if slug is None:
            return [(*whole, None)], None
        if groups["named_last"] is not None:
            return _range(match, slug, groups["named_article"], groups["named_last"]), slug
        target = _target(slug, groups["named_article"], groups["named_paragraph"])
        return [(*whole, target)], slug
    if groups["article"] is not None:
        # 第十条 alone is this statute's; after another's name (劳动法第十条) it is not, and
        # joined to a reference (…第十条、第十二条) it is that one's statute.
        if groups["own"]:
            whose = statute
        elif joined:
            whose = previous[1]
        else:
            whose = None if match.start() and text[match.start() - 1] in "法例" else statute
        if whose is None:
            return [(*whole, None)], None
        if groups["last"] is not None:
            return _range(match, whose, groups["article"], groups["last"]), whose
        return [(*whole, _target(whose, groups["article"], groups["paragraph"]))], whose
    if groups["this_paragraph"] is not None:
        return [(*whole, Target(statute, article, chinese_numeral(groups["this_paragraph"])))], (
            statute
        )
    first = paragraph - COUNTS[groups["count"]]  # 前款, 前两款: the paragraph(s) before
    return [(*whole, Target(statute, article, first) if first >= 1 else None)], statute


def _range(match, statute: str, first: str, last: str) -> list:
    """第八十六条至第八十八条: each end its own link, split at 至."""
    cut = match.start() + match.group().index("至")
    return [
        (match.start(), cut, _target(statute, first, None)),
        (cut + 1, match.end(), _target(statute, last, None)),
    ]


def _target(statute: str, article: str | None, paragraph: str | None) -> Target:
    return Target(
        statute,
        chinese_numeral(article) if article else None,
        chinese_numeral(paragraph) if paragraph else None,
    )


def address(target: Target, on: datetime.date | None = None) -> str:
    """The target's page, as in force on `on` if the page being read is dated."""
    if target.article is None:
        name, kwargs = "laws:statute", {"statute": target.statute}
    else:
        name, kwargs = "laws:article", {"statute": target.statute, "number": target.article}
    if on is not None:
        name, kwargs = f"{name}_on", {**kwargs, "on": on}
    url = reverse(name, kwargs=kwargs)
    return f"{url}#p{target.paragraph}" if target.paragraph else url


def linked(
    text: str,
    *,
    statute: str,
    article: int,
    paragraph: int,
    known: Held,
    on: datetime.date | None = None,
) -> SafeString:
    """`text`, escaped, with each reference held here (`known`) a link."""
    pieces, last = [], 0
    for reference in find(text, statute=statute, article=article, paragraph=paragraph, known=known):
        if reference.target is None:
            continue
        pieces.append(escape(text[last : reference.start]))
        pieces.append(
            f'<a class="c-law-ref" href="{escape(address(reference.target, on))}">'
            f"{escape(reference.text)}</a>"
        )
        last = reference.end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped


def _current(on: datetime.date):
    return Wording.objects.in_force(on=on).select_related("paragraph__article__statute")


def unresolved(on: datetime.date) -> list[tuple[Wording, Reference]]:
    """Every reference in the text in force on `on` that is not a link, for editors."""
    known = held()
    return [
        (wording, reference)
        for wording in _current(on).order_by(
            "paragraph__article__statute__slug", "paragraph__article__number", "paragraph__number"
        )
        for reference in _references_of(wording, known)
        if reference.target is None
    ]


def referring_to(statute: str, article: int, on: datetime.date) -> list[tuple[Wording, Target]]:
    """The paragraphs in force on `on` whose text refers to `statute`'s `article`: read
    from those that name its number (六十三条), then each one's references."""
    known = held()
    naming = _current(on).filter(text_zh__contains=f"{to_chinese_numeral(article)}条")
    return [
        (wording, reference.target)
        for wording in naming.order_by(
            "paragraph__article__statute__slug", "paragraph__article__number", "paragraph__number"
        )
        for reference in _references_of(wording, known)
        if reference.target is not None
        and (reference.target.statute, reference.target.article) == (statute, article)
        and not _within(wording, statute, article)
    ]


def _within(wording: Wording, statute: str, article: int) -> bool:
    here = wording.paragraph.article
    return (here.statute.slug, here.number) == (statute, article)


def _references_of(wording: Wording, known: Held) -> list[Reference]:
    article = wording.paragraph.article
    return find(
        wording.text_zh,
        statute=article.statute.slug,
        article=article.number,
        paragraph=wording.paragraph.number,
        known=known,
    )

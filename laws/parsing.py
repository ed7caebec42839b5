"""Reading statute source files into plain data, with errors that name the line.

The consolidated text format (LawRefBook/Laws, copied from the NPC database):

    # 中华人民共和国社会保险法
    <history lines>
    <!-- INFO END -->
    ## 第一章 总则
    第一条 <first paragraph>
    <further paragraphs, separated by blank lines; items start with （一）>

Nothing here touches the database; laws.services turns the result into records.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

NUMERAL = "零一二三四五六七八九十百"
CHAPTER_RE = re.compile(rf"^## (第([{NUMERAL}]+)章)\s+(\S.*)$")
ARTICLE_RE = re.compile(rf"^(第([{NUMERAL}]+)条)[ \u3000]+(\S.*)$")
ITEM_RE = re.compile(rf"^（[{NUMERAL}]+）")
INFO_END = "<!-- INFO END -->"


class StatuteFormatError(ValueError):
    """A source file that does not follow the format; the message names where."""


def _at(name: str, line: int, message: str) -> str:
    """A message about a source file, naming the file and the line."""
    # Translators: a source file's name, a line number in it, and what is wrong there.
    return gettext("%(file)s, line %(line)s: %(message)s") % {
        "file": name,
        "line": line,
        "message": message,
    }


def chinese_numeral(text: str) -> int:
    """Read a Chinese numeral as written in law headings: 十二 → 12, 一百零五 → 105.

    Only the small forms headings use (up to 999); anything else is an error.
    """
    digits = {ch: value for value, ch in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100}
    total = current = 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            raise ValueError(_not_a_numeral(text))
    total += current
    if not text or total == 0:
        raise ValueError(_not_a_numeral(text))
    return total


def to_chinese_numeral(number: int) -> str:
    """A number as law headings write it: 12 → 十二, 105 → 一百零五, 110 → 一百一十."""
    digits = "零一二三四五六七八九"
    if not 0 < number < 1000:
        raise ValueError(number)
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        text += f"{digits[tens]}十" if hundreds or tens > 1 else "十"
    elif hundreds and units:
        text += "零"
    return text + (digits[units] if units else "")


def _not_a_numeral(text: str) -> str:
    return gettext("%(text)s is not a Chinese numeral") % {"text": repr(text)}


@dataclass
class ParsedArticle:
    number: int
    label_zh: str
    line: int
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ParsedChapter:
    number: int
    label_zh: str
    title_zh: str
    line: int
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedStatute:
    title_zh: str
    history_zh: list[str]
    chapters: list[ParsedChapter]

    @property
    def articles(self) -> list[ParsedArticle]:
        return [article for chapter in self.chapters for article in chapter.articles]


def parse_consolidated(text: str, *, name: str = "text") -> ParsedStatute:
    lines = text.splitlines()

    def fail(number: int, message: str) -> None:
        raise StatuteFormatError(_at(name, number, message))

    if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
        fail(1, gettext("expected the title as '# <title>'"))
    title = lines[0][2:].strip()
    try:
        info_end = lines.index(INFO_END)
    except ValueError:
        fail(len(lines), gettext("no '%(marker)s' line after the history") % {"marker": INFO_END})
    history = [line.strip() for line in lines[1:info_end] if line.strip()]

    chapters: list[ParsedChapter] = []
    article: ParsedArticle | None = None
    new_paragraph = True  # a blank line was seen since the last text line
    for number, raw in enumerate(lines[info_end + 1 :], start=info_end + 2):
        line = raw.strip()
        if not line:
            new_paragraph = True
            continue
        if line.startswith("#"):
            match = CHAPTER_RE.match(line)
            if not match:
                fail(
                    number,
                    gettext("unexpected heading %(heading)s; expected '## 第N章 <title>'")
                    % {"heading": repr(line)},
                )
            chapter_number = chinese_numeral(match[2])
            if chapter_number != len(chapters) + 1:
                fail(
                    number,
                    gettext("chapter %(number)s follows chapter %(previous)s")
                    % {"number": chapter_number, "previous": len(chapters)},
                )
            chapters.append(ParsedChapter(chapter_number, match[1], match[3].strip(), number))
            article = None
            continue
        match = ARTICLE_RE.match(line)
        if match:
            if not chapters:
                fail(number, gettext("an article before the first chapter heading"))
            try:
                article_number = chinese_numeral(match[2])
            except ValueError:
                fail(
                    number,
                    gettext("cannot read the article number in %(label)s")
                    % {"label": repr(match[1])},
                )
            previous = article.number if article else _last_article_number(chapters)
            if article_number != previous + 1:
                fail(
                    number,
                    gettext("article %(number)s follows article %(previous)s")
                    % {"number": article_number, "previous": previous},
                )
            article = ParsedArticle(article_number, match[1], number, [match[3].strip()])
            chapters[-1].articles.append(article)
            new_paragraph = False
            continue
        if article is None:
            fail(number, gettext("text outside an article"))
        if ITEM_RE.match(line) or not new_paragraph:
            # An item (项) belongs to the paragraph (款) that introduces it.
            article.paragraphs[-1] += "\n" + line
        else:
            article.paragraphs.append(line)
        new_paragraph = False
    if not chapters:
        fail(len(lines), gettext("no chapters found"))
    for chapter in chapters:
        if not chapter.articles:
            fail(
                chapter.line,
                gettext("chapter %(number)s has no articles") % {"number": chapter.number},
            )
    return ParsedStatute(title, history, chapters)


def _last_article_number(chapters: list[ParsedChapter]) -> int:
    for chapter in reversed(chapters):
        if chapter.articles:
            return chapter.articles[-1].number
    return 0


@dataclass
class ParsedChange:
    article: int
    paragraph: int
    before: str
    after: str


@dataclass
class ParsedAmendment:
    date: datetime.date
    in_force_from: datetime.date
    title_zh: str
    adopted_by: str
    changes: list[ParsedChange]
    statute: dict


def parse_amendment(text: str, *, name: str = "amendment") -> ParsedAmendment:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = gettext("not valid JSON (%(error)s)") % {"error": exc.msg}
        raise StatuteFormatError(_at(name, exc.lineno, message)) from exc

    def field(mapping, key: str, convert=str):
        try:
            return convert(mapping[key])
        except KeyError:
            message = gettext("missing field '%(field)s'") % {"field": key}
            raise StatuteFormatError(_at(name, _line_of(text, key), message)) from None
        except (TypeError, ValueError) as exc:
            message = gettext("invalid field '%(field)s' (%(error)s)") % {
                "field": key,
                "error": exc,
            }
            raise StatuteFormatError(_at(name, _line_of(text, key), message)) from None

    if not isinstance(data, dict):
        raise StatuteFormatError(_at(name, 1, gettext("expected a JSON object")))
    meta = field(data, "amendment", dict)
    changes = [
        ParsedChange(
            article=field(change, "article", int),
            paragraph=field(change, "paragraph", int),
            before=field(change, "before").strip(),
            after=field(change, "after").strip(),
        )
        for change in field(data, "changed_paragraphs", list)
    ]
    return ParsedAmendment(
        date=field(meta, "date", datetime.date.fromisoformat),
        in_force_from=field(meta, "in_force_from", datetime.date.fromisoformat),
        title_zh=field(meta, "title_zh"),
        adopted_by=meta.get("adopted_by", ""),
        changes=changes,
        statute=data.get("statute", {}),
    )


@dataclass
class Manifest:
    """A statute's package (``statute.json``): its files, what is known about it, and the
    provenance. A new statute needs a new manifest, never new code."""

    slug: str
    text: str
    amendments: list[str]
    statute: dict  # title_en, kind, issued_by_*, number_*, dates, official_url (see below)
    source: str
    source_zh: str
    translations: dict | None


STATUTE_DATES = ("adopted", "in_force_from", "wording_held_from")
STATUTE_TEXTS = ("title_en", "kind", "issued_by_zh", "issued_by_en", "number_zh", "number_en",
                 "adopted_by", "official_url")  # fmt: skip


def parse_manifest(text: str, *, name: str = "statute.json", kinds=()) -> Manifest:
    """Read a statute's manifest, refusing (with the line) anything malformed: dates are
    ISO dates, `kind` one of `kinds`, texts are text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = gettext("not valid JSON (%(error)s)") % {"error": exc.msg}
        raise StatuteFormatError(_at(name, exc.lineno, message)) from exc
    if not isinstance(data, dict):
        raise StatuteFormatError(_at(name, 1, gettext("expected a JSON object")))

    def fail(key: str, message: str):
        raise StatuteFormatError(_at(name, _line_of(text, key), message))

    for key in ("slug", "text", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            fail(key, gettext("missing field '%(field)s'") % {"field": key})
    statute = data.get("statute", {})
    if not isinstance(statute, dict):
        fail("statute", gettext("expected a JSON object"))
    for key, value in statute.items():
        if key in STATUTE_DATES:
            try:
                datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                fail(key, gettext("invalid field '%(field)s' (%(error)s)")
                     % {"field": key, "error": gettext("not a date: YYYY-MM-DD")})  # fmt: skip
        elif key in STATUTE_TEXTS:
            if not isinstance(value, str):
                fail(key, gettext("invalid field '%(field)s' (%(error)s)")
                     % {"field": key, "error": gettext("not text")})  # fmt: skip
        else:
            fail(key, gettext("unknown field '%(field)s'") % {"field": key})
    if kinds and statute.get("kind", kinds[0]) not in kinds:
        fail("kind", gettext("invalid field '%(field)s' (%(error)s)")
             % {"field": "kind", "error": ", ".join(kinds)})  # fmt: skip
    amendments = data.get("amendments", [])
    if not isinstance(amendments, list) or not all(isinstance(a, str) for a in amendments):
        fail("amendments", gettext("expected a list of file names"))
    return Manifest(
        slug=data["slug"],
        text=data["text"],
        amendments=amendments,
        statute=statute,
        source=data["source"],
        source_zh=data.get("source_zh", ""),
        translations=data.get("translations"),
    )


def _line_of(text: str, key: str) -> int:
    # Loaded JSON has no line numbers: point at the first mention of the key.
    for number, line in enumerate(text.splitlines(), start=1):
        if f'"{key}"' in line:
            return number
    return 1


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


SEED_ARTICLE_RE = re.compile(r"^Article (\d+) provides that:$")
SEED_STATUTE_LINE = "People's Republic of China (PRC) social insurance law"


def parse_seed_translation(text: str, *, article: int, name: str = "seed") -> list[str]:
    """The English paragraphs the seed page quotes for one article, in order.

    The seed's "Legal basis" section repeats, per article: the statute's name,
    "Article N provides that:", then the article's paragraphs.
    """
    lines = [line.strip() for line in text.splitlines()]
    start = next(
        (
            index
            for index, line in enumerate(lines)
            if (match := SEED_ARTICLE_RE.match(line)) and int(match[1]) == article
        ),
        None,
    )
    if start is None:
        raise StatuteFormatError(
            # Translators: "Article N provides that:" is quoted from the English source file:
            # keep it in English.
            gettext("%(file)s: no 'Article %(article)s provides that:' line")
            % {"file": name, "article": article}
        )
    paragraphs = []
    for line in lines[start + 1 :]:
        if line == SEED_STATUTE_LINE or SEED_ARTICLE_RE.match(line):
            break
        if line:
            paragraphs.append(line)
    if not paragraphs:
        message = gettext("article %(article)s has no text") % {"article": article}
        raise StatuteFormatError(_at(name, start + 1, message))
    return paragraphs

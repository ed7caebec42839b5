"""The one Markdown renderer of the site: editors' Markdown in, safe HTML out.

The admin's live preview (django-markdownx) and the public pages both call
``render``, so what an editor previews is exactly what citizens get.

Python-Markdown recurses once per level of a nested list, and some of what
it reads takes time growing with the square of a paragraph's length: square
brackets left open, links with titles, backticks, raw HTML tags, long runs of
lines. ``check`` refuses text past the bounds below, within which the slowest
text we could craft renders in about a tenth of a second; ``validate_markdown``
puts its reason on the editor's form.
"""

import functools
import logging
import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
    # Words in the other language, marked as such: <span lang="zh-Hans">社会保险法</span>.
    "span": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# A step's text is read on a phone: the longest step of the seed guide has 408
# characters, so 10,000 leaves room for 25 times that and still renders fast.
MAX_LENGTH = 10_000
MAX_LINES = 500
MAX_DEPTH = 10  # lists and quotes in each other; square brackets left open
# Each link, backtick or tag can make the renderer read on to the end of its paragraph.
MAX_LINKS = 50
MAX_BACKTICKS = 100
MAX_TAGS = 100

# One level of a list or a quote at the start of a line: "> ", "- ", "1. ".
_LIST_OR_QUOTE = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")
# Square brackets, escapes (which open and close nothing) and blank lines, which end
# a paragraph.
_BRACKETS = re.compile(r"\\[^\n]|[][]|\n[ \t]*\n")
# What Python's HTML parser, which Python-Markdown runs on the whole text, takes for a tag.
_TAG = re.compile(r"<[A-Za-z/!?]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class MarkdownError(ValueError):
    """Markdown the renderer will not render; the message says why, for the editor."""


def check(text: str) -> None:
    """Raise MarkdownError if the text is past the bounds the renderer is fast within."""
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_LENGTH:
        raise MarkdownError(
            gettext("Keep this text to %(limit)s characters; it has %(count)s.")
            % {"limit": f"{MAX_LENGTH:,}", "count": f"{len(text):,}"}
        )
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise MarkdownError(
            gettext("Keep this text to %(limit)s lines; it has %(count)s.")
            % {"limit": MAX_LINES, "count": len(lines)}
        )
    for number, line in enumerate(lines, 1):
        levels, end = 0, 0
        while found := _LIST_OR_QUOTE.match(line, end):
            levels, end = levels + 1, found.end()
        rest = line[end:]
        prefix = line[: end + len(rest) - len(rest.lstrip(" \t"))]
        # Four columns of indent nest one more level too, past the space after each marker.
        columns = prefix.count(" ") + 4 * prefix.count("\t") - levels
        levels += max(columns, 0) // 4
        if levels > MAX_DEPTH:
            raise MarkdownError(
                gettext(
                    "Line %(line)s nests lists or quotes (or indents) more than %(limit)s "
                    "levels deep."
                )
                % {"line": number, "limit": MAX_DEPTH}
            )
    if (at := _overly_open(text)) is not None:
        number = text.count("\n", 0, at) + 1
        raise MarkdownError(
            gettext(
                "Line %(line)s leaves more than %(limit)s square brackets [ open at once "
                "(one inside `code` closes nothing): close them, or remove the extra ones."
            )
            % {"line": number, "limit": MAX_DEPTH}
        )
    if (links := text.count("](")) > MAX_LINKS:
        raise MarkdownError(
            gettext("Use at most %(limit)s links and images; this text has %(count)s.")
            % {"limit": MAX_LINKS, "count": links}
        )
    if (backticks := text.count("`")) > MAX_BACKTICKS:
        raise MarkdownError(
            gettext("Use at most %(limit)s backticks (`); this text has %(count)s.")
            % {"limit": MAX_BACKTICKS, "count": backticks}
        )
    if (tags := len(_TAG.findall(text))) > MAX_TAGS:
        raise MarkdownError(
            gettext("Use at most %(limit)s HTML tags; this text has %(count)s.")
            % {"limit": MAX_TAGS, "count": tags}
        )


def _overly_open(text: str) -> int | None:
    """Where more than MAX_DEPTH square brackets are first open at once, if anywhere.

    Python-Markdown looks for a link's closing bracket within its paragraph, where
    one escaped or inside `code` closes nothing.
    """
    depth = 0
    code = _code_reach(text, 0)
    for found in _BRACKETS.finditer(text):
        mark, at = found.group(), found.start()
        if mark == "[":
            depth += 1
        elif mark == "]" and not code[0] <= at <= code[1]:
            depth = max(depth - 1, 0)
        elif mark[0] == "\n":  # a blank line: a new paragraph
            depth = 0
            code = _code_reach(text, found.end())
        if depth > MAX_DEPTH:
            return at
    return None


def _code_reach(text: str, start: int) -> tuple[int, int]:
    """From the first backtick to the last of the paragraph at start: where code may be."""
    blank = _BLANK_LINE.search(text, start)
    end = blank.start() if blank else len(text)
    return text.find("`", start, end), text.rfind("`", start, end)


# Validating a text renders it, and saving it renders it again: the second time is
# read from here. Texts are bounded, so 64 of them take at most a few megabytes.
@functools.lru_cache(maxsize=64)
def render(text: str) -> str:
    """Render Markdown to HTML that cannot run script, whatever the input.

    Raises MarkdownError for text past the bounds, or that the renderer fails on.
    """
    text = text or ""
    check(text)
    try:
        html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    except RecursionError as exc:  # nested deeper than the bounds foresee, or called deep
        raise MarkdownError(gettext("This text nests too deeply to render: simplify it.")) from exc
    except Exception as exc:  # a bug of the renderer: the editor still gets an answer
        logger.exception("Markdown could not render a text")
        raise MarkdownError(
            gettext("This text could not be rendered: simplify its Markdown.")
        ) from exc
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_or_escape(text: str) -> str:
    """``render``, or for text it refuses, the text itself, escaped, a paragraph per block.

    For saving: editors' input is refused earlier, by ``validate_markdown``, but text kept
    from before the bounds (an old version being restored) must still save and show.
    """
    try:
        return render(text)
    except MarkdownError:
        blocks = _BLANK_LINE.split((text or "").replace("\r\n", "\n"))
        return "".join(f"<p>{escape(block.strip())}</p>" for block in blocks if block.strip())


def validate_markdown(text: str) -> None:
    """Field validator: the text renders, within the bounds, or the editor is told why."""
    try:
        render(text)
    except MarkdownError as exc:
        raise ValidationError(str(exc), code="markdown") from exc

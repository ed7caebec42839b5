"""Template filters marking text shown in a language other than the page's:
``{{ step|shown_in:"title"|lang_attr }}``."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, to_locale

from portal.bilingual import shown_language

register = template.Library()


@register.filter
def shown_in(row, name: str) -> str:
    """The language `row`'s `name` is shown in when it is not the page's (not translated
    yet), else ""."""
    return shown_language(row, name) or ""


@register.filter
def lang_attr(code: str) -> SafeString:
    """lang="en" for a text in a language other than the page's; nothing otherwise."""
    if not code:
        return mark_safe("")
    return format_html(' lang="{}"', to_locale(code).replace("_", "-"))


# A run of Chinese in a text written in another language (a file's name, a term quoted):
# Han characters with the punctuation, digits and brackets between them.
CHINESE_RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef0-9()（）/.-]*"
)


@register.filter
def mark_chinese(text: str) -> SafeString:
    """`text`, escaped, with each run of Chinese in it marked ``lang="zh-Hans"``: for an
    English note naming 社会保险法 or a file 行政法规/….md."""
    pieces, last = [], 0
    for match in CHINESE_RUN.finditer(text or ""):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(format_html('<span lang="zh-Hans">{}</span>', match.group()))
        last = match.end()
    pieces.append(escape((text or "")[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped


# A run of English in a text written in Chinese (a source's name, not yet translated):
# Latin words with the spaces, digits and punctuation between them.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’.,:;&()/ -]*[A-Za-z0-9)]|[A-Za-z]")


@register.filter
def mark_english(text: str) -> SafeString:
    """`text`, escaped, with each run of English in it marked ``lang="en"``: for a Chinese
    text quoting a source by its English name."""
    pieces, last = [], 0
    for match in ENGLISH_RUN.finditer(text or ""):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(format_html('<span lang="en">{}</span>', match.group()))
        last = match.end()
    pieces.append(escape((text or "")[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped


def mark_other_language(text: str) -> SafeString:
    """`text`, escaped, with what is written in the other language than the page's marked."""
    return mark_chinese(text) if get_language() == "en" else mark_english(text)

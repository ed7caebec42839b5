"""Template filters marking text shown in a language other than the page's:
``{{ step|shown_in:"title"|lang_attr }}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import to_locale

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

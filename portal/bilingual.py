"""The site's two languages, and which one a translated field's text is shown in.

A field written in each language (the apps' ``translation.py``, django-modeltranslation)
has a column per language, ``title_zh_hans`` and ``title_en``; reading ``title`` gives
the page's language, or the other's where the text has not been translated yet.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import models
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def in_each_language(name: str) -> list[str]:
    """A translated field's columns, Chinese first: ["title_zh_hans", "title_en"]."""
    return [build_localized_fieldname(name, code) for code in LANGUAGES]


def shown_language(row: models.Model, name: str) -> str | None:
    """The language `row`'s `name` is shown in, if not the page's: its text has not
    been translated, so the other language's is shown instead."""
    current = get_language() or settings.LANGUAGE_CODE
    if current not in LANGUAGES or getattr(row, build_localized_fieldname(name, current)):
        return None
    for code in LANGUAGES:
        if code != current and getattr(row, build_localized_fieldname(name, code)):
            return code
    return None


class BothLanguagesSitemap(Sitemap):
    """A sitemap listing each page in both languages, with hreflang alternates and the
    English as x-default."""

    i18n = True
    alternates = True
    x_default = True

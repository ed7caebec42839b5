"""Which fields of a guide are written in each language (django-modeltranslation).

Each field named here gets a column per language (``title_zh_hans``, ``title_en``); the
field itself reads the page's language, falling back to the other one where a text has
not been translated yet. English is required, as the guide was first written in it;
Chinese is filled in by editors. guides.tree keeps both languages in every version.
"""

from modeltranslation.translator import TranslationOptions, register

from guides.models import (
    Citation,
    Guide,
    GuideVersion,
    Material,
    PaymentMethod,
    Step,
    VersionCitation,
)


class Both(TranslationOptions):
    required_languages = ("en",)


@register(Guide)
class GuideTranslation(Both):
    fields = ("title", "short_answer", "summary", "source", "editors_note")


@register(Step)
class StepTranslation(Both):
    fields = ("title", "body")


@register(Material)
class MaterialTranslation(Both):
    fields = ("name", "condition", "notes")


@register(PaymentMethod)
class PaymentMethodTranslation(Both):
    fields = ("name", "description", "where", "you_need")


@register(Citation)
class CitationTranslation(Both):
    fields = ("note",)


# What a published version names in columns, to list and link it without its data.
@register(GuideVersion)
class GuideVersionTranslation(Both):
    # The change note is written in the editor's language (the admin's), and may be
    # given in the other one too.
    fields = ("title", "change_note")
    required_languages = ()


@register(VersionCitation)
class VersionCitationTranslation(Both):
    fields = ("step_title",)

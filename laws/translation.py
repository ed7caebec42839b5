"""What the portal says about the law in each language (django-modeltranslation).

The law's own words are not translated here: the Chinese text is authoritative and any
English is an unofficial translation kept beside it (``Wording.text_en``). What the portal
writes about them is in each language: where a statute's text comes from, and where a
translation comes from with its known faults.
"""

from modeltranslation.translator import TranslationOptions, register

from laws.models import Statute, Wording


@register(Statute)
class StatuteTranslation(TranslationOptions):
    fields = ("source",)


@register(Wording)
class WordingTranslation(TranslationOptions):
    fields = ("translation_note",)

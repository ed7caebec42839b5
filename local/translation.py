"""Which fields of a local item are written in each language (django-modeltranslation).

Regional staff write in Chinese first; the English may follow. A text written in one
language only is shown in it on both pages, marked with its language (as guides are).
"""

from modeltranslation.translator import TranslationOptions, register

from local.models import (
    Figure,
    Hotline,
    MaterialChange,
    MethodChange,
    Office,
    Service,
    StepChange,
)


class Local(TranslationOptions):
    # Every item names its source and who checked it, in words that are translated too.
    fields = ("source", "verified_by")


@register(StepChange)
class StepChangeTranslation(Local):
    fields = (*Local.fields, "text", "text_html")


@register(MaterialChange)
class MaterialChangeTranslation(Local):
    fields = (*Local.fields, "name", "condition", "notes")


@register(MethodChange)
class MethodChangeTranslation(Local):
    fields = (*Local.fields, "name", "description", "where", "you_need", "notes")


@register(Office)
class OfficeTranslation(Local):
    fields = (*Local.fields, "name", "address", "opening_hours")
    # A name is unique in its region in each language: one not written is empty (NULL),
    # not "", so that two offices named only in Chinese do not clash in English.
    empty_values = {"name": None}


@register(Hotline)
class HotlineTranslation(Local):
    fields = (*Local.fields, "name", "hours")


@register(Service)
class ServiceTranslation(Local):
    fields = (*Local.fields, "name", "notes")


@register(Figure)
class FigureTranslation(Local):
    fields = (*Local.fields, "text", "reliability")

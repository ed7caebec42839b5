"""Where the content's external links are, for ``manage.py checklinks``: every text of
the guides (their working copies, which are what gets published next), and of the local
items and services (the words citizens see)."""

from collections import defaultdict

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from editorial.links import urls_in
from guides.models import Guide, Material, PaymentMethod, Step
from local.models import LOCAL_MODELS


def texts_of(obj: models.Model) -> list[str]:
    """The values of the fields of `obj` that people write (either language's column)."""
    return [
        getattr(obj, field.attname) or ""
        for field in obj._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
    ]


def _guide_part(obj) -> tuple[Guide, str]:
    step = obj if isinstance(obj, Step) else obj.step
    # Translators: where a link was found: a guide's title and one of its steps.
    return step.guide, gettext("%(guide)s, step %(position)s") % {
        "guide": step.guide.title,
        "position": step.position,
    }


def _sources():
    yield (
        Guide.objects.all(),
        lambda g: (reverse("admin:guides_guide_change", args=[g.pk]), g.title),
    )
    yield Step.objects.select_related("guide"), _guide_admin
    for model in (Material, PaymentMethod):
        yield model.objects.select_related("step__guide"), _guide_admin
    for model in LOCAL_MODELS:
        meta = model._meta
        yield (
            model.objects.select_related("region", *model.named_with),
            lambda item, meta=meta: (
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk]),
                f"{capfirst(meta.verbose_name)}: {item}",
            ),
        )


def _guide_itself(guide: Guide) -> tuple[str, str]:
    return reverse("admin:guides_guide_change", args=[guide.pk]), guide.title


def _guide_admin(obj) -> tuple[str, str]:
    guide, label = _guide_part(obj)
    return reverse("admin:guides_guide_change", args=[guide.pk]), label


def links_in_content() -> dict[str, list[dict]]:
    """Each external link, and where it is: [{"label", "admin_url"}], one query per kind."""
    found: dict[str, list[dict]] = defaultdict(list)
    for rows, where in _sources():
        for obj in rows:
            urls = urls_in(*texts_of(obj))
            if not urls:
                continue
            admin_url, label = where(obj)
            for url in urls:
                place = {"label": str(label), "admin_url": admin_url}
                if place not in found[url]:
                    found[url].append(place)
    return dict(found)

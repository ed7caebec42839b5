"""Writes to the guides app that touch several models."""

import json
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from guides import tree
from guides.models import Guide
from guides.publishing import record_version
from laws.models import Article, Paragraph


class GuideDataError(ValueError):
    """Guide data that cannot be loaded; the message says which part and why."""


def _citations(items: list[dict], where: str) -> list[dict]:
    citations = []
    for number, item in enumerate(items, start=1):
        # Translators: where a guide file cites the law: "step 3 citation 2",
        # "legal basis citation 1".
        cited_at = gettext("%(where)s citation %(number)s") % {"where": where, "number": number}
        citations.append({**_citation(item, cited_at), "position": number})
    return citations


def _citation(data: dict, where: str) -> dict:
    try:
        article = Article.objects.get(statute__slug=data["statute"], number=data["article"])
        paragraph = (
            Paragraph.objects.get(article=article, number=data["paragraph"])
            if data.get("paragraph")
            else None
        )
    except (Article.DoesNotExist, Paragraph.DoesNotExist, KeyError) as exc:
        raise GuideDataError(
            gettext("%(where)s: cannot find the cited law %(citation)s")
            % {"where": where, "citation": repr(data)}
        ) from exc
    return {
        "article_id": article.pk,
        "paragraph_id": paragraph.pk if paragraph else None,
        "note": data.get("note", ""),
    }


def _numbered(items: list[dict]) -> list[dict]:
    return [{**item, "position": number} for number, item in enumerate(items, start=1)]


@transaction.atomic
def create_guide(
    *, data: dict, publish: bool = True, translations: dict[str, dict] | None = None
) -> tuple[Guide, bool]:
    """Create a guide with its steps, items and citations from a guide file's data, with
    its texts in other languages (`translations`, by language code, the same shape).

    A guide that already exists (by slug) is left exactly as editors keep it, so
    seeding twice changes nothing and never overwrites their work. Returns the
    guide and whether it was created.
    """
    existing = Guide.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing, False
    # A file cites the law by statute and numbers, and numbers nothing: as guides.tree
    # data, it cites by ids and every row has its position.
    content = {
        **data,
        "legal_basis": _citations(data.get("legal_basis", []), gettext("legal basis")),
        "steps": [
            {
                **step,
                "materials": _numbered(step.get("materials", [])),
                "methods": _numbered(step.get("methods", [])),
                "citations": _citations(
                    step.get("citations", []),
                    gettext("step %(number)s") % {"number": position},
                ),
            }
            for position, step in enumerate(_numbered(data["steps"]), start=1)
        ],
    }
    for code, texts in (translations or {}).items():
        content = tree.with_language(content, texts, code)
    guide = Guide(slug=data["slug"])
    tree.write(guide, content)
    if publish:
        version = record_version(guide=guide, user=None, note="", major=True, at=now())
        for code in tree.LANGUAGES:
            with translation.override(code):
                # Translators: the change note of a guide loaded from a file.
                setattr(
                    version,
                    build_localized_fieldname("change_note", code),
                    gettext("First published."),
                )
        version.save()
    return guide, True


def load_guide_file(path: Path, translations: dict[str, Path] | None = None):
    """A guide file, and its texts in other languages from files of the same shape."""
    return create_guide(
        data=json.loads(path.read_text(encoding="utf-8")),
        translations={
            code: json.loads(other.read_text(encoding="utf-8"))
            for code, other in (translations or {}).items()
        },
    )

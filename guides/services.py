"""Writes to the guides app that touch several models."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils.timezone import now

from guides.models import Citation, Guide, Material, PaymentMethod, Step
from guides.publishing import record_version
from laws.models import Article, Paragraph


class GuideDataError(ValueError):
    """Guide data that cannot be loaded; the message says which part and why."""


def _citation(data: dict, where: str, **owner) -> Citation:
    try:
        article = Article.objects.get(statute__slug=data["statute"], number=data["article"])
        paragraph = (
            Paragraph.objects.get(article=article, number=data["paragraph"])
            if data.get("paragraph")
            else None
        )
    except (Article.DoesNotExist, Paragraph.DoesNotExist, KeyError) as exc:
        raise GuideDataError(f"{where}: cannot find the cited law {data!r}") from exc
    return Citation(article=article, paragraph=paragraph, note=data.get("note", ""), **owner)


@transaction.atomic
def create_guide(*, data: dict, publish: bool = True) -> tuple[Guide, bool]:
    """Create a guide with its steps, items and citations from plain data.

    A guide that already exists (by slug) is left exactly as editors keep it, so
    seeding twice changes nothing and never overwrites their work. Returns the
    guide and whether it was created.
    """
    existing = Guide.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing, False
    reviewed = data.get("last_reviewed")
    guide = Guide.objects.create(
        slug=data["slug"],
        title=data["title"],
        short_answer=data["short_answer"],
        summary=data.get("summary", ""),
        source=data.get("source", ""),
        is_published=publish,
        last_reviewed=datetime.date.fromisoformat(reviewed) if reviewed else None,
    )
    citations = [
        _citation(item, f"legal basis {number}", guide=guide, position=number)
        for number, item in enumerate(data.get("legal_basis", []), start=1)
    ]
    for position, step_data in enumerate(data["steps"], start=1):
        step = Step.objects.create(
            guide=guide,
            position=position,
            kind=step_data["kind"],
            title=step_data["title"],
            body=step_data["body"],
        )
        Material.objects.bulk_create(
            Material(step=step, position=number, **item)
            for number, item in enumerate(step_data.get("materials", []), start=1)
        )
        PaymentMethod.objects.bulk_create(
            PaymentMethod(step=step, position=number, **item)
            for number, item in enumerate(step_data.get("methods", []), start=1)
        )
        citations += [
            _citation(item, f"step {position} citation {number}", step=step, position=number)
            for number, item in enumerate(step_data.get("citations", []), start=1)
        ]
    Citation.objects.bulk_create(citations)
    if publish:
        record_version(guide=guide, user=None, note="First published.", major=True, at=now())
    return guide, True


def load_guide_file(path: Path) -> tuple[Guide, bool]:
    return create_guide(data=json.loads(path.read_text(encoding="utf-8")))

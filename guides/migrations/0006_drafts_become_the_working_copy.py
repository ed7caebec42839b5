"""A guide's draft, a copy in the same tables, becomes the guide's own working copy.

Citizens go on reading the latest version, as before. A draft's rows replace the
guide's rows they stood for (``origin``), keeping the guide's ids so that local
variations stay attached; rows the draft removed go, unless a variation refers to
them. A scheduled draft becomes a version recorded for its time. Every version
gets its title and its citations as rows. The field lists are frozen here, as
they were at this migration.
"""

import datetime

from django.db import migrations
from django.utils import timezone

GUIDE_FIELDS = ["title", "short_answer", "summary", "summary_html", "source", "last_reviewed"]
STEP_FIELDS = ["position", "kind", "title", "body", "body_html"]
MATERIAL_FIELDS = ["position", "name", "original", "photocopy", "condition", "notes"]
METHOD_FIELDS = ["position", "kind", "name", "description", "where", "you_need"]
CITATION_FIELDS = ["article_id", "paragraph_id", "position", "note"]
# Tables of local variations, by the column that refers to a guide's row.
REFERENCES = {
    "step_id": ["regions_stepchange", "regions_materialchange", "regions_methodchange"],
    "material_id": ["regions_materialchange"],
    "method_id": ["regions_methodchange"],
}


def _referred(connection, column: str, pk: int) -> bool:
    with connection.cursor() as cursor:
        for table in REFERENCES[column]:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s", [pk])  # noqa: S608
            if cursor.fetchone():
                return True
    return False


def _copy(source, target, fields):
    for name in fields:
        setattr(target, name, getattr(source, name))


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _data(guide, Step, Material, PaymentMethod, Citation) -> dict:
    def values(row, fields):
        return {name: _json(getattr(row, name)) for name in fields if not name.endswith("_html")}

    steps = []
    for step in Step.objects.filter(guide=guide).order_by("position", "pk"):
        steps.append(
            {
                "id": step.pk,
                **values(step, STEP_FIELDS),
                "materials": [
                    {"id": m.pk, **values(m, MATERIAL_FIELDS)}
                    for m in Material.objects.filter(step=step).order_by("position", "pk")
                ],
                "methods": [
                    {"id": m.pk, **values(m, METHOD_FIELDS)}
                    for m in PaymentMethod.objects.filter(step=step).order_by("position", "pk")
                ],
                "citations": [
                    values(c, CITATION_FIELDS)
                    for c in Citation.objects.filter(step=step).order_by("position", "pk")
                ],
            }
        )
    return {
        **values(guide, GUIDE_FIELDS),
        "legal_basis": [
            values(c, CITATION_FIELDS)
            for c in Citation.objects.filter(guide=guide).order_by("position", "pk")
        ],
        "steps": steps,
    }


def _apply_draft(draft, live, connection, Step, Material, PaymentMethod, Citation):
    _copy(draft, live, GUIDE_FIELDS)
    live.save()
    kept_steps = set()
    for step in Step.objects.filter(guide=draft):
        target = Step.objects.filter(pk=step.origin_id, guide=live).first()
        if target is None:
            step.guide = live
            step.save()
            target = step
        else:
            _copy(step, target, STEP_FIELDS)
            target.save()
            Citation.objects.filter(step=target).delete()
            Citation.objects.filter(step=step).update(step=target)
        kept_steps.add(target.pk)
        for model, fields, column in [
            (Material, MATERIAL_FIELDS, "material_id"),
            (PaymentMethod, METHOD_FIELDS, "method_id"),
        ]:
            kept = set()
            for item in model.objects.filter(step=step):
                found = model.objects.filter(pk=item.origin_id, step__guide=live).first()
                if found is None or found.pk == item.pk:
                    item.step = target
                    item.save()
                    kept.add(item.pk)
                else:
                    _copy(item, found, fields)
                    found.step = target
                    found.save()
                    kept.add(found.pk)
            for item in model.objects.filter(step=target).exclude(pk__in=kept):
                if not _referred(connection, column, item.pk):
                    item.delete()
    for step in Step.objects.filter(guide=live).exclude(pk__in=kept_steps):
        if not _referred(connection, "step_id", step.pk):
            step.delete()
    Citation.objects.filter(guide=live).delete()
    Citation.objects.filter(guide=draft).update(guide=live)
    draft.delete()


def forward(apps, schema_editor):
    Guide = apps.get_model("guides", "Guide")
    Step = apps.get_model("guides", "Step")
    Material = apps.get_model("guides", "Material")
    PaymentMethod = apps.get_model("guides", "PaymentMethod")
    Citation = apps.get_model("guides", "Citation")
    GuideVersion = apps.get_model("guides", "GuideVersion")
    VersionCitation = apps.get_model("guides", "VersionCitation")
    connection = schema_editor.connection
    now = timezone.now()
    models = (Step, Material, PaymentMethod, Citation)

    def record(guide, *, at, note, major, by=None):
        last = GuideVersion.objects.filter(guide=guide).order_by("-number").first()
        GuideVersion.objects.create(
            guide=guide, slug=guide.slug, title=guide.title, number=(last.number if last else 0) + 1,
            data=_data(guide, *models), published_at=at, published_by=by,
            change_note=note, major_change=major,
        )  # fmt: skip

    # First what citizens saw: a published guide with no version gets one from its own
    # rows (before any draft is written onto them), and one taken off the site stays off.
    for guide in Guide.objects.filter(draft_of__isnull=True):
        has_versions = GuideVersion.objects.filter(guide=guide).exists()
        if guide.is_published and not has_versions:
            record(guide, at=now, note="First published.", major=True)
        elif not guide.is_published and has_versions:
            guide.withdrawn_at = now
            guide.save(update_fields=["withdrawn_at"])
    # Then each draft becomes its guide's working copy, and a scheduled one a version due
    # at its time (after the withdrawal, so it brings the guide back then, as it would have).
    for draft in Guide.objects.filter(draft_of__isnull=False):
        live = draft.draft_of
        scheduled = (draft.scheduled_for, draft.change_note, draft.major_change)
        _apply_draft(draft, live, connection, *models)
        if scheduled[0] is not None:
            record(live, at=scheduled[0], note=scheduled[1] or "Scheduled.", major=scheduled[2])
    for guide in Guide.objects.filter(draft_of__isnull=True, scheduled_for__isnull=False):
        record(
            guide, at=guide.scheduled_for, note=guide.change_note or "Scheduled.",
            major=guide.major_change,
        )  # fmt: skip
    for version in GuideVersion.objects.all():
        version.title = version.data.get("title", version.slug)
        version.save(update_fields=["title"])
        steps = [(None, version.data.get("legal_basis", []))] + [
            (step, step.get("citations", [])) for step in version.data.get("steps", [])
        ]
        VersionCitation.objects.bulk_create(
            VersionCitation(
                version=version,
                article_id=citation["article_id"],
                paragraph_id=citation.get("paragraph_id"),
                step_position=step.get("position") if step else None,
                step_title=step.get("title", "") if step else "",
            )
            for step, citations in steps
            for citation in citations
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0005_versions_are_what_citizens_read"),
        ("regions", "0005_step_change_markdown_bounds"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

"""Drafts, publication and history of guides.

A published guide is never edited in place. Editors change a *draft*: a copy
of the guide in the same tables (so the same admin screen edits it), whose
steps, materials and payment methods each remember the published row they
stand for (`origin`). Publishing writes the draft onto the published rows —
keeping their ids, so local variations stay attached — records a version
(who, when, the change note, major or minor) and deletes the draft. A draft
can also be scheduled: it goes live at its time, on the first request for the
guide after that time or when `manage.py publish_scheduled` runs.

Every version keeps the whole guide as data, so any two can be compared and
an old one restored as a new draft.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.safestring import SafeString

from guides.models import Citation, Guide, GuideVersion, Material, PaymentMethod, Step
from laws.diff import inline_diff
from portal.cache import PAGE_TIMEOUT, fragment

GUIDE_FIELDS = ["title", "short_answer", "summary", "source", "last_reviewed"]
STEP_FIELDS = ["position", "kind", "title", "body"]
MATERIAL_FIELDS = ["position", "name", "original", "photocopy", "condition", "notes"]
METHOD_FIELDS = ["position", "kind", "name", "description", "where", "you_need"]
CITATION_FIELDS = ["article_id", "paragraph_id", "position", "note"]
# Positions are parked this far up while rows change places (here and in the guide
# admin's inlines), so that no row on its way collides with another on the unique
# (parent, position).
PARKED = 10_000


class PublishError(Exception):
    """A publication that cannot be done; the message says why, for the editor."""


# --- Data: a guide as plain, comparable data --------------------------------


def _values(row, fields: list[str]) -> dict:
    values = {name: getattr(row, name) for name in fields}
    for name, value in values.items():
        if isinstance(value, datetime.date):
            values[name] = value.isoformat()
    return values


def snapshot(guide: Guide) -> dict:
    """The guide with its steps, items and citations, as data (ids of the rows included)."""
    steps = guide.steps.prefetch_related("materials", "payment_methods", "citations")
    return {
        **_values(guide, GUIDE_FIELDS),
        "legal_basis": [_values(c, CITATION_FIELDS) for c in guide.legal_basis.all()],
        "steps": [
            {
                "id": step.pk,
                "origin": step.origin_id,
                **_values(step, STEP_FIELDS),
                "materials": [
                    {"id": m.pk, "origin": m.origin_id, **_values(m, MATERIAL_FIELDS)}
                    for m in step.materials.all()
                ],
                "methods": [
                    {"id": m.pk, "origin": m.origin_id, **_values(m, METHOD_FIELDS)}
                    for m in step.payment_methods.all()
                ],
                "citations": [_values(c, CITATION_FIELDS) for c in step.citations.all()],
            }
            for step in steps
        ],
    }


# --- Drafts ------------------------------------------------------------------


def _linked(row: dict, live: set[int]) -> int | None:
    """The published row a row of `data` stands for, if that row still exists."""
    origin = row["origin"] or row["id"]
    return origin if origin in live else None


def _unique_draft_slug(guide: Guide) -> str:
    return f"draft-{guide.pk}-{guide.slug}"[:50]


@transaction.atomic
def start_draft(*, guide: Guide, data: dict | None = None) -> Guide:
    """The guide's draft, created from the guide (or from `data`, an old version) if needed.

    Rows in `data` that still exist in the guide are linked to them, so that
    publishing updates them rather than replacing them.
    """
    existing = guide.drafts.first()
    if existing is not None:
        return existing
    data = data or snapshot(guide)
    draft = Guide(draft_of=guide, slug=_unique_draft_slug(guide), is_published=False)
    for name in GUIDE_FIELDS:
        setattr(draft, name, data[name])
    draft.save()
    _write_content(draft, data, linked_to=guide)
    return draft


def _write_content(guide: Guide, data: dict, *, linked_to: Guide | None) -> None:
    """Steps, items and citations from `data` (a snapshot) for `guide`. Rows that still
    exist in `linked_to` are linked to them, so publishing updates rather than replaces them."""
    live_steps, live_materials, live_methods = set(), set(), set()
    if linked_to is not None:
        live_steps = set(linked_to.steps.values_list("pk", flat=True))
        live_materials = set(
            Material.objects.filter(step__guide=linked_to).values_list("pk", flat=True)
        )
        live_methods = set(
            PaymentMethod.objects.filter(step__guide=linked_to).values_list("pk", flat=True)
        )
    citations = [
        Citation(guide=guide, **{k: c[k] for k in CITATION_FIELDS}) for c in data["legal_basis"]
    ]
    for item in data["steps"]:
        step = Step.objects.create(
            guide=guide,
            origin_id=_linked(item, live_steps),
            **{name: item[name] for name in STEP_FIELDS},
        )
        for model, rows, fields, live in [
            (Material, item["materials"], MATERIAL_FIELDS, live_materials),
            (PaymentMethod, item["methods"], METHOD_FIELDS, live_methods),
        ]:
            model.objects.bulk_create(
                model(step=step, origin_id=_linked(row, live), **{f: row[f] for f in fields})
                for row in rows
            )
        citations += [
            Citation(step=step, **{k: c[k] for k in CITATION_FIELDS}) for c in item["citations"]
        ]
    Citation.objects.bulk_create(citations)


def deleted_guides() -> list[GuideVersion]:
    """The last published version of each deleted guide: versions outlive their guide."""
    latest: dict[str, GuideVersion] = {}
    for version in GuideVersion.objects.filter(guide=None).order_by("-published_at", "-number"):
        latest.setdefault(version.slug, version)
    return sorted(latest.values(), key=lambda version: version.slug)


@transaction.atomic
def restore_deleted(*, version: GuideVersion) -> Guide:
    """A deleted guide back, unpublished, as it was in `version`, with its history."""
    if version.guide_id is not None:
        raise PublishError("This guide was not deleted: restore its versions from its history.")
    if Guide.objects.filter(slug=version.slug).exists():
        raise PublishError(
            f"Another guide now has the address “{version.slug}”. Change that guide's address, "
            "or delete it, before restoring this one."
        )
    guide = Guide(slug=version.slug, is_published=False)
    for name in GUIDE_FIELDS:
        setattr(guide, name, version.data[name])
    guide.save()
    _write_content(guide, version.data, linked_to=None)
    # Its history comes back with it, unless two deleted guides shared the address.
    history = GuideVersion.objects.filter(guide=None, slug=version.slug)
    numbers = list(history.values_list("number", flat=True))
    if len(numbers) == len(set(numbers)):
        history.update(guide=guide)
    return guide


def discard_draft(*, draft: Guide) -> None:
    if draft.draft_of_id is None:
        raise PublishError("Only a draft can be discarded.")
    draft.delete()


# --- Publishing --------------------------------------------------------------


LOCAL_VARIATION_RELATIONS = [
    "local_changes", "local_material_changes", "local_method_changes",
]  # fmt: skip


def has_local_variations(row) -> bool:
    """Whether some region's local variation refers to this step, material or method."""
    return any(
        getattr(row, relation).exists()
        for relation in LOCAL_VARIATION_RELATIONS
        if hasattr(row, relation)
    )


def _sync_rows(*, model, live_rows, draft_rows, fields, parent: dict) -> dict[int, object]:
    """Make the live rows say what the draft rows say; returns draft id -> live row."""
    by_id = {row.pk: row for row in live_rows}
    kept = {row.origin_id for row in draft_rows if row.origin_id in by_id}
    gone = [row for pk, row in by_id.items() if pk not in kept]
    for row in gone:
        if has_local_variations(row):
            raise PublishError(
                f"“{row}” has local variations in some regions, so it cannot be removed. "
                "Keep it in the draft, or ask the regions to withdraw them first."
            )
    model.objects.filter(pk__in=[row.pk for row in gone]).delete()
    # Park the rows that stay, so that none collides with another on its way
    # to its new place (positions are unique per parent).
    model.objects.filter(pk__in=kept).update(position=F("position") + PARKED)
    mapping = {}
    for row in draft_rows:
        values = {name: getattr(row, name) for name in fields}
        if row.origin_id in by_id:
            live = by_id[row.origin_id]
            for name, value in values.items():
                setattr(live, name, value)
            live.save()
        else:
            live = model.objects.create(**parent, **values)
        mapping[row.pk] = live
    return mapping


def _apply(draft: Guide, live: Guide) -> None:
    for name in GUIDE_FIELDS:
        setattr(live, name, getattr(draft, name))
    live.save()
    draft_steps = list(draft.steps.prefetch_related("materials", "payment_methods", "citations"))
    steps = _sync_rows(
        model=Step,
        live_rows=list(live.steps.all()),
        draft_rows=draft_steps,
        fields=STEP_FIELDS,
        parent={"guide": live},
    )
    Citation.objects.filter(step__guide=live).delete()
    Citation.objects.filter(guide=live).delete()
    citations = [
        Citation(guide=live, **{k: getattr(c, k) for k in CITATION_FIELDS})
        for c in draft.legal_basis.all()
    ]
    for draft_step in draft_steps:
        step = steps[draft_step.pk]
        _sync_rows(
            model=Material,
            live_rows=list(step.materials.all()),
            draft_rows=list(draft_step.materials.all()),
            fields=MATERIAL_FIELDS,
            parent={"step": step},
        )
        _sync_rows(
            model=PaymentMethod,
            live_rows=list(step.payment_methods.all()),
            draft_rows=list(draft_step.payment_methods.all()),
            fields=METHOD_FIELDS,
            parent={"step": step},
        )
        citations += [
            Citation(step=step, **{k: getattr(c, k) for k in CITATION_FIELDS})
            for c in draft_step.citations.all()
        ]
    Citation.objects.bulk_create(citations)


@transaction.atomic
def publish(
    *,
    guide: Guide,
    user,
    change_note: str,
    major: bool,
    at: datetime.datetime | None = None,
) -> GuideVersion | None:
    """Publish a draft (or a guide never published) now, or schedule it for `at`.

    Returns the new version, or None when scheduled for later.
    """
    if not change_note.strip():
        raise PublishError("Write a change note: readers and editors see it in the history.")
    now = timezone.now()
    if guide.draft_of_id is None and guide.is_published:
        raise PublishError("This guide is published: change it in a draft, then publish that.")
    if at is not None and at > now:
        guide.scheduled_for = at
        guide.change_note = change_note.strip()
        guide.major_change = major
        guide.save(update_fields=["scheduled_for", "change_note", "major_change"])
        return None
    return _publish_now(guide=guide, user=user, note=change_note.strip(), major=major, at=now)


def _publish_now(*, guide: Guide, user, note: str, major: bool, at) -> GuideVersion:
    live = guide.draft_of if guide.draft_of_id else guide
    live = Guide.objects.select_for_update().get(pk=live.pk)
    if guide.draft_of_id:
        _apply(guide, live)
        guide.delete()
    live.is_published = True
    live.scheduled_for = None
    live.change_note = ""
    live.save()
    return record_version(guide=live, user=user, note=note, major=major, at=at)


def record_version(*, guide: Guide, user, note: str, major: bool, at) -> GuideVersion:
    """Keep what the published guide now says, as its next version."""
    number = (guide.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return GuideVersion.objects.create(
        guide=guide,
        slug=guide.slug,
        number=number,
        data=snapshot(guide),
        published_at=at,
        published_by=user,
        change_note=note,
        major_change=major,
    )


def next_publication() -> datetime.datetime | None:
    """When the next scheduled publication is due, if any.

    Asked on every guide page and whenever a page is cached, so it is kept until content
    changes (scheduling a draft is a change): most requests need no query for it.
    """
    (due,) = fragment(
        "next-publication",
        build=lambda: (Guide.objects.aggregate(due=Min("scheduled_for"))["due"],),
        timeout=PAGE_TIMEOUT,  # not "until the next publication": that is this
    )
    return due


def publish_due(*, slug: str | None = None) -> int:
    """Publish the scheduled drafts whose time has come; returns how many."""
    due_at = next_publication()
    if due_at is None or due_at > timezone.now():
        return 0
    due = Guide.objects.filter(scheduled_for__lte=timezone.now())
    if slug is not None:
        due = due.filter(slug=slug) | due.filter(draft_of__slug=slug)
    published = 0
    for guide in due.select_related("draft_of"):
        with transaction.atomic():
            locked = Guide.objects.select_for_update().filter(pk=guide.pk).first()
            if locked is None or locked.scheduled_for is None:
                continue  # someone else published it meanwhile
            _publish_now(
                guide=locked,
                user=None,
                note=locked.change_note,
                major=locked.major_change,
                at=locked.scheduled_for,
            )
            published += 1
    return published


# --- History -----------------------------------------------------------------


@dataclass
class Difference:
    where: str
    before: str
    after: str
    diff: SafeString


def _flatten(data: dict) -> dict[str, str]:
    """Each readable part of a guide's data under a stable, human label."""
    parts = {
        "Title": data["title"],
        "Short answer": data["short_answer"],
        "Summary": data["summary"],
        "Source": data["source"],
    }
    for step in data["steps"]:
        label = f"Step {step['position']}"
        parts[f"{label}: title"] = step["title"]
        parts[f"{label}: text"] = step["body"]
        parts[f"{label}: materials"] = "\n".join(m["name"] for m in step["materials"])
        parts[f"{label}: payment methods"] = "\n".join(m["name"] for m in step["methods"])
    return parts


def compare(before: dict, after: dict) -> list[Difference]:
    """What differs between two versions' data, part by part."""
    old, new = _flatten(before), _flatten(after)
    differences = []
    for where in dict.fromkeys([*old, *new]):
        a, b = old.get(where, ""), new.get(where, "")
        if a != b:
            differences.append(Difference(where, a, b, inline_diff(a, b, by_words=True)))
    return differences

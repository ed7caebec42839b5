"""What a guide is made of, said once.

A guide has steps and a legal basis; a step has materials, payment methods and
citations. ``GUIDE`` below names, for each of these parts, the fields that make up
its content and the parts below it. Everything that handles a guide's content
as a whole goes through it:

- ``data()`` turns a guide's rows into plain data: what a published version keeps
  and what two versions are compared on;
- ``write()`` makes a guide's rows say what some data says (a guide created from a
  file, restored from a version, or brought back after deletion), keeping the rows
  that stay, so that what refers to them (a region's local variations) stays attached;
- ``build()`` turns data back into objects for a page, without saving anything;
- ``texts()`` labels each readable part, for comparing two versions;
- ``lookups()`` and ``fields()`` tell querysets and the admin what to fetch and edit.

A new field of a step is added to the model and to ``STEP`` here; a template shows it.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import ProtectedError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guides.markdown import render_or_escape
from guides.models import Citation, Guide, Material, PaymentMethod, Step
from laws.models import Article, Paragraph


@dataclass(frozen=True)
class Part:
    """One kind of row of a guide: the fields of its content, and the parts below it."""

    model: type[models.Model]
    fields: tuple[str, ...]
    children: tuple["Child", ...] = ()
    # Rows others refer to (local variations refer to steps, materials and methods) keep
    # their id in the data, so that a version written back finds them again.
    keeps_id: bool = True
    # The field naming a row when a list of them is compared ("materials: a, b").
    name_field: str | None = None
    # How a row is named in a comparison, its position filled in: "Step %(position)s".
    label: str = ""


@dataclass(frozen=True)
class Child:
    key: str  # the list's name in the data
    part: Part
    fk: str  # the child's foreign key to its parent

    @property
    def accessor(self) -> str:
        """The parent's name for these rows: guide.steps, step.payment_methods…"""
        return self.part.model._meta.get_field(self.fk).remote_field.get_accessor_name()


CITATION = Part(Citation, ("position", "article", "paragraph", "note"), keeps_id=False)
MATERIAL = Part(
    Material,
    ("position", "name", "original", "photocopy", "condition", "notes"),
    name_field="name",
)
METHOD = Part(
    PaymentMethod,
    ("position", "kind", "name", "description", "where", "you_need"),
    name_field="name",
)
STEP = Part(
    Step,
    ("position", "kind", "title", "body"),
    children=(
        Child("materials", MATERIAL, "step"),
        Child("methods", METHOD, "step"),
        Child("citations", CITATION, "step"),
    ),
    # Translators: a step of a guide, in a comparison of two versions: "Step 2".
    label=_("Step %(position)s"),
)
GUIDE = Part(
    Guide,
    ("title", "short_answer", "summary", "source", "last_reviewed"),
    children=(Child("legal_basis", CITATION, "guide"), Child("steps", STEP, "guide")),
)


def fields(model: type[models.Model]) -> list[str]:
    """The content fields of one kind of row, in order, for the admin's forms."""
    return list(_part_of(model).fields)


def _part_of(model, part: Part = GUIDE) -> Part | None:
    if part.model is model:
        return part
    for child in part.children:
        if (found := _part_of(model, child.part)) is not None:
            return found
    return None


def lookups(part: Part = GUIDE, prefix: str = "") -> list[str]:
    """prefetch_related() paths to every row below `part`."""
    paths = []
    for child in part.children:
        path = prefix + child.accessor
        paths += [path, *lookups(child.part, path + "__")]
    return paths


# --- Rows to data -----------------------------------------------------------------


def _attnames(part: Part) -> list[str]:
    return [part.model._meta.get_field(name).attname for name in part.fields]


def _as_json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def data(row: models.Model, part: Part = GUIDE) -> dict:
    """The row and everything below it as plain data (JSON), children in their order."""
    if part is GUIDE:
        models.prefetch_related_objects([row], *lookups())
    found = {name: _as_json(getattr(row, name)) for name in _attnames(part)}
    if part.keeps_id and part is not GUIDE:
        found = {"id": row.pk, **found}
    for child in part.children:
        rows = sorted(getattr(row, child.accessor).all(), key=lambda r: (r.position, r.pk))
        found[child.key] = [data(item, child.part) for item in rows]
    return found


def data_from(found: dict, part: Part = GUIDE) -> dict:
    """Data as data() writes it today, from data an older release kept (extra keys dropped)."""
    kept = {name: found.get(name) for name in _attnames(part)}
    if part.keeps_id and part is not GUIDE:
        kept = {"id": found.get("id"), **kept}
    for child in part.children:
        kept[child.key] = [data_from(item, child.part) for item in found.get(child.key, [])]
    return kept


# --- Data to rows -----------------------------------------------------------------


class TreeError(Exception):
    """Data that cannot be written: the message says why, for an editor."""


def _values(part: Part, item: dict) -> dict:
    values = {}
    for name in part.fields:
        model_field = part.model._meta.get_field(name)
        raw = item.get(model_field.attname, item.get(name, _MISSING))
        if raw is _MISSING:
            values[model_field.attname] = model_field.get_default()
        else:
            values[model_field.attname] = None if raw is None else model_field.to_python(raw)
    return values


_MISSING = object()


def write(row: models.Model, found: dict, part: Part = GUIDE) -> None:
    """Make the rows below `row` say what `found` says.

    A row whose id is in the data is kept and updated; rows the data does not have are
    deleted, unless something refers to them (TreeError); the rest are created.
    """
    for name, value in _values(part, found).items():
        setattr(row, name, value)
    row.save()
    for child in part.children:
        existing = {item.pk: item for item in getattr(row, child.accessor).all()}
        wanted = found.get(child.key, [])
        kept = {item.get("id") for item in wanted if child.part.keeps_id} & set(existing)
        gone = [item for pk, item in existing.items() if pk not in kept]
        for item in gone:
            try:
                item.delete()
            except ProtectedError as error:
                raise TreeError(
                    gettext(
                        "“%(item)s” has local variations in some regions, so it cannot be "
                        "removed. Keep it, or ask the regions to withdraw them first."
                    )
                    % {"item": item}
                ) from error
        for item in wanted:
            existing_row = existing.get(item.get("id")) if child.part.keeps_id else None
            target = existing_row or child.part.model(**{child.fk: row})
            write(target, item, child.part)


# --- Data to objects, for reading ---------------------------------------------------


@dataclass
class BuiltStep:
    step: Step
    materials: list[Material] = field(default_factory=list)
    methods: list[PaymentMethod] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class BuiltGuide:
    """A guide as some data says it, as objects a page can read; nothing is saved."""

    guide: Guide
    steps: list[BuiltStep]
    legal_basis: list[Citation]

    @property
    def citations(self) -> list[Citation]:
        return [*self.legal_basis, *(c for step in self.steps for c in step.citations)]


def _build(part: Part, item: dict, **parent) -> models.Model:
    built = part.model(**_values(part, item), **parent)
    if part.keeps_id and item.get("id") is not None:
        built.pk = item["id"]
    return built


def rows(found: dict, part: Part, within: Part = GUIDE):
    """Every row of kind `part` in the data, as an unsaved object (no law looked up)."""
    for child in within.children:
        for item in found.get(child.key, []):
            if child.part is part:
                yield _build(part, item)
            else:
                yield from rows(item, part, child.part)


def build(found: dict, *, guide: Guide) -> BuiltGuide:
    """The guide `found` describes, as unsaved objects. `guide` gives its identity (id,
    address); the cited articles and paragraphs are read in two queries."""
    for name, value in _values(GUIDE, found).items():
        setattr(guide, name, value)
    guide.summary_html = render_or_escape(guide.summary)
    steps = []
    for item in found.get("steps", []):
        step = _build(STEP, item, guide=guide)
        step.body_html = render_or_escape(step.body)
        steps.append(
            BuiltStep(
                step=step,
                materials=[_build(MATERIAL, m, step=step) for m in item.get("materials", [])],
                methods=[_build(METHOD, m, step=step) for m in item.get("methods", [])],
                citations=[_build(CITATION, c, step=step) for c in item.get("citations", [])],
            )
        )
    built = BuiltGuide(
        guide=guide,
        steps=steps,
        legal_basis=[_build(CITATION, c, guide=guide) for c in found.get("legal_basis", [])],
    )
    _attach_law(built.citations)
    return built


def _attach_law(citations: list[Citation]) -> None:
    articles = Article.objects.select_related("statute").in_bulk({c.article_id for c in citations})
    paragraphs = Paragraph.objects.in_bulk({c.paragraph_id for c in citations if c.paragraph_id})
    for citation in citations:
        citation.article = articles.get(citation.article_id)
        citation.paragraph = paragraphs.get(citation.paragraph_id)
    citations[:] = [c for c in citations if c.article is not None]


# --- Data to labelled texts, for comparing ---------------------------------------------


def _label(part: Part, name: str) -> str:
    return str(part.model._meta.get_field(name).verbose_name).capitalize()


def texts(found: dict, part: Part = GUIDE, where: str = "") -> dict[str, str]:
    """Each readable part of the data under a stable label: "Title", "Step 2: text",
    "Step 2: materials"…"""

    def labelled(label: str) -> str:
        if not where:
            return label
        # Translators: a part of a guide and one of its fields, in a comparison of two
        # versions: "Step 2: text", "Step 2: materials".
        return gettext("%(part)s: %(field)s") % {"part": where, "field": label}

    parts = {}
    for name in part.fields:
        model_field = part.model._meta.get_field(name)
        if name == "position" or not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.choices:
            continue
        value = found.get(model_field.attname) or ""
        label = _label(part, name)
        parts[labelled(label if not where else label.lower())] = value
    for child in part.children:
        items = found.get(child.key, [])
        if child.part.name_field:
            label = str(child.part.model._meta.verbose_name_plural)
            parts[labelled(label)] = "\n".join(i.get(child.part.name_field, "") for i in items)
        elif child.part.label:
            for item in items:
                where_item = child.part.label % {"position": item.get("position", "")}
                parts.update(texts(item, child.part, where_item))
    return parts

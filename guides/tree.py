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

from django.conf import settings
from django.db import models
from django.db.models import ProtectedError
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from guides.markdown import render_or_escape
from guides.models import Citation, Guide, Material, PaymentMethod, Step
from laws.models import Article, Paragraph
from portal.bilingual import LANGUAGES, in_each_language, shown_language


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
    ("position", "kind", "name", "description", "where", "you_need", "url"),
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
    ("title", "short_answer", "summary", "editors_note", "source", "last_reviewed"),
    children=(Child("legal_basis", CITATION, "guide"), Child("steps", STEP, "guide")),
)


# --- Languages ----------------------------------------------------------------------
# A field written in each language (guides.translation) is kept in the data once per
# language, under its column's name: "title_zh_hans", "title_en".

# Where something was taken from is named as it is there (a link, or a document's own
# title), in either language: not a translation missing.
NAMED_AS_IT_IS = {"source"}


def translated(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of `model` written in each language."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def fields(model: type[models.Model]) -> list:
    """The content fields of one kind of row, in order, for the admin's forms: a field
    written in each language is one line with both, Chinese first."""
    part = _part_of(model)
    both = translated(model)
    return [tuple(in_each_language(name)) if name in both else name for name in part.fields]


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


def _localized(part: Part) -> set[str]:
    return {name for field in translated(part.model) for name in in_each_language(field)}


def _attnames(part: Part) -> list[str]:
    """The data's keys for a row: each field's column, once per language if translated."""
    both = translated(part.model)
    names = []
    for name in part.fields:
        if name in both:
            names += in_each_language(name)
        else:
            names.append(part.model._meta.get_field(name).attname)
    return names


def _as_json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def data(row: models.Model, part: Part = GUIDE) -> dict:
    """The row and everything below it as plain data (JSON), children in their order."""
    if part is GUIDE:
        models.prefetch_related_objects([row], *lookups())
    found = {name: _as_json(getattr(row, name)) for name in _attnames(part)}
    localized = _localized(part)
    found = {k: "" if v is None and k in localized else v for k, v in found.items()}
    if part.keeps_id and part is not GUIDE:
        found = {"id": row.pk, **found}
    for child in part.children:
        rows = sorted(getattr(row, child.accessor).all(), key=lambda r: (r.position, r.pk))
        found[child.key] = [data(item, child.part) for item in rows]
    return found


def data_from(found: dict, part: Part = GUIDE) -> dict:
    """Data as data() writes it today, from data an older release kept (extra keys dropped).
    Versions from before guides had two languages are in English."""
    found = _in_languages(part, found)
    localized = _localized(part)
    kept = {name: found.get(name, "" if name in localized else None) for name in _attnames(part)}
    if part.keeps_id and part is not GUIDE:
        kept = {"id": found.get("id"), **kept}
    for child in part.children:
        kept[child.key] = [data_from(item, child.part) for item in found.get(child.key, [])]
    return kept


def strings(found) -> list[str]:
    """Every text in the data, at any depth (where a link checker looks for links)."""
    if isinstance(found, dict):
        return [text for value in found.values() for text in strings(value)]
    if isinstance(found, list):
        return [text for value in found for text in strings(value)]
    return [found] if isinstance(found, str) else []


# --- Data to rows -----------------------------------------------------------------


class TreeError(Exception):
    """Data that cannot be written: the message says why, for an editor."""


def _in_languages(part: Part, found: dict) -> dict:
    """Data kept before guides had two languages has each text once, in English."""
    old = [
        name
        for name in translated(part.model)
        if name in found and build_localized_fieldname(name, "en") not in found
    ]
    if not old:
        return found
    return found | {build_localized_fieldname(name, "en"): found[name] for name in old}


def texts_of(found: dict, *names: str, part: Part = GUIDE) -> dict[str, str]:
    """Some translated fields of the data, in each language: {"title_en": …, …}."""
    found = _in_languages(part, found)
    return {key: found.get(key) or "" for name in names for key in in_each_language(name)}


def with_language(found: dict, texts: dict, code: str, part: Part = GUIDE) -> dict:
    """`found` with the texts of another language added: `texts` has the same shape,
    its lists item for item, and only the translated fields."""
    found = _in_languages(part, found)
    added = {
        build_localized_fieldname(name, code): texts[name]
        for name in translated(part.model)
        if texts.get(name)
    }
    for child in part.children:
        mine, theirs = found.get(child.key, []), texts.get(child.key, [])
        if len(theirs) > len(mine):
            raise TreeError(
                gettext("The translation has more %(items)s than the guide.")
                % {"items": child.part.model._meta.verbose_name_plural}
            )
        theirs = theirs + [{}] * (len(mine) - len(theirs))
        added[child.key] = [
            with_language(a, b, code, child.part) for a, b in zip(mine, theirs, strict=True)
        ]
    return found | added


def _values(part: Part, item: dict) -> dict:
    item = _in_languages(part, item)
    localized = _localized(part)
    values = {}
    for name in _attnames(part):
        model_field = part.model._meta.get_field(name)
        raw = item.get(model_field.attname, item.get(model_field.name, _MISSING))
        if name in localized and raw in (_MISSING, None):
            raw = ""  # not translated yet
        elif raw is _MISSING:
            raw = model_field.get_default()
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
    # What changed in the cited law since an editor last checked the step
    # (guides.lawchanges.LawChange), when a page has looked.
    law_change: object = None


@dataclass
class BuiltGuide:
    """A guide as some data says it, as objects a page can read; nothing is saved."""

    guide: Guide
    steps: list[BuiltStep]
    legal_basis: list[Citation]

    @property
    def citations(self) -> list[Citation]:
        return [*self.legal_basis, *(c for step in self.steps for c in step.citations)]

    @property
    def untranslated(self) -> bool:
        """Whether some of its text is not in the page's language yet (shown in the other)."""
        rows = [self.guide, *self.legal_basis]
        for item in self.steps:
            rows += [item.step, *item.materials, *item.methods, *item.citations]
        return any(
            shown_language(row, name)
            for row in rows
            for name in translated(type(row))
            if name not in NAMED_AS_IT_IS
        )


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
    guide.editors_note_html = render_or_escape(guide.editors_note)
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
    label = str(part.model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _text_in_page_language(part: Part, item: dict, name: str) -> str:
    """A translated field's text as the page shows it: its language's, else the other's."""
    item = _in_languages(part, item)
    current = get_language() or settings.LANGUAGE_CODE
    order = [current, *(code for code in LANGUAGES if code != current)]
    for code in order:
        if text := item.get(build_localized_fieldname(name, code)):
            return text
    return item.get(name) or ""


def texts(found: dict, part: Part = GUIDE, where: str = "") -> dict[str, str]:
    """Each readable part of the data under a stable label: "Title", "Step 2: text",
    "Step 2: materials"…"""

    def labelled(label: str) -> str:
        if not where:
            return label
        # Translators: a part of a guide and one of its fields, in a comparison of two
        # versions: "Step 2: text", "Step 2: materials".
        return gettext("%(part)s: %(field)s") % {"part": where, "field": label}

    found = _in_languages(part, found)
    parts = {}
    for name in _attnames(part):
        model_field = part.model._meta.get_field(name)
        if name == "position" or not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.choices:
            continue
        value = found.get(model_field.attname) or ""
        label = _label(part, name)
        parts[labelled(label if not where else label[:1].lower() + label[1:])] = value
    for child in part.children:
        items = found.get(child.key, [])
        if child.part.name_field:
            label = str(child.part.model._meta.verbose_name_plural)
            names = (_text_in_page_language(child.part, i, child.part.name_field) for i in items)
            parts[labelled(label)] = "\n".join(names)
        elif child.part.label:
            for item in items:
                where_item = child.part.label % {"position": item.get("position", "")}
                parts.update(texts(item, child.part, where_item))
    return parts


@dataclass(frozen=True)
class Column:
    """One language's column of one translated field of one row, in some data."""

    key: str  # stable: "step:12:title_zh_hans" (rows without ids by their place)
    label: str  # for an editor: "Step 2: Title (简体中文)"
    name: str  # the field: "title"
    code: str  # the language: "zh-hans"
    value: str


def columns(found: dict, part: Part = GUIDE, where: str = "", place: str = "") -> list:
    """Every translated column in the data, with a stable key and a label."""
    found = _in_languages(part, found)
    place = place or part.model._meta.model_name  # "guide", "office"…
    if part.keeps_id and found.get("id") is not None:
        place = f"{part.model._meta.model_name}:{found['id']}"
    found_columns = []
    for name in translated(part.model):
        for code in LANGUAGES:
            column = build_localized_fieldname(name, code)
            label = _label(part, column)
            if where:
                label = gettext("%(part)s: %(field)s") % {"part": where, "field": label}
            value = found.get(column) or ""
            found_columns.append(Column(f"{place}:{column}", label, name, code, value))
    for child in part.children:
        for number, item in enumerate(found.get(child.key, []), start=1):
            inner = (
                child.part.label % {"position": item.get("position", number)}
                if child.part.label
                else f"{capfirst(child.part.model._meta.verbose_name)} {number}"
            )
            found_columns += columns(
                item,
                child.part,
                f"{where} › {inner}" if where else inner,
                f"{place}/{child.key}.{number}",
            )
    return found_columns


def of_item(model: type[models.Model]) -> Part:
    """A row that is not part of a guide (a local item), as a part of its own: what the
    translation checks below read of it."""
    return Part(model, translated(model), keeps_id=False)


def not_translated(found: dict, part: Part = GUIDE) -> list[str]:
    """The texts written in one language and not the other, named for an editor:
    "Step 2: Text (简体中文)"."""
    return [
        column.label
        for both in _by_field(columns(found, part))
        if any(c.value for c in both) and both[0].name not in NAMED_AS_IT_IS
        for column in both
        if not column.value
    ]


def translations_to_check(
    before: dict, after: dict, flagged: list[str], part: Part = GUIDE
) -> list[str]:
    """The columns that may be out of date after a save from `before` to `after`: a text
    changed in one language and not in the other, which was written. A column that
    changed itself is no longer to check; `flagged` are those to check already."""
    old = {c.key: c for c in columns(before, part)}
    new = columns(after, part)
    keep = set(flagged) & {c.key for c in new}
    for both in _by_field(new):
        changed = {c.key for c in both if c.key in old and old[c.key].value != c.value}
        keep -= changed
        # A change to a flagged text brings the translation up to date; any other change
        # may leave the other language's text behind.
        if changed - set(flagged):
            keep |= {c.key for c in both if c.key not in changed and c.value}
    return sorted(keep)


def _by_field(found: list[Column]) -> list[list[Column]]:
    """The columns of each field of each row together: [title_zh_hans, title_en]…"""
    fields: dict[tuple[str, str], list[Column]] = {}
    for column in found:
        fields.setdefault((column.key.rsplit(":", 1)[0], column.name), []).append(column)
    return list(fields.values())


def labels(found: dict, keys: list[str], part: Part = GUIDE) -> list[str]:
    wanted = set(keys)
    return [column.label for column in columns(found, part) if column.key in wanted]

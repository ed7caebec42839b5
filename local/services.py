"""Loading local variations from the files in fixtures/."""

import csv
import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from guides import tree
from guides.models import Material, PaymentMethod, Step
from guides.placeholders import UNIT_OF, WORDED
from local.models import (
    Figure,
    Hotline,
    MaterialChange,
    MethodChange,
    Office,
    Service,
    Status,
    StepChange,
)
from regions.models import Region
from regions.services import ImportReport, RegionDataError

NATIONAL = "000000"  # the figures files' code for "the whole country"


def _step(guide: str, position: int, where: str) -> Step:
    try:
        return Step.objects.get(guide__slug=guide, position=position)
    except Step.DoesNotExist as exc:
        raise RegionDataError(
            gettext("%(where)s: no step %(number)s in guide %(guide)s")
            % {"where": where, "number": position, "guide": repr(guide)}
        ) from exc


def _region(code: str, where: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist as exc:
        raise RegionDataError(
            gettext("%(where)s: unknown region %(code)s") % {"where": where, "code": repr(code)}
        ) from exc


def _in_languages(model, item: dict, texts: dict[str, dict]) -> dict:
    """The item's texts in their language's columns: the file's own are English, and
    `texts` (by language) has the same item in other languages."""
    names = tree.translated(model)
    found = {
        (build_localized_fieldname(key, "en") if key in names else key): value
        for key, value in item.items()
    }
    for code, other in texts.items():
        found |= {build_localized_fieldname(k, code): v for k, v in other.items() if k in names}
    return found


@transaction.atomic
def load_variations(
    *, data: dict, source_name: str = "variations", translations: dict[str, dict] | None = None
) -> ImportReport:
    """Create the local items described in a variations file, each unless already there,
    with their texts in other languages (`translations`, by language, item for item).

    An item that exists (same region and same target) is left as editors keep it,
    so loading twice changes nothing and never overwrites their work.
    """
    report = ImportReport()
    common_keys = {"source", "last_verified", "verified_by", "status", "is_demo"}
    items = data.get("items", [])
    others = {code: other.get("items", []) for code, other in (translations or {}).items()}
    for code, other in others.items():
        if len(other) != len(items):
            raise RegionDataError(
                gettext("The %(language)s translation has %(theirs)s items, not %(ours)s.")
                % {"language": code, "theirs": len(other), "ours": len(items)}
            )
    for number, item in enumerate(items, start=1):
        # Translators: a variations file's name and the number of an item in it.
        where = gettext("%(file)s item %(number)s") % {"file": source_name, "number": number}
        item = dict(item)
        kind = item.pop("type", None)
        code = item.pop("region", "")
        # A service may be national; every other local item belongs to a region.
        region = None if kind == "service" and code == NATIONAL else _region(code, where)
        common = {key: item.pop(key) for key in common_keys if key in item}
        common.setdefault("status", Status.PUBLISHED)
        common["is_live"] = common["status"] == Status.PUBLISHED
        if "last_verified" in common:
            common["last_verified"] = datetime.date.fromisoformat(common["last_verified"])
        try:
            if kind in {"step_note", "step_text"}:
                step = _step(item.pop("guide"), item.pop("step"), where)
                action = StepChange.Action.NOTE if kind == "step_note" else "replace"
                lookup = {"region": region, "step": step, "action": action}
                model = StepChange
            elif kind == "material":
                step = _step(item.pop("guide"), item.pop("step"), where)
                position = item.pop("material", None)
                material = Material.objects.get(step=step, position=position) if position else None
                lookup = {"region": region, "step": step, "material": material}
                if material is None:
                    lookup["name"] = item["name"]
                model = MaterialChange
            elif kind == "method":
                step = _step(item.pop("guide"), item.pop("step"), where)
                method_kind = item.pop("method", None)
                method = (
                    PaymentMethod.objects.get(step=step, kind=method_kind) if method_kind else None
                )
                lookup = {"region": region, "step": step, "method": method}
                if method is None:
                    lookup["name"] = item["name"]
                model = MethodChange
            elif kind == "office":
                lookup = {"region": region, "name": item["name"]}
                model = Office
            elif kind == "hotline":
                lookup = {"region": region, "number": item["number"]}
                model = Hotline
            elif kind == "service":
                lookup = {"region": region, "kind": item["kind"]}
                model = Service
            else:
                raise RegionDataError(
                    gettext("%(where)s: unknown type %(type)s")
                    % {"where": where, "type": repr(kind)}
                )
        except (KeyError, Material.DoesNotExist, PaymentMethod.DoesNotExist) as exc:
            raise RegionDataError(
                gettext("%(where)s: missing or unknown %(what)s") % {"where": where, "what": exc}
            ) from exc
        if model.objects.filter(**lookup).exists():
            report.unchanged += 1
            continue
        try:
            texts = {code: other[number - 1] for code, other in others.items()}
            variation = model(**_in_languages(model, {**item, **lookup}, texts), **common)
            variation.full_clean()
        except TypeError as exc:  # a field the model does not have
            raise RegionDataError(
                gettext("%(where)s: %(error)s") % {"where": where, "error": exc}
            ) from exc
        except ValidationError as exc:
            raise RegionDataError(
                gettext("%(where)s: %(error)s") % {"where": where, "error": "; ".join(exc.messages)}
            ) from exc
        variation.save()
        report.created += 1
    return report


def load_variations_file(path: Path, translations: dict[str, Path] | None = None) -> ImportReport:
    """A variations file, and its items in other languages from files of the same shape."""
    return load_variations(
        data=json.loads(path.read_text(encoding="utf-8")),
        source_name=path.name,
        translations={
            code: json.loads(other.read_text(encoding="utf-8"))
            for code, other in (translations or {}).items()
        },
    )


FIGURE_COLUMNS = [
    "region", "scheme", "insurance", "figure", "value", "unit",
    "in_force_from", "in_force_until", "source", "reliability",
]  # fmt: skip


@transaction.atomic
def load_figures(path: Path, *, provenance: Path, translations: Path | None = None) -> ImportReport:
    """Create the figures a CSV file lists (columns as in ../shared/data/figures/), each
    unless one for the same region, scheme, insurance, kind and first day is there.

    `provenance` says who read them, when, and whether they are demonstration figures;
    `translations` gives their words in Chinese. A row that is wrong stops the import
    with its line, before anything is written.
    """
    about = json.loads(provenance.read_text(encoding="utf-8"))
    chinese = json.loads(translations.read_text(encoding="utf-8")) if translations else {}
    report = ImportReport()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != FIGURE_COLUMNS:
            raise RegionDataError(
                gettext("%(file)s: the columns should be %(columns)s")
                % {"file": path.name, "columns": ", ".join(FIGURE_COLUMNS)}
            )
        figures = [_figure(row, about, chinese, f"{path.name} line {reader.line_num}")
                   for row in reader]  # fmt: skip
    for figure in figures:
        same = Figure.objects.filter(
            region=figure.region_id, scheme=figure.scheme, insurance=figure.insurance,
            kind=figure.kind, in_force_from=figure.in_force_from,
        )  # fmt: skip
        if same.exists():
            report.unchanged += 1
            continue
        try:
            figure.full_clean()
        except ValidationError as exc:
            raise RegionDataError(f"{figure}: {'; '.join(exc.messages)}") from exc
        figure.save()
        report.created += 1
    return report


def _figure(row: dict, about: dict, chinese: dict, where: str) -> Figure:
    """One row of a figures file, as an unsaved, published figure."""
    kind, unit = row["figure"], row["unit"]
    if kind not in Figure.Kind.values:
        raise RegionDataError(f"{where}: unknown figure {kind!r}")
    if UNIT_OF[kind] != unit:
        raise RegionDataError(f"{where}: {kind} is in {UNIT_OF[kind]!r}, not {unit!r}")
    try:
        starts = datetime.date.fromisoformat(row["in_force_from"])
        ends = datetime.date.fromisoformat(row["in_force_until"]) if row["in_force_until"] else None
    except ValueError as exc:
        raise RegionDataError(f"{where}: {exc}") from exc
    code = row["region"]
    region = None if code == NATIONAL else _region(code, where)
    worded = unit in WORDED
    try:
        amount = None if worded else Decimal(row["value"])
    except InvalidOperation as exc:
        raise RegionDataError(f"{where}: {row['value']!r} is not a number") from exc
    reliability = row["reliability"]
    fields = {
        "region": region,
        "scheme": row["scheme"],
        "insurance": row["insurance"],
        "kind": kind,
        "amount": amount,
        "in_force_from": starts,
        "in_force_until": ends,
        "source": row["source"],
        "last_verified": datetime.date.fromisoformat(about["last_verified"]),
        "verified_by_en": about["verified_by_en"],
        "verified_by_zh_hans": about["verified_by_zh_hans"],
        "reliability_en": reliability,
        "reliability_zh_hans": chinese.get("reliability", {}).get(reliability, ""),
        "is_demo": about["is_demo"],
        "status": Status.PUBLISHED,
        "is_live": True,
    }
    if worded:
        fields["text_en"] = row["value"]
        fields["text_zh_hans"] = chinese.get("text", {}).get(row["value"], "")
    return Figure(**fields)

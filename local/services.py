"""Loading local variations from the files in fixtures/."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from guides import tree
from guides.models import Material, PaymentMethod, Step
from local.models import Hotline, MaterialChange, MethodChange, Office, Status, StepChange
from regions.models import Region
from regions.services import ImportReport, RegionDataError


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
        region = _region(item.pop("region", ""), where)
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

"""Loading the region list from fixtures/regions/regions.csv."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from regions.models import Region

COLUMNS = ["code", "parent_code", "level", "kind", "name_zh", "name_en"]
CODE = re.compile(r"[1-9][0-9]{5}")


class RegionDataError(ValueError):
    """A regions or variations file that cannot be loaded; the message says where and why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def nothing_changed(self) -> bool:
        return not (self.created or self.updated)


def _read_regions(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise RegionDataError(
                gettext("%(file)s: expected the columns %(columns)s")
                % {"file": path, "columns": ", ".join(COLUMNS)}
            )
        rows = list(reader)
    codes = {row["code"] for row in rows}
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        if not CODE.fullmatch(row["code"]):
            raise RegionDataError(
                gettext("%(where)s: %(code)s is not a six-digit code")
                % {"where": where, "code": repr(row["code"])}
            )
        if row["level"] not in Region.Level.values:
            raise RegionDataError(
                gettext("%(where)s: unknown level %(level)s")
                % {"where": where, "level": repr(row["level"])}
            )
        is_city = row["level"] == Region.Level.CITY
        if is_city != bool(row["parent_code"]):
            raise RegionDataError(
                gettext("%(where)s: a city has a province and a province has none")
                % {"where": where}
            )
        if row["parent_code"] and row["parent_code"] not in codes:
            raise RegionDataError(
                gettext("%(where)s: unknown province %(code)s")
                % {"where": where, "code": repr(row["parent_code"])}
            )
        if not row["name_zh"] or not row["name_en"]:
            raise RegionDataError(
                gettext("%(where)s: a region needs a Chinese and an English name")
                % {"where": where}
            )
    return rows


@transaction.atomic
def import_regions(*, path: Path) -> ImportReport:
    """Create or update the regions listed in a regions.csv; idempotent."""
    rows = _read_regions(path)
    existing = {region.code: region for region in Region.objects.all()}
    report = ImportReport()
    # Provinces first, so that every city's province exists when it is saved.
    for row in sorted(rows, key=lambda row: row["level"] != Region.Level.PROVINCE):
        values = {
            "parent_id": row["parent_code"] or None,
            "level": row["level"],
            "kind": row["kind"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
        }
        region = existing.get(row["code"])
        if region is None:
            Region.objects.create(code=row["code"], **values)
            report.created += 1
        elif any(getattr(region, name) != value for name, value in values.items()):
            Region.objects.filter(code=row["code"]).update(**values)
            report.updated += 1
        else:
            report.unchanged += 1
    return report

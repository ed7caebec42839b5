"""Loading the region list from fixtures/regions/regions.csv, and the districts of some
cities from fixtures/regions/districts.csv."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from regions.models import District, Region

COLUMNS = ["code", "parent_code", "level", "kind", "name_zh", "name_en"]
DISTRICT_COLUMNS = ["code", "city_code", "name_zh", "name_en"]
CODE = re.compile(r"[1-9][0-9]{5}")


class RegionDataError(ValueError):
    """A regions or variations file that cannot be loaded; the message says where and why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def nothing_changed(self) -> bool:
        return not (self.created or self.updated or self.deleted)


def _read_csv(path: Path, columns: list[str]) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise RegionDataError(
                gettext("%(file)s: expected the columns %(columns)s")
                % {"file": path, "columns": ", ".join(columns)}
            )
        return list(reader)


def _read_regions(path: Path) -> list[dict]:
    rows = _read_csv(path, COLUMNS)
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


def _read_districts(path: Path, regions: dict[str, Region]) -> list[dict]:
    rows = _read_csv(path, DISTRICT_COLUMNS)
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        if not CODE.fullmatch(row["code"]):
            raise RegionDataError(
                gettext("%(where)s: %(code)s is not a six-digit code")
                % {"where": where, "code": repr(row["code"])}
            )
        region = regions.get(row["city_code"])
        if region is None:
            raise RegionDataError(
                gettext("%(where)s: unknown city %(code)s")
                % {"where": where, "code": repr(row["city_code"])}
            )
        # A city's districts share its first four digits, a municipality's its first two.
        shared = 4 if region.is_city else 2
        if row["code"][:shared] != region.code[:shared] or row["code"] == region.code:
            raise RegionDataError(
                gettext("%(where)s: district %(code)s is not in city %(city)s")
                % {"where": where, "code": row["code"], "city": region.code}
            )
        if not row["name_zh"]:
            raise RegionDataError(
                gettext("%(where)s: a district needs a Chinese name") % {"where": where}
            )
    return rows


@transaction.atomic
def import_districts(*, path: Path) -> ImportReport:
    """Make the districts those listed in a districts.csv (the regions loaded first);
    idempotent. Saved one by one, so that the cache of what the chooser knows is renewed."""
    rows = _read_districts(path, {region.code: region for region in Region.objects.all()})
    existing = {district.code: district for district in District.objects.all()}
    report = ImportReport()
    for row in rows:
        values = {
            "region_id": row["city_code"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
        }
        district = existing.pop(row["code"], None)
        if district is None:
            District.objects.create(code=row["code"], **values)
            report.created += 1
        elif any(getattr(district, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(district, name, value)
            district.save()
            report.updated += 1
        else:
            report.unchanged += 1
    # The file is the whole list: a district merged into another is gone from it.
    report.deleted, _ = District.objects.filter(code__in=existing).delete()
    return report

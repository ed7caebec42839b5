"""``manage.py seed``: load the content that ships with the portal.

Idempotent: every step either updates records in place or skips what is
already there, so running it twice changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from guides.services import GuideDataError, load_guide_file
from laws.parsing import StatuteFormatError
from laws.services import import_statute_package
from local.services import load_figures, load_variations_file
from regions.services import RegionDataError, import_districts, import_regions
from search.indexing import index_paragraphs, index_tools
from search.models import Entry
from search.services import load_synonyms

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the shipped content from fixtures/ (safe to run again)."

    def handle(self, *args, **options) -> None:
        try:
            self._seed()
        except (GuideDataError, RegionDataError, StatuteFormatError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Seed complete."))

    def _seed(self) -> None:
        for manifest in sorted(FIXTURES_DIR.glob("laws/*/statute.json")):
            report = import_statute_package(manifest.parent)
            summary = "unchanged" if report.nothing_changed else "imported"
            self.stdout.write(f"Statute {manifest.parent.name}: {summary}")
        if not Entry.objects.filter(kind=Entry.Kind.LAW).exists():
            # A migration of the index (search 0003) leaves the law to be indexed again.
            index_paragraphs()
            self.stdout.write("Search: the law indexed again")
        if not Entry.objects.filter(kind=Entry.Kind.TOOL).exists():
            index_tools()
            self.stdout.write("Search: the calculators and answers indexed")
        for path in sorted(FIXTURES_DIR.glob("guides/*.json")):
            chinese = FIXTURES_DIR / "translations" / f"{path.stem}.zh-hans.json"
            translations = {"zh-hans": chinese} if chinese.exists() else {}
            guide, created = load_guide_file(path, translations)
            summary = "created" if created else "already there, left as editors keep it"
            self.stdout.write(f"Guide {guide.slug}: {summary}")
        report = import_regions(path=FIXTURES_DIR / "regions" / "regions.csv")
        self.stdout.write(
            f"Regions: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
        report = import_districts(path=FIXTURES_DIR / "regions" / "districts.csv")
        self.stdout.write(
            f"Districts: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.deleted} removed"
        )
        for path in sorted(FIXTURES_DIR.glob("regions/*.json")):
            chinese = FIXTURES_DIR / "translations" / f"{path.stem}.zh-hans.json"
            report = load_variations_file(path, {"zh-hans": chinese} if chinese.exists() else {})
            self.stdout.write(
                f"Local variations {path.name}: {report.created} created, "
                f"{report.unchanged} already there"
            )
        report = load_figures(
            FIXTURES_DIR / "figures" / "figures.csv",
            provenance=FIXTURES_DIR / "figures" / "provenance.json",
            translations=FIXTURES_DIR / "translations" / "figures.zh-hans.json",
        )
        self.stdout.write(f"Figures: {report.created} created, {report.unchanged} already there")
        added = load_synonyms(FIXTURES_DIR / "search" / "synonyms.csv")
        self.stdout.write(f"Search synonyms: {added} added")
        for fixture in sorted(FIXTURES_DIR.glob("*.json")):
            # loaddata updates rows by primary key, so a second run rewrites
            # the same values and adds nothing.
            call_command("loaddata", str(fixture), verbosity=0)
            self.stdout.write(f"Loaded {fixture.relative_to(settings.BASE_DIR)}")

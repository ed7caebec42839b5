"""``manage.py seed``: load the content that ships with the portal.

Idempotent: every step either updates records in place or skips what is
already there, so running it twice changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from guides.services import load_guide_file
from laws.services import import_statute_package

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the shipped content from fixtures/ (safe to run again)."

    def handle(self, *args, **options) -> None:
        for manifest in sorted(FIXTURES_DIR.glob("laws/*/statute.json")):
            report = import_statute_package(manifest.parent)
            summary = "unchanged" if report.nothing_changed else "imported"
            self.stdout.write(f"Statute {manifest.parent.name}: {summary}")
        for path in sorted(FIXTURES_DIR.glob("guides/*.json")):
            guide, created = load_guide_file(path)
            summary = "created" if created else "already there, left as editors keep it"
            self.stdout.write(f"Guide {guide.slug}: {summary}")
        for fixture in sorted(FIXTURES_DIR.glob("*.json")):
            # loaddata updates rows by primary key, so a second run rewrites
            # the same values and adds nothing.
            call_command("loaddata", str(fixture), verbosity=0)
            self.stdout.write(f"Loaded {fixture.relative_to(settings.BASE_DIR)}")
        self.stdout.write(self.style.SUCCESS("Seed complete."))

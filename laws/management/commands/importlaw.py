"""``manage.py importlaw``: load or update a statute from its source files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from laws.parsing import StatuteFormatError
from laws.services import import_statute


class DryRun(Exception):
    """Raised to roll the import back after reporting it."""


class Command(BaseCommand):
    help = (
        "Import a statute from its consolidated text (LawRefBook/NPC Markdown format) and "
        "the amendment files that give earlier wordings. Atomic and idempotent: a malformed "
        "file writes nothing, and a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", type=Path, help="The consolidated text (.md).")
        parser.add_argument(
            "--amendment",
            dest="amendments",
            action="append",
            type=Path,
            default=[],
            help="An amendment file (.json); repeat for several.",
        )
        parser.add_argument("--slug", required=True, help="The statute's address slug.")
        parser.add_argument("--source", required=True, help="Provenance of the text.")
        parser.add_argument("--title-en", default="", help="English title, if not in the files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, **options):
        for path in [options["text"], *options["amendments"]]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            with transaction.atomic():
                report = import_statute(
                    text_path=options["text"],
                    amendment_paths=options["amendments"],
                    slug=options["slug"],
                    source=options["source"],
                    title_en=options["title_en"],
                )
                self.stdout.write(str(report))
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing was written.")
            return
        except (StatuteFormatError, UnicodeDecodeError) as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
        if report.nothing_changed:
            self.stdout.write(self.style.SUCCESS("Already up to date: nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Import complete."))

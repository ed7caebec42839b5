"""``manage.py law_references``: the references in the law's text that are not links."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from laws.references import unresolved


class Command(BaseCommand):
    help = (
        "List the references in the text in force (today, or on --on YYYY-MM-DD) that do not "
        "lead anywhere on this site: another statute not held here, an article or paragraph "
        "that does not exist, 前款 in a first paragraph."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, **options):
        found = unresolved(options["on"] or timezone.localdate())
        for wording, reference in found:
            article = wording.paragraph.article
            self.stdout.write(
                f"{article.statute.slug} article {article.number} paragraph "
                f"{wording.paragraph.number}: {reference.text}"
            )
        self.stdout.write(f"{len(found)} not linked.")

"""``manage.py rebuild_search_index``: rebuild the search index from the content."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the published content (it is kept current anyway)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Indexed {rebuild()} entries.")

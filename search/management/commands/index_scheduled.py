"""``manage.py index_scheduled``: the search index catches up with scheduled versions.

A version scheduled for later is on the site from its time with nothing written then
(guides.publishing): pages need nothing from this command. The search index, which is
written, does: run this from cron every minute or so.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from guides.models import GuideVersion
from search import indexing


class Command(BaseCommand):
    help = "Index again the guides whose scheduled versions went live in the last minutes."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--minutes", type=int, default=10, help="How far back to look (default 10)."
        )

    def handle(self, *args, minutes: int, **options) -> None:
        now = timezone.now()
        since = now - datetime.timedelta(minutes=max(minutes, 1))
        guides = set(
            GuideVersion.objects.filter(published_at__gt=since, published_at__lte=now)
            .exclude(guide=None)
            .values_list("guide", flat=True)
        )
        for guide_id in sorted(guides):
            indexing.index_guide(guide_id)
        self.stdout.write(f"Indexed {len(guides)} guide(s) whose versions went live.")

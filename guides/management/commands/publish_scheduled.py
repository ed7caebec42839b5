"""``manage.py publish_scheduled``: publish the drafts whose scheduled time has come.

Guides also publish their own due drafts on the first request after the time;
run this from cron (every minute or so) so that nothing waits for a visitor.
"""

from django.core.management.base import BaseCommand

from guides.publishing import publish_due


class Command(BaseCommand):
    help = "Publish every scheduled guide change whose time has come."

    def handle(self, *args, **options) -> None:
        count = publish_due()
        self.stdout.write(f"Published {count} scheduled change(s).")

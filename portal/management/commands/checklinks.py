"""``manage.py checklinks``: check every external link in the content (editorial.links)."""

from django.core.management.base import BaseCommand, CommandError

from editorial.links import check, record
from portal.links import links_in_content


class Command(BaseCommand):
    help = (
        "Check every external link in the guides, local items and services, and keep the "
        "results for the editors' dashboard and the admin. Redirects are reported, not followed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--concurrency", type=int, default=4, help="Requests at once.")
        parser.add_argument("--per-host", type=int, default=2, help="At once on one host.")

    def handle(self, *args, timeout, concurrency, per_host, **options):
        if not (0 < timeout <= 120 and 1 <= concurrency <= 32 and 1 <= per_host <= concurrency):
            raise CommandError(
                "Give a timeout of up to 120 seconds, a concurrency of 1 to 32 and a per-host "
                "limit of 1 up to the concurrency."
            )
        found = links_in_content()
        results = check(found, timeout=timeout, concurrency=concurrency, per_host=per_host)
        record(results, found)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.result] = counts.get(result.result, 0) + 1
            if result.result != "ok":
                detail = result.moved_to or result.error or result.status_code
                self.stdout.write(f"{result.result}: {result.url} ({detail})")
        summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
        self.stdout.write(f"{len(results)} links checked: {summary or 'none found'}.")

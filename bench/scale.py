"""Cost as content grows: ``make bench-scale``.

On a fresh PostgreSQL database (BENCH_DATABASE_URL, default portal_scale) with the seed
content, adds generated guides (bench/corpus.py) until there are 10, 100, 1,000 and 10,000
(BENCH_SCALE, comma-separated), and at each size measures, in this process with the
production settings and Redis:

- each page cold (every cache out of date, as for the first visitor after a change): the
  median time of BENCH_REPEATS builds and the queries one build costs;
- search on PostgreSQL: the median and 95th percentile of the queries bench/search.py uses.

Page time and queries should stay flat as the corpus grows (lists are paginated, and no
page reads every guide); the sitemap is left out, as it lists every guide by design.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import fresh_database  # noqa: E402
from bench.search import QUERIES  # noqa: E402

DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_scale")
SIZES = [int(size) for size in os.environ.get("BENCH_SCALE", "10,100,1000,10000").split(",")]
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))
GUIDE = "/guides/where-to-pay-social-security/"
PAGES = {
    "home": "/",
    "guide list": "/guides/",
    "national guide": GUIDE,
    "generated guide": "/guides/generated-7/",
    "city guide": GUIDE + "440000/440300/",
    "article 60": "/laws/social-insurance-law/article/60/",
    "city guide, zh": "/zh-hans" + GUIDE + "440000/440300/",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def measure(client) -> dict[str, tuple[float, int]]:
    """Each page's median cold time in ms and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.cache import bump_generation

    results = {}
    for name, path in PAGES.items():
        timings = []
        for _ in range(REPEATS):
            bump_generation()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        bump_generation()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        results[name] = (statistics.median(timings), len(captured))
    return results


def search_timings(client) -> list[float]:
    from portal.cache import bump_generation

    timings = []
    for _ in range(3):
        for query in QUERIES:
            bump_generation()
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={query} answered {response.status_code}")
    return timings


def main() -> None:
    os.environ.update(
        {
            "DATABASE_URL": DATABASE,
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
            "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "DEBUG": "0",
            "LOG_LEVEL": "warning",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    fresh_database(DATABASE)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.corpus import generated_guide
    from guides.services import create_guide
    from laws.models import Wording

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("seed", verbosity=0)
    chinese = list(Wording.objects.values_list("text_zh", flat=True))
    client = Client()
    for path in PAGES.values():  # warm up: code paths, templates, the segmenter
        client.get(path)
    rows = []
    made = 0
    for size in SIZES:
        started = time.perf_counter()
        while made < size:
            create_guide(data=generated_guide(made, chinese))
            made += 1
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{size:>6} generated guides (added in {time.perf_counter() - started:.0f} s)")
        pages = measure(client)
        search = search_timings(client)
        rows.append((size, pages, search))
        for name, (median, queries) in pages.items():
            print(f"         {name:16} {median:6.1f} ms  {queries:3d} queries")
        print(f"         search           median {statistics.median(search):.1f} ms, "
              f"p95 {percentile(search, 0.95):.1f} ms")  # fmt: skip

    print("\nCold page, median ms / queries, by the number of generated guides:")
    print(f"{'page':18}" + "".join(f"{size:>14,}" for size, _, _ in rows))
    for name in PAGES:
        cells = "".join(f"{f'{p[name][0]:.1f} / {p[name][1]}':>14}" for _, p, _ in rows)
        print(f"{name:18}{cells}")
    cells = "".join(f"{percentile(s, 0.95):>14.1f}" for _, _, s in rows)
    print(f"{'search p95 ms':18}{cells}")


if __name__ == "__main__":
    main()

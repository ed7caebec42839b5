"""Cost as content grows: ``make bench-scale``.

On a fresh PostgreSQL database (BENCH_DATABASE_URL, default portal_scale) with the seed
content, adds generated guides (bench/corpus.py) until there are 10, 100, 1,000 and 10,000
(BENCH_SCALE, comma-separated), and at each size measures, in this process with the
production settings and Redis:

- each page cold (every cache out of date, as for the first visitor after a change): the
  median time of BENCH_REPEATS builds and the queries one build costs;
- search on PostgreSQL, the queries bench/search.py uses: the median and 95th percentile of a
  search nobody has made since the last change (its page and results built, what every search
  shares kept), and of one with every cache out of date.

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


def search_timings(client, *, everything_old: bool) -> list[float]:
    """Three rounds of the queries: with every cache out of date before each search, or
    (`everything_old` False) as a query nobody has asked since the last change: its page and
    results are built, while what every search shares (regions, synonyms) is already kept."""
    from portal.cache import bump_generation

    timings = []
    for _ in range(3):
        bump_generation()
        client.get("/search/", {"q": "warm up"})  # the parts every search shares
        for query in QUERIES:
            if everything_old:
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
    # BENCH_REUSE=1 measures the database of an earlier run again, at the size it reached.
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if not reuse:
        fresh_database(DATABASE)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.corpus import generated_guide
    from guides.models import Guide
    from guides.services import create_guide
    from laws.models import Wording

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not reuse:
        call_command("seed", verbosity=0)
    chinese = list(Wording.objects.values_list("text_zh", flat=True))
    made = Guide.objects.filter(slug__startswith="generated-").count()
    client = Client()
    for path in PAGES.values():  # warm up: code paths, templates, the segmenter
        client.get(path)
    rows = []
    for size in [made] if reuse else SIZES:
        started = time.perf_counter()
        while made < size:
            create_guide(data=generated_guide(made, chinese))
            made += 1
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{size:>6} generated guides (added in {time.perf_counter() - started:.0f} s)")
        pages = measure(client)
        search = search_timings(client, everything_old=False)
        cold = search_timings(client, everything_old=True)
        rows.append((size, pages, search, cold))
        for name, (median, queries) in pages.items():
            print(f"         {name:16} {median:6.1f} ms  {queries:3d} queries")
        for name, timings in (("a new search", search), ("search, all old", cold)):
            print(f"         {name:16} median {statistics.median(timings):.1f} ms, "
                  f"p95 {percentile(timings, 0.95):.1f} ms")  # fmt: skip

    print("\nCold page, median ms / queries, by the number of generated guides:")
    print(f"{'page':22}" + "".join(f"{size:>14,}" for size, *_ in rows))
    for name in PAGES:
        cells = "".join(f"{f'{p[name][0]:.1f} / {p[name][1]}':>14}" for _, p, *_ in rows)
        print(f"{name:22}{cells}")
    for label, index in (("new search p95 ms", 2), ("search, all old p95", 3)):
        cells = "".join(f"{percentile(row[index], 0.95):>14.1f}" for row in rows)
        print(f"{label:22}{cells}")


if __name__ == "__main__":
    main()

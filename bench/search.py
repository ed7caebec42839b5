"""Search latency on PostgreSQL with a large corpus: ``make bench-search``.

Creates a fresh database (``portal_bench`` on the PostgreSQL at BENCH_DATABASE_URL's
server), migrates and seeds it, adds GUIDES generated guides of five steps each
(English and Chinese text), then times the search page for a mix of queries and
prints the median and 95th-percentile latency. Needs a running PostgreSQL.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import fresh_database  # noqa: E402

GUIDES = int(os.environ.get("BENCH_GUIDES", "1000"))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
QUERIES = [
    "bank transfer", "photocopy", "滞纳金", "灵活就业人员", "force majeure", "social security card",
    "社会保险", "payment records", "缴纳", "hotline", "self-service machine", "征收机构",
    "residence permit", "养老保险", "cash", "医疗保险",
]  # fmt: skip


def main() -> None:
    os.environ["DATABASE_URL"] = SERVER
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    fresh_database(SERVER)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench.corpus import add_generated_guides
    from search.models import Entry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # the production pages need it
    call_command("seed", verbosity=0)
    add_generated_guides(GUIDES)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would, so the planner uses the GIN index
    print(f"Corpus: {GUIDES + 1} guides, {Entry.objects.count()} search entries, "
          f"built in {time.perf_counter() - started:.0f} s")  # fmt: skip

    client = Client()
    for query in QUERIES:  # warm up: caches, the segmenter, PostgreSQL's buffers
        client.get("/search/", {"q": query}, secure=True)
    timings = []
    for _ in range(REPEATS):
        for query in QUERIES:
            start = time.perf_counter()
            response = client.get("/search/", {"q": query}, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={query} answered {response.status_code}")
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"Search page, {len(timings)} requests ({len(QUERIES)} queries × {REPEATS}), "
          f"in-process, PostgreSQL:")  # fmt: skip
    print(f"  median {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms   "
          f"max {timings[-1]:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()

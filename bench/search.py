"""Search latency on PostgreSQL with a large corpus: ``make bench-search``.

Creates a fresh database (``portal_bench`` on the PostgreSQL at BENCH_DATABASE_URL's
server), migrates and seeds it, adds GUIDES generated guides of five steps each
(English and Chinese text), then times the search page for a mix of queries and
prints the median and 95th-percentile latency. Needs a running PostgreSQL.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GUIDES = int(os.environ.get("BENCH_GUIDES", "1000"))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
QUERIES = [
    "bank transfer", "photocopy", "滞纳金", "灵活就业人员", "force majeure", "social security card",
    "社会保险", "payment records", "缴纳", "hotline", "self-service machine", "征收机构",
    "residence permit", "养老保险", "cash", "医疗保险",
]  # fmt: skip
WORDS_EN = [
    "pay", "contributions", "employer", "employee", "pension", "medical", "insurance",
    "unemployment", "injury", "maternity", "card", "bank", "counter", "online", "app", "records",
    "certificate", "notice", "deadline", "late", "fee", "office", "city", "province", "account",
    "transfer", "cash", "machine", "mobile", "hotline", "residence", "permit", "flexible", "worker",
]  # fmt: skip


def prepare_database() -> None:
    import psycopg2
    from psycopg2 import sql

    name = SERVER.rsplit("/", 1)[1]
    admin = psycopg2.connect(SERVER.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def generated_guide(number: int, chinese: list[str]) -> dict:
    rng = random.Random(number)  # noqa: S311 - repeatable made-up text, not secrets

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS_EN) for _ in range(words)).capitalize() + "."

    kinds = ["policy", "materials", "methods", "procedure", "records"]
    return {
        "slug": f"generated-{number}",
        "title": f"{sentence(6)[:-1]}?",
        "short_answer": sentence(20),
        "summary": sentence(40) + " " + rng.choice(chinese),
        "steps": [
            {
                "kind": kind,
                "title": sentence(5),
                "body": " ".join([sentence(30), rng.choice(chinese), sentence(30)]),
                "citations": [{"statute": "social-insurance-law", "article": rng.randint(1, 98)}],
            }
            for kind in kinds
        ],
    }


def main() -> None:
    os.environ["DATABASE_URL"] = SERVER
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    prepare_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from guides.services import create_guide
    from laws.models import Wording
    from search.models import Entry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # the production pages need it
    call_command("seed", verbosity=0)
    chinese = list(Wording.objects.values_list("text_zh", flat=True))
    for number in range(GUIDES):
        create_guide(data=generated_guide(number, chinese))
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

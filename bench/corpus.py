"""Generated content for the benchmarks: guides of five steps in English and Chinese."""

import random

WORDS_EN = [
    "pay", "contributions", "employer", "employee", "pension", "medical", "insurance",
    "unemployment", "injury", "maternity", "card", "bank", "counter", "online", "app", "records",
    "certificate", "notice", "deadline", "late", "fee", "office", "city", "province", "account",
    "transfer", "cash", "machine", "mobile", "hotline", "residence", "permit", "flexible", "worker",
]  # fmt: skip


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


def add_generated_guides(count: int) -> None:
    """Add `count` published guides (the statute must be imported already)."""
    from guides.services import create_guide
    from laws.models import Wording

    chinese = list(Wording.objects.values_list("text_zh", flat=True))
    for number in range(count):
        create_guide(data=generated_guide(number, chinese))


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database that `url` names."""
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()

"""The one place search talks to the database's own full-text engine.

PostgreSQL: a stored, generated ``tsvector`` column (titles weighted A, bodies
B) with a GIN index, ranked by ``ts_rank``. SQLite: an FTS5 table kept in step
with ``search_entry`` by triggers, ranked by ``bm25`` with titles weighted ten
times the body. Both see the same pre-segmented words (search.text), and both
stem English words (Snowball and Porter), so they find the same entries.
"""

import difflib

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

# How alike a misspelt word and an indexed one must be to offer the latter instead.
TRIGRAM_THRESHOLD = 0.3
RATIO_THRESHOLD = 0.75

# What citizens most need first, for the same words: a guide, then its steps, the tools and
# local rules, then the law (which the guides cite and link to).
KIND_WEIGHT = (
    "CASE e.kind WHEN 'guide' THEN 3.0 WHEN 'step' THEN 1.5 WHEN 'tool' THEN 1.5 "
    "WHEN 'local' THEN 1.5 ELSE 1.0 END"
)

POSTGRESQL_SETUP = [
    """ALTER TABLE search_entry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title_terms), 'A')
        || setweight(to_tsvector('english', body_terms), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
]
POSTGRESQL_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector",
]

SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title_terms, body_terms, content='search_entry', content_rowid='id',
        tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_entry_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]


def setup(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_SETUP, "sqlite": SQLITE_SETUP}.get(vendor, []):
        schema_editor.execute(statement)


def teardown(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_TEARDOWN, "sqlite": SQLITE_TEARDOWN}.get(vendor, []):
        schema_editor.execute(statement)


def _filters(kinds: list[str], regions: list[str]) -> tuple[str, list]:
    """SQL conditions on search_entry (aliased e) for the kinds and regions asked for, in
    the page's language."""
    sql, params = ["e.language = %s"], [get_language() or settings.LANGUAGE_CODE]
    if kinds:
        sql.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
        params += kinds
    # Local rules appear only for the region chosen (and its province), offices only for
    # the region itself: a province's counters do not serve its cities.
    if regions:
        places = ", ".join(["%s"] * len(regions))
        sql.append(
            f"(e.region_id IS NULL OR (e.region_id IN ({places}) "
            "AND (e.key NOT LIKE 'office:%%' OR e.region_id = %s)))"
        )
        params += [*regions, regions[-1]]
    else:
        sql.append("e.region_id IS NULL")
    return " AND ".join(sql), params


def _match(groups: list) -> tuple[str, list]:
    """The query's groups (search.query) in the database's query language, with parameters:
    every group, any of its alternatives, every word of an alternative."""
    if connection.vendor == "postgresql":
        params = [" ".join(alternative) for group in groups for alternative in group]
        each = [" || ".join(["plainto_tsquery('english', %s)"] * len(group)) for group in groups]
        return " && ".join(f"({part})" for part in each), params
    # FTS5: each word quoted, so that nothing typed is ever read as FTS syntax.
    each = [
        " OR ".join("(" + " AND ".join(f'"{word}"' for word in alternative) + ")"
                    for alternative in group)
        for group in groups
    ]  # fmt: skip
    return " AND ".join(f"({part})" for part in each), []


def find(
    groups: list, *, kinds: list[str], regions: list[str], limit: int, offset: int
) -> tuple[list[int], int]:
    """Ids of the entries matching every group, best first, and how many match in all."""
    where, filter_params = _filters(kinds, regions)
    match, match_params = _match(groups)
    if connection.vendor == "postgresql":
        source = f"search_entry e, (SELECT {match} AS q) query"
        condition = "e.vector @@ query.q"
        # Title words (A) count 2.5 times body words (B).
        order = f"ts_rank(e.vector, query.q) * {KIND_WEIGHT} DESC, e.id"
        params = [*match_params, *filter_params]
    else:
        source = "search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid"
        condition = "search_entry_fts MATCH %s"
        # Titles weigh ten times more; bm25 is negative, the best first.
        order = f"bm25(search_entry_fts, 10.0, 1.0) * {KIND_WEIGHT}, e.id"
        params = [match, *filter_params]
    base = f"FROM {source} WHERE {condition} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {base}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.id {base} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids, total


def closest_word(word: str, vocabulary) -> str | None:
    """The indexed word nearest to a misspelt one ("paymnet": payment), or None.

    PostgreSQL compares trigrams (pg_trgm's similarity); SQLite has no such thing, so
    Python's difflib compares the same list of words (`vocabulary`, a queryset of
    search.Term) by its ratio of matching characters.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_term WHERE similarity(word, %s) >= %s "
                "ORDER BY similarity(word, %s) DESC, abs(length(word) - length(%s)), word "
                "LIMIT 1",
                [word, TRIGRAM_THRESHOLD, word, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    near = difflib.get_close_matches(
        word, vocabulary.values_list("word", flat=True), n=1, cutoff=RATIO_THRESHOLD
    )
    return near[0] if near else None

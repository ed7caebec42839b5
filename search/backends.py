"""The one place search talks to the database's own full-text engine.

PostgreSQL: a stored, generated ``tsvector`` column (titles weighted A, bodies
B) with a GIN index, ranked by ``ts_rank``. SQLite: an FTS5 table kept in step
with ``search_entry`` by triggers, ranked by ``bm25`` with titles weighted ten
times the body. Both see the same pre-segmented words (search.text), and both
stem English words (Snowball and Porter), so they find the same entries.
"""

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

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
    # Local rules appear only for the region chosen (and its province).
    if regions:
        sql.append(f"(e.region_id IS NULL OR e.region_id IN ({', '.join(['%s'] * len(regions))}))")
        params += regions
    else:
        sql.append("e.region_id IS NULL")
    return " AND ".join(sql), params


def find(
    words: list[str], *, kinds: list[str], regions: list[str], limit: int, offset: int
) -> tuple[list[int], int]:
    """Ids of the matching entries, best first, and how many match in all."""
    where, filter_params = _filters(kinds, regions)
    if connection.vendor == "postgresql":
        source = "search_entry e, plainto_tsquery('english', %s) q"
        condition = "e.vector @@ q"
        order = "ts_rank(e.vector, q) DESC, e.id"  # title words (A) count 2.5 times body (B)
        params = [" ".join(words), *filter_params]
    else:
        source = "search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid"
        condition = "search_entry_fts MATCH %s"
        order = "bm25(search_entry_fts, 10.0, 1.0), e.id"  # titles weigh ten times more
        params = [" ".join(f'"{word}"' for word in words), *filter_params]  # never FTS syntax
    base = f"FROM {source} WHERE {condition} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {base}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.id {base} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids, total

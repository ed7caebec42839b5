"""Refuse overlapping periods of a paragraph's wording, in the database itself.

No portable constraint can compare two rows' date ranges, so each database
gets its own guard: an exclusion constraint on PostgreSQL (needs btree_gist,
a trusted extension), triggers on SQLite. Both raise an IntegrityError.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE laws_wording ADD CONSTRAINT wording_periods_do_not_overlap
    EXCLUDE USING gist (
        paragraph_id WITH =,
        daterange(in_force_from, in_force_until, '[)') WITH &&
    )
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE laws_wording DROP CONSTRAINT wording_periods_do_not_overlap",
]

SQLITE_OVERLAP = """
    SELECT RAISE(ABORT, 'wording periods overlap')
    WHERE EXISTS (
        SELECT 1 FROM laws_wording AS other
        WHERE other.paragraph_id = NEW.paragraph_id
          AND other.id != NEW.id
          AND other.in_force_from < COALESCE(NEW.in_force_until, '9999-12-31')
          AND NEW.in_force_from < COALESCE(other.in_force_until, '9999-12-31')
    );
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER wording_periods_do_not_overlap_insert
    BEFORE INSERT ON laws_wording BEGIN {SQLITE_OVERLAP} END
    """,
    f"""
    CREATE TRIGGER wording_periods_do_not_overlap_update
    BEFORE UPDATE OF paragraph_id, in_force_from, in_force_until ON laws_wording
    BEGIN {SQLITE_OVERLAP} END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS wording_periods_do_not_overlap_insert",
    "DROP TRIGGER IF EXISTS wording_periods_do_not_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("laws", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

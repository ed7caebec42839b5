from django.db import migrations, models

from search import backends


class Migration(migrations.Migration):
    """A law paragraph's entry keeps its unofficial English apart from its Chinese, so that
    a result shows each in an element of its own language."""

    dependencies = [
        ("search", "0002_entry_language"),
    ]

    operations = [
        # As in 0002: SQLite rebuilds the table to add a column, dropping the full-text
        # index's triggers, so the index is taken down first and made again after.
        migrations.RunPython(
            lambda apps, schema_editor: backends.teardown(schema_editor),
            lambda apps, schema_editor: backends.setup(schema_editor),
        ),
        migrations.AddField(
            model_name="entry",
            name="translation",
            field=models.TextField(
                blank=True,
                help_text="The body's unofficial English translation (law), shown in its own language.",
            ),
        ),
        # The law's entries are made again by `manage.py rebuild_search_index` (or `seed`).
        migrations.RunPython(
            lambda apps, schema_editor: apps.get_model("search", "Entry")
            .objects.filter(kind="law")
            .delete(),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            lambda apps, schema_editor: backends.setup(schema_editor),
            lambda apps, schema_editor: backends.teardown(schema_editor),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models

from search import backends


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("guides", "0003_drafts_and_versions"),
        ("regions", "0001_regions_and_local_variations"),
    ]

    operations = [
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(help_text="e.g. step:12.", max_length=60, unique=True)),
                ("kind", models.CharField(choices=[("guide", "Guide"), ("step", "Guide step"), ("law", "Law"), ("local", "Local rule")], max_length=10)),
                ("title", models.CharField(max_length=300)),
                ("context", models.CharField(blank=True, help_text="e.g. the guide's title.", max_length=300)),
                ("body", models.TextField(blank=True, help_text="Plain text, for the snippet.")),
                ("url", models.CharField(max_length=500)),
                ("lang", models.CharField(blank=True, help_text="e.g. zh-Hans for law text.", max_length=10)),
                ("title_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("guide", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="guides.guide")),
                ("region", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="regions.region")),
            ],
            options={"verbose_name": "search entry", "verbose_name_plural": "search entries", "ordering": ["key"]},
        ),
        # The database's own full-text index over the words (search.backends).
        migrations.RunPython(
            lambda apps, schema_editor: backends.setup(schema_editor),
            lambda apps, schema_editor: backends.teardown(schema_editor),
        ),
    ]

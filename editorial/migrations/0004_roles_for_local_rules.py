from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """The roles' permissions on local items, now in the local app."""

    dependencies = [
        ("editorial", "0003_published_version"),
        ("guides", "0007_no_draft_copies"),
        ("local", "0002_content_types_follow"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Editors read what the link checker found."""

    dependencies = [("editorial", "0009_link_checks")]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

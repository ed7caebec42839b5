from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Both roles keep figures as they keep other local items; editors publish them."""

    dependencies = [
        ("editorial", "0005_staff_language"),
        ("local", "0006_figures"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

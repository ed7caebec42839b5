from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Both roles keep services (websites, apps and phone lines), as they keep hotlines;
    editors publish them."""

    dependencies = [
        ("editorial", "0007_roles_for_search"),
        ("local", "0007_services"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

from django.db import migrations

from editorial.roles import sync_roles


def roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Staff managers make accounts; editors no longer do (editorial.roles)."""

    dependencies = [("editorial", "0010_roles_for_link_checks")]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]

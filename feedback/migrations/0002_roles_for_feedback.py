from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Both roles read feedback and move it on (new, in progress, done): regional staff
    their regions', editors every one."""

    dependencies = [
        ("feedback", "0001_feedback"),
        ("editorial", "0008_roles_for_services"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

from django.db import migrations

from editorial.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Editors keep the search synonyms and read the searches that found nothing."""

    dependencies = [
        ("editorial", "0006_roles_for_figures"),
        ("search", "0005_synonyms_terms_missed"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]

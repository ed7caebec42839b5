from django.db import migrations

from editorial.roles import sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """The Editors and Regional staff groups. A later migration that adds a model
    a role works on calls sync_roles again."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_staff_profile"),
        ("guides", "0002_publishing_and_versions"),
        ("laws", "0002_wording_overlap_guard"),
        ("regions", "0001_regions_and_local_variations"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

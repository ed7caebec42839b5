from django.db import migrations

MODELS = ["stepchange", "materialchange", "methodchange", "office", "hotline"]


def forward(apps, schema_editor):
    """Permissions, admin history and published versions refer to the local items through
    their content types: those follow the models to this app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="local", model=model).exists():
            ContentType.objects.filter(app_label="regions", model=model).update(app_label="local")


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="local", model__in=MODELS).update(app_label="regions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("local", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]

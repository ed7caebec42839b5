"""Local items' pending proposals and published versions held their fields as strings,
so an empty material or payment method was stored as "None" and could not be read back
(every screen of such an item answered 500). Store them as typed JSON: nulls as null,
numbers and booleans as themselves, dates as ISO text."""

import datetime

from django.db import migrations, models

MODELS = ["stepchange", "materialchange", "methodchange", "office", "hotline"]
TEXT_FIELDS = (models.CharField, models.TextField)


def typed(model, content: dict) -> dict:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    result = {}
    for name, value in content.items():
        field = fields.get(name)
        if field is None or isinstance(field, TEXT_FIELDS) and not field.is_relation:
            result[name] = value
            continue
        if value in ("None", "") and field.null:
            value = None
        else:
            value = field.to_python(value)
        result[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return result


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    PublishedVersion = apps.get_model("editorial", "PublishedVersion")
    for name in MODELS:
        model = apps.get_model("regions", name)
        for item in model.objects.exclude(pending=None).only("pk", "pending"):
            model.objects.filter(pk=item.pk).update(pending=typed(model, item.pending))
        content_type = ContentType.objects.filter(app_label="regions", model=name).first()
        if content_type is None:
            continue
        for version in PublishedVersion.objects.filter(content_type=content_type):
            version.content = typed(model, version.content)
            version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0003_published_version"),
        ("regions", "0003_local_item_authors_and_verified_dates"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

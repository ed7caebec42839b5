from django.db import migrations


class Migration(migrations.Migration):
    """Drafts are no longer copies of a guide: the guide is the working copy, its versions
    what citizens read (guides.publishing)."""

    dependencies = [("guides", "0006_drafts_become_the_working_copy")]

    operations = [
        migrations.RemoveConstraint(
            model_name='guide',
            name='one_draft_per_guide',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='change_note',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='draft_of',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='is_published',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='major_change',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='scheduled_for',
        ),
        migrations.RemoveField(
            model_name='material',
            name='origin',
        ),
        migrations.RemoveField(
            model_name='paymentmethod',
            name='origin',
        ),
        migrations.RemoveField(
            model_name='step',
            name='origin',
        ),
    ]

"""What is due, stored per contact; filled for the accounts the database already holds."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps: object, schema_editor: object) -> None:
    # The live code, not the historical models: the schedule is the one source of truth and
    # runs over the tables as they are at this migration. A later migration that changes
    # those tables must come after this one anyway.
    from rapport.agenda.due import rebuild_everyone

    rebuild_everyone()


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0003_reminder'),
        ('contacts', '0012_email_any_address'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DueItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20)),
                ('due_at', models.DateTimeField()),
                ('detail', models.TextField(blank=True)),
                ('snoozed_until', models.DateTimeField(blank=True, null=True)),
                ('contact', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contacts.contact')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [
                    models.Index(fields=['owner', 'due_at', 'kind', 'snoozed_until'], name='due_item_owner_due'),
                    models.Index(fields=['owner', 'kind', 'due_at'], name='due_item_owner_kind'),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""Each contact's timeline in one row, filled for the accounts the database already holds."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps: object, schema_editor: object) -> None:
    # The live code: the summary is what refresh_summaries makes of the touches as they are.
    from rapport.accounts.models import User
    from rapport.contacts.summary import write_summaries

    for owner in User.objects.only("pk"):  # before later migrations add columns
        write_summaries(owner, None)  # the contacts' flag comes with migration 0017


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0012_email_any_address'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TimelineSummary',
            fields=[
                ('contact', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='timeline', serialize=False, to='contacts.contact')),
                ('last_email_sent', models.DateTimeField(null=True)),
                ('last_reply_received', models.DateTimeField(null=True)),
                ('last_call', models.DateTimeField(null=True)),
                ('last_meeting', models.DateTimeField(null=True)),
                ('last_thank_you', models.DateTimeField(null=True)),
                ('last_note', models.DateTimeField(null=True)),
                ('last_connected', models.DateTimeField(null=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""The user's choice, on confirming an import, to take the file's values where they differ:
kept with the upload, for the worker that writes a large one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0025_source_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingimport",
            name="use_file_values",
            field=models.BooleanField(default=False),
        ),
    ]

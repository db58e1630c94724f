"""Each contact's ``approached`` flag (ever e-mailed, called or met), filled from the
timeline summaries the database already holds.

Adding the column makes SQLite rebuild contacts_contact, which drops the search index's
triggers and the name index of 0002: both are made again (and when the column is removed
again, which rebuilds the table too)."""

from importlib import import_module
from typing import Any

from django.db import migrations, models

search_index = import_module("rapport.contacts.migrations.0013_contact_search_index")
name_index = import_module("rapport.contacts.migrations.0002_contact_name_index")


def rebuilt(apps: Any, schema_editor: Any) -> None:
    """What a rebuild of contacts_contact loses on SQLite, made again."""
    search_index.create(apps, schema_editor)
    name_index.create(apps, schema_editor)


def fill(apps: Any, schema_editor: Any) -> None:
    # The models as of this migration: one UPDATE for every account, as mark_approached does.
    contact, summary = apps.get_model("contacts", "Contact"), apps.get_model(
        "contacts", "TimelineSummary"
    )
    asked = (
        models.Q(last_email_sent__isnull=False)
        | models.Q(last_call__isnull=False)
        | models.Q(last_meeting__isnull=False)
    )
    ever = summary.objects.filter(asked, contact_id=models.OuterRef("pk"))
    contact.objects.filter(models.Exists(ever)).update(approached=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0016_touch_message_id_and_source"),
    ]

    operations = [
        # Undone last, after the column is gone with another rebuild: the triggers again.
        migrations.RunPython(migrations.RunPython.noop, rebuilt, elidable=False),
        migrations.AddField(
            model_name="contact",
            name="approached",
            field=models.BooleanField(default=False, db_default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["owner", "approached"], name="contact_owner_approached"),
        ),
        migrations.RunPython(rebuilt, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

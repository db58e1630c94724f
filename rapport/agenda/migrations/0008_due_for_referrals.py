"""What is due, stored, computed again: a person someone referred the user to is now due a
first message within a week of the referral, and rows stored before lack it."""

from django.db import migrations


def refill(apps: object, schema_editor: object) -> None:
    # The live code, as 0004, 0006 and 0007 do: the schedule is the one source of truth.
    from rapport.agenda.due import rebuild_everyone

    rebuild_everyone()


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0007_due_after_held_meetings'),
        ('contacts', '0026_pending_import_use_file_values'),
        ('meetings', '0004_held_meeting_summaries'),
    ]

    operations = [
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]

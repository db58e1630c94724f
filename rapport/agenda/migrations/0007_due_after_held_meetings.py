"""What is due, stored, computed again: a meeting marked done now answers the ask and is to be
thanked even when its "Meeting" touch was taken off the timeline, so rows stored before may
chase with 3B7 someone the user has met."""

from django.db import migrations


def refill(apps: object, schema_editor: object) -> None:
    # The live code, as 0004 and 0006 do: the schedule is the one source of truth.
    from rapport.agenda.due import rebuild_everyone

    rebuild_everyone()


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0006_due_after_3b7_asks_only'),
        ('contacts', '0023_search_text_letters'),
        ('meetings', '0003_meeting_touch_uid'),
    ]

    operations = [
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]

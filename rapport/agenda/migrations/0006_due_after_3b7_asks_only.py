"""What is due, stored, computed again: 3B7 now chases only an ask no one has answered, and
waits while a meeting with the contact is planned, so rows stored before say too much."""

from django.db import migrations


def refill(apps: object, schema_editor: object) -> None:
    # The live code, as 0004 does: the schedule is the one source of truth.
    from rapport.agenda.due import rebuild_everyone

    rebuild_everyone()


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0005_due_kind_covers_snoozes'),
        ('contacts', '0022_organization_tag_sort_name'),
        ('meetings', '0003_meeting_touch_uid'),
    ]

    operations = [
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]

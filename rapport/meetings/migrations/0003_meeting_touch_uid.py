"""Each meeting gets a calendar UID of its own and a link to its "Meeting" touch; a meeting
marked done before it had an end gets its planned end.

Django's way to add a unique field to rows that exist: add it nullable, give each row its own
value, then make it unique."""

import uuid
from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Touch = apps.get_model("contacts", "Touch")
    for meeting in Meeting.objects.all().iterator():
        meeting.uid = uuid.uuid4()
        if meeting.status == "done" and meeting.ended_at is None:
            meeting.ended_at = meeting.starts_at + timedelta(minutes=meeting.minutes)
        if meeting.status == "done":
            # "The meeting is over" logged its touch at the moment it recorded as the end.
            meeting.touch = (
                Touch.objects.filter(
                    contact_id=meeting.contact_id, kind="meeting", happened_at=meeting.ended_at
                )
                .exclude(meeting__isnull=False)
                .first()
            )
        meeting.save(update_fields=["uid", "ended_at", "touch"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0011_background_work"),
        ("meetings", "0002_meeting_notes_meetingquestion_note_suggestion_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="touch",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="meeting",
                to="contacts.touch",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

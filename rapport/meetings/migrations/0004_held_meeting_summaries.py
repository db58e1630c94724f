"""A held meeting's timeline entry reads as a person would write it: "Phone call, 20 minutes",
not "Phone meeting, 20 minutes" or "In person, at their workplace meeting, 20 minutes".

Only the entries Rapport wrote are rewritten: a "Meeting" touch whose text is exactly what
``finish`` used to generate. Anything the user typed or edited stays as it is."""

import re

from django.db import migrations

OLD = re.compile(r"(In person, at their workplace|Phone|Video) meeting, (\d+) minutes")
NEW = {"In person, at their workplace": "Meeting in person", "Phone": "Phone call", "Video": "Video call"}


def rewrite(apps, schema_editor):
    Touch = apps.get_model("contacts", "Touch")
    generated = Touch.objects.filter(kind="meeting", summary__endswith=" minutes")
    for touch in generated.only("id", "summary").iterator():
        if found := OLD.fullmatch(touch.summary):
            touch.summary = f"{NEW[found[1]]}, {found[2]} minutes"
            touch.save(update_fields=["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_touch_uid"),
        ("contacts", "0023_search_text_letters"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]

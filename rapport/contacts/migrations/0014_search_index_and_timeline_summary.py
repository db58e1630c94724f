"""Joins the two migrations made side by side after 0012: the search index and the timeline
summary. Neither touches the other's tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0013_contact_search_index"),
        ("contacts", "0013_timeline_summary"),
    ]

    operations = []

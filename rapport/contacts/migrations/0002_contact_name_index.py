"""The index the contact list and search walk: the user's contacts in name order.

On SQLite it also carries the search text, so that listing, searching and counting matches
read only the index and touch a row only once it is on the page. PostgreSQL caps a B-tree
entry at about 2.7 kB and notes can be longer, so there it holds the name order only.

Django's model state does not know this index. A later migration that makes SQLite rebuild
contacts_contact (most AlterField operations do) must run ``create`` again;
tests/apps/test_database.py fails if the index is missing.
"""

from django.db import migrations

INDEX = "contact_owner_name"
COLUMNS = {
    "sqlite": "owner_id, lower(name), id, search_text",
    "postgresql": "owner_id, lower(name), id",
}


def create(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON contacts_contact ({columns})")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

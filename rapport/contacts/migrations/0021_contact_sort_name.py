"""Each contact's sort key, ``sort_name``: the name folded as search folds it, a title
before it passed over (``rapport.core.search.person_sort_key``), so that the contact list
is in the order people read names: "Émile" among the e's, "Prof. Alan Dwight" among the
a's, where ``lower(name)`` put "Émile" after "Zoe" (SQLite lowers ASCII letters only, and
both databases then compared code points).

The column is added with ALTER TABLE: an AddField with a default makes SQLite rebuild
contacts_contact, dropping the search index's triggers and the name index. On PostgreSQL it
compares in the "C" collation (code point by code point, as SQLite does) whatever the
database's own: a folded name has no capitals or accents left to collate, and a fixed
collation keeps the order, and the index, the same on every install.

The name index (0002, 0020) now walks ``sort_name``. Django's model state does not know
it: a later migration that makes SQLite rebuild contacts_contact must run
``create_index`` again; tests/apps/test_database.py fails if the index is missing.
"""

from typing import Any

from django.db import migrations

import rapport.contacts.models

from rapport.core.search import person_sort_key

INDEX = "contact_owner_name"
#: SQLite's also carries the search text (0002: listing, searching and counting matches read
#: the index alone); PostgreSQL caps an entry at about 2.7 kB, so there it carries the name.
COLUMNS = {
    "sqlite": "(owner_id, sort_name, id, search_text)",
    "postgresql": "(owner_id, sort_name, id) INCLUDE (name)",
}
BEFORE = {
    "sqlite": "(owner_id, lower(name), id, search_text)",
    "postgresql": "(owner_id, lower(name), id) INCLUDE (name)",
}
COLUMN_TYPE = {"sqlite": "text", "postgresql": 'text COLLATE "C"'}


def create_index(apps: Any, schema_editor: Any) -> None:
    columns = COLUMNS[schema_editor.connection.vendor]
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON contacts_contact {columns}")


def add(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        f"ALTER TABLE contacts_contact ADD COLUMN sort_name {COLUMN_TYPE[vendor]} "
        "NOT NULL DEFAULT ''"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM contacts_contact")
        rows = [(person_sort_key(name), pk) for pk, name in cursor.fetchall()]
        cursor.executemany("UPDATE contacts_contact SET sort_name = %s WHERE id = %s", rows)
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    create_index(apps, schema_editor)


def remove(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE contacts_contact DROP COLUMN sort_name")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON contacts_contact {BEFORE[vendor]}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0020_contact_name_index_covering")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add, remove, elidable=False)],
            state_operations=[
                migrations.AddField(
                    model_name="contact",
                    name="sort_name",
                    field=rapport.contacts.models.SortKeyField(blank=True, editable=False, person=True),
                ),
                migrations.AlterModelOptions(
                    name="contact", options={"ordering": ["sort_name", "id"]}
                ),
            ],
        ),
    ]

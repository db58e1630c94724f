"""Each organization's and each tag's sort key, as 0021 gave the contacts: "École" among the
e's, where ``lower(name)`` put it after "Zurich". Added with ALTER TABLE for the same reasons
(no SQLite rebuild; the "C" collation on PostgreSQL) and filled for the rows already there;
the organizations' is indexed with the owner for their paged list (an account's tags are
few, and always read whole)."""

from typing import Any

from django.db import migrations, models

import rapport.contacts.models
from rapport.core.search import sort_key

COLUMN_TYPE = {"sqlite": "text", "postgresql": 'text COLLATE "C"'}


TABLES = ["contacts_organization", "contacts_tag"]


def add(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:  # names from the code
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN sort_name {COLUMN_TYPE[vendor]} NOT NULL DEFAULT ''"
        )
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT id, name FROM {table}")  # noqa: S608
            rows = [(sort_key(name), pk) for pk, name in cursor.fetchall()]
            cursor.executemany(f"UPDATE {table} SET sort_name = %s WHERE id = %s", rows)  # noqa: S608


def remove(apps: Any, schema_editor: Any) -> None:
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN sort_name")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0021_contact_sort_name")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add, remove, elidable=False)],
            state_operations=[
                migrations.AddField(
                    model_name="organization",
                    name="sort_name",
                    field=rapport.contacts.models.SortKeyField(blank=True, editable=False),
                ),
                migrations.AlterModelOptions(
                    name="organization", options={"ordering": ["sort_name", "id"]}
                ),
                migrations.AddField(
                    model_name="tag",
                    name="sort_name",
                    field=rapport.contacts.models.SortKeyField(blank=True, editable=False),
                ),
                migrations.AlterModelOptions(name="tag", options={"ordering": ["sort_name", "id"]}),
            ],
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["owner", "sort_name"], name="organization_owner_sorted"),
        ),
    ]

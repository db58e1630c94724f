"""On PostgreSQL, the contact list's name index also carries the name itself (``INCLUDE``).

The list orders by ``lower(name)``, and PostgreSQL's planner reads a query from an index
alone only when every column the query names is in it: with ``name`` missing, page 100 read
4,950 table rows to skip them (about 5 ms at 10,000 contacts), where the index alone takes
well under one. SQLite's index (0002) is left as it is: it reads that expression from the
index already.
"""

from typing import Any

from django.db import migrations

INDEX = "contact_owner_name"
COLUMNS = "owner_id, lower(name), id"


def make(include: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            schema_editor.execute(f"CREATE INDEX {INDEX} ON contacts_contact ({COLUMNS}){include}")

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0019_funnel")]
    operations = [
        migrations.RunPython(make(" INCLUDE (name)"), make(""), elidable=False),
    ]

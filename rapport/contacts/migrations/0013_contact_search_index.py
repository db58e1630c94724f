"""A trigram index over the contacts' search text, so that search reads only matching rows.

On SQLite it is an FTS5 table with the trigram tokenizer, holding no text of its own (its
content is contacts_contact.search_text, by rowid), kept in step by triggers: every write of a
contact, by the services, the imports' raw inserts or the archive's restore, updates it in the
same statement. On PostgreSQL, pg_trgm's GIN operator class lets the plain ``LIKE '%term%'``
use an index; the extension is trusted, so the database's owner may create it.

The index is derived from search_text: the archive neither exports nor restores it.

Django's model state knows neither. A later migration that makes SQLite rebuild
contacts_contact (most AlterField operations do) drops its triggers with the old table and
must run ``create`` again (it keeps what is there and fills the index anew);
tests/apps/test_search.py fails if a trigger is missing.
"""

from django.db import migrations

TABLE = "contacts_contact_search"
GIN_INDEX = "contact_search_trigram"

SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "search_text, content='contacts_contact', content_rowid='id', tokenize='trigram')"
)
# An external-content table forgets a row only when told the text it indexed for it.
FORGET = (
    f"INSERT INTO {TABLE} ({TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text);"
)
LEARN = f"INSERT INTO {TABLE} (rowid, search_text) VALUES (new.id, new.search_text);"
SQLITE_TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON contacts_contact BEGIN {LEARN} END",
    f"{TABLE}_delete": f"AFTER DELETE ON contacts_contact BEGIN {FORGET} END",
    f"{TABLE}_update": f"AFTER UPDATE OF search_text ON contacts_contact BEGIN {FORGET} {LEARN} END",
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
        for name, body in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        schema_editor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON contacts_contact "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    elif vendor == "postgresql":
        # The extension stays: other databases' objects or the operator's may use it.
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_email_any_address")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

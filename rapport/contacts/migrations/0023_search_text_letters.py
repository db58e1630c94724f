"""Search texts with Ø, Ł, Æ and their kind folded as the letters people type for them.

``fold`` decomposes letters and drops their accents, but these are letters of their own, so
"Ørsted" was stored as "ørsted" and a search for "orsted" missed it (names alone matched,
through their sort key). ``fold`` now reads them plainly; the texts already stored are
folded again here: a stored text is already folded, and reading these letters plainly is the
one step more, so each is mapped, not worked out again from its contact. On SQLite each
update goes through the search index's triggers; on PostgreSQL the trigram index follows
the rows. The map is this migration's own, as it was when it ran.
"""

from typing import Any

from django.db import migrations

READ_AS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def refold(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, search_text FROM contacts_contact")
        rows = [
            (text.translate(READ_AS), pk)
            for pk, text in cursor.fetchall()
            if not text.isascii() and text.translate(READ_AS) != text
        ]
        cursor.executemany("UPDATE contacts_contact SET search_text = %s WHERE id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0022_organization_tag_sort_name")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=False)]

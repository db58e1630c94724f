"""The database really runs with the settings the app asks for."""

from __future__ import annotations

import pytest
from django.db import connection


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"
        return
    with connection.cursor() as cursor:
        pragmas = {}
        for name in ["journal_mode", "busy_timeout", "synchronous", "foreign_keys"]:
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "synchronous": 2,
        "foreign_keys": 1,
    }


@pytest.mark.django_db
def test_the_tests_ran_on_the_database_the_environment_names():
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


@pytest.mark.django_db
def test_the_contact_list_walks_the_name_index(dana):
    from rapport.contacts.services import EveryContact, find_contacts

    # Search by a term of three letters or more starts from the trigram index (test_search.py).
    for query in ("", "dc"):
        plan = find_contacts(dana, query=query).values("pk", "name")[:50].explain()
        assert "contact_owner_name" in plan or connection.vendor == "postgresql"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA index_xinfo(contact_owner_name)")
            columns = [row[2] for row in cursor.fetchall() if row[5]]  # key columns only
        assert columns == ["owner_id", "sort_name", "id", "search_text"]
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'contact_owner_name'")
            (definition,) = cursor.fetchone()
            assert definition.endswith("(owner_id, sort_name, id) INCLUDE (name)")
            # A page far down the list is read from the index alone: with ``name`` not in it
            # the planner must visit the table for every row it skips. (The test tables are
            # nearly empty, so the other ways of reading them are turned off.)
            for way in ("seqscan", "bitmapscan", "indexscan"):
                cursor.execute(f"SET LOCAL enable_{way} = off")
            cursor.execute(f"EXPLAIN {EveryContact.ORDERED}", [dana.pk, 50, 4950])
            plan = "\n".join(row for (row,) in cursor.fetchall())
        assert "Index Only Scan using contact_owner_name" in plan, plan


def test_every_model_change_has_its_migration(db):
    from django.core.management import call_command

    # Exits with status 1 (SystemExit) when a model differs from its migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_meetings_made_before_their_uid_and_touch_get_them(dana):
    from datetime import UTC, datetime, timedelta

    from django.db.migrations.executor import MigrationExecutor

    before = [("meetings", "0002_meeting_notes_meetingquestion_note_suggestion_and_more")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Contact, Touch = old.get_model("contacts", "Contact"), old.get_model("contacts", "Touch")
    Meeting = old.get_model("meetings", "Meeting")
    maria = Contact.objects.create(owner_id=dana.pk, name="Maria")
    starts = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    clicked = starts + timedelta(minutes=18)
    Touch.objects.create(owner_id=dana.pk, contact=maria, kind="meeting", happened_at=clicked)
    by_button = Meeting.objects.create(
        owner_id=dana.pk, contact=maria, starts_at=starts, status="done", ended_at=clicked
    )
    by_form = Meeting.objects.create(
        owner_id=dana.pk, contact=maria, starts_at=starts, status="done"
    )
    planned = Meeting.objects.create(owner_id=dana.pk, contact=maria, starts_at=starts)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from rapport.meetings.models import Meeting as Now

    button, form, still = (Now.objects.get(pk=m.pk) for m in (by_button, by_form, planned))
    assert button.touch.happened_at == clicked
    assert form.ended_at == starts + timedelta(minutes=20) and form.touch is None
    assert still.ended_at is None and still.touch is None
    assert len({button.uid, form.uid, still.uid}) == 3


@pytest.mark.django_db(transaction=True)
def test_contacts_made_before_the_sort_key_get_it(dana):
    from django.db.migrations.executor import MigrationExecutor

    before = [("contacts", "0020_contact_name_index_covering")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)  # undoes 0021: the column goes, the old index comes back
    old = executor.loader.project_state(before).apps.get_model("contacts", "Contact")
    for name in ["Zoe Adams", "Émile Zola", "Ørsted Lund", "adam Smith"]:
        old.objects.create(owner_id=dana.pk, name=name)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from rapport.contacts.models import Contact
    from rapport.contacts.services import EveryContact

    ids = EveryContact(dana)[0:10]
    assert [Contact.objects.get(pk=pk).name for pk in ids] == [
        "adam Smith",
        "Émile Zola",
        "Ørsted Lund",
        "Zoe Adams",
    ]
    assert Contact.objects.get(owner=dana, name="Émile Zola").sort_name == "emile zola"


@pytest.mark.django_db(transaction=True)
def test_search_texts_stored_before_letters_were_read_plainly_are_folded_again(dana):
    from django.db.migrations.executor import MigrationExecutor

    before = [("contacts", "0022_organization_tag_sort_name")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("contacts", "Contact")
    # As 0022's fold stored it: the ø kept.
    old.objects.create(owner_id=dana.pk, name="Ann Lee", search_text="ann lee\nørsted a/s")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from rapport.contacts.services import find_contacts

    assert [c.name for c in find_contacts(dana, query="orsted")] == ["Ann Lee"]
    assert [c.name for c in find_contacts(dana, query="Ørsted A/S")] == ["Ann Lee"]

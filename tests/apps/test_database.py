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
    from rapport.contacts.services import find_contacts

    plan = find_contacts(dana, query="policy").values("pk", "name")[:50].explain()
    assert "contact_owner_name" in plan or connection.vendor == "postgresql"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA index_xinfo(contact_owner_name)")
            columns = [row[2] for row in cursor.fetchall() if row[5]]  # key columns only
        assert columns == ["owner_id", None, "id", "search_text"]  # None: lower(name)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'contact_owner_name'")
            assert cursor.fetchone() == (1,)


def test_every_model_change_has_its_migration(db):
    from django.core.management import call_command

    # Exits with status 1 (SystemExit) when a model differs from its migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

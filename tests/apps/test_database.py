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

"""Bringing the database up to date, for `rapport serve` and every command that needs it."""

from __future__ import annotations

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from rapport.core.errors import RapportError


def pending_migrations() -> int:
    """Return how many migrations the database still lacks."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def ensure_intact() -> None:
    """Refuse to go on with a damaged SQLite file rather than write into it."""
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA quick_check")
            result = cursor.fetchone()[0]
    except DatabaseError as error:
        result = str(error)
    if result != "ok":
        connection.close()
        raise RapportError(
            f"the database {connection.settings_dict['NAME']} is damaged ({result}); restore "
            "the newest copy in the data folder's backups/ with `rapport restore FILE`"
        )


def migrate_if_needed() -> int:
    """Apply any pending migrations quietly; return how many there were."""
    pending = pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return pending

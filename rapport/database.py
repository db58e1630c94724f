"""The database itself: bringing it up to date and checking it, for `rapport serve` and every
command that needs it, and the raw statements that make a 30,000-row import take seconds.

Django's bulk_create builds a model object per row and, on SQLite, splits the insert into
batches of a few dozen rows; an import does not need either. ``insert_many`` is given every
column of the table: a column added to a model later must be added to the callers too
(tests/apps/test_imports.py fails otherwise).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.management import call_command
from django.db import DatabaseError, connection, models
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


def insert_many(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into ``model``'s table at once."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    if connection.vendor == "postgresql":
        with server_cursor() as cursor:
            cursor.execute(*by_columns(model, columns, rows))
        return
    # Names come from the code and are quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def server_cursor() -> Any:
    """A psycopg cursor that sends values apart from the statement (Django's quotes them into
    it, in Python: seconds for 30,000 rows), on the connection and in the transaction of
    Django's."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def by_columns(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]], tail: str = ""
) -> tuple[str, list[list[Any]]]:
    """PostgreSQL's way to insert many rows at once: one array a column, ``INSERT … SELECT
    FROM unnest(…)``. psycopg sends an array in one piece, where a row at a time (or a
    statement of thousands of rows) costs it more to prepare than the database to write."""
    quote = connection.ops.quote_name
    fields = {field.column: field for field in model._meta.concrete_fields}
    names = ", ".join(quote(column) for column in columns)
    # %b: each array in psycopg's binary format, made in C (its text format is made in Python).
    arrays = ", ".join(f"%b::{fields[column].db_type(connection)}[]" for column in columns)
    # Names and types come from the code; every value is in a parameter.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT * FROM unnest({arrays})"  # noqa: S608
    return sql + tail, [list(values) for values in zip(*rows, strict=True)]


def raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset as the database driver returns them, without
    Django's per-value converters (on SQLite, parsing 50,000 datetimes takes 0.2 s there).
    Datetime columns then need ``moment_of``."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter on an empty list of ids: Django sends no query
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def moment_of(value: Any) -> datetime | None:
    """A DateTimeField value as ``raw_rows`` gives it, aware: on SQLite an aggregate comes as
    ISO text and a column as a naive datetime, both in UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored(moment: datetime) -> Any:
    """``moment`` as this database stores a DateTimeField (ISO text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(moment)


def insert_returning(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> list[int]:
    """Insert ``rows`` like ``insert_many`` and return their ids, in the order of ``rows``:
    ``INSERT … RETURNING id``: on SQLite (3.35 and later) as many rows a statement as it takes
    parameters, on PostgreSQL one statement for all (``by_columns``)."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    if connection.vendor == "postgresql":
        with server_cursor() as cursor:
            cursor.execute(*by_columns(model, columns, rows, f" RETURNING {pk}"))
            return sorted(row[0] for row in cursor.fetchall())
    per_statement = max(1, parameter_limit() // len(columns))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            marks = ", ".join([row_marks] * len(chunk))
            # Names come from the code and are quoted; every value is a parameter.
            sql = f"INSERT INTO {table} ({names}) VALUES {marks} RETURNING {pk}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])
            # Neither database promises the order of RETURNING; the ids of one statement
            # are given in the order of its rows (an autoincrement rowid, a sequence).
            ids += sorted(row[0] for row in cursor.fetchall())
    return ids


def parameter_limit() -> int:
    """How many parameters one statement may have: SQLite's own limit (32,766 unless it was
    built or set otherwise), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 65_535


def one_at_a_time(name: str) -> None:
    """Within a transaction, wait for any other transaction doing ``name`` to finish. On
    SQLite every write transaction begins IMMEDIATE and so already waits; PostgreSQL takes
    a transaction-level advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def update_many(model: type[models.Model], column: str, rows: list[tuple[Any, int]]) -> None:
    """Set ``column`` of each row of ``model``'s table: ``rows`` are (value, id) pairs."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Names come from the code and are quoted; every value is a parameter.
    sql = f"UPDATE {table} SET {quote(column)} = %s WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class UtcMonth(models.Func):
    """A DateTimeField's month in UTC as text, "2026-11", on either database."""

    output_field = models.CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Stored as ISO text in UTC: the month is its first seven characters.
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM')"
        return self.as_sql(compiler, connection, template=template)

"""Consistent copies of a SQLite database while the app writes, and a checked restore.

SQLite's online backup API copies a live database page by page into a file that is as of
one moment. PostgreSQL deployments use pg_dump instead; these commands say so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connections

from rapport.core.errors import RapportError


def sqlite_path() -> Path:
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        raise RapportError(
            "this database is PostgreSQL: back it up with pg_dump, restore with pg_restore"
        )
    return Path(database["NAME"])


def backup(target: Path) -> Path:
    """Copy the live database to ``target`` (a new file) and check the copy."""
    source = sqlite_path()
    if target.exists():
        raise RapportError(f"{target} exists already; choose a new file name")
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    check(target)
    target.chmod(0o600)
    return target


def check(path: Path) -> None:
    """Refuse a file that is not an intact Rapport database."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as error:
        raise RapportError(f"{path} is not a SQLite database ({error})") from None
    if result != "ok":
        raise RapportError(f"{path} is damaged: {result}")
    if "contacts_contact" not in tables:
        raise RapportError(f"{path} is not a Rapport database")


def restore(source: Path) -> Path:
    """Replace the database with a checked backup; the current one is kept beside it."""
    check(source)
    target = sqlite_path()
    connections.close_all()
    kept = target.with_suffix(".before-restore.sqlite3")
    if target.exists():
        with sqlite3.connect(target) as live, sqlite3.connect(kept) as copy:
            live.backup(copy)
    with sqlite3.connect(source) as backup_db, sqlite3.connect(target) as live:
        backup_db.backup(live)
    for suffix in ("-wal", "-shm"):
        stale = Path(f"{target}{suffix}")
        if stale.exists() and stale.stat().st_size == 0:
            stale.unlink()
    return kept

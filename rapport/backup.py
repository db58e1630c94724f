"""Consistent copies of a SQLite database while the app writes, and a checked restore.

SQLite's online backup API copies a live database page by page into a file that is as of
one moment. PostgreSQL deployments use pg_dump instead; these commands say so.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from contextlib import closing
from datetime import datetime
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
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        # One self-contained file: no -wal or -shm beside it to lose when it is moved.
        copy.execute("PRAGMA journal_mode=DELETE")
    check(target)
    target.chmod(0o600)
    return target


def daily(now: datetime, keep: int) -> Path | None:
    """Make today's copy in the data folder's ``backups/`` unless there is one; keep the
    newest ``keep`` copies. Returns the new file, or None. Does nothing on PostgreSQL."""
    if keep <= 0 or not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return None
    folder = Path(settings.DATA_DIR) / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"rapport-{now:%Y-%m-%d}.sqlite3"
    made = None
    if not target.exists():
        # Written under another name and renamed: a copy is whole, or it is not there.
        partial = target.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        backup(partial)
        os.replace(partial, target)
        made = target
    for old in sorted(folder.glob("rapport-*.sqlite3"))[:-keep]:
        old.unlink()
    return made


def keep_daily_backups(every_seconds: float = 3600) -> threading.Thread:
    """Check once an hour, in the background, that today's backup exists."""
    from django.utils import timezone

    def loop() -> None:
        while True:
            try:
                daily(timezone.localtime(), settings.BACKUP_KEEP)
            except Exception:  # a failed backup must not stop the app; the log says why
                logging.getLogger("rapport.backup").exception("the daily backup failed")
            time.sleep(every_seconds)

    thread = threading.Thread(target=loop, name="daily-backup", daemon=True)
    thread.start()
    return thread


def check(path: Path) -> None:
    """Refuse a file that is not an intact Rapport database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
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
        with closing(sqlite3.connect(target)) as live, closing(sqlite3.connect(kept)) as copy:
            live.backup(copy)
    with closing(sqlite3.connect(source)) as saved, closing(sqlite3.connect(target)) as live:
        saved.backup(live)
    for suffix in ("-wal", "-shm"):
        stale = Path(f"{target}{suffix}")
        if stale.exists() and stale.stat().st_size == 0:
            stale.unlink()
    return kept

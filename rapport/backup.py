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
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from filelock import FileLock, Timeout

from rapport import clock
from rapport.core.errors import RapportError

#: The apps whose migrations make a database Rapport's.
APPS = ("accounts", "contacts", "meetings", "agenda")


def is_sqlite() -> bool:
    return bool(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"))


def sqlite_path() -> Path:
    database = settings.DATABASES["default"]
    if not is_sqlite():
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
    if keep <= 0 or not is_sqlite():
        return None
    folder = Path(settings.DATA_DIR) / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"rapport-{now:%Y-%m-%d}.sqlite3"
    made = None
    if not target.exists():
        # Written under another name and renamed: a copy is whole, or it is not there.
        partial = target.with_suffix(f".{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        backup(partial)
        os.replace(partial, target)
        made = target
    for old in sorted(folder.glob("rapport-*.sqlite3"))[:-keep]:
        old.unlink()
    return made


def keep_daily_backups(every_seconds: float = 3600) -> threading.Thread:
    """Check once an hour, in the background, that today's backup exists."""

    def loop() -> None:
        while True:
            try:
                daily(clock.now(), settings.BACKUP_KEEP)
            except Exception:  # a failed backup must not stop the app; the log says why
                logging.getLogger("rapport.backup").exception("the daily backup failed")
            time.sleep(every_seconds)

    thread = threading.Thread(target=loop, name="daily-backup", daemon=True)
    thread.start()
    return thread


def check(path: Path) -> None:
    """Refuse a file that is not an intact Rapport database this version can open: one whose
    migrations are Rapport's, with none this version does not know."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            migrations = "SELECT app, name FROM django_migrations"
            applied = (
                set(db.execute(migrations).fetchall()) if "django_migrations" in tables else set()
            )
    except sqlite3.DatabaseError as error:
        raise RapportError(f"{path} cannot be read as a SQLite database ({error})") from None
    if result != "ok":
        raise RapportError(f"{path} is damaged: {result}")
    if not applied:
        raise RapportError(f"{path} is not a Rapport database (it has no migrations)")
    ours = {(app, name) for app, name in applied if app in APPS}
    if not {(app, "0001_initial") for app in APPS} <= ours:
        raise RapportError(f"{path} is not a Rapport database (its migrations are not Rapport's)")
    unknown = sorted(ours - set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations))
    if unknown:
        raise RapportError(
            f"{path} was made by a newer Rapport (migration {'.'.join(unknown[0])}); "
            "upgrade Rapport first"
        )


@contextmanager
def hold(path: Path, doing: str) -> Iterator[None]:
    """Hold the lock that `rapport serve` keeps on a database file while it serves it, or say
    that a running Rapport has it. The operating system frees it if the holder dies."""
    lock = FileLock(f"{path}.lock", timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise RapportError(
            f"a running Rapport (rapport serve) is using {path}; stop it, then {doing}"
        ) from None
    except OSError as error:
        raise RapportError(f"cannot {doing}: {path}.lock cannot be written ({error})") from None
    try:
        yield
    finally:
        lock.release()


def restore(source: Path, now: datetime) -> Path:
    """Replace the database with a checked backup. The database it replaces is kept under a
    name of its own (never overwritten), so a restore can always be undone."""
    check(source)
    target = sqlite_path()
    with hold(target, "restore"):
        connections.close_all()
        kept = before_restore_name(target, now)
        if target.exists():
            with closing(sqlite3.connect(target)) as live, closing(sqlite3.connect(kept)) as copy:
                live.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            kept.chmod(0o600)
        with closing(sqlite3.connect(source)) as saved, closing(sqlite3.connect(target)) as live:
            saved.backup(live)
        for suffix in ("-wal", "-shm"):
            stale = Path(f"{target}{suffix}")
            if stale.exists() and stale.stat().st_size == 0:
                stale.unlink()
    return kept


def before_restore_name(target: Path, now: datetime) -> Path:
    """``rapport.before-restore-20261201-233000.sqlite3``, numbered if that exists."""
    stem = f"{target.stem}.before-restore-{now:%Y%m%d-%H%M%S}"
    kept, number = target.with_name(f"{stem}.sqlite3"), 1
    while kept.exists():
        number += 1
        kept = target.with_name(f"{stem}-{number}.sqlite3")
    return kept

"""Nothing acknowledged is lost: a writer killed mid-stream leaves every commit it reported,
transactions take the write lock up front, and a running Rapport keeps a copy a day."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rapport import backup
from rapport.contacts.models import Contact

WRITER = """
import django
django.setup()
from django.db import transaction
from rapport.accounts.models import User
from rapport.contacts.models import Contact
owner = User.objects.get()
number = 0
while True:
    with transaction.atomic():
        contact = Contact.objects.create(owner=owner, name=f"Writer {number}")
    print(contact.pk, flush=True)  # acknowledged: the commit has returned
    number += 1
"""


def test_a_writer_killed_mid_stream_loses_no_acknowledged_commit(rapport_cli, tmp_path):
    rapport_cli.first_account()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER], env=rapport_cli.env, stdout=subprocess.PIPE, text=True
    )
    acknowledged = []
    assert writer.stdout is not None
    while len(acknowledged) < 300:
        acknowledged.append(int(writer.stdout.readline()))
    os.kill(writer.pid, signal.SIGKILL)  # no chance to flush or close anything
    acknowledged += [int(line) for line in writer.stdout.read().split()]
    writer.wait()
    database = tmp_path / "data" / "rapport.sqlite3"
    with sqlite3.connect(database) as db:
        stored = {pk for (pk,) in db.execute("SELECT id FROM contacts_contact")}
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert set(acknowledged) <= stored
    assert len(stored) >= 300


@pytest.mark.django_db(transaction=True)
def test_a_transaction_takes_the_write_lock_when_it_begins(dana):
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"  # PostgreSQL locks rows, not the file
        return
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Contact.objects.filter(owner=dana).exists()
    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


def test_a_running_rapport_makes_todays_backup(rapport_cli, tmp_path):
    rapport_cli.first_account(demo=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "rapport", "serve", "--port", str(port)],
        env=rapport_cli.env,
        stdout=subprocess.DEVNULL,
    )
    folder = tmp_path / "data" / "backups"
    try:
        deadline = time.monotonic() + 30
        while not list(folder.glob("rapport-*.sqlite3")) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait()
    (copy,) = folder.glob("rapport-*.sqlite3")
    backup.check(copy)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*) FROM contacts_contact").fetchone() == (12,)
    assert oct(copy.stat().st_mode & 0o777) == "0o600"


def test_daily_copies_are_one_a_day_and_the_oldest_go(db, settings, tmp_path):
    if connection.vendor != "sqlite":
        assert backup.daily(datetime(2026, 11, 25), keep=7) is None  # pg_dump's job there
        return
    settings.DATA_DIR = tmp_path
    first = datetime(2026, 11, 1, 9)
    for day in range(10):
        for hour in (0, 5):
            backup.daily(first + timedelta(days=day, hours=hour), keep=7)
    kept = sorted(path.name for path in Path(tmp_path, "backups").iterdir())
    assert kept == [f"rapport-2026-11-{day:02d}.sqlite3" for day in range(4, 11)]
    assert backup.daily(first + timedelta(days=9), keep=0) is None

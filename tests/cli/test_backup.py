"""Backups taken while the app writes restore completely; a damaged file is refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing

from tests.conftest import free_port, wait_until_listening


def contacts_of(rapport_cli) -> list[dict]:
    return json.loads(rapport_cli("contacts", "list", "--json").stdout)


def demo_account(rapport_cli) -> None:
    rapport_cli.first_account(demo=True)


def test_a_backup_taken_during_writes_restores_completely(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    writer = threading.Thread(
        target=lambda: [rapport_cli("contacts", "add", "--name", f"Writer {n}") for n in range(5)]
    )
    writer.start()
    backup = tmp_path / "copy.sqlite3"
    assert "Backed up to" in rapport_cli("backup", str(backup)).stdout
    writer.join()
    assert len(contacts_of(rapport_cli)) == 17
    rapport_cli("restore", str(backup))
    restored = contacts_of(rapport_cli)
    assert 12 <= len(restored) <= 17  # everything committed when the copy was taken
    assert {"Joe Serra", "Maria Okafor"} <= {c["name"] for c in restored}


def test_a_damaged_backup_is_refused_and_changes_nothing(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    result = rapport_cli("restore", str(broken), check=False)
    assert result.returncode == 1 and "Error:" in result.stderr
    assert len(contacts_of(rapport_cli)) == 12


def test_a_damaged_database_is_refused_and_a_daily_copy_brings_it_back(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    rapport_cli("backup", str(tmp_path / "good.sqlite3"))
    database = tmp_path / "data" / "rapport.sqlite3"
    data = bytearray(database.read_bytes())
    page = 4096
    data[3 * page : 6 * page] = b"\x42" * (3 * page)  # three pages of the tables overwritten
    database.write_bytes(bytes(data))
    refused = rapport_cli("contacts", "list", check=False)
    assert refused.returncode == 1
    assert "is damaged" in refused.stderr and "rapport restore" in refused.stderr
    rapport_cli("restore", str(tmp_path / "good.sqlite3"))
    assert len(contacts_of(rapport_cli)) == 12


def test_a_sqlite_file_that_is_not_rapports_is_refused(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    impostor = tmp_path / "impostor.sqlite3"
    with closing(sqlite3.connect(impostor)) as db:  # the table it looked for, nothing else
        db.execute("CREATE TABLE contacts_contact (id INTEGER PRIMARY KEY, name TEXT)")
        db.commit()
    result = rapport_cli("restore", str(impostor), check=False)
    assert result.returncode == 1 and "is not a Rapport database" in result.stderr
    assert len(contacts_of(rapport_cli)) == 12


def test_a_database_from_a_newer_rapport_is_refused(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    newer = tmp_path / "newer.sqlite3"
    rapport_cli("backup", str(newer))
    with closing(sqlite3.connect(newer)) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('contacts', '9999_from_the_future', '2027-01-01')"
        )
        db.commit()
    result = rapport_cli("restore", str(newer), check=False)
    assert result.returncode == 1 and "newer Rapport" in result.stderr
    assert len(contacts_of(rapport_cli)) == 12


def test_every_restore_keeps_what_it_replaced_so_it_can_be_undone(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    original = tmp_path / "original.sqlite3"
    rapport_cli("backup", str(original))
    rapport_cli("contacts", "add", "--name", "Only In The Live Database")
    first = rapport_cli("restore", str(original)).stdout
    second = rapport_cli("restore", str(original)).stdout
    kept = sorted((tmp_path / "data").glob("rapport.before-restore-*.sqlite3"))
    assert len(kept) == 2 and all(str(path) in first + second for path in kept)
    # The first restore's copy still holds the contact that only the live database had.
    [first_copy] = [path for path in kept if f"kept at {path}." in first]
    rapport_cli("restore", str(first_copy))
    assert "Only In The Live Database" in {c["name"] for c in contacts_of(rapport_cli)}


def test_restore_waits_for_a_running_rapport_to_stop(rapport_cli, tmp_path):
    demo_account(rapport_cli)
    rapport_cli("backup", str(tmp_path / "good.sqlite3"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rapport", "serve", "--port", str(port)],
        env=rapport_cli.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)  # and so holds its lock
        refused = rapport_cli("restore", str(tmp_path / "good.sqlite3"), check=False)
        assert (tmp_path / "data" / "rapport.sqlite3.lock").exists()
        assert refused.returncode == 1 and "a running Rapport" in refused.stderr
        second = rapport_cli("serve", "--port", str(free_port()), check=False)
        assert second.returncode == 1 and "a running Rapport" in second.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)
    rapport_cli("restore", str(tmp_path / "good.sqlite3"))

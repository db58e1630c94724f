"""Backups taken while the app writes restore completely; a damaged file is refused."""

from __future__ import annotations

import json
import threading


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

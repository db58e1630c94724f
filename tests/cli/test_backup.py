"""Backups taken while the app writes restore completely; a damaged file is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from tests.conftest import PASSWORD


def rapport(env, *args: str, stdin: str = "", check: bool = True):
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def test_a_backup_taken_during_writes_restores_completely(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
    }
    rapport(
        env,
        "user",
        "add",
        "--email",
        "d@example.edu",
        "--name",
        "D",
        "--password-stdin",
        stdin=PASSWORD,
    )
    rapport(env, "demo")
    writer = threading.Thread(
        target=lambda: [rapport(env, "contacts", "add", "--name", f"Writer {n}") for n in range(5)]
    )
    writer.start()
    backup = tmp_path / "copy.sqlite3"
    assert "Backed up to" in rapport(env, "backup", str(backup)).stdout
    writer.join()
    copied = len(json.loads(rapport(env, "contacts", "list", "--json").stdout))
    assert copied == 17
    rapport(env, "restore", str(backup))
    restored = json.loads(rapport(env, "contacts", "list", "--json").stdout)
    assert 12 <= len(restored) <= 17  # everything committed when the copy was taken
    assert {"Joe Serra", "Maria Okafor"} <= {c["name"] for c in restored}


def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
    }
    rapport(
        env,
        "user",
        "add",
        "--email",
        "d@example.edu",
        "--name",
        "D",
        "--password-stdin",
        stdin=PASSWORD,
    )
    rapport(env, "demo")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    result = rapport(env, "restore", str(broken), check=False)
    assert result.returncode == 1 and "Error:" in result.stderr
    assert len(json.loads(rapport(env, "contacts", "list", "--json").stdout)) == 12

"""The worker as a real process: `rapport serve` starts it, it does queued imports, it stops
with the server, and work cut short by a stop is done when the server starts again."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import free_port, wait_until_listening

DATA = Path(__file__).resolve().parent.parent / "data"
#: Run in a process of its own, as a request would: keep a vCard file for the worker.
QUEUE = """
import django, sys
django.setup()
from rapport.accounts.models import User
from rapport.contacts import imports
owner = User.objects.get()
pending = imports.receive(owner, "vcard", "", "phone.vcf", open(sys.argv[1], "rb").read())
print(pending.pk)
"""


def state_of(database: Path, pk: int) -> str:
    with sqlite3.connect(database) as connection:
        row = connection.execute("select state from contacts_pendingimport where id = ?", [pk])
        return str(row.fetchone()[0])


def wait_for(database: Path, pk: int, state: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while state_of(database, pk) != state:
        assert time.monotonic() < deadline, f"still {state_of(database, pk)}, not {state}"
        time.sleep(0.2)


def workers_of(data_dir: Path) -> list[int]:
    """The `rapport worker` processes serving ``data_dir``."""
    found = []
    for process in Path("/proc").iterdir():
        try:
            command = (process / "cmdline").read_bytes().split(b"\0")
            environment = (process / "environ").read_bytes()
        except (OSError, ValueError):
            continue
        if b"worker" in command and f"RAPPORT_DATA_DIR={data_dir}".encode() in environment:
            found.append(int(process.name))
    return found


def serve(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "rapport", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    wait_until_listening(port)
    return server


def test_rapport_serve_runs_a_worker_that_imports_large_files(rapport_cli):
    rapport_cli.first_account()
    env = rapport_cli.env | {"RAPPORT_IMPORT_INLINE_BYTES": "0"}
    data_dir = Path(env["RAPPORT_DATA_DIR"])
    database = data_dir / "rapport.sqlite3"
    queue = [sys.executable, "-c", QUEUE, str(DATA / "contacts_v3.vcf")]
    pk = int(subprocess.run(queue, env=env, capture_output=True, text=True, check=True).stdout)
    assert state_of(database, pk) == "waiting"  # queued; no worker runs yet

    server = serve(env, free_port())
    try:
        wait_for(database, pk, "ready")
        assert len(workers_of(data_dir)) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    deadline = time.monotonic() + 10
    while workers_of(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers_of(data_dir) == []  # stopped with the server, not left behind


def test_work_cut_short_by_a_stop_is_done_at_the_next_start(rapport_cli):
    rapport_cli.first_account()
    env = rapport_cli.env | {"RAPPORT_IMPORT_INLINE_BYTES": "0"}
    database = Path(env["RAPPORT_DATA_DIR"]) / "rapport.sqlite3"
    queue = [sys.executable, "-c", QUEUE, str(DATA / "contacts_v3.vcf")]
    pk = int(subprocess.run(queue, env=env, capture_output=True, text=True, check=True).stdout)
    with sqlite3.connect(database) as connection:  # as a worker killed mid-way leaves it
        connection.execute("update contacts_pendingimport set state = 'running' where id = ?", [pk])
        connection.execute("delete from django_tasks_database_dbtaskresult")
    server = serve(env, free_port())
    try:
        wait_for(database, pk, "ready")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)

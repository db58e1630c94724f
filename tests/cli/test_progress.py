"""Progress bars: drawn on a terminal (the real command under a pseudo-terminal), never on a
pipe, never under --json or --quiet."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

ROWS = 1_200  # the import reports every 500 rows: a bar with steps, not only its end


@pytest.fixture
def connections(tmp_path, rapport_cli):
    """An account, and a LinkedIn export of ROWS people it does not have yet."""
    rapport_cli.first_account()
    path = tmp_path / "Connections.csv"
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Ada{n},Lovelace{n},,ada{n}@example.org,Firm {n % 40},Analyst,04 Sep 2026"
        for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def on_a_terminal(rapport_cli, *args: str) -> str:
    """Run `rapport ARGS` with standard input, output and error on a pseudo-terminal, as in a
    person's shell; return everything the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=rapport_cli.env | {"COLUMNS": "100"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # Linux: EIO once the command has exited and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0, shown.decode(errors="replace")
    return shown.decode()


def test_an_import_on_a_terminal_shows_a_bar_that_reaches_the_end(rapport_cli, connections):
    shown = on_a_terminal(rapport_cli, "import", "linkedin", str(connections))
    assert "Importing" in shown and "100%" in shown
    assert "\r" in shown  # redrawn in place as the rows go by
    assert f"Created {ROWS}, merged 0, skipped 0." in shown


def test_an_import_into_a_pipe_shows_no_bar(rapport_cli, connections):
    result = rapport_cli("import", "linkedin", str(connections), "--dry-run")
    assert f"Would create {ROWS}" in result.stdout
    assert result.stderr == ""  # not even the bar's label


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_json_or_quiet_on_a_terminal_shows_no_bar(rapport_cli, connections, flag):
    shown = on_a_terminal(rapport_cli, "import", "linkedin", str(connections), flag)
    assert "Importing" not in shown and "%" not in shown and "\r\n" in shown
    if flag == "--json":
        assert json.loads(shown)["created"] == ROWS


def test_a_vcard_export_and_an_archive_restore_show_their_bars(rapport_cli, connections, tmp_path):
    rapport_cli("import", "linkedin", str(connections))
    cards, archive = tmp_path / "contacts.vcf", tmp_path / "rapport.json"
    shown = on_a_terminal(rapport_cli, "export", "--format", "vcard", "-o", str(cards))
    assert "Writing the cards" in shown and cards.read_text().count("BEGIN:VCARD") == ROWS
    rapport_cli("export", "--format", "json", "-o", str(archive))
    shown = on_a_terminal(rapport_cli, "import", "rapport", str(archive), "--dry-run")
    assert "Checking the archive" in shown and "100%" in shown
    piped = rapport_cli("export", "--format", "vcard", "-o", str(cards))
    assert piped.stderr == f"Wrote {cards}\n"

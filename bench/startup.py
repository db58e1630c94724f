"""How long a `rapport` command takes to start: what a user waits for each command, and what
the command-line tests spend most of their time on.

    python bench/startup.py [--runs 9]

Each command runs as a new process, as a user runs it, in a data folder of its own (SQLite):
first `rapport migrate` on a folder that does not exist yet (a new database brought through
every migration), then, on that folder, `rapport contacts list` (the account's list, empty),
`rapport where` (Django set up, no database) and `rapport --help` (no Django). Floor: the
same interpreter importing Django and nothing else. Prints the median and the slowest run of
each, and the median over the floor's. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "a long enough benchmark password"


def run(args: list[str], env: dict[str, str], stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, input=stdin, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="rapport-bench-startup-")) / "data"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"RAPPORT_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "rapport.settings"}
    rapport = [sys.executable, "-m", "rapport"]

    first = run([*rapport, "migrate"], env)
    print(f"{'rapport migrate, a new data folder':<44}{first:>8.2f} s", flush=True)
    run(
        [*rapport, "user", "add", "--email", "a@example.org", "--name", "A", "--password-stdin"],
        env,
        PASSWORD,
    )

    commands = {
        "floor: python -c 'import django'": [sys.executable, "-c", "import django"],
        "rapport --help": [*rapport, "--help"],
        "rapport where": [*rapport, "where"],
        "rapport contacts list": [*rapport, "contacts", "list"],
    }
    print(f"{'':<44}{'median':>8}{'slowest':>10}{'ratio':>8}")
    floor = 0.0
    for label, command in commands.items():
        times = [run(command, env) for _ in range(args.runs)]
        median = statistics.median(times)
        floor = floor or median
        print(f"{label:<44}{median:>7.2f}s{max(times):>9.2f}s{median / floor:>7.1f}x", flush=True)


if __name__ == "__main__":
    main()

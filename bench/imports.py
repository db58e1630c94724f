"""Import speed: a 30,000-row LinkedIn export, against a plain executemany of the same rows.

    python bench/imports.py [--rows 30000]
    DATABASE_URL=postgresql://… python bench/imports.py     # on a scratch PostgreSQL database

Both run in this process, on a fresh SQLite file with the app's pragmas (WAL,
synchronous=FULL) or on the PostgreSQL database named: the floor parses the file with the
csv module and inserts the rows' seven values with one executemany in one transaction; the
import parses, matches against the network (empty, then full for the re-import), and
writes contacts, organizations and first touches. Prints figures only, with the process's
peak memory (resident set) after each step.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def linkedin_export(rows: int, seed: int = 11) -> bytes:
    """Return a Connections.csv with a preamble and ``rows`` fictional connections."""
    sys.path.insert(0, str(ROOT))
    from bench.seed import FIRST, LAST, ROLES

    rng = random.Random(seed)
    # About ten connections a company, as in a real network.
    companies = [
        f"{rng.choice(LAST)} {kind} {k}"
        for k in range(rows // 10 + 1)
        for kind in [rng.choice(["Group", "Institute", "Partners, Inc.", "Lab"])]
    ]
    out = io.StringIO()
    out.write('Notes:\r\n"A fictional export made by bench/imports.py."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for n in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{n}"
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{first}-{last}-{n}".lower(),
                "",
                rng.choice(companies),
                rng.choice(ROLES),
                f"{rng.randint(1, 28):02} {rng.choice(MONTHS)} {rng.randint(2012, 2026)}",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def floor(data: bytes, folder: Path) -> float:
    """Seconds to parse the CSV with the csv module and executemany the rows into the database."""
    started = time.perf_counter()
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text.split("\r\n\r\n", 1)[1])))[1:]
    if os.environ.get("DATABASE_URL"):
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE c (first text, last text, url text, email text, "
                "company text, position text, connected text) ON COMMIT DROP"
            )
            cursor.executemany("INSERT INTO c VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        return time.perf_counter() - started
    db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE c (first, last, url, email, company, position, connected)")
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rapport-bench-import-"))
    os.environ["RAPPORT_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from rapport.accounts.models import User
    from rapport.accounts.services import remove_account
    from rapport.contacts import imports
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    data = linkedin_export(args.rows)
    owner = User.objects.create_user(f"bench-{os.getpid()}@example.org", "Bench", None)
    print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB, {connection.vendor}")
    print(f"{'before anything':<34}{'':>17}peak memory {peak_mb():.0f} MB")
    base = floor(data, folder)
    print(f"{'floor: csv + executemany':<34}{base:>8.2f} s   1.0x")
    for label in ["import into an empty account", "the same file again (all merge)"]:
        started = time.perf_counter()
        parsed = imports.read_file("linkedin", data)
        parsed_at = time.perf_counter()
        plan = imports.plan_import(owner, parsed)
        planned_at = time.perf_counter()
        imports.apply_import(owner, plan)
        total = time.perf_counter() - started
        print(
            f"{label:<34}{total:>8.2f} s {total / base:>5.1f}x   parse "
            f"{parsed_at - started:.2f} s, match {planned_at - parsed_at:.2f} s, write "
            f"{total - (planned_at - started):.2f} s; peak memory {peak_mb():.0f} MB; "
            f"{plan.summary()}"
        )
    remove_account(owner)


def peak_mb() -> float:
    """The most memory this process has held so far (its peak resident set), in megabytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()

"""Export speed for a large account: everything as JSON, the contacts as CSV and as vCard.

    python bench/exports.py [--contacts 20000] [--touches 100000] [--meetings 2000]

Seeds a fresh SQLite account (bench/seed.py, then meetings with eight questions and a
suggestion each), times each export against a floor measured in the same run (reading every
contact row with one raw query), then restores the archive into a second, empty account.
Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=2_000)
    args = parser.parse_args()
    os.environ["RAPPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="rapport-bench-export-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench.seed import seed_network
    from rapport import clock
    from rapport.accounts.models import User
    from rapport.contacts import archive
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    owner = User.objects.create_user("bench@example.org", "Bench", None)
    counts = seed_network(owner, args.contacts, args.touches, clock.now())
    counts["meetings"] = seed_meetings(owner, args.meetings)
    print(f"seeded {counts}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM contacts_contact WHERE owner_id = %s", [owner.pk])
        rows = len(cursor.fetchall())
    base = time.perf_counter() - started
    print(f"{'floor: one query for the contact rows':<40}{base:>8.2f} s    1.0x  ({rows:,} rows)")
    started = time.perf_counter()
    next(archive.vcards(owner))
    first = time.perf_counter() - started
    print(f"{'vCard download: its first card':<40}{first:>8.2f} s {first / base:>6.1f}x")
    for label, export in [
        ("everything as JSON", archive.export_json),
        ("contacts as CSV", archive.export_csv),
        ("contacts as vCard", archive.export_vcard),
    ]:
        started = time.perf_counter()
        export(owner)
        took = time.perf_counter() - started
        print(f"{label:<40}{took:>8.2f} s {took / base:>6.1f}x")
    time_restore(owner, base)


def seed_meetings(owner, count: int) -> int:
    """Give the first ``count`` contacts a meeting each, with questions and a suggestion."""
    from rapport import clock
    from rapport.contacts.models import Contact
    from rapport.meetings.models import Meeting, MeetingQuestion, Suggestion

    people = list(Contact.objects.filter(owner=owner).order_by("id")[:count])
    meetings = Meeting.objects.bulk_create(
        Meeting(owner=owner, contact=person, starts_at=clock.now(), notes="Met; kind.")
        for person in people
    )
    MeetingQuestion.objects.bulk_create(
        MeetingQuestion(owner=owner, meeting=meeting, position=n, text=f"Question {n}?")
        for meeting in meetings
        for n in range(8)
    )
    Suggestion.objects.bulk_create(
        Suggestion(owner=owner, contact=m.contact, meeting=m, text="Read the report")
        for m in meetings
    )
    return len(meetings)


def time_restore(owner, base: float) -> None:
    import json

    from rapport.accounts.models import User
    from rapport.archive import preview, restore
    from rapport.contacts import archive

    data = json.dumps(archive.export_json(owner)).encode()
    print(f"{'the archive, compact':<40}{len(data) / 1e6:>8.1f} MB")
    fresh = User.objects.create_user("fresh@example.org", "Fresh", None)
    for label, step in [
        ("restore preview, empty account", preview.preview),
        ("restore into the empty account", restore.restore),
        ("restore again: all matched", restore.restore),
    ]:
        started = time.perf_counter()
        step(fresh, data)
        took = time.perf_counter() - started
        print(f"{label:<40}{took:>8.2f} s {took / base:>6.1f}x")


if __name__ == "__main__":
    main()

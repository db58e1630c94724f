"""The time budget at 100,000 contacts: every request of a large import and export, and the
worker's share of each.

    python bench/background.py [--contacts 100000] [--touches 300000]

Seeds a fresh SQLite account (bench/seed.py) with the worker's queue in the database, as
`rapport serve` runs it. Each request goes through Django's test client (the whole
middleware stack, no network); the tasks it queues are then run in this process and timed
apart, as the worker would run them. The export's vCard file, made by the worker, is then
uploaded into a second, empty account and imported. Floor: the login page, a request that
reads no data. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, action: Callable[[], Any], floor: float | None = None) -> Any:
    started = time.perf_counter()
    result = action()
    took = time.perf_counter() - started
    ratio = f"{took / floor:>8.0f}x" if floor else ""
    print(f"{label:<52}{took:>8.2f} s{ratio}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=300_000)
    args = parser.parse_args()
    os.environ["RAPPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="rapport-bench-background-")
    os.environ.pop("DATABASE_URL", None)
    os.environ |= {
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
        "RAPPORT_ALLOWED_HOSTS": "testserver",
        "RAPPORT_TASKS": "worker",
        "RAPPORT_IMPORT_MAX_BYTES": str(64 * 1024 * 1024),
        "RAPPORT_IMPORT_MAX_ROWS": str(max(args.contacts, 100_000)),
    }
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from bench.seed import seed_network
    from rapport import clock
    from rapport.accounts.models import User
    from rapport.contacts.archive import prepare_in_background
    from rapport.contacts.imports import plan_in_background, write_in_background
    from rapport.contacts.models import Contact, PendingImport, PreparedExport
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    owner = User.objects.create_user("bench@example.org", "Bench", None, time_zone="UTC")
    print(f"seeded {seed_network(owner, args.contacts, args.touches, clock.now())}")
    client = Client()
    client.force_login(owner)
    for _ in range(3):  # warm: templates, the URL map, the first connection
        client.get(reverse("login"))
    floor = min(floor_of(client, reverse("login")) for _ in range(5))
    print(f"{'floor: the login page (best of 5)':<52}{floor:>8.3f} s")

    print("-- export, the vCard file")
    timed("request: the export page", lambda: client.get(reverse("export")), floor)
    timed("request: Prepare", lambda: client.post(reverse("export"), {"format": "vcard"}), floor)
    export = PreparedExport.objects.latest("id")
    timed("worker: make the file", lambda: prepare_in_background.call(export.pk))
    export.refresh_from_db()
    url = reverse("export-file", args=[export.pk])
    response = timed("request: the download", lambda: client.get(url), floor)
    content = response.content
    print(f"{'   the file':<52}{len(content) / 1e6:>8.1f} MB")

    print("-- import of that file into an empty account")
    second = User.objects.create_user("second@example.org", "Second", None, time_zone="UTC")
    client.force_login(second)

    def upload() -> Any:
        data = SimpleUploadedFile("contacts.vcf", content)
        return client.post(reverse("import"), {"kind": "vcard", "file": data})

    timed("request: upload", upload, floor)
    pending = PendingImport.objects.latest("id")
    preview = reverse("import-preview", args=[pending.pk])
    timed(
        "request: a poll while it is read", lambda: client.get(preview, HTTP_HX_REQUEST="1"), floor
    )
    timed("worker: read and plan", lambda: plan_in_background.call(pending.pk))
    timed("request: the preview", lambda: client.get(preview), floor)
    timed("request: confirm", lambda: client.post(preview), floor)
    timed("worker: plan again and write", lambda: write_in_background.call(pending.pk))
    timed("request: the page that reports it", lambda: client.get(preview), floor)
    imported = Contact.objects.filter(owner=second).count()
    print(f"{'   contacts in the second account':<52}{imported:>8,}")


def floor_of(client: Any, url: str) -> float:
    started = time.perf_counter()
    client.get(url)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()

"""Latency of the main pages on a large network, against an empty page through the same stack.

    python bench/pages.py [--contacts 10000] [--touches 50000] [--requests 300] [--only contact]

Every request goes through the full middleware (sessions, auth, CSRF, htmx, time zone) with
Django's test client, in one process. The floor is an empty view behind the same login,
measured in the same run, so the ratios hold from one machine to another. Prints figures;
never passes or fails on time. Uses a fresh SQLite file in a temporary folder unless
DATABASE_URL names a (scratch) PostgreSQL database.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(get: Callable[[], int], requests: int) -> list[float]:
    """Return the milliseconds each of ``requests`` calls took, after a short warm-up."""
    for _ in range(max(10, requests // 10)):
        get()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        status = get()
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"unexpected status {status}")
    return samples


def status(client: Client, url: str, headers: dict[str, str]) -> int:
    return client.get(url, **headers).status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages whose name holds this word (again for more); the floors "
        "are always measured",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-bench-"))
    os.environ["RAPPORT_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from bench.seed import seed_network
    from rapport import clock
    from rapport.accounts.models import User
    from rapport.accounts.services import remove_account
    from rapport.contacts.models import Contact
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    email = f"bench-{os.getpid()}@example.org"
    owner = User.objects.create_user(email, "Bench User", None, time_zone="America/New_York")
    started = time.perf_counter()
    counts = seed_network(owner, args.contacts, args.touches, clock.now())
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a large write: the planner needs the new counts,
        # and an index-only scan the visibility map that a vacuum sets.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"database: {connection.vendor}; seeded {counts} in {time.perf_counter() - started:.1f} s"
    )

    from rapport.agenda import due
    from rapport.api.tokens import create_token

    started = time.perf_counter()
    wrong = due.differences(owner)
    print(
        f"stored due moments against the schedule run from scratch: {len(wrong)} differences "
        f"({time.perf_counter() - started:.1f} s to compare)"
    )
    busiest = (
        Contact.objects.owned_by(owner)
        .annotate(n=django.db.models.Count("touches"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    client = Client()
    client.force_login(owner)
    pages = {
        "empty view (floor)": "/bench/empty/",
        "empty page in the layout": "/bench/layout/",
        "contact list": "/contacts/",
        "contact list, page 100": "/contacts/?page=100",
        "search 'policy analyst'": "/contacts/?q=policy+analyst",
        "search, no match": "/contacts/?q=zzzz",
        "search + tag + source": "/contacts/?q=ana&tag=policy&source=alumni",
        "search (htmx partial)": "/contacts/?q=okafor",
        f"contact page ({busiest.n} touches)": f"/contacts/{busiest.pk}/",
        "organization list": "/organizations/",
        "agenda (home)": "/",
        "who to ask next": "/next/",
        "dashboard": "/dashboard/",
        # The REST API, with a personal token (each request also records the token's use).
        "API: contacts, first page": "/api/v1/contacts",
        "API: search 'policy analyst'": "/api/v1/contacts?q=policy+analyst",
        "API: a contact": f"/api/v1/contacts/{busiest.pk}",
        "API: who to ask next": "/api/v1/next",
    }
    token = create_token(owner, "bench", True, clock.now()).secret
    floors = list(pages)[:2]
    pages = {
        name: url
        for name, url in pages.items()
        if name in floors or not args.only or any(word in name for word in args.only)
    }
    print(f"{args.requests} requests each; milliseconds")
    print(f"{'page':<32}{'p50':>8}{'p95':>8}{'p95 / floor':>13}{'/ layout':>10}")
    floor = layout = None
    with override_settings(ROOT_URLCONF="bench.urls", API_REQUESTS_PER_MINUTE=10**9):
        for name, url in pages.items():
            if args.only and name not in floors and not any(w in name for w in args.only):
                continue
            headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
            if name.startswith("API"):
                headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            samples = measure(functools.partial(status, client, url, headers), args.requests)
            p50, p95 = statistics.median(samples), percentile(samples, 0.95)
            floor = floor or p95
            layout = layout or (p95 if "layout" in name else None)
            ratio = f"{p95 / layout:>9.1f}x" if layout else ""
            print(f"{name:<32}{p50:>8.2f}{p95:>8.2f}{p95 / floor:>12.1f}x{ratio}")
    remove_account(owner)


if __name__ == "__main__":
    main()

"""Many students at once: concurrent simulated users against the production server.

    python bench/load.py [--users 50] [--seconds 60] [--contacts 300] [--workers N]

Makes a fresh SQLite database in a temporary folder (or uses the scratch PostgreSQL database
DATABASE_URL names, with accounts new to this run), gives every user a network of their own,
starts `rapport serve --prod` (gunicorn) on loopback, and lets each user, in a thread with
its own session, log in and then do a realistic mix for the given time: the agenda, a
search, a contact's page, logging a touch, the composer. Prints throughput, p50/p95/p99 and
the errors of each action, against a floor measured in the same run by the same users: a
static file through the same server. Never passes or fails on time; any error is printed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load test password 1234"
#: What a student does in a session, and how often: mostly reading, some writing.
MIX = [("agenda", 25), ("search", 25), ("contact", 25), ("log a touch", 15), ("compose", 10)]
WORDS = ["policy", "analyst", "ana", "garcia", "data", "city", "okafor", "planner", "zzzz"]


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, milliseconds: float, error: str | None) -> None:
        with self.lock:
            self.samples[action].append(milliseconds)
            if error:
                self.errors[action].append(error)


class Student:
    """One browser: a keep-alive connection, its cookies, the CSRF token."""

    def __init__(self, port: int, email: str, contacts: list[int], seed: int) -> None:
        self.port, self.email, self.contacts = port, email, contacts
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.rng = random.Random(seed)

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed a kept-alive socket
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, content

    def log_in(self) -> None:
        self.request("GET", "/login/")
        status, _ = self.request("POST", "/login/", {"username": self.email, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"{self.email} could not log in (status {status})")

    def act(self, action: str) -> str | None:
        """Do one action; return what went wrong, or None."""
        contact = self.rng.choice(self.contacts)
        expected = 200
        if action == "agenda":
            status, body = self.request("GET", "/")
        elif action == "search":
            status, body = self.request("GET", f"/contacts/?q={self.rng.choice(WORDS)}")
        elif action == "contact":
            status, body = self.request("GET", f"/contacts/{contact}/")
        elif action == "compose":
            status, body = self.request("GET", f"/contacts/{contact}/compose/")
        else:
            expected = 302
            status, body = self.request(
                "POST",
                f"/contacts/{contact}/touches/",
                {"kind": "note", "happened_at": "2026-11-20T10:00", "summary": "Load test"},
            )
        if status != expected:
            return f"{action}: status {status} {body[:120]!r}"
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def seed(users: int, contacts: int) -> list[tuple[str, list[int]]]:
    """Make the accounts, each with its own network; return (e-mail, contact ids) of each."""
    import django

    django.setup()
    from django.db import connection

    from bench.seed import seed_network
    from rapport import clock
    from rapport.accounts.models import User
    from rapport.contacts.models import Contact
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    run = f"{os.getpid()}-{int(clock.now().timestamp())}"
    accounts = []
    started = time.perf_counter()
    for number in range(users):
        email = f"load-{run}-{number}@example.edu"
        owner = User.objects.create_user(email, f"Student {number}", PASSWORD)
        seed_network(owner, contacts, contacts * 5, clock.now(), seed=number)
        ids = list(Contact.objects.owned_by(owner).values_list("pk", flat=True))
        accounts.append((email, ids))
    print(
        f"database: {connection.vendor}; {users} users with {contacts} contacts and "
        f"{contacts * 5} touches each, seeded in {time.perf_counter() - started:.1f} s"
    )
    connection.close()
    return accounts


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "rapport", "serve", "--prod", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 seconds")


def run_phase(students: list[Student], seconds: float, actions: list[str], weights: list[int]):
    results = Results()
    stop = time.monotonic() + seconds

    def work(student: Student) -> None:
        while time.monotonic() < stop:
            action = student.rng.choices(actions, weights)[0]
            started = time.perf_counter()
            try:
                error = (
                    student.act(action)
                    if action != "floor"
                    else (
                        None
                        if student.request("GET", "/static/rapport/rapport.css")[0] == 200
                        else "static file failed"
                    )
                )
            except Exception as problem:  # a refused or broken connection is an error too
                error = f"{action}: {type(problem).__name__}: {problem}"
            results.add(action, (time.perf_counter() - started) * 1000, error)

    threads = [threading.Thread(target=work, args=(student,)) for student in students]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def report(results: Results, elapsed: float, floor: float | None) -> None:
    total = sum(len(s) for s in results.samples.values())
    errors = sum(len(e) for e in results.errors.values())
    print(f"{total} requests in {elapsed:.1f} s: {total / elapsed:.0f} a second; {errors} errors")
    print(f"{'action':<14}{'count':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'p50/floor':>11}{'errors':>8}")
    for action, samples in sorted(results.samples.items()):
        p50 = statistics.median(samples)
        ratio = f"{p50 / floor:.1f}×" if floor else ""
        print(
            f"{action:<14}{len(samples):>7}{p50:>9.1f}{percentile(samples, 0.95):>9.1f}"
            f"{percentile(samples, 0.99):>9.1f}{ratio:>11}{len(results.errors[action]):>8}"
        )
    for problems in results.errors.values():
        for problem in problems[:3]:
            print(f"  error: {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-load-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    os.environ["RAPPORT_BACKUP_KEEP"] = "0"
    accounts = seed(args.users, args.contacts)
    port = free_port()
    server = start_server(port, args.workers)
    try:
        students = [Student(port, email, ids, n) for n, (email, ids) in enumerate(accounts)]
        for student in students:
            student.log_in()
        print(
            f"{args.users} users logged in; gunicorn with {args.workers} workers on loopback; "
            "milliseconds"
        )
        floor_results, floor_elapsed = run_phase(students, min(10, args.seconds), ["floor"], [1])
        print("floor: a static file, the same users")
        report(floor_results, floor_elapsed, None)
        floor = statistics.median(floor_results.samples["floor"])
        actions, weights = zip(*MIX, strict=True)
        results, elapsed = run_phase(students, args.seconds, list(actions), list(weights))
        print(f"the mix: {', '.join(f'{a} {w}%' for a, w in MIX)}")
        report(results, elapsed, floor)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()

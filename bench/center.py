"""A career center at scale: the volunteer directory, the advisor's pages and the request flow,
against an empty page through the same stack.

    python bench/center.py [--students 5000] [--volunteers 500] [--requests 200]

Seeds a fresh database with ``--students`` students (a few contacts and touches each),
``--volunteers`` alumni volunteers and one advisor with whom 300 students share their
progress. Every request goes through Django's test client, behind the same login, as
bench/pages.py does; the floor is the empty view of the same run. The request flow is timed
whole: a student's request (the guard's check included, the e-mail to Django's
in-memory outbox), then
the volunteer's acceptance from its link (the contact, the commonality and the meeting
made). Prints figures only; docs/performance.md records them. Uses a fresh SQLite file
unless DATABASE_URL names a scratch PostgreSQL database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import measure, percentile  # noqa: E402

MAJORS = ["History", "Economics", "Biology", "Statistics", "English", "Political Science"]
FIELDS = ["public policy", "journalism", "urban planning", "data science", "law", "health"]
YEARS = ["first_year", "sophomore", "junior", "senior", "graduate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-bench-center-"))
    os.environ["RAPPORT_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from rapport import clock
    from rapport.accounts.models import User
    from rapport.advising.models import Advisor, Consent
    from rapport.alumni import services
    from rapport.alumni.models import Request, Volunteer
    from rapport.contacts.models import Contact, Touch
    from rapport.core.network import TouchKind
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    rng = random.Random(7)
    now = clock.now()
    started = time.perf_counter()
    students = User.objects.bulk_create(
        User(
            email=f"student{n}@center.example.edu",
            name=f"Student {n}",
            year=rng.choice(YEARS),
            major=rng.choice(MAJORS),
            school="Example University",
            interests=", ".join(rng.sample(FIELDS, 2)),
            password="!",
        )
        for n in range(args.students)
    )
    students = list(User.objects.filter(email__endswith="@center.example.edu").order_by("pk"))
    contacts = Contact.objects.bulk_create(
        Contact(owner=s, name=f"Contact {s.pk}-{k}", field=rng.choice(FIELDS))
        for s in students
        for k in range(rng.randint(0, 6))
    )
    kinds = [TouchKind.EMAIL_SENT, TouchKind.REPLY_RECEIVED, TouchKind.MEETING, TouchKind.THANK_YOU]
    Touch.objects.bulk_create(
        Touch(
            owner_id=c.owner_id,
            contact_id=c.pk,
            kind=kind,
            happened_at=now - timedelta(days=rng.randint(1, 60)),
        )
        for c in contacts
        for kind in kinds[: rng.randint(0, 4)]
    )
    Volunteer.objects.bulk_create(
        Volunteer(
            name=f"Volunteer {n}",
            email=f"volunteer{n}@alumni.example.org",
            role="Analyst",
            organization=f"Organization {n % 120}",
            field=rng.choice(FIELDS),
            location=rng.choice(["Boston", "Springfield", "New York", "Remote"]),
            graduation_year=rng.randint(1995, 2024),
            major=rng.choice(MAJORS),
            topics=", ".join(rng.sample(FIELDS, 2)),
            monthly_limit=1000,
        )
        for n in range(args.volunteers)
    )
    advisor = User.objects.create_user("advisor@center.example.edu", "Ada Advisor", None)
    Advisor.objects.create(user=advisor)
    Consent.objects.bulk_create(
        Consent(student=s, advisor=advisor, granted_at=now) for s in students[:300]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; {len(students)} students, {len(contacts)} contacts, "
        f"{Touch.objects.count()} touches, {args.volunteers} volunteers, 300 sharing with "
        f"one advisor; seeded in {time.perf_counter() - started:.1f} s"
    )

    student_browser, advisor_browser = Client(), Client()
    student_browser.force_login(students[0])
    advisor_browser.force_login(advisor)
    one = students[1].pk
    pages = {
        "empty view (floor)": (student_browser, "/bench/empty/"),
        "volunteer directory": (student_browser, "/volunteers/"),
        "directory, field and major": (
            student_browser,
            "/volunteers/?field=policy&major=History",
        ),
        "directory, a topic": (student_browser, "/volunteers/?topic=journalism"),
        "advisor: one student": (advisor_browser, f"/advising/students/{one}/"),
        "advisor: cohort funnel": (advisor_browser, "/advising/cohort/"),
    }
    print(f"{'page':<44}{'p50':>8}{'p95':>8}{'p95 / floor':>13}")
    floor = None
    # The e-mails of the request flow are made and handed to Django's in-memory outbox.
    memory = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(ROOT_URLCONF="bench.urls", EMAIL_BACKEND=memory, SMTP_ENABLED=True):
        for name, (browser, url) in pages.items():
            samples = measure(lambda: browser.get(url).status_code, args.requests)  # noqa: B023
            p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
            floor = floor or p95
            print(f"{name:<44}{p50:>8.2f}{p95:>8.2f}{p95 / floor:>12.1f}x")

        # The advisor's list of 300 students, each look written to a log: fewer rounds.
        list_samples = measure(
            lambda: advisor_browser.get("/advising/").status_code, max(args.requests // 10, 10)
        )
        p50, p95 = percentile(list_samples, 0.5), percentile(list_samples, 0.95)
        assert floor is not None
        print(
            f"{'advisor: 300 students (300 log rows a look)':<44}{p50:>8.2f}{p95:>8.2f}"
            f"{p95 / floor:>12.1f}x"
        )

        volunteers = list(Volunteer.objects.values_list("pk", flat=True))
        slot = (now + timedelta(days=5)).strftime("%Y-%m-%dT10:00")
        answer = services.answer_link("http://testserver")
        flow = []
        for n in range(min(args.requests, len(volunteers), len(students) - 2)):
            asker = students[n + 2]
            browser = Client()
            browser.force_login(asker)
            begun = time.perf_counter()
            sent = browser.post(
                f"/volunteers/{volunteers[n]}/ask/",
                {
                    "message": "Dear V, I would value 15 minutes of your insight. Thank you.",
                    "slot_1": slot,
                },
            )
            request = Request.objects.filter(owner=asker).order_by("-pk").first()
            assert sent.status_code == 302 and request is not None, sent.status_code
            token = f"bench-{n}"  # the real secret is only in the e-mail: put a known one
            request.answer_hash = services.digest(token)
            request.save(update_fields=["answer_hash"])
            accepted = Client().post(
                answer.format(token=token).removeprefix("http://testserver"),
                {"action": "accept", "slot": request.slots[0]},
            )
            assert accepted.status_code == 200, accepted.status_code
            flow.append((time.perf_counter() - begun) * 1000)
        p50, p95 = percentile(flow, 0.5), percentile(flow, 0.95)
        print(
            f"{'request flow: ask, then accept (2 requests)':<44}{p50:>8.2f}{p95:>8.2f}"
            f"{p95 / floor:>12.1f}x"
        )


if __name__ == "__main__":
    main()

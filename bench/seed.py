"""Make a large fictional network for benchmarks: by default 10,000 contacts and 50,000 touches.

    python bench/seed.py [--contacts N] [--touches N] [--user EMAIL]

Runs against the database the environment names (RAPPORT_DATA_DIR / DATABASE_URL), for the
only account or the one given. Rows go in with bulk inserts; the search text is computed by
the same core function the app uses.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rapport.core.network import CommonalityKind, Source, TouchKind
from rapport.core.search import search_key

if TYPE_CHECKING:
    from rapport.accounts.models import User

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kira",
    "Luis",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abbott",
    "Bauer",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fofana",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Sato",
    "Thompson",
    "Ueda",
    "Varga",
    "Wójcik",
    "Yilmaz",
    "Zhang",
]
ROLES = [
    "Policy analyst",
    "Legislative aide",
    "Research director",
    "Data analyst",
    "Editor",
    "Reporter",
    "Planner",
    "Program officer",
    "Archivist",
    "Curator",
    "Consultant",
    "Communications associate",
    "Attorney",
    "Teacher",
    "Engineer",
]
FIELDS = [
    "public policy",
    "government",
    "journalism",
    "urban planning",
    "museums",
    "law",
    "education",
    "consulting",
    "nonprofit",
    "technology",
]
TAGS = [
    "policy",
    "dc",
    "boston",
    "alumni",
    "mentor",
    "data",
    "history",
    "museum",
    "law",
    "nonprofit",
    "writing",
    "research",
    "planning",
    "city",
    "state",
    "federal",
]
NOTES = [
    "Met at the career fair.",
    "Knows the graduate programs well.",
    "Suggested reading the weekly policy newsletter.",
    "Prefers phone calls.",
    "Moved from journalism into research.",
    "",
    "",
    "",
]


def seed_network(
    owner: User, contacts: int, touches: int, now: datetime, seed: int = 7
) -> dict[str, int]:
    """Add a fictional network of the given size to ``owner``; return the row counts added."""
    from rapport.contacts.models import Commonality, Contact, Organization, Tag, Touch

    rng = random.Random(seed)
    organizations = Organization.objects.bulk_create(
        Organization(owner=owner, name=f"{rng.choice(LAST)} {kind} {n}", field=rng.choice(FIELDS))
        for n, kind in enumerate(["Institute", "Council", "Group", "Lab", "Office"] * 160)
    )
    tags = Tag.objects.bulk_create(Tag(owner=owner, name=name) for name in TAGS)
    people = []
    for n in range(contacts):
        organization = rng.choice(organizations)
        contact = Contact(
            owner=owner,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            organization=organization,
            role=rng.choice(ROLES),
            field=organization.field,
            source=rng.choice(list(Source)).value,
            notes=rng.choice(NOTES),
            email=f"person{n}@example.org",
            created_at=now - timedelta(days=rng.randint(0, 900)),
        )
        contact.chosen_tags = rng.sample(tags, rng.randint(0, 2))  # type: ignore[attr-defined]
        contact.search_text = search_key(
            [
                contact.name,
                organization.name,
                contact.role,
                contact.email,
                contact.notes,
                *(tag.name for tag in contact.chosen_tags),
            ]  # type: ignore[attr-defined]
        )
        people.append(contact)
    people = Contact.objects.bulk_create(people, batch_size=2000)
    links = [
        Contact.tags.through(contact_id=person.pk, tag_id=tag.pk)
        for person in people
        for tag in person.chosen_tags  # type: ignore[attr-defined]
    ]
    Contact.tags.through.objects.bulk_create(links, batch_size=5000)
    Commonality.objects.bulk_create(
        (
            Commonality(
                owner=owner,
                contact=person,
                kind=rng.choice(list(CommonalityKind)).value,
                detail=rng.choice(LAST) + " club",
                strength=rng.randint(1, 5),
            )
            for person in people
        ),
        batch_size=5000,
    )
    Touch.objects.bulk_create(
        (
            Touch(
                owner=owner,
                contact=rng.choice(people),
                kind=rng.choice(list(TouchKind)).value,
                happened_at=now - timedelta(hours=rng.randint(0, 20_000)),
                summary="Talked.",
            )
            for _ in range(touches)
        ),
        batch_size=5000,
    )
    # Written around the services, so the summaries and what is due are stored here, as a
    # restore does.
    from rapport.contacts.changes import due_may_have_changed

    due_may_have_changed(owner, None)
    return {"organizations": len(organizations), "contacts": len(people), "touches": touches}


def main() -> None:
    import argparse
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=50_000)
    parser.add_argument("--user", default=None, help="the account's e-mail (default: the only one)")
    args = parser.parse_args()

    from rapport.cli import setup_django

    setup_django()
    from rapport import clock
    from rapport.accounts.services import pick_user
    from rapport.database import migrate_if_needed

    migrate_if_needed()
    started = time.perf_counter()
    counts = seed_network(pick_user(args.user), args.contacts, args.touches, clock.now())
    print(f"seeded {counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

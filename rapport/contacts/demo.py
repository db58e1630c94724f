"""A fictional network to explore Rapport with: a history junior finding her way into policy.

Every person and organization here is invented.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.db import transaction

from rapport.contacts import services
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Contact
from rapport.core.errors import RapportError

if TYPE_CHECKING:
    from rapport.accounts.models import User

ORGANIZATIONS = {
    "Harbor Policy Institute": (
        "https://harborpolicy.example.org",
        "public policy",
        "Washington, DC",
        "Business casual; blazers without ties",
    ),
    "Connecticut River Planning Council": (
        "https://crpc.example.org",
        "urban planning",
        "Springfield, MA",
        "Smart casual",
    ),
    "University of Massachusetts Amherst": (
        "https://history.example.edu",
        "higher education",
        "Amherst, MA",
        "Casual",
    ),
    "Office of State Senator R. Alvarez": (
        "",
        "government",
        "Boston, MA",
        "Suits on session days, business casual otherwise",
    ),
    "The Valley Ledger": (
        "https://valleyledger.example.com",
        "journalism",
        "Northampton, MA",
        "Casual; jeans are fine",
    ),
    "Civic Data Lab": ("https://civicdatalab.example.org", "public policy", "Boston, MA", "Casual"),
}


class Person(NamedTuple):
    name: str
    organization: str
    role: str
    field: str
    source: str
    how_we_know: str
    tags: list[str]
    commonalities: list[tuple[str, str, int]]  # kind, detail, strength
    touches: list[tuple[str, int, str]]  # kind, days ago, summary


PEOPLE = [
    (
        "Joe Serra",
        "Connecticut River Planning Council",
        "Senior planner",
        "urban planning",
        "friend",
        "Family friend; coached my little league team.",
        ["mentor", "policy"],
        [("hometown", "Pittsfield, MA", 5), ("club", "Pittsfield Little League", 4)],
        [
            (
                "call",
                21,
                "Told Joe I'm exploring policy work. He offered to connect me with two people.",
            ),
            ("thank_you", 20, "Thanked him for the call and the two names."),
        ],
    ),
    (
        "Maria Okafor",
        "Harbor Policy Institute",
        "Policy analyst",
        "public policy",
        "referral",
        "Joe Serra suggested I contact her.",
        ["policy", "dc"],
        [("mutual_person", "Joe Serra", 4), ("school", "UMass Amherst, class of 2016", 3)],
        [
            (
                "email_sent",
                6,
                "Asked for 15 minutes about her path from history to policy analysis.",
            ),
            ("reply_received", 4, "Yes to a 20-minute phone call; she will call my cell at 4 pm."),
        ],
    ),
    (
        "Sam Whitaker",
        "Office of State Senator R. Alvarez",
        "Legislative aide",
        "government",
        "referral",
        "Joe Serra mentioned him; worked together on a transit study.",
        ["policy"],
        [("mutual_person", "Joe Serra", 3), ("school", "UMass Amherst", 2)],
        [],
    ),
    (
        "Prof. Alan Dwight",
        "University of Massachusetts Amherst",
        "Professor of History",
        "higher education",
        "professor",
        "Taught my seminar on the New Deal.",
        ["history"],
        [("school", "UMass Amherst History Department", 4)],
        [
            ("meeting", 35, "Office hours: talked about careers for history majors."),
            ("thank_you", 35, "Thanked him by e-mail that evening."),
            ("note", 34, "He suggested reading about the Congressional Research Service."),
        ],
    ),
    (
        "Elena Vasquez",
        "Civic Data Lab",
        "Research director",
        "public policy",
        "referral",
        "Prof. Dwight's former student.",
        ["policy", "data"],
        [("mutual_person", "Prof. Alan Dwight", 4), ("school", "UMass Amherst", 3)],
        [],
    ),
    (
        "Grace Liu",
        "The Valley Ledger",
        "Statehouse reporter",
        "journalism",
        "alumni",
        "Found through the alumni directory.",
        ["journalism", "alumni"],
        [("school", "UMass Amherst, History '14", 3)],
        [("email_sent", 12, "Asked about covering the statehouse.")],
    ),
    (
        "Marcus Bell",
        "Harbor Policy Institute",
        "Communications associate",
        "public policy",
        "linkedin",
        "Connected on LinkedIn after a panel.",
        ["dc"],
        [("club", "Model UN", 2)],
        [],
    ),
    (
        "Aisha Karimi",
        "",
        "Graduate student, public policy",
        "public policy",
        "classmate",
        "Took Intro to Statistics together.",
        ["policy"],
        [("school", "UMass Amherst", 3), ("club", "Debate society", 3)],
        [("call", 60, "Practice interview: she played the contact. Keep questions short.")],
    ),
    (
        "Tom Brennan",
        "Connecticut River Planning Council",
        "Transportation planner",
        "urban planning",
        "club",
        "Spoke at the Urban Studies club.",
        ["planning"],
        [("club", "Urban Studies club", 2)],
        [],
    ),
    (
        "Rosa Delgado",
        "",
        "City council member",
        "government",
        "relative",
        "My aunt's neighbor.",
        ["government"],
        [("mutual_person", "Aunt Carmen", 4), ("hometown", "Pittsfield, MA", 4)],
        [
            ("meeting", 120, "Coffee at the library: how she got into local politics."),
            ("thank_you", 120, "Sent a short thank-you with the article she mentioned."),
        ],
    ),
    (
        "Daniel Osei",
        "Civic Data Lab",
        "Data analyst",
        "public policy",
        "linkedin",
        "Connected on LinkedIn; works with Elena at the lab.",
        ["data"],
        [("mutual_person", "Elena Vasquez", 3)],
        [],
    ),
    (
        "Hannah Fischer",
        "The Valley Ledger",
        "Editor",
        "journalism",
        "other",
        "Met at a community forum on housing.",
        ["journalism"],
        [("event", "community forum on housing", 2)],
        [],
    ),
]

# referrer, referred, permission to use the referrer's name
#: What the student found out before a call (the meeting's prep folder prints it).
RESEARCH = {
    "Maria Okafor": """- BA in History, UMass Amherst, 2016; master's in public policy, 2019
- At the Harbor Policy Institute since 2020: transit and housing briefs
- Co-wrote *Fares and Fairness* (2025), on reduced fares for riders with low incomes
- Spoke on the institute's panel on rural bus service last spring""",
}


REFERRALS = [
    ("Joe Serra", "Maria Okafor", "yes"),
    ("Joe Serra", "Sam Whitaker", "not_asked"),
    ("Prof. Alan Dwight", "Elena Vasquez", "yes"),
]


@transaction.atomic
def load_demo(owner: User, now: datetime) -> int:
    """Fill an empty account with the demo network; return how many contacts it added."""
    if Contact.objects.owned_by(owner).exists():
        raise RapportError("the demo network loads only into an account with no contacts")
    for name, (website, field, location, dress) in ORGANIZATIONS.items():
        organization = services.organization_named(owner, name)
        assert organization is not None
        organization.website, organization.field = website, field
        organization.location, organization.dress = location, dress
        organization.save()
    contacts = {person[0]: _add_person(owner, now, Person(*person)) for person in PEOPLE}
    for referrer, referred, permission in REFERRALS:
        services.add_referral(owner, contacts[referrer], contacts[referred], permission)
    _fill_profile(owner)
    due_may_have_changed(owner, None)  # the profile may have set the time zone
    return len(contacts)


def _add_person(owner: User, now: datetime, person: Person) -> Contact:
    (name, organization, role, field, source, how, tags, commonalities, touches) = person
    slug = name.lower().replace("prof. ", "").replace(" ", ".")
    contact = Contact(
        name=name,
        role=role,
        field=field,
        source=source,
        how_we_know=how,
        email=f"{slug}@example.org",
        research=RESEARCH.get(name, ""),
        created_at=now - timedelta(days=150),
    )
    services.save_contact(owner, contact, organization=organization, tags=tags)
    for kind, detail, strength in commonalities:
        services.add_commonality(owner, contact, kind, detail, strength)
    for kind, days_ago, summary in touches:
        services.log_touch(owner, contact, kind, now - timedelta(days=days_ago), summary)
    return contact


def _fill_profile(owner: User) -> None:
    """Give an empty profile the demo student's details, so drafts have something to say."""
    defaults = {
        "school": "University of Massachusetts Amherst",
        "year": "junior",
        "major": "History",
        "interests": "public policy, government",
    }
    changed = [field for field, value in defaults.items() if not getattr(owner, field)]
    for field in changed:
        setattr(owner, field, defaults[field])
    if changed:
        owner.save(update_fields=changed)

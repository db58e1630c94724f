"""Bringing a network in: parse, match against the network, preview, then write all or nothing."""

from __future__ import annotations

import dataclasses
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django_tasks import task

from rapport import clock
from rapport.contacts import background
from rapport.contacts.archive import account_archive
from rapport.contacts.changes import MANY, depending_on, due_may_have_changed
from rapport.contacts.merges import (
    FILLED_COLUMNS,
    NOTED,
    REPLACED,
    Change,
    Current,
    MergeChanges,
    merge_changes,
    note_of_values_before,
    tag_key,
)
from rapport.contacts.models import Contact, Organization, PendingImport, Tag, Touch, Work
from rapport.contacts.schema import problem_with
from rapport.contacts.services import refresh_search_text, tags_named
from rapport.contacts.summary import summarize_first_touches
from rapport.core.contact_fields import BY_NAME, COLUMNS, FIELDS, IMPORTED, Kind
from rapport.core.errors import RapportError
from rapport.core.formats import Cell, ContactRecord, ImportFailed, ParseResult, Problem, decode
from rapport.core.formats.google import parse_google
from rapport.core.formats.linkedin import parse_linkedin
from rapport.core.formats.vcard import parse_vcard
from rapport.core.matching import Matcher, Person
from rapport.core.network import TouchKind
from rapport.core.schedule import ContactFacts
from rapport.core.search import fold, person_sort_key, search_key, sort_key
from rapport.database import insert_many, insert_returning, raw_rows, stored

if TYPE_CHECKING:
    from rapport.accounts.models import User

PARSERS: dict[str, Callable[[str], ParseResult]] = {
    "linkedin": parse_linkedin,
    "vcard": parse_vcard,
    "google": parse_google,
}
KINDS = {
    "linkedin": "LinkedIn Connections.csv",
    "vcard": "vCard (.vcf)",
    "google": "Google Contacts CSV",
    "rapport": "Rapport archive (JSON)",
}
#: The whole account's file (the Export page's "Everything"): read by ``rapport.archive``.
ARCHIVE = "rapport"
Progress = Callable[[int, int], None]


class Known(NamedTuple):
    """A contact already in the network, as matching and filling in read it: plain values,
    not a model object (building 30,000 of those was most of a re-import's matching)."""

    pk: int
    name: str
    organization_id: int | None
    organization: str
    #: The values of ``FILLED_COLUMNS``, in that order.
    filled: tuple[Any, ...]


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until ``apply_import``."""

    new: list[ContactRecord] = field(default_factory=list)
    merges: list[tuple[ContactRecord, Known]] = field(default_factory=list)
    #: What each of ``merges`` fills in and where it keeps the contact's value, in its order.
    changes: list[MergeChanges] = field(default_factory=list)
    duplicates: list[tuple[ContactRecord, int]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    #: Cells that could not be used, kept in their contact's notes instead.
    unusable: list[tuple[Cell, str]] = field(default_factory=list)
    #: New contacts with the address of someone else (named) in the network or the file:
    #: taken for two people, as their names have no word in common; the preview says so.
    shared_address: list[tuple[ContactRecord, str]] = field(default_factory=list)
    #: New contacts with the name of someone in the network who is taken for another person
    #: (another organization or profile): (the row, their name, where they work). Someone who
    #: changed jobs comes in twice; the preview says so.
    same_name: list[tuple[ContactRecord, str, str]] = field(default_factory=list)
    #: Whether the merges take the file's values where they differ from the contact's
    #: (``MergeChanges.taken``), the contact's own going to its notes; the user chooses.
    use_file_values: bool = False

    def summary(self) -> dict[str, Any]:
        taken = {"updated": self.updated()} if self.use_file_values else {}
        return {
            "created": len(self.new),
            "merged": len(self.merges) + len(self.duplicates),
            "skipped": len(self.skipped),
            "set_aside": len(self.unusable),
            "errors": [],
            # Of "merged": the rows matched to someone you have that fill in nothing.
            "merged_nothing_new": sum(1 for change in self.changes if not self.brings(change)),
        } | taken

    def brings(self, change: MergeChanges) -> bool:
        return bool(change.fills or (self.use_file_values and change.taken))

    def updated(self) -> int:
        """How many merges would take some of the file's values, given the choice to."""
        return sum(1 for change in self.changes if change.taken)


def check_size(size: int) -> None:
    """Refuse a file too large to import, before reading it."""
    if size > settings.IMPORT_MAX_BYTES:
        raise RapportError(
            f"the file is {filesizeformat(size)}; imports are limited to "
            f"{filesizeformat(settings.IMPORT_MAX_BYTES)}"
        )


def display_filename(name: str) -> str:
    """The uploaded file's name as shown back to the user: no folders, no control or
    direction-changing characters, at most 100 characters. It is never used as a path."""
    base = re.split(r"[\\/]", name)[-1]
    shown = "".join(ch for ch in base if unicodedata.category(ch)[0] not in {"C", "Z"} or ch == " ")
    return " ".join(shown.split())[:100] or "upload"


def read_file(kind: str, data: bytes, encoding: str | None = None) -> ParseResult:
    """Parse an uploaded file of ``kind``; raise ImportFailed if it cannot be read. A cell
    that cannot be used (an address that is not one) does not stop it: the record comes
    without it, the value kept in its notes, and ``unusable`` lists it for the preview."""
    if kind not in PARSERS:
        raise RapportError(f"unknown import kind {kind!r}; use one of {', '.join(PARSERS)}")
    check_size(len(data))
    result = PARSERS[kind](decode(data, encoding))
    rows = len(result.records) + len(result.skipped) + len(result.errors)
    if rows > settings.IMPORT_MAX_ROWS:
        raise RapportError(
            f"the file has {rows:,} entries; at most {settings.IMPORT_MAX_ROWS:,} can be "
            "imported at once: split it into smaller files"
        )
    if result.errors:
        raise ImportFailed(sorted(result.errors, key=lambda problem: problem.line))
    records = []
    for record in result.records:
        cells = unusable_cells(record)
        result.unusable += [(cell, record.name) for cell in cells]
        records.append(set_aside(record, cells) if cells else record)
    result.records = records
    return result


#: What the CLI says to a file with cells it cannot use.
KEEP_IN_NOTES = (
    "--keep-in-notes imports the rest of each row, keeping those values in the contacts' notes"
)


def refuse_unusable(parsed: ParseResult) -> None:
    """Raise ImportFailed listing the cells that cannot be used, for a caller that was not
    told to import without them."""
    if parsed.unusable:
        problems = [Problem(cell.line, str(cell).partition(": ")[2]) for cell, _ in parsed.unusable]
        raise ImportFailed(problems, hint=KEEP_IN_NOTES)


#: The single values of a record the contact form would check, by field.
SINGLE = [BY_NAME[name] for name in ("role", "location", "profile_url", "organization")]
#: The values a record may hold several of: each is checked on its own.
SEVERAL = {"emails": BY_NAME["email"], "phones": BY_NAME["phone"], "tags": BY_NAME["tags"]}
#: What one of them is called in a message.
ONE = {"emails": "e-mail", "phones": "phone", "tags": "tag"}


def unusable_cells(record: ContactRecord) -> list[Cell]:
    """What the contact form would refuse in ``record``: the same rules for a file as for
    a person typing."""
    cells = list(record.unusable)
    values = [(BY_NAME["name"], BY_NAME["name"].label, record.name)]
    values += [(spec, spec.label, getattr(record, spec.name)) for spec in SINGLE]
    values += [
        (spec, ONE[name], value)
        for name, spec in SEVERAL.items()
        for value in getattr(record, name)
    ]
    for spec, label, value in values:
        why = problem_with(spec, value) if value else None
        if why:
            cells.append(Cell(record.line, label, value, why))
    return cells


def set_aside(record: ContactRecord, cells: list[Cell]) -> ContactRecord:
    """``record`` without its unusable values, each kept in its notes; a name too long is
    cut instead (a contact needs one), its whole kept in the notes too."""
    bad = {(cell.label, cell.value) for cell in cells}
    changes: dict[str, Any] = {
        spec.name: "" for spec in SINGLE if (spec.label, getattr(record, spec.name)) in bad
    }
    for name in SEVERAL:
        changes[name] = tuple(v for v in getattr(record, name) if (ONE[name], v) not in bad)
    if (BY_NAME["name"].label, record.name) in bad:
        changes["name"] = record.name[: BY_NAME["name"].limit].rstrip()
    notes = "\n".join(filter(None, [record.notes, *(cell.note for cell in cells)]))
    return dataclasses.replace(record, **changes, notes=notes, unusable=())


def plan_import(owner: User, parsed: ParseResult, progress: Progress | None = None) -> ImportPlan:
    """Match every record against the user's contacts and the rows above it in the file."""
    known = known_contacts(owner)
    matcher = Matcher([person_of(contact.pk, contact) for contact in known])
    existing = {contact.pk: contact for contact in known}
    plan = ImportPlan(skipped=list(parsed.skipped), unusable=list(parsed.unusable))
    for number, record in enumerate(parsed.records, 1):
        person = person_of(("new", len(plan.new)), record)
        key = matcher.find(person)
        if isinstance(key, tuple):
            index = key[1]
            plan.duplicates.append((record, plan.new[index].line))
            plan.new[index] = combine(plan.new[index], record)
        elif key is not None:
            plan.merges.append((record, existing[int(str(key))]))
        else:
            if (other := matcher.sharing_address(person)) is not None:
                named = plan.new[other[1]] if isinstance(other, tuple) else existing[int(other)]
                plan.shared_address.append((record, named.name))
            elif existing and isinstance(other := matcher.namesake(person), int):
                # Someone already in the network (learned before the file's rows, so found
                # first): two rows of one export are two connections.
                known_one = existing[other]
                plan.same_name.append((record, known_one.name, known_one.organization))
            matcher.learn(person)
            plan.new.append(record)
        if progress and number % 500 == 0:
            progress(number, len(parsed.records))
    plan.changes = changes_of(owner, plan.merges)
    return plan


def changes_of(owner: User, merges: list[tuple[ContactRecord, Known]]) -> list[MergeChanges]:
    """What each merge would fill in and keep, as ``fill_in_matches`` would write them one
    after the other; the first touches and tags are read only if some merged row has one."""
    if not merges:
        return []
    connected: set[int] = set()
    if any(record.connected_on for record, _ in merges):
        connected = {pk for (pk,) in raw_rows(connected_touches(owner))}
    tags = tags_of(owner) if any(record.tags for record, _ in merges) else {}
    contacts: dict[int, Current] = {}
    changes = []
    for record, known in merges:
        values = filled_values(record)
        if known.pk not in contacts and finds_again(record, values, known, connected):
            changes.append(NOTHING)  # most rows of a file imported again: one comparison
            continue
        if (current := contacts.get(known.pk)) is None:
            current = contacts[known.pk] = Current(
                list(known.filled),
                known.organization if known.organization_id is not None else None,
                tags.get(known.pk, set()),
                known.pk in connected,
            )
        changes.append(
            merge_changes(values, record.organization, record.tags, record.connected_on, current)
        )
    return changes


NOTHING = MergeChanges()
NOTES_AT = FILLED_COLUMNS.index("notes")
read_filled = operator.attrgetter(*FILLED_COLUMNS)


def filled_values(record: ContactRecord) -> tuple[Any, ...]:
    """``imported_values(record)`` as a tuple in the order of ``FILLED_COLUMNS``: the same
    values, read ten times faster for the tens of thousands of rows of a file imported again."""
    values = read_filled(record)
    if len(record.emails) > 1 or len(record.phones) > 1:
        values = (*values[:NOTES_AT], notes_with_extras(record), *values[NOTES_AT + 1 :])
    return tuple(values)


def finds_again(
    record: ContactRecord, values: tuple[Any, ...], known: Known, connected: set[int]
) -> bool:
    """Whether the row holds exactly what the contact has: nothing to fill, nothing kept."""
    return (
        values == known.filled
        and record.organization in ("", known.organization)
        and not record.tags
        and (record.connected_on is None or known.pk in connected)
    )


def tags_of(owner: User) -> dict[int, set[str]]:
    """The tags of each of the user's contacts that has some, as ``tag_key`` reads them."""
    links = Contact.tags.through.objects.filter(contact__owner=owner).order_by()
    tags: dict[int, set[str]] = {}
    for pk, name in raw_rows(links.values_list("contact_id", "tag__name")):
        tags.setdefault(pk, set()).add(tag_key(name))
    return tags


def known_contacts(owner: User) -> list[Known]:
    """The user's contacts, in the order of their list (matching keeps the first of
    namesakes), read as plain rows."""
    rows = Contact.objects.owned_by(owner).values_list(
        "pk", "name", "organization_id", "organization__name", *FILLED_COLUMNS
    )
    return [
        Known(pk, name, org, org_name or "", tuple(rest))
        for pk, name, org, org_name, *rest in raw_rows(rows)
    ]


EMAIL_AT = FILLED_COLUMNS.index("email")
PROFILE_AT = FILLED_COLUMNS.index("profile_url")


def person_of(key: object, item: Known | ContactRecord) -> Person:
    if isinstance(item, Known):
        email = item.filled[EMAIL_AT]
        emails = (email,) if email else ()
        return Person(key, item.name, item.organization, emails, item.filled[PROFILE_AT])
    return Person(key, item.name, item.organization, item.emails, item.profile_url)


def combine(first: ContactRecord, second: ContactRecord) -> ContactRecord:
    """Return ``first`` with the empty fields filled from ``second`` (a duplicate row)."""
    filled = {
        name: getattr(second, name)
        for name in [*SINGLE_IMPORTED, "connected_on"]
        if not getattr(first, name) and getattr(second, name)
    }
    return dataclasses.replace(
        first,
        emails=tuple(dict.fromkeys(first.emails + second.emails)),
        phones=tuple(dict.fromkeys(first.phones + second.phones)),
        tags=tuple(dict.fromkeys(first.tags + second.tags)),
        **filled,
    )


#: The fields of a record with one value (the others, e-mails, phones and tags, may be several).
SINGLE_IMPORTED = [name for name in IMPORTED if name not in {"email", "phone", "tags"}]
#: Every column of the contact's table, as ``insert_returning`` needs them.
CONTACT_COLUMNS = ["owner_id", "created_at", "updated_at", "organization_id", *COLUMNS]
CONTACT_COLUMNS += ["search_text", "sort_name"]
#: What a new contact holds in the fields an import does not fill.
EMPTY = {spec.name: None if spec.kind is Kind.DAYS else "" for spec in FIELDS if spec.column}
EMPTY_ROW = [EMPTY[name] for name in COLUMNS]
#: Where each column an import fills sits in that row (the notes gather more: see below).
FILLED = [(COLUMNS.index(name), name) for name in IMPORTED if name in EMPTY and name != "notes"]
NAME, SOURCE, NOTES = (COLUMNS.index(name) for name in ("name", "source", "notes"))
ORGANIZATION_COLUMNS = [
    "owner_id",
    "created_at",
    "name",
    "website",
    "field",
    "location",
    "dress",
    "notes",
    "research",
    "motivation",
    "sort_name",
]
TOUCH_COLUMNS = [
    "owner_id",
    "created_at",
    "contact_id",
    "kind",
    "happened_at",
    "summary",
    "guard_override",
]


@transaction.atomic
def apply_import(owner: User, plan: ImportPlan, progress: Progress | None = None) -> None:
    """Write the plan: new contacts in bulk, empty fields of matched contacts filled (and,
    if ``plan.use_file_values``, the values where the file differs taken)."""
    # By the name as the file writes it: a few thousand names for tens of thousands of rows.
    written = {r.organization for r in plan.new if r.organization}
    named = organizations_named(owner, written)
    organizations = {name: named[fold(name)] for name in written}
    tags = {fold(tag.name): tag for tag in tags_named(owner, unique_tags(plan))}
    zone = ZoneInfo(owner.time_zone)
    at = {organization.pk for organization in organizations.values()}
    neighbours = contacts_at(owner, at)
    taken = taken_values(plan) if plan.use_file_values else {}
    # Those who were at the organizations the contacts taking the file's leave.
    left = leaving(owner, taken)
    ids = insert_contacts(owner, plan.new, organizations)
    links = [
        Contact.tags.through(contact_id=pk, tag_id=tags[fold(tag)].pk)
        for pk, record in zip(ids, plan.new, strict=True)
        for tag in record.tags
    ]
    Contact.tags.through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    now = stored(clock.now())
    # Noon of each day, as stored: thousands of connections share a few thousand days.
    days = {record.connected_on for record in plan.new if record.connected_on}
    noon = {day: stored(connected_at(day, zone)) for day in days}
    touches = [
        (
            owner.pk,
            now,
            pk,
            TouchKind.CONNECTED.value,
            noon[record.connected_on],
            CONNECTED_SUMMARY,
            "",
        )
        for pk, record in zip(ids, plan.new, strict=True)
        if record.connected_on
    ]
    insert_many(Touch, TOUCH_COLUMNS, touches)
    summarize_first_touches(owner, [(row[2], row[3], row[4]) for row in touches])
    if progress:
        progress(len(plan.new), len(plan.new) + len(plan.merges))
    filled = fill_in_matches(owner, plan.merges, zone, taken)
    # A contact the file only found again changed in nothing the agenda reads; a new one
    # changes what is due for those at its organization.
    new = first_facts(ids, plan.new, organizations, tags, zone)
    due_may_have_changed(owner, None if left is None else [*neighbours, *filled, *left], new)


class Taken(NamedTuple):
    """What one contact takes of the file's values: the changes, and the contact as it was."""

    changes: list[Change]
    known: Known


def taken_values(plan: ImportPlan) -> dict[int, Taken]:
    """By contact, the kept values its merges take: for a field two rows of the file both
    give, the last row's (as the last row's fills would be, were they written in turn)."""
    taken: dict[int, tuple[dict[tuple[str, str], Change], Known]] = {}
    for (_record, known), changes in zip(plan.merges, plan.changes, strict=True):
        for change in changes.taken:
            by_field = taken.setdefault(known.pk, ({}, known))[0]
            by_field[change.field, change.value if change.field in NOTED else ""] = change
    return {pk: Taken(list(by_field.values()), known) for pk, (by_field, known) in taken.items()}


def leaving(owner: User, taken: dict[int, Taken]) -> set[int] | None:
    """The contacts whose due moments read those of the contacts that move to another
    organization, before they move (None: too many to list, the whole account is refreshed)."""
    moving = [
        pk for pk, one in taken.items() if any(c.field == "organization" for c in one.changes)
    ]
    if len(moving) > MANY:
        return None
    return depending_on(owner, moving) if moving else set()


def contacts_at(owner: User, organization_ids: set[int]) -> list[int]:
    """The user's contacts at these organizations."""
    rows = Contact.objects.owned_by(owner).filter(organization__isnull=False).order_by()
    return [
        pk
        for pk, at in raw_rows(rows.values_list("pk", "organization_id"))
        if at in organization_ids
    ]


def first_facts(
    ids: list[int],
    records: list[ContactRecord],
    organizations: dict[str, Named],
    tags: dict[str, Tag],
    zone: ZoneInfo,
) -> list[ContactFacts]:
    """What the schedule knows of the contacts just made: their names, organizations,
    cadences (from their tags) and, at most, their first touch; nothing else is on a new
    contact's timeline (facts_for would read the same)."""
    days = {record.connected_on for record in records if record.connected_on}
    moments = {day: connected_at(day, zone).astimezone(UTC) for day in days}
    facts = []
    for pk, record in zip(ids, records, strict=True):
        organization = organizations.get(record.organization)
        cadences = [every for tag in record.tags if (every := tags[fold(tag)].cadence_days)]
        facts.append(
            ContactFacts(
                contact_id=pk,
                name=record.name,
                organization=organization.name if organization else "",
                cadence_days=min(cadences, default=None),
                last_touch=moments.get(record.connected_on) if record.connected_on else None,
            )
        )
    return facts


def insert_contacts(
    owner: User, records: list[ContactRecord], organizations: dict[str, Named]
) -> list[int]:
    """Insert the new contacts (``organizations`` by the name as the records write it); return
    their ids in the order given."""
    when = stored(clock.now())
    rows = [
        (
            owner.pk,
            when,
            when,
            organization.pk if (organization := organizations.get(r.organization)) else None,
            *contact_values(r),
        )
        for r in records
    ]
    return insert_returning(Contact, CONTACT_COLUMNS, rows)


def contact_values(record: ContactRecord) -> list[Any]:
    """The values of ``CONTACT_COLUMNS`` after the organization, for a new contact."""
    row = EMPTY_ROW.copy()
    for index, name in FILLED:
        row[index] = getattr(record, name)
    notes = row[NOTES] = notes_with_extras(record)
    row[NAME], row[SOURCE] = record.name, record.source
    parts = [record.name, record.organization, record.role, record.email, notes, *record.tags]
    row += [search_key(parts), person_sort_key(record.name)]
    return row


def imported_values(record: ContactRecord) -> dict[str, Any]:
    """The column values an import fills in from ``record`` (the first e-mail and phone; the
    others kept in the notes)."""
    values = {name: getattr(record, name) for name in IMPORTED if BY_NAME[name].column}
    return values | {"notes": notes_with_extras(record)}


def unique_tags(plan: ImportPlan) -> list[str]:
    names = {fold(tag): tag for record, _ in plan.merges for tag in record.tags}
    names |= {fold(tag): tag for record in plan.new for tag in record.tags}
    return list(names.values())


class Named(NamedTuple):
    """An organization as an import needs it: its id and its name."""

    pk: int
    name: str


def organizations_named(owner: User, names: set[str]) -> dict[str, Named]:
    """Return the user's organizations by folded name, creating the new ones in one insert."""
    rows = Organization.objects.owned_by(owner).order_by().values_list("pk", "name")
    known = {fold(name): Named(pk, name) for pk, name in raw_rows(rows)}
    missing = list({fold(name): name for name in names if fold(name) not in known}.values())
    when = stored(clock.now())
    rows = [
        (owner.pk, when, name, "", "", "", "", "", "", None, sort_key(name)) for name in missing
    ]
    ids = insert_returning(Organization, ORGANIZATION_COLUMNS, rows)
    return known | {fold(name): Named(pk, name) for pk, name in zip(ids, missing, strict=True)}


def notes_with_extras(record: ContactRecord) -> str:
    """The record's notes, plus the e-mails and phones beyond the first, so nothing is lost."""
    extras = [
        f"Other {label}: {', '.join(values[1:])}"
        for label, values in [("e-mail addresses", record.emails), ("phones", record.phones)]
        if len(values) > 1
    ]
    return "\n".join(filter(None, [record.notes, *extras]))


CONNECTED_SUMMARY = "Connected on LinkedIn"


def connected_at(day: date, zone: ZoneInfo) -> datetime:
    """Noon, in the user's time zone, of the day a connection was made."""
    return datetime.combine(day, time(12), tzinfo=zone)


def fill_in_matches(
    owner: User,
    merges: list[tuple[ContactRecord, Known]],
    zone: ZoneInfo,
    taken: dict[int, Taken] | None = None,
) -> list[int]:
    """Fill in the matched contacts from their records, then give them the file's values
    ``taken`` (``taken_values``); return the ids of those changed. Only the contacts some
    record changes are read as model objects: a file imported again changes nothing in most."""
    if not merges:
        return []
    taken = taken or {}
    connected = {pk for (pk,) in raw_rows(connected_touches(owner))}
    changing = {
        known.pk
        for record, known in merges
        if changes_anything(record, known, known.pk in connected)
    }
    contacts = Contact.objects.select_related("organization").in_bulk(changing | taken.keys())
    changed = []
    for record, known in merges:
        if known.pk not in changing:
            continue
        has_connected = known.pk in connected
        if fill_in(owner, contacts[known.pk], record, zone, has_connected=has_connected):
            changed.append(known.pk)
        if record.connected_on:  # two rows of one file for one contact: one first touch
            connected.add(known.pk)
    if taken:
        take_all_file_values(owner, contacts, taken, clock.now().astimezone(zone).date())
        changed += [pk for pk in taken if pk not in set(changed)]
    return changed


def take_all_file_values(
    owner: User, contacts: dict[int, Contact], taken: dict[int, Taken], day: date
) -> None:
    """``take_file_values`` for each contact of ``taken``, the organizations found or made
    in one go."""
    names = {c.value for one in taken.values() for c in one.changes if c.field == "organization"}
    named = organizations_named(owner, names) if names else {}
    for pk, one in taken.items():
        take_file_values(owner, contacts[pk], one, named, day)


def take_file_values(
    owner: User, contact: Contact, taken: Taken, named: dict[str, Named], day: date
) -> None:
    """Give the contact the file's values where they differ (``REPLACED``), keeping its own,
    as they were before the import, in its notes with the file's other e-mail or phone."""
    replaced = [change for change in taken.changes if change.field in REPLACED]
    for change in replaced:
        if change.field == "organization":
            found = named[fold(change.value)]
            contact.organization = Organization(pk=found.pk, owner=owner, name=found.name)
        else:
            setattr(contact, change.field, change.value)
    # A value an earlier row of the file filled in was not the contact's: nothing to keep.
    before = [change for change in replaced if value_before(taken.known, change.field)]
    noted = [change for change in taken.changes if change.field in NOTED]
    note = note_of_values_before(day, before, noted)
    contact.notes = "\n".join(filter(None, [contact.notes, note]))
    contact.save(update_fields=[*(change.field for change in replaced), "notes"])
    refresh_search_text(contact)


def value_before(known: Known, name: str) -> Any:
    """The contact's value of ``name`` before the import (as the plan read it)."""
    if name == "organization":
        return known.organization if known.organization_id is not None else ""
    return known.filled[FILLED_COLUMNS.index(name)]


def connected_touches(owner: User) -> Any:
    """The ids of the user's contacts with a first touch (the whole account: a list of
    30,000 ids in an IN (...) costs more than the rows)."""
    return (
        Touch.objects.owned_by(owner)
        .filter(kind=TouchKind.CONNECTED)
        .order_by()
        .values_list("contact_id")
    )


def changes_anything(record: ContactRecord, known: Known, has_connected: bool) -> bool:
    """Whether ``fill_in`` would write anything for ``record`` into the contact as it is."""
    values = imported_values(record)
    return bool(
        any(
            not now and values[name] for name, now in zip(FILLED_COLUMNS, known.filled, strict=True)
        )
        or (record.organization and known.organization_id is None)
        or record.tags
        or (record.connected_on and not has_connected)
    )


def fill_in(
    owner: User, contact: Contact, record: ContactRecord, zone: ZoneInfo, has_connected: bool
) -> bool:
    """Fill the contact's empty fields from ``record``; never overwrite what the user wrote.
    Return whether anything was written (a field, a tag, the first touch)."""
    values = imported_values(record)
    changed = [name for name, value in values.items() if not getattr(contact, name) and value]
    for name in changed:
        setattr(contact, name, values[name])
    if record.organization and contact.organization is None:
        found = organizations_named(owner, {record.organization})[fold(record.organization)]
        contact.organization = Organization(pk=found.pk, owner=owner, name=found.name)
        changed.append("organization")
    if changed:
        contact.save(update_fields=changed)
    if record.tags:
        contact.tags.add(*tags_named(owner, record.tags))
    if record.connected_on and not has_connected:
        Touch.objects.create(
            owner=owner,
            contact=contact,
            kind=TouchKind.CONNECTED,
            happened_at=connected_at(record.connected_on, zone),
            summary=CONNECTED_SUMMARY,
        )
    if changed or record.tags:
        refresh_search_text(contact)
    return bool(changed or record.tags or (record.connected_on and not has_connected))


def import_contacts(
    owner: User,
    kind: str,
    data: bytes,
    *,
    encoding: str | None = None,
    dry_run: bool = False,
    keep_in_notes: bool = False,
    use_file_values: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportPlan, dict[str, Any]]:
    """Parse, plan and (unless ``dry_run``) write an import; return the plan and its summary.
    Cells that cannot be used refuse the file unless ``keep_in_notes`` says to import the
    rest, keeping them in the notes (the web's preview asks; the CLI has a flag).
    ``use_file_values``: merges take the file's values where they differ (``ImportPlan``)."""
    parsed = read_file(kind, data, encoding)
    if not keep_in_notes:
        refuse_unusable(parsed)
    plan = plan_import(owner, parsed, progress)
    plan.use_file_values = use_file_values
    if not dry_run:
        apply_import(owner, plan, progress)
    return plan, plan.summary()


#: Uploaded files waiting for their preview to be confirmed: at most this many a user (each
#: up to RAPPORT_IMPORT_MAX_BYTES, kept in the database), for at most a day.
PENDING_KEEP, PENDING_DAYS = 3, 1
#: Rows of each list the preview shows.
PREVIEW_ROWS = 200


def previewed(
    owner: User, kind: str, data: bytes, encoding: str | None, progress: Progress | None = None
) -> dict[str, Any]:
    """What the preview page shows of a file of ``kind``, planned against the network as it
    is now; raise ImportFailed (or RapportError) for a file that cannot be imported."""
    if kind == ARCHIVE:
        return dict(account_archive().preview(owner, data, progress))
    parsed = read_file(kind, data, encoding)
    return preview_of(plan_import(owner, parsed, progress), PREVIEW_ROWS)


def written(
    owner: User,
    kind: str,
    data: bytes,
    encoding: str | None,
    progress: Progress | None = None,
    *,
    use_file_values: bool = False,
) -> dict[str, Any]:
    """Plan a file of ``kind`` again against the network as it is now and write it, all or
    nothing (taking the file's values where they differ if ``use_file_values``); return its
    counts."""
    if kind == ARCHIVE:
        return dict(account_archive().restore(owner, data, progress))
    plan = plan_import(owner, read_file(kind, data, encoding), progress)
    plan.use_file_values = use_file_values
    apply_import(owner, plan)
    return plan.summary()


def hold_for_preview(
    owner: User, kind: str, encoding: str, filename: str, data: bytes, preview: dict[str, Any]
) -> PendingImport:
    """Keep an upload, with the preview just planned, until it is confirmed or cancelled;
    the user's oldest ones beyond PENDING_KEEP are let go (the files are still on their
    computer)."""
    pending = PendingImport.objects.create(
        owner=owner, kind=kind, encoding=encoding, filename=filename, content=data, preview=preview
    )
    let_go_of_older(owner)
    return pending


def receive(owner: User, kind: str, encoding: str, filename: str, data: bytes) -> PendingImport:
    """Keep an upload for its preview. A small file is read and planned now (raising
    ImportFailed with its problems, as ``read_file`` does); a larger one is queued for the
    worker, and its page shows the progress."""
    if kind not in KINDS:
        raise RapportError(f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}")
    if len(data) <= settings.IMPORT_INLINE_BYTES:
        preview = previewed(owner, kind, data, encoding or None)
        return hold_for_preview(owner, kind, encoding, filename, data, preview)
    pending = PendingImport.objects.create(
        owner=owner,
        kind=kind,
        encoding=encoding,
        filename=filename,
        content=data,
        state=Work.WAITING,
        step=f"Waiting to read {filename}",
    )
    let_go_of_older(owner)
    plan_in_background.enqueue(pending.pk)
    return pending


def let_go_of_older(owner: User) -> None:
    newest = PendingImport.objects.owned_by(owner).order_by("-created_at", "-id")
    keep = list(newest.values_list("id", flat=True)[:PENDING_KEEP])
    PendingImport.objects.owned_by(owner).exclude(id__in=keep).delete()


def in_background(pending: PendingImport) -> bool:
    """Whether confirming ``pending`` is work for the worker rather than for the request."""
    return len(pending.content) > settings.IMPORT_INLINE_BYTES


def confirm(
    owner: User, pending: PendingImport, *, use_file_values: bool = False
) -> dict[str, Any] | None:
    """Write a previewed import, planned again against the network as it is now: at once
    (returning its counts) or, for a large file, by the worker (returning None). With
    ``use_file_values`` the merges take the file's values where they differ."""
    if pending.state != Work.READY:  # being written, or written: its page says which
        return None
    if in_background(pending):
        # Kept with the upload, for the worker and for a try again after a restart.
        ready = PendingImport.objects.owned_by(owner).filter(pk=pending.pk, state=Work.READY)
        ready.update(use_file_values=use_file_values)
        if background.wait_again(PendingImport, pending.pk, owner, "Waiting to write", ready=True):
            write_in_background.enqueue(pending.pk)
        return None
    content, encoding = bytes(pending.content), pending.encoding or None
    summary = written(owner, pending.kind, content, encoding, use_file_values=use_file_values)
    pending.delete()
    return summary


def try_again(owner: User, pending: PendingImport) -> None:
    """Queue once more the step of ``pending`` that stopped (the worker was restarted)."""
    writing = pending.preview is not None
    step = "Waiting to write" if writing else f"Waiting to read {pending.filename}"
    if background.wait_again(PendingImport, pending.pk, owner, step):
        (write_in_background if writing else plan_in_background).enqueue(pending.pk)


FAILURE = "Something went wrong on our side while importing; nothing was written."


@task()
def plan_in_background(pending_id: int) -> None:
    """The worker's part of ``receive``: read and plan a large upload, reporting as it goes."""
    if not background.claim(PendingImport, pending_id, "Reading the file"):
        return
    with background.reporting(PendingImport, pending_id, FAILURE) as report:
        pending = PendingImport.objects.select_related("owner").get(pk=pending_id)
        content, encoding = bytes(pending.content), pending.encoding or None
        if pending.kind == ARCHIVE:
            step = "Checking the archive against your account"
            preview = previewed(pending.owner, ARCHIVE, content, encoding, stepper(report, step))
        else:
            parsed = read_file(pending.kind, content, encoding)
            step = f"Matching {len(parsed.records):,} people against your network"
            report(step, 0, len(parsed.records))
            plan = plan_import(pending.owner, parsed, stepper(report, step))
            preview = preview_of(plan, PREVIEW_ROWS)
        background.finish(PendingImport, pending_id, Work.READY, preview=preview)


def stepper(report: background.Report, step: str) -> Progress:
    return lambda done, total: report(step, done, total)


@task()
def write_in_background(pending_id: int) -> None:
    """The worker's part of ``confirm``: plan again and write, all or nothing."""
    if not background.claim(PendingImport, pending_id, "Reading the file again"):
        return
    with background.reporting(PendingImport, pending_id, FAILURE) as report:
        pending = PendingImport.objects.select_related("owner").get(pk=pending_id)
        content, encoding = bytes(pending.content), pending.encoding or None
        if pending.kind == ARCHIVE:
            step = "Checking the archive against your account as it is now, then writing it"
            outcome = written(pending.owner, ARCHIVE, content, encoding, stepper(report, step))
        else:
            parsed = read_file(pending.kind, content, encoding)
            step = "Matching against your network as it is now"
            plan = plan_import(pending.owner, parsed, stepper(report, step))
            plan.use_file_values = pending.use_file_values
            count = len(plan.new) + len(plan.merges)
            report(f"Writing {count:,} contacts", 0, 0)
            apply_import(pending.owner, plan)
            outcome = plan.summary()
        background.finish(PendingImport, pending_id, Work.DONE, outcome=outcome, content=b"")


def preview_for(owner: User, pending: PendingImport) -> dict[str, Any]:
    """What the preview page shows, planned once: the reloads read it (an upload kept from
    before previews were stored is planned on its first view)."""
    if pending.preview is None:
        content, encoding = bytes(pending.content), pending.encoding or None
        pending.preview = previewed(owner, pending.kind, content, encoding)
        pending.save(update_fields=["preview"])
    return dict(pending.preview)


def forget_stale_imports(now: datetime) -> int:
    """Remove every user's uploads older than PENDING_DAYS; return how many went."""
    stale = PendingImport.objects.filter(created_at__lt=now - timedelta(days=PENDING_DAYS))
    return int(stale.delete()[0])


def shown(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def preview_of(plan: ImportPlan, limit: int) -> dict[str, Any]:
    """What the preview page shows of ``plan``, as plain data to keep with the upload: the
    counts, and the first ``limit`` rows of each list."""
    return {
        "summary": plan.summary(),
        # Of the summary's "merged": the rows that repeat an earlier row of the same file.
        "repeated": len(plan.duplicates),
        "merges": merge_rows(plan, limit),
        # For the choice to use the file's values: how many merges it changes, and what the
        # first that replaces something would keep in the notes.
        "updatable": plan.updated(),
        "values_before": values_before(plan.changes),
        "duplicates": [
            {"line": r.line, "name": r.name, "same_as": line} for r, line in plan.duplicates[:limit]
        ],
        "skipped": [str(problem) for problem in plan.skipped[:limit]],
        "unusable": [
            {"line": c.line, "name": name, "label": c.label, "value": shown(c.value), "why": c.why}
            for c, name in plan.unusable[:limit]
        ],
        "more_unusable": max(len(plan.unusable) - limit, 0),
        "shared_address": [
            {"line": r.line, "name": r.name, "email": r.email, "other": other}
            for r, other in plan.shared_address[:limit]
        ],
        "same_name": [
            {
                "line": r.line,
                "name": r.name,
                "organization": r.organization,
                "other": other,
                "other_organization": at,
            }
            for r, other, at in plan.same_name[:limit]
        ],
        "new": [
            {
                "line": r.line,
                "name": r.name,
                "role": r.role,
                "organization": r.organization,
                "email": r.email,
            }
            for r in plan.new[:limit]
        ],
        "more_new": max(len(plan.new) - limit, 0),
    }


def values_before(changes: list[MergeChanges]) -> list[list[str]]:
    """The fields and values the first merge that would replace some would keep in the
    notes, for the preview's example: [["role", "Data analyst"], …]."""
    for change in changes:
        if replaced := [c for c in change.taken if c.field in REPLACED]:
            return [[c.label, shown(c.yours, 60)] for c in replaced]
    return []


def merge_rows(plan: ImportPlan, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` merges of ``plan`` (all without one) as plain data: the row, the
    contact it merges with, what it fills in ("adds") and where the contact's own value is
    kept ("kept": the file's value, and "yours"). A plan that uses the file's values says
    which of those it takes ("updated", the same keys) and keeps only the rest."""
    rows = []
    for (r, c), changes in zip(plan.merges[:limit], plan.changes[:limit], strict=True):
        taken = changes.taken if plan.use_file_values else ()
        row = {
            "line": r.line,
            "name": r.name,
            "organization": r.organization,
            "contact": c.pk,
            "contact_name": c.name,
            "adds": [change_row(change) for change in changes.fills],
            "kept": [kept_row(change) for change in changes.kept if change not in taken],
        }
        rows.append(row | ({"updated": [kept_row(c) for c in taken]} if taken else {}))
    return rows


def kept_row(change: Change) -> dict[str, str]:
    return change_row(change) | {"yours": shown(change.yours)}


def change_row(change: Change) -> dict[str, str]:
    return {"field": change.field, "label": change.label, "value": shown(change.value)}

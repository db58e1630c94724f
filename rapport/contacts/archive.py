"""Taking the network out: everything as JSON (and back in), contacts as CSV or vCard 4.0."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import vobject
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.dateparse import parse_datetime
from django_tasks import task

from rapport import clock
from rapport.contacts import background
from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    PreparedExport,
    Referral,
    Tag,
    Touch,
    Work,
)
from rapport.contacts.services import refresh_search_text, tags_named
from rapport.core.errors import RapportError
from rapport.core.tabular import csv_text

if TYPE_CHECKING:
    from rapport.accounts.models import User

FORMAT, VERSION = "rapport", 1
PROFILE = ["name", "school", "year", "major", "interests", "phone", "time_zone"]
ORGANIZATION = ["name", "website", "field", "location", "dress", "notes", "research", "motivation"]
CONTACT = [
    "name",
    "email",
    "phone",
    "role",
    "field",
    "location",
    "profile_url",
    "source",
    "how_we_know",
    "notes",
    "cadence_days",
    "research",
]


CSV_COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "organization",
    "role",
    "field",
    "location",
    "profile_url",
    "source",
    "how_we_know",
    "notes",
    "tags",
    "cadence_days",
    "created_at",
]


def export_json(owner: User) -> dict[str, Any]:
    """Return everything the user owns, in a form ``restore_json`` reads back without loss."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": clock.now().isoformat(),
        "profile": {name: getattr(owner, name) for name in PROFILE},
        "organizations": [
            {"id": o.pk, "created_at": o.created_at.isoformat(), **fields(o, ORGANIZATION)}
            for o in Organization.objects.owned_by(owner).order_by("id")
        ],
        "tags": [
            {"name": tag.name, "cadence_days": tag.cadence_days}
            for tag in Tag.objects.owned_by(owner).order_by("id")
        ],
        "contacts": contacts_json(owner),
        "referrals": [
            {
                "referrer": r.referrer_id,
                "referred": r.referred_id,
                "permission": r.permission,
                "note": r.note,
                "created_at": r.created_at.isoformat(),
            }
            for r in Referral.objects.owned_by(owner).order_by("id")
        ],
    }


def contacts_json(owner: User) -> list[dict[str, Any]]:
    """The contacts with their commonalities and timelines, in six queries however many
    there are: model objects for 100,000 contacts and their touches take minutes."""
    commonalities = grouped(
        Commonality.objects.owned_by(owner).order_by("id"),
        ["kind", "detail", "strength", "created_at"],
    )
    touches = grouped(
        Touch.objects.owned_by(owner).order_by("id"),
        ["kind", "happened_at", "summary", "guard_override", "created_at"],
    )
    return [
        {
            "id": row["id"],
            "organization": row["organization_id"],
            "created_at": row["created_at"].isoformat(),
            **{name: row[name] for name in CONTACT},
            "tags": sorted(row["tags"]),
            "commonalities": commonalities.get(row["id"], []),
            "touches": touches.get(row["id"], []),
        }
        for row in contact_rows(owner, "id")
    ]


def grouped(queryset: Any, names: list[str]) -> dict[int, list[dict[str, Any]]]:
    """The rows of ``queryset`` as plain values by contact, times in ISO form."""
    by_contact: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for contact_id, *values in queryset.values_list("contact_id", *names):
        item = dict(zip(names, values, strict=True))
        for name in ("happened_at", "created_at"):
            if name in item:
                item[name] = item[name].isoformat()
        by_contact[contact_id].append(item)
    return by_contact


def contact_rows(owner: User, *order: str) -> list[dict[str, Any]]:
    """Every contact of ``owner`` as plain values with its organization's name and its tags,
    in two queries (in the contact list's order unless ``order`` says otherwise)."""
    tags: dict[int, list[str]] = defaultdict(list)
    links = Contact.tags.through.objects.filter(contact__owner=owner)
    links = links.order_by(Lower("tag__name"))  # as the tags are listed everywhere else
    for contact_id, name in links.values_list("contact_id", "tag__name"):
        tags[contact_id].append(name)
    rows = Contact.objects.owned_by(owner).values(
        "id", "created_at", "organization_id", "organization__name", *CONTACT
    )
    ordered = rows.order_by(*order) if order else rows  # order_by() alone would drop the order
    return [row | {"tags": tags.get(row["id"], [])} for row in ordered]


def fields(item: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}


@transaction.atomic
def restore_json(owner: User, archive: Any) -> dict[str, Any]:
    """Recreate an exported network in an empty account; all or nothing."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise RapportError('this is not a Rapport export (no "format": "rapport")')
    if archive.get("version") != VERSION:
        raise RapportError(
            f"export version {archive.get('version')!r} is not one this Rapport reads"
        )
    if Contact.objects.owned_by(owner).exists() or Organization.objects.owned_by(owner).exists():
        raise RapportError("a Rapport export restores only into an account with no contacts")
    restore_profile(owner, archive.get("profile") or {})
    for n, item in enumerate(archive.get("tags", [])):
        build(Tag(owner=owner), item, ["name", "cadence_days"], f"tags[{n}]")
    organizations = {
        item["id"]: build(Organization(owner=owner), item, ORGANIZATION, f"organizations[{n}]")
        for n, item in enumerate(archive.get("organizations", []))
    }
    contacts = {}
    for n, item in enumerate(archive.get("contacts", [])):
        where = f"contacts[{n}]"
        contact = Contact(owner=owner, organization=organizations.get(item.get("organization")))
        contacts[item["id"]] = build(contact, item, CONTACT, where)
        contact.tags.set(tags_named(owner, item.get("tags", [])))
        restore_children(owner, contact, item, where)
        refresh_search_text(contact)
    for n, item in enumerate(archive.get("referrals", [])):
        referral = Referral(
            owner=owner,
            referrer=contacts.get(item.get("referrer")),
            referred=contacts.get(item.get("referred")),
        )
        build(referral, item, ["permission", "note"], f"referrals[{n}]")
    return {"created": len(contacts), "merged": 0, "skipped": 0, "errors": []}


def restore_profile(owner: User, profile: dict[str, Any]) -> None:
    """Fill the empty parts of the account's profile; never its name or what it already has."""
    changed = [
        name
        for name in PROFILE
        if name not in ("name", "time_zone") and not getattr(owner, name) and profile.get(name)
    ]
    for name in changed:
        setattr(owner, name, str(profile[name]))
    if changed:
        owner.save(update_fields=changed)


def restore_children(owner: User, contact: Contact, item: dict[str, Any], where: str) -> None:
    for n, child in enumerate(item.get("commonalities", [])):
        commonality = Commonality(owner=owner, contact=contact)
        build(commonality, child, ["kind", "detail", "strength"], f"{where}.commonalities[{n}]")
    for n, child in enumerate(item.get("touches", [])):
        touch = Touch(owner=owner, contact=contact, happened_at=when(child, "happened_at"))
        build(touch, child, ["kind", "summary", "guard_override"], f"{where}.touches[{n}]")


def when(item: dict[str, Any], key: str) -> Any:
    value = parse_datetime(str(item.get(key) or ""))
    return value or clock.now()


def build(instance: Any, item: Any, names: list[str], where: str) -> Any:
    """Fill ``instance`` from ``item``, check it as a form would, and save it."""
    if not isinstance(item, dict):
        raise RapportError(f"{where}: expected an object")
    for name in names:
        if name in item:
            setattr(instance, name, item[name])
    instance.created_at = when(item, "created_at")
    try:
        instance.full_clean(exclude=["owner"])
    except ValidationError as error:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise RapportError(f"{where}: {problems}") from None
    instance.save()
    return instance


def export_csv(owner: User) -> str:
    """Return the contacts as CSV that is safe to open in a spreadsheet."""
    return csv_of([record_of(row) for row in contact_rows(owner)])


def record_of(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``contact_rows`` in the shape of ``contact_record``."""
    return {
        **{name: row[name] for name in CONTACT},
        "id": row["id"],
        "organization": row["organization__name"] or "",
        "tags": row["tags"],
        "created_at": row["created_at"].isoformat(),
    }


def csv_of(records: list[dict[str, Any]]) -> str:
    """Return contact records as CSV; cells a spreadsheet would run as formulas are neutralized."""
    rows = [CSV_COLUMNS]
    for record in records:
        cells = {**record, "tags": ", ".join(record["tags"])}
        rows.append(["" if cells[c] is None else str(cells[c]) for c in CSV_COLUMNS])
    return csv_text(rows)


def export_vcard(owner: User) -> str:
    """Return the contacts as vCard 4.0 cards (RFC 6350)."""
    return "".join(vcards(owner))


def vcards(owner: User) -> Iterator[str]:
    """The contacts' cards one by one, for a download that starts at once: vobject writes
    some 1,500 cards a second, so 100,000 take a minute."""
    return (vcard_of(row) for row in contact_rows(owner))


#: The downloads: their media type and file name (``{date}`` is the day of the export).
DOWNLOADS = {
    "json": ("application/json", "rapport-{date}.json"),
    "csv": ("text/csv", "contacts-{date}.csv"),
    "vcard": ("text/vcard", "contacts-{date}.vcf"),
}
#: Exports made by the worker are kept this long, and at most this many a user.
PREPARED_DAYS, PREPARED_KEEP = 1, 3
FAILURE = "Something went wrong on our side while making this file; try again."


def export_text(owner: User, file_format: str, report: Any = None) -> Iterator[str]:
    """The export ``file_format`` in pieces; ``report(step, done, total)`` hears how far."""
    if file_format == "json":
        yield json.dumps(export_json(owner), indent=2, ensure_ascii=False)
    elif file_format == "csv":
        yield export_csv(owner)
    else:
        rows = contact_rows(owner)
        for number, row in enumerate(rows, 1):
            yield vcard_of(row)
            if report and number % 500 == 0:
                report("Writing the cards", number, len(rows))


def in_background(owner: User) -> bool:
    """Whether ``owner``'s exports are too large to make within a request."""
    return bool(Contact.objects.owned_by(owner).count() > settings.EXPORT_INLINE_CONTACTS)


def prepare(owner: User, file_format: str) -> PreparedExport:
    """Queue the export ``file_format`` for the worker; its page shows how far it is."""
    filename = DOWNLOADS[file_format][1].format(date=clock.local_now().date().isoformat())
    export = PreparedExport.objects.create(
        owner=owner, file_format=file_format, filename=filename, state=Work.WAITING
    )
    newest = PreparedExport.objects.owned_by(owner).order_by("-created_at", "-id")
    keep = list(newest.values_list("id", flat=True)[:PREPARED_KEEP])
    PreparedExport.objects.owned_by(owner).exclude(id__in=keep).delete()
    prepare_in_background.enqueue(export.pk)
    return export


@task()
def prepare_in_background(export_id: int) -> None:
    """The worker's part of ``prepare``: make the file and keep it for its download."""
    if not background.claim(PreparedExport, export_id, "Reading your network"):
        return
    with background.reporting(PreparedExport, export_id, FAILURE) as report:
        export = PreparedExport.objects.select_related("owner").get(pk=export_id)
        text = "".join(export_text(export.owner, export.file_format, report))
        background.finish(PreparedExport, export_id, Work.READY, content=text.encode())


def forget_stale_exports(now: datetime) -> int:
    """Remove every user's prepared exports older than PREPARED_DAYS; return how many went."""
    stale = PreparedExport.objects.filter(created_at__lt=now - timedelta(days=PREPARED_DAYS))
    return int(stale.delete()[0])


def vcard_of(row: dict[str, Any]) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = row["name"]
    given, _, family = row["name"].rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    optional = {
        "email": row["email"],
        "tel": row["phone"],
        "title": row["role"],
        "note": row["notes"],
        "url": row["profile_url"],
    }
    for key, value in optional.items():
        if value:
            card.add(key).value = value
    if row["organization__name"]:
        card.add("org").value = [row["organization__name"]]
    if row["tags"]:
        card.add("categories").value = row["tags"]
    serialized: str = card.serialize()
    return serialized

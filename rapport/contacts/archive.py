"""Taking the network out: everything as JSON (and back in), contacts as CSV or vCard 4.0."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import vobject
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime

from rapport import clock
from rapport.contacts.models import Commonality, Contact, Organization, Referral, Tag, Touch
from rapport.contacts.services import contact_record, refresh_search_text, tags_named
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
    # Ordered in the prefetch itself: an order_by on the related manager would query again,
    # twice a contact (three minutes at 100,000 contacts).
    contacts = Contact.objects.owned_by(owner).prefetch_related(
        "tags",
        Prefetch("commonalities", queryset=Commonality.objects.order_by("id")),
        Prefetch("touches", queryset=Touch.objects.order_by("id")),
    )
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
        "contacts": [contact_json(contact) for contact in contacts.order_by("id")],
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


def fields(item: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}


def contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "organization": contact.organization_id,
        "created_at": contact.created_at.isoformat(),
        **fields(contact, CONTACT),
        "tags": sorted(tag.name for tag in contact.tags.all()),
        "commonalities": [
            {
                "kind": c.kind,
                "detail": c.detail,
                "strength": c.strength,
                "created_at": c.created_at.isoformat(),
            }
            for c in contact.commonalities.all()
        ],
        "touches": [
            {
                "kind": t.kind,
                "happened_at": t.happened_at.isoformat(),
                "summary": t.summary,
                "guard_override": t.guard_override,
                "created_at": t.created_at.isoformat(),
            }
            for t in contact.touches.all()
        ],
    }


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
    return csv_of([contact_record(contact) for contact in contacts_of(owner)])


def csv_of(records: list[dict[str, Any]]) -> str:
    """Return contact records as CSV; cells a spreadsheet would run as formulas are neutralized."""
    rows = [CSV_COLUMNS]
    for record in records:
        cells = {**record, "tags": ", ".join(record["tags"])}
        rows.append(["" if cells[c] is None else str(cells[c]) for c in CSV_COLUMNS])
    return csv_text(rows)


def contacts_of(owner: User) -> Any:
    return Contact.objects.owned_by(owner).select_related("organization").prefetch_related("tags")


def export_vcard(owner: User) -> str:
    """Return the contacts as vCard 4.0 cards (RFC 6350)."""
    return "".join(vcard_of(contact) for contact in contacts_of(owner))


def vcard_of(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    optional = {
        "email": contact.email,
        "tel": contact.phone,
        "title": contact.role,
        "note": contact.notes,
        "url": contact.profile_url,
    }
    for key, value in optional.items():
        if value:
            card.add(key).value = value
    if contact.organization:
        card.add("org").value = [contact.organization.name]
    tags = [tag.name for tag in contact.tags.all()]
    if tags:
        card.add("categories").value = tags
    serialized: str = card.serialize()
    return serialized

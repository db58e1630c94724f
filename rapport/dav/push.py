"""Push the contacts, meetings and deadlines to the student's CardDAV address book and
CalDAV calendar: one way, by ETag.

Each card or event has a stable UID and address, so a push replaces rather than adds; a
digest of what was sent (without its DTSTAMP) lets a re-run send nothing; a card or event
edited on the phone since the last push is not overwritten (the server answers 412 to our
If-Match) but reported; one gone from Rapport is deleted there, unless it was edited."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.utils.crypto import salted_hmac
from icalendar import Calendar

from rapport.agenda import due
from rapport.agenda.services import item_uid
from rapport.contacts.archive import contact_rows, vcard_of
from rapport.core import calendar
from rapport.core.errors import RapportError
from rapport.credentials import unseal
from rapport.dav.models import DavAccount, DavItem
from rapport.meetings.models import Meeting
from rapport.meetings.overview import appointments

if TYPE_CHECKING:
    from rapport.accounts.models import User

TIMEOUT = 20
STAMP = re.compile(rb"^DTSTAMP[;:].*\r?\n", re.MULTILINE)
MEDIA = {DavItem.CARD: "text/vcard; charset=utf-8", DavItem.EVENT: "text/calendar; charset=utf-8"}


@dataclass
class Pushed:
    """What a push did, for `rapport dav push --json`."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Wanted:
    """A card or event as Rapport has it now."""

    key: str
    label: str
    name: str  # its file name in the collection
    body: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(STAMP.sub(b"", self.body)).hexdigest()


def card_uid(owner: User, contact_id: int) -> str:
    key = f"{owner.pk}:contact:{contact_id}"
    return salted_hmac("rapport.dav.card-uid", key, algorithm="sha256").hexdigest()[:32]


def cards(owner: User) -> Iterator[Wanted]:
    for row in contact_rows(owner):
        uid = card_uid(owner, row["id"])
        body = vcard_of(row, uid=f"{uid}@rapport").encode()
        yield Wanted(f"contact:{row['id']}", row["name"], f"{uid}.vcf", body)


def events(owner: User, now: datetime) -> Iterator[Wanted]:
    """Each meeting, and each thank-you, 3B7 step and keep-in-touch date, as one event with
    its reminder (a CalDAV resource holds one)."""
    zone = ZoneInfo(owner.time_zone)
    for appointment in appointments(owner, now, settings.BASE_URL):
        entry = calendar.meeting_event(appointment, now, zone)
        yield _event(f"meeting:{appointment.uid}", appointment.summary, entry)
    for item in due.stored_items(owner, now):
        uid = item_uid(owner, item)
        entry = calendar.event(item, now, zone, uid, settings.BASE_URL)
        yield _event(f"due:{uid}", f"{item.action}: {item.name}", entry)


def _event(key: str, label: str, entry: Any) -> Wanted:
    wrapper = Calendar()
    wrapper.add("prodid", "-//Rapport//Informational interviews//EN")
    wrapper.add("version", "2.0")
    wrapper.add_component(entry)
    wrapper.add_missing_timezones()
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    return Wanted(key, label, f"{name}.ics", wrapper.to_ical())


def push(owner: User, now: datetime) -> Pushed:
    """Bring the address book and the calendar up to date with Rapport."""
    account = DavAccount.objects.owned_by(owner).first()
    if account is None:
        raise RapportError("no address book or calendar is connected: rapport dav connect")
    session = requests.Session()
    session.auth = (account.username, unseal(account.sealed_password))
    result = Pushed()
    if account.addressbook_url:
        _sync(owner, session, DavItem.CARD, account.addressbook_url, cards(owner), result)
    if account.calendar_url:
        _sync(owner, session, DavItem.EVENT, account.calendar_url, events(owner, now), result)
    account.last_push_at = now
    account.save(update_fields=["last_push_at"])
    return result


def _sync(
    owner: User,
    session: requests.Session,
    collection: str,
    base: str,
    wanted: Iterator[Wanted],
    result: Pushed,
) -> None:
    pushed = {
        item.key: item for item in DavItem.objects.owned_by(owner).filter(collection=collection)
    }
    base = base if base.endswith("/") else f"{base}/"
    for one in wanted:
        item = pushed.pop(one.key, None)
        if item is not None and item.digest == one.digest:
            result.unchanged += 1
            continue
        _put(owner, session, collection, base, one, item, result)
    for item in pushed.values():
        if item.key.startswith("meeting:") and _still_a_meeting(owner, item.key):
            continue  # an older meeting, out of the calendar's window: left as it was
        _delete(session, item, result)


def _put(
    owner: User,
    session: requests.Session,
    collection: str,
    base: str,
    one: Wanted,
    item: DavItem | None,
    result: Pushed,
) -> None:
    href = item.href if item else base + one.name
    condition = {"If-Match": item.etag} if item else {"If-None-Match": "*"}
    answer = _ask(
        session,
        "PUT",
        href,
        data=one.body,
        headers={"Content-Type": MEDIA[collection], **condition},
    )
    if answer.status_code == 412:
        where = "edited there since the last push" if item else "already there, not from this push"
        result.conflicts.append(f"{one.label}: {where}; not overwritten")
        return
    if answer.status_code not in (200, 201, 204):
        result.errors.append(f"{one.label}: the server answered {answer.status_code}")
        return
    # A server may leave the ETag out of its answer to a PUT; a HEAD gives it.
    etag = answer.headers.get("ETag") or _ask(session, "HEAD", href).headers.get("ETag", "")
    DavItem.objects.update_or_create(
        owner=owner,
        collection=collection,
        key=one.key,
        defaults={"label": one.label[:300], "href": href, "etag": etag, "digest": one.digest},
    )
    if item:
        result.updated += 1
    else:
        result.created += 1


def _ask(session: requests.Session, method: str, href: str, **options: Any) -> requests.Response:
    """One request; a server that cannot be reached, or that refuses the saved password,
    stops the push with one clear line (what was done so far is recorded, item by item)."""
    try:
        answer = session.request(method, href, timeout=TIMEOUT, **options)
    except requests.RequestException as error:
        raise RapportError(
            f"the server at {href} cannot be reached ({error.__class__.__name__}); what was "
            "pushed so far is kept, run 'rapport dav push' again"
        ) from None
    if answer.status_code in (401, 403):
        raise RapportError(
            "the address book or calendar refused the saved user name and password; "
            "connect again with 'rapport dav connect'"
        )
    return answer


def _delete(session: requests.Session, item: DavItem, result: Pushed) -> None:
    answer = _ask(session, "DELETE", item.href, headers={"If-Match": item.etag})
    if answer.status_code == 412:
        result.conflicts.append(f"{item.label}: gone from Rapport but edited there; kept")
        return
    if answer.status_code not in (200, 204, 404):
        result.errors.append(f"{item.label}: the server answered {answer.status_code}")
        return
    item.delete()
    result.deleted += 1


def _still_a_meeting(owner: User, key: str) -> bool:
    uid = key.removeprefix("meeting:").removesuffix("@rapport")
    meetings = Meeting.objects.owned_by(owner).filter(uid=uid)
    return meetings.exclude(status=Meeting.CANCELLED).exists()

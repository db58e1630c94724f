"""The agenda's use cases: read each contact's timeline into facts, and clear items."""

from __future__ import annotations

import base64
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.utils.crypto import constant_time_compare, salted_hmac

from rapport.agenda.models import FeedToken, Snooze, new_token
from rapport.contacts.models import Contact, Referral, Touch
from rapport.contacts.services import ensure_owner, log_touch
from rapport.core import calendar, schedule
from rapport.core.errors import RapportError
from rapport.core.network import TouchKind
from rapport.database import moment_of, raw_rows
from rapport.meetings import overview
from rapport.meetings.models import Suggestion

if TYPE_CHECKING:
    from rapport.accounts.models import User

CONVERSATION = [TouchKind.REPLY_RECEIVED, TouchKind.CALL, TouchKind.MEETING]


FACT_COLUMNS = [
    "last_touch",
    "last_meeting",
    "last_thank_you",
    "last_conversation",
    "last_email",
    "last_talk",
]


def facts_for(owner: User) -> list[schedule.ContactFacts]:
    """The timeline facts of every contact with at least one touch, in a handful of queries."""
    summary = (
        Touch.objects.owned_by(owner)
        .order_by()
        .values("contact_id")
        .annotate(
            last_touch=Max("happened_at"),
            last_meeting=Max("happened_at", filter=Q(kind=TouchKind.MEETING)),
            last_thank_you=Max("happened_at", filter=Q(kind=TouchKind.THANK_YOU)),
            last_conversation=Max("happened_at", filter=Q(kind__in=CONVERSATION)),
            last_email=Max("happened_at", filter=Q(kind=TouchKind.EMAIL_SENT)),
            # A reply is an answer, not yet a talk: a report back waits for a call or meeting.
            last_talk=Max("happened_at", filter=Q(kind__in=[TouchKind.CALL, TouchKind.MEETING])),
        )
        .values_list("contact_id", *FACT_COLUMNS)
    )
    rows = {
        row[0]: dict(zip(FACT_COLUMNS, map(moment_of, row[1:]), strict=True))
        for row in raw_rows(summary)
    }
    open_suggestions = suggestions_by_contact(owner)
    talks = referred_talks(owner, rows)
    # Every contact, read once: a list of 10,000 ids in an IN (...) costs more than the rows.
    everyone = Contact.objects.owned_by(owner).values_list(
        "pk", "name", "cadence_days", "organization_id", "organization__name"
    )
    wanted = rows.keys() | open_suggestions.keys() | talks.keys()
    contacts, untouched = [], Counter[int]()
    for pk, name, cadence, organization_id, organization in everyone:
        if pk in wanted:
            contacts.append(
                {
                    "pk": pk,
                    "name": name,
                    "cadence_days": cadence,
                    "organization_id": organization_id,
                    "organization__name": organization,
                }
            )
        if pk not in rows and organization_id is not None:
            untouched[organization_id] += 1  # never written to or spoken with
    emails = open_asks(owner, rows)
    by_tag = tag_cadences(owner)
    asking = Counter(c["organization_id"] for c in contacts if c["pk"] in emails)
    snoozes = snoozed(owner)
    return [
        schedule.ContactFacts(
            contact_id=c["pk"],
            name=c["name"],
            organization=c["organization__name"] or "",
            cadence_days=c["cadence_days"] or by_tag.get(c["pk"]),
            last_touch=rows.get(c["pk"], {}).get("last_touch"),
            last_meeting=rows.get(c["pk"], {}).get("last_meeting"),
            last_thank_you=rows.get(c["pk"], {}).get("last_thank_you"),
            last_conversation=rows.get(c["pk"], {}).get("last_conversation"),
            emails_since_conversation=tuple(emails.get(c["pk"], [])),
            # Never two open asks at one organization.
            others_at_organization=untouched[c["organization_id"]]
            if asking[c["organization_id"]] == 1
            else 0,
            snoozed=snoozes.get(c["pk"], {}),
            suggestions=tuple(open_suggestions.get(c["pk"], [])),
            referred_talks=tuple(talks.get(c["pk"], [])),
        )
        for c in contacts
    ]


def suggestions_by_contact(owner: User) -> dict[int, list[tuple[str, datetime]]]:
    """Open suggestions with a due date, at 09:00 in the user's zone on that day."""
    zone = ZoneInfo(owner.time_zone)
    found: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    open_ones = Suggestion.objects.owned_by(owner).filter(status=Suggestion.OPEN, due__isnull=False)
    for pk, text, due in open_ones.values_list("contact_id", "text", "due"):
        found[pk].append((text, datetime.combine(due, time(9), tzinfo=zone)))
    return found


def referred_talks(
    owner: User, rows: dict[int, dict[str, Any]]
) -> dict[int, list[tuple[str, datetime]]]:
    """For each referrer: the people they referred whom the user has since talked with."""
    talks: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    referrals = Referral.objects.owned_by(owner).values_list(
        "referrer_id", "referred_id", "referred__name"
    )
    for referrer, referred, name in referrals:
        talked = rows.get(referred, {}).get("last_talk")
        if talked:
            talks[referrer].append((name, talked))
    return talks


def tag_cadences(owner: User) -> dict[int, int]:
    """The shortest keep-in-touch cadence among each contact's tags, where a tag sets one."""
    links = Contact.tags.through.objects.filter(tag__owner=owner, tag__cadence_days__isnull=False)
    shortest: dict[int, int] = {}
    for pk, days in links.values_list("contact_id", "tag__cadence_days"):
        shortest[pk] = min(days, shortest.get(pk, days))
    return shortest


def open_asks(owner: User, rows: dict[int, dict[str, Any]]) -> dict[int, list[datetime]]:
    """For each contact with an unanswered e-mail: the e-mails sent since their last answer."""
    waiting = {
        pk
        for pk, row in rows.items()
        if row["last_email"]
        and (not row["last_conversation"] or row["last_email"] > row["last_conversation"])
    }
    emails: dict[int, list[datetime]] = defaultdict(list)
    sent = Touch.objects.owned_by(owner).filter(kind=TouchKind.EMAIL_SENT)
    for pk, raw in raw_rows(sent.order_by("happened_at").values_list("contact_id", "happened_at")):
        if pk not in waiting:
            continue
        when, answered = moment_of(raw), rows[pk]["last_conversation"]
        if answered is None or when > answered:
            emails[pk].append(when)
    return emails


def snoozed(owner: User) -> dict[int, dict[str, datetime]]:
    found: dict[int, dict[str, datetime]] = defaultdict(dict)
    for snooze in Snooze.objects.owned_by(owner):
        found[snooze.contact_id][snooze.kind] = snooze.until
    return found


def agenda_for(owner: User, now: datetime) -> schedule.Agenda:
    return schedule.agenda(facts_for(owner), ZoneInfo(owner.time_zone), now)


def losing_touch_for(owner: User, now: datetime) -> list[schedule.Item]:
    return schedule.losing_touch(facts_for(owner), ZoneInfo(owner.time_zone), now)


def home_for(owner: User, now: datetime) -> tuple[schedule.Agenda, list[schedule.Item]]:
    """The agenda and the losing-touch list, from one reading of the timeline."""
    return schedule.home(facts_for(owner), ZoneInfo(owner.time_zone), now)


def snooze(owner: User, contact: Contact, kind: str, now: datetime, days: int = 7) -> Snooze:
    """Put an item off for ``days``; a thank-you cannot wait."""
    ensure_owner(owner, contact)
    if kind == schedule.Due.THANK_YOU:
        raise RapportError("a thank-you cannot wait a week: it is due within 12 hours")
    if kind not in {due.value for due in schedule.SNOOZABLE}:
        raise RapportError(f"nothing called {kind!r} can be snoozed")
    item, _ = Snooze.objects.update_or_create(
        owner=owner, contact=contact, kind=kind, defaults={"until": now + timedelta(days=days)}
    )
    return item


def unsnooze(owner: User, contact: Contact, kind: str) -> None:
    """Bring a snoozed item back (the Undo of ``snooze``): as if it had never been put off."""
    ensure_owner(owner, contact)
    Snooze.objects.owned_by(owner).filter(contact=contact, kind=kind).delete()


def clear(owner: User, contact: Contact, action: str, now: datetime) -> Touch:
    """The one step that clears an item: a reply came, the thank-you went, you were in touch."""
    kinds = {
        "reply": TouchKind.REPLY_RECEIVED,
        "thank-you": TouchKind.THANK_YOU,
        "touch": TouchKind.NOTE,
        "call": TouchKind.CALL,
    }
    if action not in kinds:
        raise RapportError(f"unknown action {action!r}")
    return log_touch(owner, contact, kinds[action], now, "Logged from the agenda")


def feed_token(owner: User) -> str:
    """The user's calendar feed token, made on first use."""
    token, _ = FeedToken.objects.get_or_create(owner=owner)
    return signed(token.token)


def regenerate_feed_token(owner: User) -> str:
    """A new token; the old address stops working at once."""
    token, _ = FeedToken.objects.update_or_create(owner=owner, defaults={"token": new_token()})
    return signed(token.token)


def signed(stored: str) -> str:
    """The token in the feed's address: the stored random part and its HMAC under the site's
    secret. A copy of the database alone opens no feed (calendar services keep the address,
    so it must stay good; changing RAPPORT_SECRET_KEY retires every feed address)."""
    mac = salted_hmac("rapport.agenda.feed", stored, algorithm="sha256").digest()
    return f"{stored}.{base64.urlsafe_b64encode(mac[:16]).decode().rstrip('=')}"


def calendar_for_token(token: str, now: datetime, link: str = "") -> bytes | None:
    """The feed for whoever owns ``token``, or None when no one does: the meetings, and what
    is due. ``link`` is the site's address, for links back to it."""
    stored = token.rpartition(".")[0]
    found = FeedToken.objects.filter(token=stored).select_related("owner").first()
    if found is None or not constant_time_compare(signed(found.token), token):
        return None
    owner = found.owner
    zone = ZoneInfo(owner.time_zone)
    items = [item for facts in facts_for(owner) for item in schedule.items_for(facts, zone, now)]
    return calendar.feed(
        items,
        overview.appointments(owner, now, link),
        name=f"Rapport: {owner.name}",
        now=now,
        zone=zone,
        uid=lambda item: item_uid(owner, item),
        link=link,
    )


def item_uid(owner: User, item: schedule.Item) -> str:
    """The feed's name for an item: the same at every reading, so a calendar replaces the
    event, and unlike any other user's or install's (it is keyed by the site's secret)."""
    key = f"{owner.pk}:{item.kind.value}:{item.contact_id}"
    digest = salted_hmac("rapport.agenda.feed-uid", key, algorithm="sha256").hexdigest()
    return f"{digest[:32]}@rapport"

"""The agenda's use cases: what is due (stored by ``rapport.agenda.due``), and clearing it."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from rapport.agenda import due
from rapport.agenda.models import FeedToken, Snooze, new_token
from rapport.contacts.models import Contact, Touch
from rapport.contacts.services import ensure_owner, log_touch
from rapport.core import calendar, schedule
from rapport.core.errors import RapportError
from rapport.core.network import TouchKind
from rapport.meetings import overview

if TYPE_CHECKING:
    from rapport.accounts.models import User


def agenda_for(owner: User, now: datetime) -> schedule.Agenda:
    """What is overdue, due today and this week, read from the stored due moments."""
    return schedule.agenda_of(due.in_agenda(owner, now), ZoneInfo(owner.time_zone), now)


def losing_touch_for(owner: User, now: datetime) -> list[schedule.Item]:
    return schedule.losing_touch_of(due.in_agenda(owner, now))


def home_for(owner: User, now: datetime) -> tuple[schedule.Agenda, list[schedule.Item]]:
    """The agenda and the losing-touch list, from one reading of the stored due moments."""
    items = due.in_agenda(owner, now)
    return schedule.agenda_of(items, ZoneInfo(owner.time_zone), now), schedule.losing_touch_of(
        items
    )


#: The home page's groups.
GROUPS = ("overdue", "today", "upcoming", "losing_touch")


def home_page(owner: User, now: datetime, shown: Mapping[str, int]) -> due.Home:
    """The home page's groups (``GROUPS``), each the first ``shown[group]`` with its count,
    from the index."""
    return due.home(owner, now, shown)


def snooze(
    owner: User,
    contact: Contact,
    kind: str,
    now: datetime,
    days: int = 7,
    until: datetime | None = None,
) -> Snooze:
    """Put an item off for ``days``, or ``until`` a moment; a thank-you cannot wait."""
    ensure_owner(owner, contact)
    if kind == schedule.Due.THANK_YOU:
        raise RapportError("a thank-you cannot wait a week: it is due within 12 hours")
    if kind not in {due.value for due in schedule.SNOOZABLE}:
        raise RapportError(f"nothing called {kind!r} can be snoozed")
    with transaction.atomic():
        item, _ = Snooze.objects.update_or_create(
            owner=owner,
            contact=contact,
            kind=kind,
            defaults={"until": until or now + timedelta(days=days)},
        )
        due.refresh_due(owner, [contact.pk])
    return item


def unsnooze(owner: User, contact: Contact, kind: str) -> None:
    """Bring a snoozed item back (the Undo of ``snooze``): as if it had never been put off."""
    ensure_owner(owner, contact)
    with transaction.atomic():
        Snooze.objects.owned_by(owner).filter(contact=contact, kind=kind).delete()
        due.refresh_due(owner, [contact.pk])


def clear(owner: User, contact: Contact, action: str, now: datetime) -> Touch:
    """The one step that clears an item: a reply came, the thank-you went, you wrote to them,
    you were in touch."""
    kinds = {
        "reply": TouchKind.REPLY_RECEIVED,
        "wrote": TouchKind.EMAIL_SENT,
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
    return calendar.feed(
        due.stored_items(owner, now),
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

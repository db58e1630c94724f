"""E-mail digests of what fell due: claimed by a conditional UPDATE, so concurrent runs of
`rapport remind` send each digest once, and a missed run never skips anything."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rapport import emails, smtp
from rapport.agenda.due import fallen_due
from rapport.agenda.models import Reminder
from rapport.core.schedule import Item, next_digest

if TYPE_CHECKING:
    from rapport.accounts.models import User


def reminder_for(owner: User, now: datetime) -> Reminder:
    """The user's reminder settings, made on first use with the next digest scheduled."""
    reminder, created = Reminder.objects.get_or_create(owner=owner)
    if created or (reminder.next_due is None and reminder.frequency != Reminder.OFF):
        reschedule(reminder, now)
    return reminder


def reschedule(reminder: Reminder, now: datetime) -> None:
    zone = ZoneInfo(reminder.owner.time_zone)
    reminder.next_due = next_digest(now, reminder.frequency, reminder.hour, zone)
    reminder.save(update_fields=["frequency", "hour", "next_due"])


def claim(reminder: Reminder, now: datetime) -> bool:
    """Take this digest for this run: true for exactly one of several runs at once."""
    zone = ZoneInfo(reminder.owner.time_zone)
    following = next_digest(now, reminder.frequency, reminder.hour, zone)
    taken = Reminder.objects.filter(pk=reminder.pk, next_due=reminder.next_due).update(
        next_due=following, last_sent=now
    )
    return taken == 1


def newly_due(owner: User, since: datetime | None, now: datetime) -> list[Item]:
    """What fell due since the last digest (or is overdue, for a first digest)."""
    return fallen_due(owner, since, now)


def send_due_digests(now: datetime) -> int:
    """Send every digest that is due; return how many went out."""
    from rapport.accounts.models import User

    for owner in User.objects.filter(is_active=True).exclude(
        pk__in=Reminder.objects.values("owner")
    ):
        reminder_for(owner, now)
    sent = 0
    due = (
        Reminder.objects.filter(next_due__lte=now)
        .exclude(frequency=Reminder.OFF)
        .select_related("owner")
    )
    for reminder in due:
        since = reminder.last_sent
        if not claim(reminder, now):
            continue  # another run took it
        items = newly_due(reminder.owner, since, now)
        if items:
            try:
                digest(reminder.owner, items).send()
            except smtp.NoSMTPUTF8 as error:
                # No later run could send it either; the agenda and the calendar feed show it.
                logging.getLogger("rapport.agenda").warning("a digest was not sent: %s", error)
                continue
            sent += 1
    return sent


def digest(owner: User, items: list[Item]) -> emails.EmailMessage:
    first_name = owner.name.split()[0] if owner.name.split() else owner.name
    return emails.digest(owner.email, first_name, items, ZoneInfo(owner.time_zone))

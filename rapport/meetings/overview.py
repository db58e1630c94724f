"""Meetings where the student looks: this week's on the agenda, the meetings page, the thank-you
each one is owed, and the events of the calendar feed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse

from rapport.contacts.models import Touch
from rapport.core import schedule
from rapport.core.calendar import Appointment
from rapport.core.network import TouchKind
from rapport.meetings.models import Meeting

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from rapport.accounts.models import User

#: Scheduled meetings this far back that were never marked done stay on the agenda, asking.
UNMARKED_KEPT = timedelta(days=14)
#: How far back the calendar feed keeps meetings.
FEED_HISTORY = timedelta(days=60)
PAST_SHOWN = 50


@dataclass(frozen=True)
class ThankYou:
    """The thank-you a meeting is owed: its deadline, and when it went, if it has."""

    due: datetime
    sent: datetime | None

    def overdue(self, now: datetime) -> bool:
        return self.sent is None and self.due <= now


def meetings_of(owner: User) -> QuerySet[Meeting]:
    return Meeting.objects.owned_by(owner).select_related("contact__organization")


def this_week(owner: User, now: datetime) -> list[Meeting]:
    """Meetings to go to from now to a week ahead, and those of the last two weeks not yet
    marked done (they ask "did it happen?"), soonest first."""
    return list(
        meetings_of(owner)
        .filter(
            status__in=[Meeting.REQUESTED, Meeting.SCHEDULED],
            starts_at__gte=now - UNMARKED_KEPT,
            starts_at__lt=now + schedule.UPCOMING,
        )
        .order_by("starts_at", "id")
    )


def thank_yous(owner: User, meetings: list[Meeting]) -> dict[int, ThankYou]:
    """For each done meeting, its thank-you: the first sent after it ended, if any."""
    done = [m for m in meetings if m.is_done and m.ended_at]
    sent: dict[int, list[datetime]] = defaultdict(list)
    touches = Touch.objects.owned_by(owner).filter(
        kind=TouchKind.THANK_YOU, contact_id__in={m.contact_id for m in done}
    )
    for contact_id, happened_at in touches.values_list("contact_id", "happened_at"):
        sent[contact_id].append(happened_at)
    found = {}
    for meeting in done:
        assert meeting.ended_at is not None
        after = [moment for moment in sent[meeting.contact_id] if moment >= meeting.ended_at]
        found[meeting.pk] = ThankYou(
            schedule.thank_you_due(meeting.ended_at), min(after) if after else None
        )
    return found


def thank_you_for(owner: User, meeting: Meeting) -> ThankYou | None:
    return thank_yous(owner, [meeting]).get(meeting.pk)


@dataclass(frozen=True)
class Overview:
    """The meetings page: coming up, to mark done, owed a thank-you, and the rest."""

    upcoming: list[Meeting]
    unmarked: list[Meeting]
    to_thank: list[tuple[Meeting, ThankYou]]
    past: list[tuple[Meeting, ThankYou | None]]
    more_past: int

    @property
    def empty(self) -> bool:
        return not (self.upcoming or self.unmarked or self.to_thank or self.past)


def overview(owner: User, now: datetime) -> Overview:
    everything = list(meetings_of(owner).order_by("-starts_at", "-id"))
    owed = thank_yous(owner, everything)
    open_ones = [m for m in everything if m.is_open]
    upcoming = sorted((m for m in open_ones if m.ends_at >= now), key=lambda m: m.starts_at)
    to_thank = [(m, owed[m.pk]) for m in everything if m.pk in owed and owed[m.pk].sent is None]
    to_thank.sort(key=lambda pair: pair[1].due)
    past = [
        (m, owed.get(m.pk))
        for m in everything
        if (m.is_done and m.pk in owed and owed[m.pk].sent) or m.status == Meeting.CANCELLED
    ]
    return Overview(
        upcoming=upcoming,
        unmarked=[m for m in open_ones if m.ends_at < now],
        to_thank=to_thank,
        past=past[:PAST_SHOWN],
        more_past=max(len(past) - PAST_SHOWN, 0),
    )


def appointments(owner: User, now: datetime, site: str) -> list[Appointment]:
    """The meetings of the last two months and to come, as the student's calendar shows
    them: at their real start and end, with the place and a link to the meeting's page."""
    kept = meetings_of(owner).exclude(status=Meeting.CANCELLED)
    return [
        appointment(meeting, site)
        for meeting in kept.filter(starts_at__gte=now - FEED_HISTORY).order_by("starts_at")
    ]


def appointment(meeting: Meeting, site: str) -> Appointment:
    url = site.rstrip("/") + reverse("meeting-detail", args=[meeting.pk])
    how = f"{meeting.get_mode_display()}" + (f": {meeting.place}" if meeting.place else "")
    return Appointment(
        uid=f"{meeting.uid}@rapport",
        starts=meeting.starts_at,
        ends=meeting.ends_at,
        summary=f"Meeting with {meeting.contact.name}",
        description=f"{how}\nQuestions, notes and the prep folder: {url}",
        location=meeting.place,
        url=url,
        tentative=meeting.status == Meeting.REQUESTED,
    )

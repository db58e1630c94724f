"""The private calendar feed and invitations, as iCalendar (RFC 5545) a phone can show.

Meetings are events at their real start and end in the user's zone; a thank-you is a
deadline at its hour; the other reminders fall on a day and are all-day items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress

from rapport.core.schedule import THANK_YOU_DELAY, Item

EVENT_LENGTH = timedelta(minutes=15)
#: A thank-you's reminder rings an hour after the meeting ended, while it is fresh, rather
#: than at a deadline that may fall in the small hours.
THANK_YOU_REMINDER = -(THANK_YOU_DELAY - timedelta(hours=1))
DAY_REMINDER = timedelta(hours=9)  # an all-day item's reminder, at 9 a.m. on its day
MEETING_REMINDER = timedelta(minutes=-30)


@dataclass(frozen=True)
class Appointment:
    """A meeting as the student's own calendar shows it."""

    uid: str
    starts: datetime
    ends: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    tentative: bool = False


def feed(
    items: Sequence[Item],
    appointments: Sequence[Appointment],
    *,
    name: str,
    now: datetime,
    zone: ZoneInfo,
    uid: Callable[[Item], str],
    link: str = "",
) -> bytes:
    """Return a calendar of the meetings and of what is due, each with a reminder.

    ``uid`` names each item's event; it must stay the same from one reading to the next, so
    a calendar updates the event instead of adding another."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rapport//Informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    for appointment in appointments:
        calendar.add_component(meeting_event(appointment, now, zone))
    for item in items:
        calendar.add_component(event(item, now, zone, uid(item), link))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def meeting_event(appointment: Appointment, now: datetime, zone: ZoneInfo) -> Event:
    entry = Event()
    entry.add("uid", appointment.uid)
    entry.add("dtstamp", now)
    entry.add("dtstart", appointment.starts.astimezone(zone))
    entry.add("dtend", appointment.ends.astimezone(zone))
    entry.add("summary", appointment.summary)
    entry.add("description", appointment.description)
    if appointment.location:
        entry.add("location", appointment.location)
    if appointment.url:
        entry.add("url", appointment.url)
    entry.add("status", "TENTATIVE" if appointment.tentative else "CONFIRMED")
    entry.add_component(reminder(appointment.summary, MEETING_REMINDER))
    return entry


def event(item: Item, now: datetime, zone: ZoneInfo, uid: str, link: str) -> Event:
    entry = Event()
    entry.add("uid", uid)
    entry.add("dtstamp", now)
    summary = f"{item.action}: {item.name}"
    if item.timed:
        entry.add("dtstart", item.due.astimezone(zone))
        entry.add("dtend", (item.due + EVENT_LENGTH).astimezone(zone))
        entry.add_component(reminder(summary, THANK_YOU_REMINDER))
    else:
        day = item.due.astimezone(zone).date()
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
        entry.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        entry.add_component(reminder(summary, DAY_REMINDER))
    entry.add("summary", summary)
    entry.add("description", f"{item.detail}\n{link}".strip())
    if link:
        entry.add("url", link)
    return entry


def reminder(summary: str, trigger: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", trigger)
    return alarm


def invitation(
    *,
    uid: str,
    sequence: int = 0,
    starts: datetime,
    minutes: int,
    zone: str,
    summary: str,
    description: str,
    location: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    now: datetime,
) -> bytes:
    """An RFC 5545 invitation for one meeting, in the organizer's time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rapport//Informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    tz = ZoneInfo(zone)
    entry = Event()
    entry.add("uid", uid)
    entry.add("sequence", sequence)
    entry.add("dtstamp", now)
    entry.add("dtstart", starts.astimezone(tz))
    entry.add("dtend", (starts + timedelta(minutes=minutes)).astimezone(tz))
    entry.add("summary", summary)
    entry.add("description", description)
    if location:
        entry.add("location", location)
    entry.add("organizer", vCalAddress(f"mailto:{organizer[1]}"), parameters={"cn": organizer[0]})
    entry.add(
        "attendee",
        vCalAddress(f"mailto:{attendee[1]}"),
        parameters={"cn": attendee[0], "role": "REQ-PARTICIPANT", "rsvp": "TRUE"},
    )
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data

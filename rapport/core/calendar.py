"""The private calendar feed: what is due, as iCalendar (RFC 5545) events a phone can show."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress

from rapport.core.schedule import Item

EVENT_LENGTH = timedelta(minutes=15)


def feed(items: list[Item], name: str, now: datetime, link: str = "") -> bytes:
    """Return a calendar with one event per item, each with a reminder when it falls due."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rapport//Informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in items:
        calendar.add_component(event(item, now, link))
    data: bytes = calendar.to_ical()
    return data


def event(item: Item, now: datetime, link: str) -> Event:
    entry = Event()
    # Stable across refreshes, so a calendar updates the event instead of adding another.
    entry.add("uid", f"{item.kind.value}-{item.contact_id}@rapport")
    entry.add("dtstamp", now)
    entry.add("dtstart", item.due)
    entry.add("dtend", item.due + EVENT_LENGTH)
    entry.add("summary", f"{item.action}: {item.name}")
    entry.add("description", f"{item.detail}\n{link}".strip())
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{item.action}: {item.name}")
    alarm.add("trigger", timedelta(0))
    entry.add_component(alarm)
    return entry


def invitation(
    *,
    uid: str,
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

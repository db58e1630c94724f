"""The private calendar feed: what is due, as iCalendar (RFC 5545) events a phone can show."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

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

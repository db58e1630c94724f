"""The calendar feed as iCalendar: meetings at their hour, reminders on their day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from rapport.core.calendar import Appointment, feed
from rapport.core.schedule import Due, Item

BOSTON = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def events(items=(), appointments=()):
    body = feed(
        list(items),
        list(appointments),
        name="Rapport: Dana",
        now=NOW,
        zone=BOSTON,
        uid=lambda item: f"{item.kind.value}-{item.contact_id}-test",
        link="https://rapport.example/",
    )
    return {str(e["summary"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_a_meeting_is_an_event_at_its_real_start_and_end_in_the_students_zone():
    starts = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # 11 a.m. in Boston
    meeting = Appointment(
        uid="abc@rapport",
        starts=starts,
        ends=starts + timedelta(minutes=20),
        summary="Meeting with Lena Ortiz",
        description="Phone: +1 617 555 0100",
        location="+1 617 555 0100",
        url="https://rapport.example/meetings/4/",
    )
    event = events(appointments=[meeting])["Meeting with Lena Ortiz"]
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtstart").tzinfo.key == "America/New_York"
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.decoded("dtstart").hour == 11
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=20)
    assert str(event["location"]) == "+1 617 555 0100"
    assert str(event["url"]) == "https://rapport.example/meetings/4/"
    assert str(event["uid"]) == "abc@rapport"
    assert event.walk("VALARM")


def test_a_reminder_that_falls_on_a_day_is_an_all_day_item_on_that_day():
    logged = datetime(2026, 11, 30, 22, 33, 22, tzinfo=UTC)  # 5:33:22 p.m. in Boston
    item = Item(Due.KEEP_IN_TOUCH, 7, "Rosa Delgado", logged, False, "Get back in touch")
    event = events(items=[item])["Get back in touch: Rosa Delgado"]
    assert event.decoded("dtstart") == date(2026, 11, 30)
    assert event.decoded("dtend") == date(2026, 12, 1)
    assert str(event["transp"]) == "TRANSPARENT"
    assert event.walk("VALARM")[0].decoded("trigger") == timedelta(hours=9)
    assert str(event["uid"]) == "keep-in-touch-7-test"


def test_a_thank_you_is_at_its_deadline_and_rings_an_hour_after_the_meeting():
    due = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # 10 p.m. in Boston
    item = Item(Due.THANK_YOU, 2, "Maria", due, False, "Send the thank-you")
    event = events(items=[item])["Send the thank-you: Maria"]
    assert event.decoded("dtstart") == due
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.walk("VALARM")[0].decoded("trigger") == timedelta(hours=-11)

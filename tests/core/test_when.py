"""Moments in words, on the wall clock of the student's zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rapport.core.schedule import thank_you_due
from rapport.core.when import (
    OTHER_ZONES,
    at_time,
    clock_time,
    day_name,
    deadline,
    on_day,
    since,
    starts,
    zone_menu,
)

BOSTON = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def boston(*args: int) -> datetime:
    return datetime(*args, tzinfo=BOSTON)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (time(22, 0), "10 p.m."),
        (time(9, 0), "9 a.m."),
        (time(4, 43), "4:43 a.m."),
        (time(12, 0), "noon"),
        (time(12, 30), "12:30 p.m."),
        (time(0, 0), "midnight"),
        (time(0, 5), "12:05 a.m."),
    ],
)
def test_times_of_day_read_as_people_say_them(moment, words):
    assert clock_time(moment) == words


def test_an_afternoon_meeting_is_thanked_by_a_time_tonight_or_tomorrow_morning():
    ended = boston(2026, 12, 1, 10, 0)  # Tuesday 10 a.m.
    assert deadline(thank_you_due(ended), ended, BOSTON) == "by 10 p.m. tonight"
    ended = boston(2026, 12, 1, 21, 0)
    assert deadline(thank_you_due(ended), ended, BOSTON) == "by 9 a.m. tomorrow"
    ended = boston(2026, 12, 1, 16, 43)
    assert deadline(thank_you_due(ended), ended, BOSTON) == "by 4:43 a.m. tomorrow"


def test_a_deadline_in_the_day_is_today_and_at_midnight_is_tonight():
    now = boston(2026, 12, 1, 8, 0)
    assert deadline(boston(2026, 12, 1, 15, 0), now, BOSTON) == "by 3 p.m. today"
    assert deadline(boston(2026, 12, 2, 0, 0), now, BOSTON) == "by midnight tonight"
    assert deadline(boston(2026, 11, 30, 20, 0), now, BOSTON) == "by 8 p.m. last night"
    assert deadline(boston(2026, 11, 30, 9, 0), now, BOSTON) == "by 9 a.m. yesterday"


def test_later_deadlines_name_the_weekday_then_the_date():
    now = boston(2026, 12, 1, 8, 0)  # a Tuesday
    assert deadline(boston(2026, 12, 4, 9, 0), now, BOSTON) == "by 9 a.m. on Friday"
    assert deadline(boston(2026, 12, 14, 9, 0), now, BOSTON) == "by 9 a.m. on Monday 14 December"
    assert deadline(boston(2027, 1, 4, 9, 0), now, BOSTON) == "by 9 a.m. on Monday 4 January 2027"


def test_the_twelve_hours_are_real_hours_when_the_clocks_go_back():
    # Saturday 31 October 2026, 9 p.m. EDT; the clocks go back at 2 a.m. on Sunday.
    ended = boston(2026, 10, 31, 21, 0)
    due = thank_you_due(ended)
    assert due - ended == timedelta(hours=12)
    assert due.astimezone(BOSTON).hour == 8  # one hour of the night came twice
    assert deadline(due, ended, BOSTON) == "by 8 a.m. tomorrow"


def test_the_twelve_hours_are_real_hours_when_the_clocks_go_forward():
    # Saturday 13 March 2027, 9 p.m. EST; the clocks go forward at 2 a.m. on Sunday.
    ended = boston(2027, 3, 13, 21, 0)
    assert deadline(thank_you_due(ended), ended, BOSTON) == "by 10 a.m. tomorrow"


def test_days_are_the_students_days_not_utcs():
    # 02:00 UTC on Wednesday is still Tuesday evening in Boston, and Wednesday in Tokyo.
    now = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    meeting = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert starts(meeting, now, BOSTON) == "Tomorrow at 10 a.m."
    assert starts(meeting, now, TOKYO) == "Tomorrow at midnight"
    assert day_name(now, now, BOSTON) == "Today"


def test_meetings_in_the_coming_week_are_named_by_their_weekday():
    now = boston(2026, 12, 1, 8, 0)  # Tuesday
    assert starts(boston(2026, 12, 1, 11, 0), now, BOSTON) == "Today at 11 a.m."
    assert starts(boston(2026, 12, 3, 14, 30), now, BOSTON) == "Thursday at 2:30 p.m."
    assert starts(boston(2026, 12, 8, 9, 0), now, BOSTON) == "Tuesday 8 December at 9 a.m."
    assert starts(boston(2026, 11, 30, 9, 0), now, BOSTON) == "Yesterday at 9 a.m."


def test_the_zone_menu_names_places_by_region_with_todays_offset():
    zones = {
        name: ZoneInfo(name)
        for name in (
            "UTC",
            "Asia/Kolkata",
            "America/New_York",
            "America/Argentina/Buenos_Aires",
            "US/Eastern",
            "Europe/Paris",
        )
    }
    winter, summer = datetime(2027, 1, 15, tzinfo=UTC), datetime(2027, 7, 15, tzinfo=UTC)
    menu = dict(zone_menu(zones, winter))
    assert list(menu) == ["America", "Europe", "Asia", OTHER_ZONES]
    assert menu["America"] == [
        ("America/Argentina/Buenos_Aires", "Argentina – Buenos Aires (UTC−03:00)"),
        ("America/New_York", "New York (UTC−05:00)"),
    ]
    assert menu["Asia"] == [("Asia/Kolkata", "Kolkata (UTC+05:30)")]
    assert menu[OTHER_ZONES] == [
        ("US/Eastern", "US/Eastern (UTC−05:00)"),
        ("UTC", "UTC (UTC+00:00)"),
    ]
    assert dict(zone_menu(zones, summer))["Europe"] == [("Europe/Paris", "Paris (UTC+02:00)")]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (2, "2 days ago"),
        (13, "13 days ago"),
        (14, "2 weeks ago"),
        (59, "8 weeks ago"),
        (60, "2 months ago"),
        (364, "12 months ago"),
        (365, "1 year ago"),
        (800, "2 years ago"),
    ],
)
def test_since_counts_the_dates_on_the_users_wall_clock(days, words):
    zone = ZoneInfo("America/New_York")
    now = datetime(2027, 3, 20, 1, 30, tzinfo=UTC)  # 9:30 p.m. on the 19th in New York
    late = datetime(2027, 3, 19, 23, 0, tzinfo=zone) - timedelta(days=days)
    assert since(late, now, zone) == words


def test_since_gives_a_moment_to_come_its_date():
    zone = ZoneInfo("America/New_York")
    now = datetime(2027, 3, 20, 1, 30, tzinfo=UTC)
    assert since(datetime(2027, 3, 20, 12, 0, tzinfo=zone), now, zone) == "20 Mar"


def test_a_moment_within_a_sentence_names_its_day():
    zone = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 7, 20, 36, tzinfo=UTC)  # Monday 3:36 p.m. in New York
    assert at_time(now + timedelta(minutes=20), now, zone) == "3:56 p.m. today"
    assert at_time(datetime(2026, 12, 8, 10, 0, tzinfo=zone), now, zone) == "10 a.m. tomorrow"
    assert at_time(datetime(2026, 12, 11, 16, 0, tzinfo=zone), now, zone) == "4 p.m. on Friday"
    assert on_day(datetime(2026, 12, 8, 10, 0, tzinfo=zone), now, zone) == "tomorrow"

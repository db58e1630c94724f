"""Moments in the words a person reads at a glance: "by 10 p.m. tonight", "Tomorrow at 11 a.m.".

Each is read on the wall clock of the user's zone, with ``now`` an argument, so the words stay
true across a daylight-saving change: "tomorrow" is the next date there, not 24 hours on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EVENING = 18  # from this hour on, today is "tonight"


def clock_time(local: datetime | time) -> str:
    """The time of day as people say it: 10 p.m., 9:30 a.m., noon, midnight."""
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    if (local.hour, local.minute) == (12, 0):
        return "noon"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes} {'a.m.' if local.hour < 12 else 'p.m.'}"


def date_words(day: date, today: date) -> str:
    """Friday 11 December, with the year only when it is not this one."""
    words = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return words if day.year == today.year else f"{words} {day.year}"


def day_name(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """Today, Tomorrow, Yesterday, a weekday within the coming week, else the date."""
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    offset = (day - today).days
    named = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    if offset in named:
        return named[offset]
    if 1 < offset < 7:
        return WEEKDAYS[day.weekday()]
    return date_words(day, today)


def on_day(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """The day within a sentence: "today", "tomorrow", "Friday", "Monday 14 December"."""
    named = day_name(moment, now, zone)
    return named.lower() if named in ("Today", "Tomorrow", "Yesterday") else named


def day_phrase(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """The day as a sentence ends with it: "today", "yesterday", "on Friday", "on Monday 14
    December"."""
    day = on_day(moment, now, zone)
    return day if day in ("today", "tomorrow", "yesterday") else f"on {day}"


def at_time(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """A moment within a sentence: "3:56 p.m. today", "10 a.m. tomorrow", "4 p.m. on Friday"."""
    return f"{clock_time(moment.astimezone(zone))} {day_phrase(moment, now, zone)}"


def starts(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """When something begins: "Today at 11 a.m.", "Friday at 2:30 p.m."."""
    return f"{day_name(moment, now, zone)} at {clock_time(moment.astimezone(zone))}"


def deadline(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """The last moment to do something: "by 10 p.m. tonight", "by 9 a.m. tomorrow"."""
    local = moment.astimezone(zone)
    # Midnight closes the day before it: "by midnight tonight", not "by midnight tomorrow".
    evening = local.hour >= EVENING or local.time() == time(0)
    named = day_name(local - timedelta(minutes=1) if local.time() == time(0) else local, now, zone)
    words = {
        "Today": "tonight" if evening else "today",
        "Yesterday": "last night" if evening else "yesterday",
        "Tomorrow": "tomorrow night" if evening and local.time() == time(0) else "tomorrow",
    }.get(named, f"on {named}")
    return f"by {clock_time(local)} {words}"


#: The world's regions in a time-zone menu, in this order; any other name ("UTC",
#: "US/Eastern", "Etc/GMT+5") is listed under ``OTHER_ZONES``.
REGIONS = (
    "America",
    "Europe",
    "Asia",
    "Africa",
    "Australia",
    "Pacific",
    "Atlantic",
    "Indian",
    "Antarctica",
    "Arctic",
)
OTHER_ZONES = "Other names"


def utc_offset(moment: datetime) -> str:
    """An aware moment's offset as a menu shows it: "UTC+05:30", "UTC+00:00", and west of
    Greenwich with a minus sign (U+2212) rather than a hyphen."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "−" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_menu(zones: dict[str, tzinfo], now: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """The time zones named in ``zones`` as a menu: grouped by region, each named by its
    place and its offset at ``now`` ("Kolkata (UTC+05:30)"; a place within a place joined by
    an en dash), sorted by name within its group, the regions in ``REGIONS``' order and
    every other name last."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in (*REGIONS, OTHER_ZONES)}
    for name in sorted(zones):
        region, _, place = name.partition("/")
        label = place.replace("_", " ").replace("/", " – ")
        if region not in REGIONS or not place:
            region, label = OTHER_ZONES, name.replace("_", " ")
        offset = utc_offset(now.astimezone(zones[name]))
        groups[region].append((name, f"{label} ({offset})"))
    return [(region, options) for region, options in groups.items() if options]


def since(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """How long ago ``moment`` was, by the dates on the user's wall clock: "today",
    "yesterday", "5 days ago", "3 weeks ago", "4 months ago", "2 years ago"; a moment still
    to come is given its date ("12 Dec")."""
    local = moment.astimezone(zone)
    days = (now.astimezone(zone).date() - local.date()).days
    if days < 0:
        return f"{local.day} {MONTHS[local.month - 1][:3]}"
    if days < 2:
        return ("today", "yesterday")[days]
    for unit, length, up_to in (("day", 1, 14), ("week", 7, 60), ("month", 30, 365)):
        if days < up_to:
            return f"{days // length} {unit}s ago"
    years = days // 365
    return f"{years} year{'s' if years > 1 else ''} ago"

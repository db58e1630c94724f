"""Print, for faketime, a moment a few hours before a daylight-saving change: the next one,
or the first at least DAYS days ahead.

    python tests/next_dst_change.py America/New_York       →   2027-03-14 04:00:00
    python tests/next_dst_change.py America/New_York 400   →   2028-03-12 04:00:00

The time is in UTC (run faketime with TZ=UTC). `make test-later` (and so .ci/run) starts the
whole suite at the first change at least 400 days ahead: a date more than a year away, on
which every "today", "tomorrow" and "in three business days" is also computed across a night
that is an hour shorter or longer in the user's zone. `make test-dst` starts it before the
next change.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

HOURS_BEFORE = 3


def next_change(zone: ZoneInfo, after: datetime) -> datetime:
    """The first hour after ``after`` whose UTC offset in ``zone`` differs from the one before."""
    moment = after.replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(zone).utcoffset()
    for _ in range(24 * 400):
        moment += timedelta(hours=1)
        if moment.astimezone(zone).utcoffset() != offset:
            return moment
    raise SystemExit(f"{zone.key} has no daylight-saving change in the coming year")


if __name__ == "__main__":
    zone = ZoneInfo(sys.argv[1] if len(sys.argv) > 1 else "America/New_York")
    ahead = timedelta(days=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    after = datetime.now(UTC) + ahead  # noqa: TID251
    start = next_change(zone, after) - timedelta(hours=HOURS_BEFORE)
    print(f"{start:%Y-%m-%d %H:%M:%S}")

"""The schedule: what is due for each contact, and when. ``now`` is always an argument.

- A thank-you is due 12 hours after a meeting ends (the seed's rule): 12 hours as a clock
  measures them, so an evening meeting before the clocks go back is thanked by 7 a.m.
- 3B7: after an outreach e-mail with no answer, at 3 business days reach out to a second
  person at the same organization (never two open asks at one organization); at 7 business
  days send one follow-up to the first; then stop. It chases an ask still unanswered: an
  e-mail to someone who has answered or talked with the user starts no clock, and while a
  meeting with them is planned there is nothing to chase.
- A person someone referred the user to: reach out within a week (5 business days) of the
  referral, while the referrer remembers suggesting it; any touch with them, or a meeting
  planned, clears it.
- Keep in touch every N days (90 unless the contact says otherwise) once a relationship has
  begun; any touch resets the clock.
Business days and times of day are counted in the user's time zone, so a deadline keeps its
wall-clock time across a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from rapport.core.network import DEFAULT_CADENCE_DAYS

THANK_YOU_DELAY = timedelta(hours=12)
REPORT_BACK_AFTER = timedelta(days=14)  # tell the referrer how it went
SECOND_PERSON_AFTER, FOLLOW_UP_AFTER = 3, 7  # business days: 3B7
REFERRAL_WITHIN = 5  # business days: reach out to someone referred while it is fresh
UPCOMING = timedelta(days=7)
#: A meeting that ended this long after its planned start still began as planned; an end
#: outside that (before the start, or the next day) means it took place at another time.
LONGEST_OVERRUN = timedelta(hours=3)


class Due(StrEnum):
    THANK_YOU = "thank-you"
    SECOND_PERSON = "second-person"
    FOLLOW_UP = "follow-up"
    KEEP_IN_TOUCH = "keep-in-touch"
    SUGGESTION = "suggestion"
    REPORT_BACK = "report-back"
    REFERRAL = "referral"


#: What "Snooze a week" may put off: not a thank-you, whose whole window is 12 hours.
SNOOZABLE = frozenset(Due) - {Due.THANK_YOU}

ACTIONS = {
    Due.THANK_YOU: "Send the thank-you",
    Due.SECOND_PERSON: "Reach out to a second person there",
    Due.FOLLOW_UP: "Send one follow-up",
    Due.KEEP_IN_TOUCH: "Get back in touch",
    Due.SUGGESTION: "Act on their suggestion",
    Due.REPORT_BACK: "Tell them how it went",
    Due.REFERRAL: "Reach out to them",
}


@dataclass(frozen=True)
class ContactFacts:
    """What the schedule needs to know of one contact, read from its timeline."""

    contact_id: int
    name: str
    organization: str = ""
    cadence_days: int | None = None
    last_touch: datetime | None = None
    last_meeting: datetime | None = None
    last_thank_you: datetime | None = None
    #: A reply, call, meeting or thank-you: an ask answered, the relationship begun.
    last_conversation: datetime | None = None
    emails_since_conversation: tuple[datetime, ...] = ()
    #: A meeting with them requested or scheduled (not done, not cancelled), whatever its date.
    meeting_planned: bool = False
    others_at_organization: int = 0  # other contacts there not yet asked
    snoozed: dict[str, datetime] = field(default_factory=dict)
    suggestions: tuple[tuple[str, datetime], ...] = ()  # open suggestions: what, by when
    referred_talks: tuple[tuple[str, datetime], ...] = ()  # people they referred, talked to since
    #: Who referred the user to this contact: their name, whether it may be used, and when.
    referred_by: tuple[tuple[str, str, datetime], ...] = ()


@dataclass(frozen=True)
class Item:
    kind: Due
    contact_id: int
    name: str
    due: datetime
    overdue: bool
    action: str
    detail: str = ""
    organization: str = ""

    @property
    def timed(self) -> bool:
        """Whether its hour matters: a thank-you's is its deadline; the others fall on a day,
        at whatever hour the touch that set them happened to be logged."""
        return self.kind is Due.THANK_YOU

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "contact": self.contact_id,
            "name": self.name,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "action": self.action,
            "detail": self.detail,
        }


def add_business_days(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """``moment`` plus ``days`` working days (Monday to Friday) at the same local time, in UTC."""
    local = moment.astimezone(zone)
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += day.weekday() < 5
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)


def add_days(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """``moment`` plus calendar days at the same local time, in UTC."""
    local = moment.astimezone(zone)
    return datetime.combine(
        local.date() + timedelta(days=days), local.time(), tzinfo=zone
    ).astimezone(UTC)


def thank_you_due(ended: datetime) -> datetime:
    """The thank-you's deadline, in UTC: 12 hours after the meeting really ended."""
    # In UTC: Python adds a timedelta to a zoned time on the wall clock, which gains or loses
    # an hour across a daylight-saving change.
    return ended.astimezone(UTC) + THANK_YOU_DELAY


def likely_end(starts: datetime, minutes: int, now: datetime) -> datetime:
    """What to offer for "when did it end?": the planned end once that has passed, else now
    (marked over early, it ended early)."""
    planned = starts.astimezone(UTC) + timedelta(minutes=minutes)
    return planned if now >= planned else now


def held_from(starts: datetime, minutes: int, ended: datetime) -> datetime:
    """When a meeting that ended at ``ended`` began: as planned when the end falls within
    three hours after the planned start; otherwise it took place at another time, and began
    its planned length before the end."""
    starts, ended = starts.astimezone(UTC), ended.astimezone(UTC)
    if starts < ended <= starts + LONGEST_OVERRUN:
        return starts
    return ended - timedelta(minutes=minutes)


def moves(starts: datetime, ended: datetime) -> bool:
    """Whether an end at ``ended`` takes a meeting away from its planned start (``held_from``'s
    rule): an end at or before that start, or more than three hours after it (a meeting that
    took place at another time, or a mistyped day)."""
    starts, ended = starts.astimezone(UTC), ended.astimezone(UTC)
    return not starts < ended <= starts + LONGEST_OVERRUN


def due_for(facts: ContactFacts, zone: ZoneInfo) -> list[tuple[Due, datetime, str]]:
    """Everything the timeline makes due for one contact, snoozed or not, whenever it falls:
    what, when and why. It needs no ``now``, so it can be stored and stays true as time
    passes; only a write to the contact's timeline changes it."""
    return [
        *thank_you(facts),
        *three_b_seven(facts, zone),
        *keep_in_touch(facts, zone),
        *suggestions(facts),
        *report_back(facts),
        *follow_referral(facts, zone),
    ]


def items_for(facts: ContactFacts, zone: ZoneInfo, now: datetime) -> list[Item]:
    """Everything due for one contact and not snoozed at ``now``, whenever it falls."""
    found = due_for(facts, zone)
    return [
        Item(
            kind,
            facts.contact_id,
            facts.name,
            due,
            due <= now,
            ACTIONS[kind],
            detail,
            facts.organization,
        )
        for kind, due, detail in found
        if not (kind in facts.snoozed and facts.snoozed[kind] > now)
    ]


def thank_you(facts: ContactFacts) -> list[tuple[Due, datetime, str]]:
    meeting = facts.last_meeting
    if meeting is None or (facts.last_thank_you and facts.last_thank_you >= meeting):
        return []
    return [(Due.THANK_YOU, thank_you_due(meeting), "within 12 hours of the meeting")]


def three_b_seven(facts: ContactFacts, zone: ZoneInfo) -> list[tuple[Due, datetime, str]]:
    """The second person and the follow-up of an ask no one has answered yet. Once the
    contact has answered or talked with the user, a later e-mail is a note between people in
    touch, not an ask to chase; a planned meeting is the answer."""
    emails = facts.emails_since_conversation
    if not emails or facts.last_conversation is not None or facts.meeting_planned:
        return []
    first = emails[0]
    steps: list[tuple[Due, datetime, str]] = []
    if facts.organization and facts.others_at_organization and len(emails) == 1:
        steps.append(
            (
                Due.SECOND_PERSON,
                add_business_days(first, SECOND_PERSON_AFTER, zone),
                f"no reply after 3 business days; try someone else at {facts.organization}",
            )
        )
    if len(emails) == 1:
        steps.append(
            (
                Due.FOLLOW_UP,
                add_business_days(first, FOLLOW_UP_AFTER, zone),
                "no reply after 7 business days; one short follow-up, then stop",
            )
        )
    return steps


def suggestions(facts: ContactFacts) -> list[tuple[Due, datetime, str]]:
    return [(Due.SUGGESTION, due, text) for text, due in facts.suggestions]


def report_back(facts: ContactFacts) -> list[tuple[Due, datetime, str]]:
    """After talking with someone this contact referred, tell them how it went."""
    if not facts.referred_talks:
        return []
    name, talked = max(facts.referred_talks, key=lambda pair: pair[1])
    if facts.last_touch and facts.last_touch > talked:
        return []
    return [
        (
            Due.REPORT_BACK,
            talked + REPORT_BACK_AFTER,
            f"you talked with {name}, whom they suggested",
        )
    ]


def follow_referral(facts: ContactFacts, zone: ZoneInfo) -> list[tuple[Due, datetime, str]]:
    """Someone suggested the user talk with this contact: reach out within a week of the
    first such referral. Any touch since (an e-mail sent, a call, a note) or a meeting planned
    means the user has."""
    if not facts.referred_by or facts.meeting_planned:
        return []
    referrer, permission, referred = min(facts.referred_by, key=lambda each: each[2])
    if facts.last_touch is not None and facts.last_touch >= referred:
        return []
    said = {
        "yes": f"{referrer} suggested them and said you may use the name",
        "no": f"{referrer} suggested them; leave the name out",
    }.get(permission, f"{referrer} suggested them")
    return [(Due.REFERRAL, add_business_days(referred, REFERRAL_WITHIN, zone), said)]


def keep_in_touch(facts: ContactFacts, zone: ZoneInfo) -> list[tuple[Due, datetime, str]]:
    if facts.last_conversation is None or facts.last_touch is None:
        return []  # the relationship has not begun; 3B7 covers the ask
    days = facts.cadence_days or DEFAULT_CADENCE_DAYS
    return [(Due.KEEP_IN_TOUCH, add_days(facts.last_touch, days, zone), f"every {days} days")]


@dataclass(frozen=True)
class Agenda:
    overdue: list[Item]
    today: list[Item]
    upcoming: list[Item]

    @property
    def items(self) -> list[Item]:
        return self.overdue + self.today + self.upcoming


def agenda(all_facts: list[ContactFacts], zone: ZoneInfo, now: datetime) -> Agenda:
    """What is overdue, due today (in the user's zone) and due in the coming week, in order."""
    return agenda_of([i for facts in all_facts for i in items_for(facts, zone, now)], zone, now)


def home(all_facts: list[ContactFacts], zone: ZoneInfo, now: datetime) -> tuple[Agenda, list[Item]]:
    """The agenda and the losing-touch list, from one pass over the contacts."""
    items = [item for facts in all_facts for item in items_for(facts, zone, now)]
    return agenda_of(items, zone, now), losing_touch_of(items)


def agenda_of(all_items: list[Item], zone: ZoneInfo, now: datetime) -> Agenda:
    """Overdue, today and this week; a thank-you not yet late is today's whatever its date
    (its 12 hours run out by tomorrow morning at the latest, and it is best sent tonight)."""
    end_of_today = datetime.combine(
        now.astimezone(zone).date() + timedelta(days=1), datetime.min.time(), tzinfo=zone
    )
    items = sorted(all_items, key=lambda item: (item.due, item.kind, item.name))

    def today(item: Item) -> bool:
        return item.due < end_of_today or item.kind is Due.THANK_YOU

    return Agenda(
        overdue=[i for i in items if i.overdue],
        today=[i for i in items if not i.overdue and today(i)],
        upcoming=[i for i in items if not today(i) and i.due < now + UPCOMING],
    )


def losing_touch(all_facts: list[ContactFacts], zone: ZoneInfo, now: datetime) -> list[Item]:
    """Relationships past their keep-in-touch date, the most overdue first."""
    return losing_touch_of([i for facts in all_facts for i in items_for(facts, zone, now)])


def losing_touch_of(items: list[Item]) -> list[Item]:
    kept = [item for item in items if item.kind is Due.KEEP_IN_TOUCH and item.overdue]
    return sorted(kept, key=lambda item: item.due)


def next_digest(after: datetime, frequency: str, hour: int, zone: ZoneInfo) -> datetime | None:
    """The first digest time strictly after ``after``: daily, or Mondays, at ``hour`` local."""
    if frequency not in ("daily", "weekly"):
        return None
    day = after.astimezone(zone).date()
    for offset in range(8):
        candidate = datetime.combine(day + timedelta(days=offset), datetime.min.time(), tzinfo=zone)
        candidate = candidate.replace(hour=hour).astimezone(UTC)
        if candidate > after and (
            frequency == "daily" or candidate.astimezone(zone).weekday() == 0
        ):
            return candidate
    return None

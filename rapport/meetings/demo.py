"""The demo network's meetings: one held, with notes, a suggestion and its thank-you, and one
to come, so that a new student looking around sees the meeting pages, the skill words and
the agenda's "Meetings in the next 7 days" filled in. Every word of it is invented."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction

from rapport.contacts.models import Contact, Referral, Touch
from rapport.core.network import TouchKind
from rapport.meetings import followup, services
from rapport.meetings.models import Meeting

if TYPE_CHECKING:
    from rapport.accounts.models import User

#: Office hours with Prof. Dwight, 35 days ago (the demo's "Meeting" touch on his timeline),
#: over three hours before his thank-you: notes with the skill words a historian hears.
HELD_WITH = "Prof. Alan Dwight"
HELD_NOTES = (
    "Historians do well in policy: archival research and clear writing are the core of it.\n"
    "The Congressional Research Service hires analysts who turn legal research into short "
    "memos; policy writing counts for more than the degree.\n"
    "Learn some statistics: Excel and basic data analysis set a history major apart.\n"
    "He taught Elena Vasquez and thinks she would talk to me."
)
#: Notes under the questions of these themes, where the proposed set has one.
HELD_ANSWERS = {
    "training": "PhD in history, then two years at a state archive before the university.",
    "success": "Research and writing; reading a statute as closely as a diary.",
    "referrals": "Elena Vasquez at the Civic Data Lab; he will write to her first.",
}
SUGGESTION = ("read", "Two CRS reports on transit funding, noting how each is built")
#: Maria Okafor said yes to a phone call (her reply, four days ago): at 4 p.m. on the user's
#: clock two weekdays from now.
PLANNED_WITH = "Maria Okafor"
PLANNED_AT = time(16, 0)


@transaction.atomic
def add_demo_meetings(owner: User, now: datetime) -> None:
    """Add the demo's meetings to the demo network just loaded into ``owner``'s account."""
    contacts = {
        contact.name: contact
        for contact in Contact.objects.owned_by(owner).filter(name__in=[HELD_WITH, PLANNED_WITH])
    }
    _held(owner, contacts[HELD_WITH], now)
    _planned(owner, contacts[PLANNED_WITH], now)


def _held(owner: User, professor: Contact, now: datetime) -> None:
    touch = Touch.objects.owned_by(owner).get(contact=professor, kind=TouchKind.MEETING)
    ended = touch.happened_at - timedelta(hours=3)
    ended -= timedelta(
        minutes=ended.minute % 15, seconds=ended.second, microseconds=ended.microsecond
    )
    meeting = services.schedule_meeting(
        owner,
        professor,
        Meeting(
            starts_at=ended - timedelta(minutes=20),
            mode=Meeting.IN_PERSON,
            place="His office, Herter Hall",
            read_field=True,
            found_commonality=True,
            chose_questions=True,
        ),
    )
    meeting.touch = touch  # the timeline's meeting is this one: finishing moves it, once
    services.finish(owner, meeting, ended, now)
    answers = {
        question.pk: HELD_ANSWERS[question.theme]
        for question in meeting.questions.all()
        if question.theme in HELD_ANSWERS
    }
    followup.save_notes(meeting, HELD_NOTES, answers)
    kind, text = SUGGESTION
    followup.add_suggestion(owner, meeting, kind, text, (now + timedelta(days=5)).date())
    Referral.objects.filter(referrer=professor).update(meeting=meeting)


def _planned(owner: User, analyst: Contact, now: datetime) -> None:
    day = now.astimezone(ZoneInfo(owner.time_zone)).date()
    weekdays = 0
    while weekdays < 2:
        day += timedelta(days=1)
        weekdays += day.weekday() < 5
    starts = datetime.combine(day, PLANNED_AT, tzinfo=ZoneInfo(owner.time_zone))
    services.schedule_meeting(
        owner,
        analyst,
        Meeting(starts_at=starts, mode=Meeting.PHONE, place="She calls my cell"),
    )

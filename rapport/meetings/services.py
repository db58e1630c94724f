"""Use cases before the meeting: schedule it, choose its questions, invite, prepare, practise."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from rapport import emails
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Contact, Touch
from rapport.contacts.services import ensure_owner, log_touch, move_touch
from rapport.core import calendar, compose, questions, schedule, when
from rapport.core.errors import RapportError
from rapport.core.guard import Finding, check
from rapport.core.mail import normal_id
from rapport.core.network import TouchKind
from rapport.meetings.models import (
    HiddenQuestion,
    Meeting,
    MeetingQuestion,
    OwnQuestion,
    PracticeAnswer,
    PracticeRun,
)
from rapport.outreach.services import deliver

if TYPE_CHECKING:
    from rapport.accounts.models import User


def bank_for(owner: User) -> list[questions.Question]:
    """The built-in questions the user has not hidden, then their own that the guard passes
    (one that asks for a job stays in the bank, flagged, but is never proposed)."""
    hidden = set(HiddenQuestion.objects.owned_by(owner).values_list("key", flat=True))
    own = [
        questions.Question(f"own-{q.pk}", q.theme, q.text, q.minutes, template=False)
        for q in OwnQuestion.objects.owned_by(owner).order_by("id")
        if not blocking(q.text)
    ]
    return [q for q in questions.BANK if q.key not in hidden] + own


def question_findings(text: str) -> list[Finding]:
    """The guard's findings for a question: one that asks for a job is flagged."""
    return check(text, "question")


def blocking(text: str) -> list[Finding]:
    """The guard's errors for a question: a job ask, or an offer of the resume."""
    return [finding for finding in question_findings(text) if finding.severity == "error"]


class QuestionRefused(RapportError):
    """A question the guard flags as an error is not put on a meeting's list."""

    def __init__(self, text: str, findings: list[Finding]) -> None:
        super().__init__(" ".join(finding.message for finding in findings))
        self.text, self.findings = text, findings


@transaction.atomic
def schedule_meeting(owner: User, contact: Contact, meeting: Meeting) -> Meeting:
    """Save a new meeting and propose questions that fit its length. One recorded as done
    is kept as scheduled until the student says when it ended (``finish``)."""
    ensure_owner(owner, contact)
    meeting.owner, meeting.contact = owner, contact
    if meeting.status == Meeting.DONE:
        meeting.status = Meeting.SCHEDULED
    meeting.save()
    propose_questions(owner, meeting)
    # A planned meeting answers the ask: 3B7 stops chasing the contact.
    due_may_have_changed(owner, [contact.pk])
    return meeting


@transaction.atomic
def propose_questions(owner: User, meeting: Meeting) -> int:
    """Replace the meeting's questions with a fresh set that fits its length, tailored.

    Questions with notes under them stay, first, and the fresh ones fill the time left: notes
    are the student's own and are never thrown away. Returns how many were kept."""
    contact = meeting.contact
    organization = contact.organization.name if contact.organization else ""
    kept = list(meeting.questions.exclude(note="").order_by("position", "id"))
    meeting.questions.filter(note="").delete()
    texts = {question.text for question in kept}
    minutes = meeting.minutes - sum(question.minutes for question in kept)
    fresh = [
        (q, text)
        for q in questions.plan(bank_for(owner), minutes)
        if (text := q.filled(contact.role, contact.field, organization)) not in texts
    ]
    for position, question in enumerate(kept):
        MeetingQuestion.objects.filter(pk=question.pk).update(position=position)
    MeetingQuestion.objects.bulk_create(
        MeetingQuestion(
            owner=owner,
            meeting=meeting,
            position=len(kept) + n,
            theme=q.theme,
            minutes=q.minutes,
            text=text,
        )
        for n, (q, text) in enumerate(fresh)
    )
    return len(kept)


@transaction.atomic
def save_details(owner: User, meeting: Meeting, was: str) -> bool:
    """Save a meeting's edited details; ``was`` is its status before the edit. Done is more
    than a status: a meeting newly saved as done keeps its old status until the student says
    when it ended (returns True: ask), and one no longer done loses its end and its touch."""
    ensure_owner(owner, meeting.contact)
    ask_when_it_ended = meeting.status == Meeting.DONE and was != Meeting.DONE
    if ask_when_it_ended:
        meeting.status = was
    meeting.save()
    if was == Meeting.DONE and meeting.status != Meeting.DONE:
        reopen(owner, meeting)  # refreshes what is due
    elif meeting.status != was:
        # Cancelled or planned again: whether 3B7 waits on the contact follows the meeting.
        due_may_have_changed(owner, [meeting.contact_id])
    return ask_when_it_ended


@transaction.atomic
def add_question(owner: User, meeting: Meeting, text: str, minutes: int = 2) -> MeetingQuestion:
    """Put the student's own question at the end of the list, unless the guard flags it."""
    text = " ".join(text.split())
    if not text:
        raise RapportError("a question needs some words")
    if found := blocking(text):
        raise QuestionRefused(text, found)
    last = meeting.questions.order_by("-position", "-id").first()
    position = last.position + 1 if last else 0
    if last and last.theme == "referrals":  # "two or three other people?" closes the meeting
        position = last.position
        MeetingQuestion.objects.filter(pk=last.pk).update(position=position + 1)
    return MeetingQuestion.objects.create(
        owner=owner, meeting=meeting, text=text[:500], minutes=minutes, position=position
    )


@transaction.atomic
def move_question(question: MeetingQuestion, step: int) -> None:
    """Move a question up (-1) or down (+1) among its meeting's questions."""
    ordered = list(question.meeting.questions.all())
    index = ordered.index(question)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, item in enumerate(ordered):
            MeetingQuestion.objects.filter(pk=item.pk).update(position=position)


class MovesMeeting(RapportError):
    """An end at or before a planned meeting's start, or hours after it, moves the meeting:
    done only when the student says so, since the slot they planned is given up."""

    def __init__(
        self, planned: datetime, ended: datetime, held_from: datetime, now: datetime, zone: ZoneInfo
    ) -> None:
        super().__init__(
            f"this meeting was planned for {when.on_day(planned, now, zone)} at "
            f"{when.clock_time(planned.astimezone(zone))}; saying it ended at "
            f"{when.at_time(ended, now, zone)} moves its start to "
            f"{when.at_time(held_from, now, zone)}"
        )
        self.held_from = held_from


@transaction.atomic
def finish(
    owner: User, meeting: Meeting, ended_at: datetime, now: datetime, *, move: bool = False
) -> Meeting:
    """Mark a meeting done at the moment it really ended: the meeting keeps that end (and its
    start moves when it took place at another time), its one "Meeting" touch on the timeline
    is put at that moment, and the thank-you falls due 12 hours later. Said again, it moves
    the same touch rather than adding another. An end that moves a planned meeting to another
    time (``schedule.moves``) is taken only with ``move`` (else ``MovesMeeting``)."""
    ensure_owner(owner, meeting.contact)
    if ended_at > now + timedelta(minutes=1):  # a minute's grace for a clock read at the start
        raise RapportError("that moment is still to come; say when the meeting ended")
    held_from = schedule.held_from(meeting.starts_at, meeting.minutes, ended_at)
    planned = meeting.status != Meeting.DONE  # once done, its start is when it was held
    if planned and not move and schedule.moves(meeting.starts_at, ended_at):
        zone = ZoneInfo(owner.time_zone)
        raise MovesMeeting(meeting.starts_at, ended_at, held_from, now, zone)
    meeting.starts_at = held_from
    meeting.status, meeting.ended_at = Meeting.DONE, ended_at
    length = round((ended_at - meeting.starts_at).total_seconds() / 60)
    summary = f"{HELD[meeting.mode]}, {length} minutes"
    touch = Touch.objects.filter(pk=meeting.touch_id).first() if meeting.touch_id else None
    if touch is None:
        touch = log_touch(
            owner, meeting.contact, TouchKind.MEETING, ended_at, summary, refresh=False
        )
    else:
        move_touch(owner, touch, ended_at, summary, refresh=False)
    meeting.touch = touch
    meeting.save(update_fields=["starts_at", "status", "ended_at", "touch"])
    # Once both are written: what is due reads the touch, and whether a meeting is planned.
    due_may_have_changed(owner, [meeting.contact_id])
    return meeting


@transaction.atomic
def reopen(owner: User, meeting: Meeting) -> bool:
    """A meeting saved as no longer done did not take place: its end and its "Meeting" touch
    go, so no thank-you is asked for. Returns whether a touch was taken off the timeline."""
    ensure_owner(owner, meeting.contact)
    removed = bool(meeting.touch_id) and Touch.objects.filter(pk=meeting.touch_id).delete()[0] > 0
    meeting.ended_at, meeting.touch = None, None
    meeting.save(update_fields=["ended_at", "touch"])
    due_may_have_changed(owner, [meeting.contact_id])
    return removed


@transaction.atomic
def take_answer(
    owner: User,
    meeting: Meeting,
    status: str,
    starts: datetime | None = None,
    ends: datetime | None = None,
) -> str:
    """The contact's answer to the invitation (iTIP REPLY, or COUNTER with another time), put
    on the meeting; returns what changed, for the agenda ("" if nothing did). A meeting that
    took place or was called off is left as it is."""
    ensure_owner(owner, meeting.contact)
    if not meeting.is_open:
        return ""
    changed = ""
    if starts and starts != meeting.starts_at:
        minutes = round((ends - starts).total_seconds() / 60) if ends else meeting.minutes
        meeting.starts_at, meeting.minutes = starts, min(max(minutes, 5), 120)
        changed = "moved"
    if status == "declined":
        meeting.status, changed = Meeting.CANCELLED, "declined"
    elif status == "accepted" and meeting.status == Meeting.REQUESTED:
        meeting.status, changed = Meeting.SCHEDULED, changed or "accepted"
    elif status in ("accepted", "tentative") and not changed:
        changed = status
    meeting.save(update_fields=["starts_at", "minutes", "status"])
    # The prep and thank-you clocks follow the meeting's new time or status.
    due_may_have_changed(owner, [meeting.contact_id])
    return changed


def send_invitation(owner: User, meeting: Meeting, now: datetime) -> Touch:
    """E-mail the invitation to the contact from the student (their calendar can accept it,
    decline it or propose another time, and the mailbox sync reads the answer), and note on
    the timeline that it went, with its Message-ID."""
    contact = meeting.contact
    ensure_owner(owner, contact)
    if not settings.SMTP_ENABLED:
        raise RapportError(
            "sending is not set up (EMAIL_URL); download the invitation (.ics) and attach it "
            "in your mail program"
        )
    if not contact.email:
        raise RapportError(f"{contact.name} has no e-mail address; add one on their page first")
    if not meeting.is_open:
        raise RapportError("this meeting is done or cancelled; there is nothing to invite to")
    starts = moment_of(meeting.starts_at, owner.time_zone)
    where = f", {meeting.place}" if meeting.place else ""
    first = compose.parse_name(contact.name).given or contact.name
    subject = f"Invitation: {starts} ({meeting.minutes} minutes)"
    body = (
        f"Dear {first},\n\nHere is a calendar invitation for {starts}, {meeting.minutes} "
        f"minutes ({HOW[meeting.mode]}{where}). Your calendar can accept it, "
        f"or propose another time if that one no longer suits you.\n\n{owner.name}"
    )
    message = emails.meeting_invitation(
        owner.name,
        owner.email,
        contact.name,
        contact.email,
        subject,
        body,
        invitation(owner, meeting, now),
    )
    message_id = deliver(message, kept="the meeting is unchanged")
    return log_touch(
        owner,
        contact,
        TouchKind.NOTE,
        now,
        f"Invitation sent: {starts}, {meeting.minutes} minutes",
        message_id=normal_id(message_id),
        source="rapport",
    )


#: A held meeting on the timeline, as the student would write it.
HELD = {
    Meeting.IN_PERSON: "Meeting in person",
    Meeting.PHONE: "Phone call",
    Meeting.VIDEO: "Video call",
}

#: How the meeting happens, as the contact reads it.
HOW = {Meeting.IN_PERSON: "in person", Meeting.PHONE: "by phone", Meeting.VIDEO: "by video"}


def moment_of(value: datetime, zone: str) -> str:
    """ "Tue 8 Dec at 10:00" in the student's zone."""
    local = value.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"


def invitation(owner: User, meeting: Meeting, now: datetime) -> bytes:
    contact = meeting.contact
    agenda = "\n".join(f"- {q.text}" for q in meeting.questions.all())
    return calendar.invitation(
        uid=f"{meeting.uid}@rapport",
        # Each copy is a revision at least as new as the last, so a calendar that has the
        # invitation takes a changed time from the next one.
        sequence=max(int((now - meeting.created_at).total_seconds() // 60), 0),
        starts=meeting.starts_at,
        minutes=meeting.minutes,
        zone=owner.time_zone,
        summary=f"{owner.name} and {contact.name}: {meeting.minutes} minutes",
        description=f"A short conversation about your work.\n\nWhat I hope to ask:\n{agenda}",
        location=meeting.place,
        organizer=(owner.name, owner.email),
        attendee=(contact.name, contact.email or "unknown@invalid"),
        now=now,
    )


@transaction.atomic
def save_practice(
    owner: User, meeting: Meeting, friend: str, seconds: int, answers: list[dict[str, object]]
) -> PracticeRun:
    """Keep a practice run: who played the contact, how long it took, their feedback."""
    friend = " ".join(friend.split())
    if not friend:
        raise RapportError("say who you practised with")
    run = PracticeRun.objects.create(
        owner=owner, meeting=meeting, friend=friend[:100], seconds=max(seconds, 0)
    )
    PracticeAnswer.objects.bulk_create(
        PracticeAnswer(
            owner=owner,
            run=run,
            question=str(a["question"])[:500],
            focused=bool(a.get("focused")),
            sincere=bool(a.get("sincere")),
            listened=bool(a.get("listened")),
            note=str(a.get("note", ""))[:500],
        )
        for a in answers
    )
    return run

"""Use cases before the meeting: schedule it, choose its questions, invite, prepare, practise."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from rapport.contacts.models import Contact
from rapport.contacts.services import ensure_owner, log_touch
from rapport.core import calendar, questions
from rapport.core.errors import RapportError
from rapport.core.guard import Finding, check
from rapport.core.network import TouchKind
from rapport.meetings.models import (
    HiddenQuestion,
    Meeting,
    MeetingQuestion,
    OwnQuestion,
    PracticeAnswer,
    PracticeRun,
)

if TYPE_CHECKING:
    from rapport.accounts.models import User


def bank_for(owner: User) -> list[questions.Question]:
    """The built-in questions the user has not hidden, then their own."""
    hidden = set(HiddenQuestion.objects.owned_by(owner).values_list("key", flat=True))
    own = [
        questions.Question(f"own-{q.pk}", q.theme, q.text, q.minutes, template=False)
        for q in OwnQuestion.objects.owned_by(owner).order_by("id")
    ]
    return [q for q in questions.BANK if q.key not in hidden] + own


def question_findings(text: str) -> list[Finding]:
    """The guard's findings for a question: one that asks for a job is flagged."""
    return check(text, "question")


@transaction.atomic
def schedule_meeting(owner: User, contact: Contact, meeting: Meeting) -> Meeting:
    """Save a new meeting and propose questions that fit its length."""
    ensure_owner(owner, contact)
    meeting.owner, meeting.contact = owner, contact
    meeting.save()
    propose_questions(owner, meeting)
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


def add_question(owner: User, meeting: Meeting, text: str, minutes: int = 2) -> MeetingQuestion:
    text = " ".join(text.split())
    if not text:
        raise RapportError("a question needs some words")
    last = meeting.questions.order_by("-position").first()
    position = last.position + 1 if last else 0
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


def finish(owner: User, meeting: Meeting, ended_at: datetime) -> Meeting:
    """Mark a meeting done; the thank-you falls due 12 hours after it ended."""
    meeting.status, meeting.ended_at = Meeting.DONE, ended_at
    meeting.save(update_fields=["status", "ended_at"])
    log_touch(
        owner,
        meeting.contact,
        TouchKind.MEETING,
        ended_at,
        f"{meeting.get_mode_display()} meeting, {meeting.minutes} minutes",
    )
    return meeting


def invitation(owner: User, meeting: Meeting, now: datetime) -> bytes:
    contact = meeting.contact
    agenda = "\n".join(f"- {q.text}" for q in meeting.questions.all())
    return calendar.invitation(
        uid=f"meeting-{meeting.pk}@rapport",
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

"""Volunteers and the requests students send them.

A request is a short message from the student's own profile and what they share with the
volunteer, checked by the guard like any outreach; a job ask or an offered resume cannot be
sent at all (the center protects its volunteers: no override). The volunteer answers from
the e-mail by a single-use link, without an account: accept one of the proposed times,
propose another, or decline. An acceptance puts the volunteer in the student's network with
what they share, and the meeting on the calendar, and the method runs as usual. The monthly
limit is claimed by one conditional UPDATE at the moment of acceptance. A request not
answered in 7 days expires, and the student is pointed to the next volunteer.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from rapport import emails
from rapport.addresses import check_address
from rapport.alumni.models import Request, Volunteer
from rapport.contacts.models import Contact
from rapport.contacts.services import add_commonality, log_touch, save_contact
from rapport.core.errors import InvalidInput, NotFound, RapportError
from rapport.core.guard import ERROR, check
from rapport.core.network import CommonalityKind, TouchKind, Year, parse_tags
from rapport.core.search import fold
from rapport.meetings.models import Meeting
from rapport.meetings.services import schedule_meeting

if TYPE_CHECKING:
    from rapport.accounts.models import User

ANSWER_WITHIN = timedelta(days=7)
#: What a request may never do, however it is worded.
REFUSED = {"job-ask": "asks for a job", "resume-offer": "offers a resume"}
MODES = {"phone": Meeting.PHONE, "video": Meeting.VIDEO, "in_person": Meeting.IN_PERSON}


def month_of(now: datetime) -> str:
    return f"{now:%Y-%m}"


# -- The center's volunteers ---------------------------------------------------------------


def add_volunteer(admin: User, values: dict[str, Any]) -> Volunteer:
    if not admin.is_staff:
        raise RapportError("only an administrator can add volunteers")
    email = values.get("email", "").strip().lower()
    if "@" not in email:
        raise InvalidInput({"email": ["the volunteer's e-mail address"]})
    if Volunteer.objects.filter(email=email).exists():
        raise InvalidInput({"email": [f"{email} is a volunteer already"]})
    return Volunteer.objects.create(**{**values, "email": email})


JOIN_SALT = "rapport.alumni.join"
DAY = 24 * 60 * 60


def join_link(admin: User, base: str, days: int = 30) -> str:
    """A center-approved link through which alumni sign up as volunteers, for ``days``."""
    if not admin.is_staff:
        raise RapportError("only an administrator can make a volunteers' sign-up link")
    if not 0 < days <= 365:
        raise InvalidInput({"days": ["from 1 to 365 days"]})
    token = signing.dumps({"days": days}, salt=JOIN_SALT)
    return base.rstrip("/") + reverse("volunteer-join", args=[token])


def check_join(token: str) -> None:
    """NotFound unless ``token`` is a sign-up link an administrator made, still valid."""
    try:
        days = int(signing.loads(token, salt=JOIN_SALT)["days"])
        signing.loads(token, salt=JOIN_SALT, max_age=days * DAY)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound("this sign-up link is not valid, or has expired") from None


def join(token: str, values: dict[str, Any]) -> Volunteer:
    """Someone signs up through the center's link: their profile, as they gave it."""
    check_join(token)
    email = values.get("email", "").strip().lower()
    problems = {}
    try:
        check_address(email)
    except ValidationError as error:
        problems["email"] = list(error.messages)
    if email and Volunteer.objects.filter(email=email).exists():
        problems["email"] = ["this address is a volunteer already; use the link in your e-mails"]
    limit = values.get("monthly_limit") or 2
    if not 0 < limit <= 20:
        problems["monthly_limit"] = ["from 1 to 20 conversations a month"]
    if problems:
        raise InvalidInput(problems)
    return Volunteer.objects.create(**{**values, "email": email, "monthly_limit": limit})


def volunteer_by_key(key: str) -> Volunteer:
    volunteer = Volunteer.objects.filter(key=key).first() if key else None
    if volunteer is None:
        raise NotFound("no such volunteer")
    return volunteer


def manage(key: str, *, paused: bool | None = None, limit: int | None = None) -> Volunteer:
    """The volunteer pauses, resumes or changes how many conversations a month they take."""
    volunteer = volunteer_by_key(key)
    if limit is not None and not 0 < limit <= 20:
        raise InvalidInput({"limit": ["from 1 to 20 conversations a month"]})
    volunteer.paused = volunteer.paused if paused is None else paused
    volunteer.monthly_limit = volunteer.monthly_limit if limit is None else limit
    volunteer.save(update_fields=["paused", "monthly_limit"])
    return volunteer


def leave(key: str) -> None:
    """The volunteer leaves: their profile and the requests waiting for them go."""
    volunteer = volunteer_by_key(key)
    with transaction.atomic():
        Request.objects.filter(volunteer=volunteer, status=Request.SENT).delete()
        volunteer.delete()


# -- What a student sees -------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    volunteer: Volunteer
    shared: list[str]
    full: bool


def shared_with(student: User, volunteer: Volunteer) -> list[str]:
    """What the student has in common with the volunteer, strongest first, in words that
        are true of both: a volunteer with a graduation year is an alumnus of the center's school,
    which is the student's."""
    shared = []
    if student.major and fold(student.major) == fold(volunteer.major):
        shared.append(f"you both studied {volunteer.major}")
    interests = {fold(i): i for i in student.interest_list}
    topics = [t for t in parse_tags(volunteer.topics) if fold(t) in interests]
    if volunteer.field and fold(volunteer.field) in interests:
        shared.append(f"{volunteer.field} is one of your interests")
    shared += [f"they are happy to talk about {t}" for t in topics]
    if student.school and volunteer.graduation_year:  # an alumnus of the center's school
        shared.append(f"you both went to {student.school}")
    return shared


def directory(student: User, now: datetime, **criteria: str) -> list[Listing]:
    """Volunteers who are not paused, matching every criterion given: those with room this
    month first, and among them those the student shares most with."""
    found = Volunteer.objects.filter(paused=False)
    for name in ("field", "organization", "location", "major"):
        if value := criteria.get(name, "").strip():
            found = found.filter(**{f"{name}__icontains": value})
    if topic := criteria.get("topic", "").strip():
        found = found.filter(topics__icontains=topic)
    if year := criteria.get("year", "").strip():
        known = year.isascii() and year.isdigit()
        found = found.filter(graduation_year=int(year)) if known else found.none()
    month = month_of(now)
    listed = [Listing(v, shared_with(student, v), v.is_full(month)) for v in found]
    return sorted(listed, key=lambda item: (item.full, -len(item.shared), item.volunteer.name))


def first_words(student: User, volunteer: Volunteer, shared: list[str]) -> str:
    """A first draft of the request, from the student's profile alone; theirs to change."""
    first = volunteer.name.split()[0]
    who = student.name
    if student.year and student.major:
        who += f", a {Year(student.year).label} studying {student.major}"
    elif student.year:
        who += f", a {Year(student.year).label}"
    at = f" at {student.school}" if student.school else ""
    bond = next((s for s in shared if s.startswith("you both")), "")
    common = f" I saw that {bond.replace('you both', 'we both', 1)}." if bond else ""
    field = volunteer.field or "your field"
    return (
        f"Dear {first},\n\nI am {who}{at}, and I found you through the career center's "
        f"alumni volunteers.{common} I am exploring {field} and would value 15 to 20 minutes "
        f"of your insight into how you found your way into it. I have proposed a few times "
        f"below; if none suits you, any other is welcome.\n\nThank you,\n{student.name}"
    )


def refusals(message: str) -> list[str]:
    """What in ``message`` cannot go to a volunteer, as the guard says it."""
    found = check(message, "text")
    return sorted({REFUSED[f.rule] for f in found if f.severity == ERROR and f.rule in REFUSED})


def send_request(
    student: User,
    volunteer_id: int,
    message: str,
    slots: list[datetime],
    now: datetime,
    answer_url: str,
) -> Request:
    """Check the request and e-mail it to the volunteer; ``answer_url`` is the address of
    the answer page with ``{token}`` where the secret goes."""
    volunteer = Volunteer.objects.filter(pk=volunteer_id, paused=False).first()
    if volunteer is None:
        raise NotFound("no such volunteer")
    message = message.strip()
    problems: dict[str, list[str]] = {}
    if not message:
        problems["message"] = ["write a few words: who you are and what you would ask"]
    elif refused := refusals(message):
        problems["message"] = [
            f"the guard found that it {' and '.join(refused)}; volunteers are asked only for "
            "their insight, so this request cannot be sent as it is"
        ]
    slots = sorted(set(slots))
    if not slots:
        problems["slots"] = ["propose at least one time"]
    elif slots[0] <= now:
        problems["slots"] = ["propose times still to come"]
    if problems:
        raise InvalidInput(problems)
    if volunteer.is_full(month_of(now)):
        raise RapportError(f"{volunteer.name} is full this month; ask another volunteer")
    mine = Request.objects.owned_by(student)
    recent = mine.filter(created_at__gte=now - timedelta(hours=1)).count()
    if recent >= settings.SEND_LIMIT_PER_HOUR:  # the same brake as e-mail sent through Rapport
        raise RapportError(
            f"you have sent {recent} request{'s' if recent != 1 else ''} in the last hour, and "
            "Rapport sends at most "
            f"{settings.SEND_LIMIT_PER_HOUR} an hour; try again later"
        )
    waiting = mine.filter(volunteer=volunteer, status=Request.SENT)
    if waiting.exists():
        raise RapportError(
            f"your request to {volunteer.name} is still waiting for an answer; give them the "
            "7 days, or ask someone else"
        )
    if not settings.SMTP_ENABLED:
        raise RapportError("this Rapport cannot send e-mail (EMAIL_URL), so it cannot ask")
    token = secrets.token_urlsafe(32)
    shared = shared_with(student, volunteer)
    request = Request.objects.create(
        owner=student,
        volunteer=volunteer,
        volunteer_name=volunteer.name,
        commonality=shared[0] if shared else "",
        message=message,
        slots=[slot.isoformat() for slot in slots[:3]],
        answer_hash=digest(token),
        expires_at=now + ANSWER_WITHIN,
    )
    # Sent once the row is written, so that no database lock waits on the mail server; a
    # request that could not be sent is taken back.
    try:
        emails.volunteer_request(
            volunteer.email,
            volunteer.name,
            student.name,
            message,
            [moment(slot, student.time_zone) for slot in slots[:3]],
            answer_url.format(token=token),
            answer_url.replace("answer/{token}", f"manage/{volunteer.key}"),
        ).send()
    except OSError as error:  # smtplib's errors are OSErrors, as are refused connections
        request.delete()
        raise RapportError(f"the request was not sent ({error}); try again later") from None
    return request


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def moment(value: datetime, zone: str) -> str:
    local = value.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M} ({zone})"


def requests_of(student: User, now: datetime) -> list[Request]:
    expire(now)
    return list(Request.objects.owned_by(student).select_related("meeting"))


def expire(now: datetime) -> int:
    """Requests not answered in 7 days expire; their links stop working."""
    late = Request.objects.filter(status=Request.SENT, expires_at__lte=now)
    # Read first: the agenda asks on every visit, and an UPDATE would take the write lock.
    return late.update(status=Request.EXPIRED) if late.exists() else 0


def next_volunteer(student: User, now: datetime) -> Volunteer | None:
    """Who to ask instead: the first in the student's directory with room, not asked yet."""
    asked = set(Request.objects.owned_by(student).values_list("volunteer_id", flat=True))
    return next(
        (
            item.volunteer
            for item in directory(student, now)
            if not item.full and item.volunteer.pk not in asked
        ),
        None,
    )


# -- The volunteer's answer ----------------------------------------------------------------


def open_request(token: str, now: datetime) -> Request:
    """The request a link answers, while it can still be answered."""
    expire(now)
    request = (
        Request.objects.filter(answer_hash=digest(token), status=Request.SENT)
        .select_related("owner", "volunteer")
        .first()
    )
    if request is None or request.volunteer is None:
        raise NotFound("this link has been used, or the request expired or was withdrawn")
    return request


def claim_place(volunteer: Volunteer, month: str) -> bool:
    """Take one of this month's places, by one conditional UPDATE each try: two
    acceptances at the same moment can never both take the last."""
    this_month = Q(month=month, accepted_in_month__lt=F("monthly_limit"))
    for _ in range(2):
        rows = Volunteer.objects.filter(this_month, pk=volunteer.pk)
        if rows.update(accepted_in_month=F("accepted_in_month") + 1):
            return True
        fresh = Volunteer.objects.filter(~Q(month=month), pk=volunteer.pk, monthly_limit__gt=0)
        if fresh.update(month=month, accepted_in_month=1):
            return True
    return False


def accept(token: str, starts: datetime, now: datetime) -> Request:
    """The volunteer takes a time (one proposed, or one of their own): within the month's
    limit, they become the student's contact, and the meeting is set."""
    if starts <= now:
        raise InvalidInput({"starts": ["choose a time still to come"]})
    with transaction.atomic():
        request = answering(token, Request.ACCEPTED, now)
        volunteer, student = request.volunteer, request.owner
        assert volunteer is not None  # open_request refuses a request without one
        if not claim_place(volunteer, month_of(now)):
            request.status = Request.FULL
            request.save(update_fields=["status"])
            return request
        known = Contact.objects.owned_by(student).filter(email__iexact=volunteer.email).first()
        contact = known or save_contact(  # someone already in the network stays one contact
            student,
            Contact(
                name=volunteer.name,
                email=volunteer.email,
                role=volunteer.role,
                field=volunteer.field,
                location=volunteer.location,
                source="alumni volunteer",
                how_we_know="The career center's alumni volunteers",
            ),
            organization=volunteer.organization,
        )
        if request.commonality:
            school = request.commonality.startswith("you both went to")
            kind = CommonalityKind.SCHOOL if school else CommonalityKind.OTHER
            add_commonality(student, contact, kind, request.commonality, 3)
        log_touch(student, contact, TouchKind.EMAIL_SENT, request.created_at, request.message)
        log_touch(student, contact, TouchKind.REPLY_RECEIVED, now, "Accepted your request")
        mode = next((MODES[m] for m in volunteer.modes.split(",") if m in MODES), Meeting.VIDEO)
        meeting = schedule_meeting(
            student, contact, Meeting(starts_at=starts, minutes=20, mode=mode)
        )
        request.contact, request.meeting = contact, meeting
        request.save(update_fields=["contact", "meeting"])
    return request


def decline(token: str, now: datetime) -> Request:
    with transaction.atomic():
        return answering(token, Request.DECLINED, now)


def answering(token: str, status: str, now: datetime) -> Request:
    """Take the request's one answer, by a conditional UPDATE from "sent": a second submit
    (a double click, a second tab) finds it answered, on both databases, and is refused."""
    request = open_request(token, now)
    taken = Request.objects.filter(pk=request.pk, status=Request.SENT)
    if not taken.update(status=status, answered_at=now):
        raise NotFound("this link has been used, or the request expired or was withdrawn")
    request.status, request.answered_at = status, now
    return request


def answer_link(base: str) -> str:
    """The answer page's address with ``{token}`` for the secret."""
    return base.rstrip("/") + reverse("volunteer-answer", args=["TOKEN"]).replace(
        "TOKEN", "{token}"
    )

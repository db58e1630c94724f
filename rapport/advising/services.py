"""Advisors: who they are, what students share with them, and what they may see of it.

An advisor sees, of a consenting student only, counts and dates: contacts, outreach sent,
replies, meetings, thank-yous on time, the last activity, and whether the student may need
a nudge (no outreach in three weeks). Never the text of a note, a draft or a message. Each
look is written to the student's access log. The cohort page shows the whole center as a
funnel, by year, with every group of fewer than five students left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q

from rapport import clock
from rapport.accounts.models import User
from rapport.advising.models import AccessLog, Advisor, Consent
from rapport.contacts.models import Contact, Touch
from rapport.core.errors import NotFound, RapportError
from rapport.core.network import TouchKind, Year
from rapport.meetings.followup import on_time_rates

if TYPE_CHECKING:
    from collections.abc import Iterable

#: No outreach for this long: the student may need a nudge.
NUDGE_AFTER = timedelta(weeks=3)
#: A cohort group smaller than this is not shown: its counts could point at a person.
SMALLEST_GROUP = 5


# -- Who advises ---------------------------------------------------------------------------


def make_advisor(admin: User, email: str) -> User:
    """An administrator makes an existing account an advisor."""
    if not admin.is_staff:
        raise RapportError("only an administrator can make advisors")
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise NotFound(f"no account with the e-mail {email}; invite them first")
    Advisor.objects.get_or_create(user=user)
    return user


def remove_advisor(admin: User, email: str) -> int:
    """An administrator takes the role back; the consents given to them end today."""
    if not admin.is_staff:
        raise RapportError("only an administrator can remove advisors")
    email = email.strip().lower()
    with transaction.atomic():
        open_ = Consent.objects.filter(advisor__email=email, revoked_at__isnull=True)
        open_.update(revoked_at=clock.now())
        return int(Advisor.objects.filter(user__email=email).delete()[0])


def advisors() -> list[User]:
    return list(User.objects.filter(advisor_role__isnull=False).order_by("name", "id"))


def is_advisor(user: User) -> bool:
    return Advisor.objects.filter(user=user).exists()


# -- What students share -------------------------------------------------------------------


def share(student: User, advisor_id: int, now: datetime) -> Consent:
    """The student lets one advisor see their progress, from now until they revoke it."""
    advisor = User.objects.filter(pk=advisor_id, advisor_role__isnull=False).first()
    if advisor is None or advisor.pk == student.pk:
        raise NotFound("no such advisor")
    with transaction.atomic():
        open_ = Consent.objects.filter(student=student, advisor=advisor, revoked_at__isnull=True)
        return open_.first() or Consent.objects.create(
            student=student, advisor=advisor, granted_at=now
        )


def revoke(student: User, consent_id: int, now: datetime) -> Consent:
    """The student stops sharing with that advisor, at once; the consent keeps its dates."""
    consent = Consent.objects.filter(
        pk=consent_id, student=student, revoked_at__isnull=True
    ).first()
    if consent is None:
        raise NotFound("no such consent")
    consent.revoked_at = now
    consent.save(update_fields=["revoked_at"])
    return consent


def consents_of(student: User) -> list[Consent]:
    return list(Consent.objects.filter(student=student).select_related("advisor"))


def log_of(student: User, limit: int = 200) -> tuple[list[AccessLog], int]:
    """The latest ``limit`` looks, and how many there are in all."""
    looks = AccessLog.objects.filter(student=student)
    return list(looks[:limit]), looks.count()


# -- What advisors see ---------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A student's progress in counts and dates: nothing they wrote."""

    student_id: int
    name: str
    year: str
    contacts: int
    outreach: int
    replies: int
    meetings: int
    thank_yous_on_time: int
    thank_yous_due: int
    last_activity: datetime | None
    last_outreach: datetime | None
    needs_nudge: bool


def progress_of(student: User, now: datetime) -> Progress:
    return progress_of_many([student], now)[0]


def progress_of_many(students: list[User], now: datetime) -> list[Progress]:
    """Each student's progress, in a few grouped queries however many students there are."""
    ids = [s.pk for s in students]
    touches = {
        row["owner_id"]: row
        for row in Touch.objects.filter(owner__in=ids)
        .values("owner_id")
        .annotate(
            outreach=Count("pk", filter=Q(kind=TouchKind.EMAIL_SENT)),
            replies=Count("pk", filter=Q(kind=TouchKind.REPLY_RECEIVED)),
            # A meeting marked done is a "Meeting" on the timeline, as is one logged by hand.
            meetings=Count("pk", filter=Q(kind=TouchKind.MEETING)),
            last=Max("happened_at"),
            last_outreach=Max("happened_at", filter=Q(kind=TouchKind.EMAIL_SENT)),
        )
    }
    contacts = {
        row["owner_id"]: row
        for row in Contact.objects.filter(owner__in=ids)
        .values("owner_id")
        .annotate(n=Count("pk"), last=Max("updated_at"))
    }
    rates = on_time_rates(ids, now)
    found = []
    for student in students:
        mine = touches.get(student.pk, {})
        kept = contacts.get(student.pk, {})
        last_outreach = mine.get("last_outreach")
        on_time, due = rates.get(student.pk, (0, 0))
        found.append(
            Progress(
                student_id=student.pk,
                name=student.name,
                year=Year(student.year).label if student.year else "",
                contacts=kept.get("n", 0),
                outreach=mine.get("outreach", 0),
                replies=mine.get("replies", 0),
                meetings=mine.get("meetings", 0),
                thank_yous_on_time=on_time,
                thank_yous_due=due,
                last_activity=max(
                    (m for m in (mine.get("last"), kept.get("last")) if m), default=None
                ),
                last_outreach=last_outreach,
                needs_nudge=last_outreach is None or now - last_outreach > NUDGE_AFTER,
            )
        )
    return found


def sharing_with(advisor: User) -> list[User]:
    """The students who share their progress with ``advisor`` now."""
    return list(
        User.objects.filter(
            consents_given__advisor=advisor, consents_given__revoked_at__isnull=True
        )
        .distinct()
        .order_by("name", "id")
    )


def students_page(advisor: User, now: datetime) -> list[Progress]:
    """Every consenting student's progress, each look logged; nothing for a non-advisor."""
    if not is_advisor(advisor):
        raise NotFound("not an advisor")
    students = sharing_with(advisor)
    looked = progress_of_many(students, now)
    record(advisor, students, "looked at your progress in the list of students", now)
    return looked


def student_page(advisor: User, student_id: int, now: datetime) -> Progress:
    """One student's progress, if they share it with ``advisor`` now; else not found."""
    student = next((s for s in sharing_with(advisor) if s.pk == student_id), None)
    if student is None or not is_advisor(advisor):
        raise NotFound("no such student")
    record(advisor, [student], "looked at your progress", now)
    return progress_of(student, now)


def record(advisor: User, students: Iterable[User], what: str, now: datetime) -> None:
    AccessLog.objects.bulk_create(
        AccessLog(
            student=student,
            advisor=advisor,
            # The address too: a display name is the advisor's to change, the address is not.
            advisor_name=f"{advisor.name} <{advisor.email}>",
            what=what,
            at=now,
        )
        for student in students
    )


# -- The center as a whole -----------------------------------------------------------------

FUNNEL = [
    ("students", "Students"),
    ("contacts", "With a contact"),
    ("outreach", "Reached out"),
    ("replies", "Had a reply"),
    ("meetings", "Met someone"),
    ("thanked", "Sent a thank-you"),
]


@dataclass(frozen=True)
class Group:
    label: str
    size: int
    #: Each step of FUNNEL and how many students of the group reached it; empty when the
    #: group is too small to show.
    steps: list[tuple[str, int]]


#: The order of the year groups on the page.
YEAR_ORDER = {str(y.label).capitalize(): n for n, y in enumerate(Year)} | {"Year not given": 99}


def cohort(now: datetime) -> list[Group]:
    """The center's funnel by year (and in all), counted over every student in one query; a
    group of fewer than SMALLEST_GROUP students is shown as such, without its numbers."""
    touched = {
        key: Exists(Touch.objects.filter(owner=OuterRef("pk"), kind=kind))
        for key, kind in (
            ("outreach", TouchKind.EMAIL_SENT),
            ("replies", TouchKind.REPLY_RECEIVED),
            ("meetings", TouchKind.MEETING),
            ("thanked", TouchKind.THANK_YOU),
        )
    }
    reached = {
        "students": Count("pk"),
        "contacts": Count("pk", filter=Q(Exists(Contact.objects.filter(owner=OuterRef("pk"))))),
        **{key: Count("pk", filter=Q(exists)) for key, exists in touched.items()},
    }
    rows = {
        row["year"]: row
        for row in User.objects.filter(is_staff=False, advisor_role__isnull=True)
        .values("year")
        .annotate(**reached)
        .order_by()
    }
    everyone = {key: sum(row[key] for row in rows.values()) for key, _ in FUNNEL}
    years = [(str(y.label).capitalize(), rows[y.value]) for y in Year if y.value in rows]
    if "" in rows:
        years.append(("Year not given", rows[""]))
    # No group under SMALLEST_GROUP is shown, and none can be worked out by subtracting the
    # shown ones from "All students": small groups are pooled, and while the pool itself is
    # smaller than that, the next smallest group joins it.
    years.sort(key=lambda group: group[1]["students"])
    pooled = [g for g in years if g[1]["students"] < SMALLEST_GROUP]
    shown = [g for g in years if g[1]["students"] >= SMALLEST_GROUP]
    while shown and 0 < sum(g[1]["students"] for g in pooled) < SMALLEST_GROUP:
        pooled.append(shown.pop(0))
    groups = [("All students", everyone), *sorted(shown, key=lambda g: YEAR_ORDER[g[0]])]
    if pooled:
        names = ", ".join(label.lower() for label, _ in pooled)
        together = {key: sum(g[1][key] for g in pooled) for key, _ in FUNNEL}
        groups.append((f"Other students ({names})", together))
    return [
        Group(
            label,
            counts["students"],
            []
            if counts["students"] < SMALLEST_GROUP
            else [(name, counts[key]) for key, name in FUNNEL],
        )
        for label, counts in groups
    ]

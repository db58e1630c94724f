"""What the schedule needs to know of each contact, read from the timeline in a handful of
queries: for the whole account, or for a few contacts and the neighbours they depend on."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Q

from rapport.agenda.models import Snooze
from rapport.contacts.models import Contact, Referral, Touch
from rapport.core import schedule
from rapport.core.network import CONVERSATIONS, TouchKind
from rapport.database import moment_of, raw_rows
from rapport.meetings.models import Meeting, Suggestion

if TYPE_CHECKING:
    from rapport.accounts.models import User


FACT_COLUMNS = [
    "last_touch",
    "last_meeting",
    "last_thank_you",
    "last_conversation",
    "last_email",
    "last_talk",
]


def facts_for(owner: User, only: Collection[int] | None = None) -> list[schedule.ContactFacts]:
    """The timeline facts of every contact with something on its timeline, or of those among
    ``only``. A contact's facts also depend on others: the untouched people and open asks at
    its organization (3B7's second person) and the people it referred (the report back), so
    for ``only`` those are read too."""
    wanted = None if only is None else set(only)
    scope = None if wanted is None else context_of(owner, wanted)
    rows = with_held_meetings(timeline_summary(owner, scope), held_meetings(owner, scope))
    planned = meetings_planned(owner, scope)
    open_suggestions = suggestions_by_contact(owner, wanted)
    talks = referred_talks(owner, rows, wanted)
    referred = referred_by(owner, wanted)
    # Every contact in scope, read once: a list of 10,000 ids in an IN (...) costs more than
    # the rows.
    people = Contact.objects.owned_by(owner)
    if scope is not None:
        people = people.filter(pk__in=scope)
    everyone = people.values_list(
        "pk", "name", "cadence_days", "organization_id", "organization__name"
    )
    active = rows.keys() | open_suggestions.keys() | talks.keys() | referred.keys()
    contacts, untouched, organization_of = [], Counter[int](), {}
    for pk, name, cadence, organization_id, organization in everyone:
        organization_of[pk] = organization_id
        if pk in active and (wanted is None or pk in wanted):
            contacts.append((pk, name, cadence, organization_id, organization))
        if pk not in rows and pk not in planned and organization_id is not None:
            untouched[organization_id] += 1  # never written to, spoken with or met
    emails = open_asks(owner, rows, planned)
    by_tag = tag_cadences(owner, wanted)
    asking = Counter(organization_of.get(pk) for pk in emails)
    snoozes = snoozed(owner, wanted)
    return [
        schedule.ContactFacts(
            contact_id=pk,
            name=name,
            organization=organization or "",
            cadence_days=cadence or by_tag.get(pk),
            last_touch=rows.get(pk, {}).get("last_touch"),
            last_meeting=rows.get(pk, {}).get("last_meeting"),
            last_thank_you=rows.get(pk, {}).get("last_thank_you"),
            last_conversation=rows.get(pk, {}).get("last_conversation"),
            emails_since_conversation=tuple(emails.get(pk, [])),
            meeting_planned=pk in planned,
            # Never two open asks at one organization.
            others_at_organization=untouched[organization_id]
            if asking[organization_id] == 1
            else 0,
            snoozed=snoozes.get(pk, {}),
            suggestions=tuple(open_suggestions.get(pk, [])),
            referred_talks=tuple(talks.get(pk, [])),
            referred_by=tuple(referred.get(pk, [])),
        )
        for pk, name, cadence, organization_id, organization in contacts
    ]


def context_of(owner: User, wanted: set[int]) -> set[int]:
    """``wanted``, everyone at their organizations and the people they referred: whose
    timelines the facts of ``wanted`` are read from."""
    mine = Contact.objects.owned_by(owner)
    organizations = mine.filter(pk__in=wanted, organization__isnull=False).values("organization_id")
    mates = mine.filter(organization_id__in=organizations).values_list("pk", flat=True)
    referred = Referral.objects.owned_by(owner).filter(referrer_id__in=wanted)
    return wanted | set(mates) | set(referred.values_list("referred_id", flat=True))


def timeline_summary(owner: User, scope: set[int] | None) -> dict[int, dict[str, Any]]:
    """The latest moment of each kind on each contact's timeline (contacts with a touch)."""
    touches = Touch.objects.owned_by(owner)
    if scope is not None:
        touches = touches.filter(contact_id__in=scope)
    summary = (
        touches.order_by()
        .values("contact_id")
        .annotate(
            last_touch=Max("happened_at"),
            last_meeting=Max("happened_at", filter=Q(kind=TouchKind.MEETING)),
            last_thank_you=Max("happened_at", filter=Q(kind=TouchKind.THANK_YOU)),
            last_conversation=Max("happened_at", filter=Q(kind__in=CONVERSATIONS)),
            last_email=Max("happened_at", filter=Q(kind=TouchKind.EMAIL_SENT)),
            # A reply is an answer, not yet a talk: a report back waits for a call or meeting.
            last_talk=Max("happened_at", filter=Q(kind__in=[TouchKind.CALL, TouchKind.MEETING])),
        )
        .values_list("contact_id", *FACT_COLUMNS)
    )
    return {
        row[0]: dict(zip(FACT_COLUMNS, map(moment_of, row[1:]), strict=True))
        for row in raw_rows(summary)
    }


#: The facts a held meeting gives, as its "Meeting" touch would.
MEETING_FACTS = ["last_touch", "last_meeting", "last_conversation", "last_talk"]


def held_meetings(owner: User, scope: set[int] | None) -> dict[int, datetime]:
    """For each contact (among ``scope``), when the last meeting marked done whose "Meeting"
    touch was taken off the timeline ended: it still took place, so it still answers the ask
    and is still to be thanked. One whose touch remains is read from the touch."""
    # Done always has its end: ``finish`` writes both, and meetings' 0003 filled older ones.
    done = Meeting.objects.owned_by(owner).filter(
        status=Meeting.DONE, touch__isnull=True, ended_at__isnull=False
    )
    if scope is not None:
        done = done.filter(contact_id__in=scope)
    ended = done.order_by().values("contact_id").annotate(last=Max("ended_at"))
    return {
        pk: moment
        for pk, last in raw_rows(ended.values_list("contact_id", "last"))
        if (moment := moment_of(last)) is not None
    }


def with_held_meetings(
    rows: dict[int, dict[str, Any]], held: dict[int, datetime]
) -> dict[int, dict[str, Any]]:
    """The timeline summary with each held meeting counted as the "Meeting" touch it had."""
    for pk, moment in held.items():
        row = rows.setdefault(pk, dict.fromkeys(FACT_COLUMNS))
        for column in MEETING_FACTS:
            row[column] = max(moment, row[column] or moment)
    return rows


def suggestions_by_contact(
    owner: User, wanted: set[int] | None = None
) -> dict[int, list[tuple[str, datetime]]]:
    """Open suggestions with a due date, at 09:00 in the user's zone on that day."""
    zone = ZoneInfo(owner.time_zone)
    found: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    open_ones = Suggestion.objects.owned_by(owner).filter(status=Suggestion.OPEN, due__isnull=False)
    if wanted is not None:
        open_ones = open_ones.filter(contact_id__in=wanted)
    for pk, text, due in open_ones.order_by("id").values_list("contact_id", "text", "due"):
        found[pk].append((text, datetime.combine(due, time(9), tzinfo=zone)))
    return found


def referred_talks(
    owner: User, rows: dict[int, dict[str, Any]], wanted: set[int] | None = None
) -> dict[int, list[tuple[str, datetime]]]:
    """For each referrer: the people they referred whom the user has since talked with."""
    talks: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    referrals = Referral.objects.owned_by(owner)
    if wanted is not None:
        referrals = referrals.filter(referrer_id__in=wanted)
    for referrer, referred, name in referrals.order_by("id").values_list(
        "referrer_id", "referred_id", "referred__name"
    ):
        talked = rows.get(referred, {}).get("last_talk")
        if talked:
            talks[referrer].append((name, talked))
    return talks


def referred_by(
    owner: User, wanted: set[int] | None = None
) -> dict[int, list[tuple[str, str, datetime]]]:
    """For each person someone referred the user to: who did, whether the name may be used,
    and when it was recorded."""
    found: dict[int, list[tuple[str, str, datetime]]] = defaultdict(list)
    referrals = Referral.objects.owned_by(owner)
    if wanted is not None:
        referrals = referrals.filter(referred_id__in=wanted)
    columns = ("referred_id", "referrer__name", "permission", "created_at")
    for referred, referrer, permission, created in raw_rows(
        referrals.order_by("id").values_list(*columns)
    ):
        if (moment := moment_of(created)) is not None:
            found[referred].append((referrer, permission, moment))
    return found


def tag_cadences(owner: User, wanted: set[int] | None = None) -> dict[int, int]:
    """The shortest keep-in-touch cadence among each contact's tags, where a tag sets one."""
    links = Contact.tags.through.objects.filter(tag__owner=owner, tag__cadence_days__isnull=False)
    if wanted is not None:
        links = links.filter(contact_id__in=wanted)
    shortest: dict[int, int] = {}
    for pk, days in links.values_list("contact_id", "tag__cadence_days"):
        shortest[pk] = min(days, shortest.get(pk, days))
    return shortest


def open_asks(
    owner: User, rows: dict[int, dict[str, Any]], planned: Collection[int]
) -> dict[int, list[datetime]]:
    """For each contact with an ask still open, the e-mails sent to them. An ask is open
    while the contact has been e-mailed but has never answered or talked with the user and
    no meeting with them is planned: an e-mail after that chases no one (3B7)."""
    waiting = {
        pk
        for pk, row in rows.items()
        if row["last_email"] and not row["last_conversation"] and pk not in planned
    }
    emails: dict[int, list[datetime]] = defaultdict(list)
    sent = Touch.objects.owned_by(owner).filter(kind=TouchKind.EMAIL_SENT)
    if len(waiting) < 500:  # a few: name them; many: read them all rather than a long IN
        sent = sent.filter(contact_id__in=waiting)
    for pk, raw in raw_rows(sent.order_by("happened_at").values_list("contact_id", "happened_at")):
        if pk in waiting:
            emails[pk].append(moment_of(raw))
    return emails


def meetings_planned(owner: User, scope: set[int] | None) -> set[int]:
    """The contacts (among ``scope``) with a meeting requested or scheduled, whatever its
    date: one neither done nor cancelled."""
    planned = Meeting.objects.owned_by(owner).filter(
        status__in=[Meeting.REQUESTED, Meeting.SCHEDULED]
    )
    if scope is not None:
        planned = planned.filter(contact_id__in=scope)
    return set(planned.order_by().values_list("contact_id", flat=True).distinct())


def snoozed(owner: User, wanted: set[int] | None = None) -> dict[int, dict[str, datetime]]:
    found: dict[int, dict[str, datetime]] = defaultdict(dict)
    snoozes = Snooze.objects.owned_by(owner)
    if wanted is not None:
        snoozes = snoozes.filter(contact_id__in=wanted)
    for contact_id, kind, until in snoozes.values_list("contact_id", "kind", "until"):
        found[contact_id][kind] = until
    return found

"""During and after the meeting: notes, skill words, suggestions, referrals, the thank-you."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rapport.contacts.capture import fill_in, with_address
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Contact, Referral, Touch
from rapport.contacts.schema import problem_with
from rapport.contacts.services import add_referral, ensure_owner, save_contact
from rapport.core import compose, schedule, skills
from rapport.core.contact_fields import BY_NAME
from rapport.core.errors import RapportError
from rapport.core.network import Permission, Source, TouchKind
from rapport.core.search import person_sort_key
from rapport.meetings.models import Meeting, MeetingQuestion, OwnSkill, Suggestion
from rapport.outreach.services import recipient_of, sender_of

if TYPE_CHECKING:
    from rapport.accounts.models import User


@functools.cache
def shipped_vocabulary() -> tuple[str, ...]:
    return skills.parse_vocabulary(files("rapport").joinpath("data/skills.txt").read_text("utf-8"))


def vocabulary_for(owner: User) -> tuple[str, ...]:
    own = OwnSkill.objects.owned_by(owner).values_list("term", flat=True)
    return tuple(dict.fromkeys([*shipped_vocabulary(), *own]))


@transaction.atomic
def save_notes(meeting: Meeting, notes: str | None, question_notes: dict[int, str]) -> None:
    """Keep what was typed: the meeting's free notes and the note under each question."""
    if notes is not None:
        Meeting.objects.filter(pk=meeting.pk).update(notes=notes)
        meeting.notes = notes
    for pk, note in question_notes.items():
        MeetingQuestion.objects.filter(pk=pk, meeting=meeting).update(note=note)


def heard_in(meeting: Meeting, vocabulary: tuple[str, ...]) -> list[str]:
    """The skill terms in the meeting's notes, first heard first."""
    texts = notes_of(meeting)
    return list(dict.fromkeys(h.term for text in texts for h in skills.find(text, vocabulary)))


def notes_of(meeting: Meeting) -> list[str]:
    """What was typed during the meeting: the note under each question, then the free notes."""
    return [q.note for q in meeting.questions.all()] + [meeting.notes]


def words_for_resume(owner: User) -> list[dict[str, Any]]:
    """Every skill term heard across meetings: how often, and from whom; most heard first."""
    vocabulary = vocabulary_for(owner)
    counts: dict[str, int] = defaultdict(int)
    people: dict[str, list[str]] = defaultdict(list)
    for meeting in (
        Meeting.objects.owned_by(owner).select_related("contact").prefetch_related("questions")
    ):
        for term in heard_in(meeting, vocabulary):
            counts[term] += 1
            people[term].append(meeting.contact.name)
    return sorted(
        (
            {"term": t, "count": n, "from": list(dict.fromkeys(people[t]))}
            for t, n in counts.items()
        ),
        key=lambda row: (-row["count"], row["term"].casefold()),
    )


def missing_from_resume(owner: User) -> list[str]:
    heard = [row["term"] for row in words_for_resume(owner)]
    return skills.missing_from(owner.resume_text, heard, vocabulary_for(owner))


def add_suggestion(
    owner: User, meeting: Meeting, kind: str, text: str, due: date | None
) -> Suggestion:
    text = " ".join(text.split())
    if not text:
        raise RapportError("say what they suggested")
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            owner=owner,
            contact=meeting.contact,
            meeting=meeting,
            kind=kind,
            text=text[:300],
            due=due,
        )
        due_may_have_changed(owner, [meeting.contact_id])
    return suggestion


def close_suggestion(suggestion: Suggestion, status: str, now: datetime) -> Suggestion:
    if status not in (Suggestion.DONE, Suggestion.DISMISSED, Suggestion.OPEN):
        raise RapportError(f"unknown status {status!r}")
    suggestion.status, suggestion.closed_at = status, (None if status == Suggestion.OPEN else now)
    with transaction.atomic():
        suggestion.save(update_fields=["status", "closed_at"])
        due_may_have_changed(suggestion.owner, [suggestion.contact_id])
    return suggestion


class AddressTaken(RapportError):
    """The address given for the person suggested is already another contact's, under
    another name: someone else at a shared address, or the same person named differently."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.contacts = contacts
        super().__init__(f"already the address of {' and '.join(c.name for c in contacts)}")


@dataclass(frozen=True)
class Referred:
    referral: Referral
    added: bool  # a new contact, rather than one the user already had
    filled: list[str]  # the labels of what was empty on a known contact and is now filled in
    kept: dict[str, tuple[str, str]]  # label → (what they had, what was given: in their notes)


@transaction.atomic
def refer_from_meeting(
    owner: User,
    meeting: Meeting,
    name: str,
    organization: str,
    permission: str,
    email: str = "",
    *,
    address_shared: bool = False,
) -> Referred:
    """Someone the contact suggested: found among the user's contacts by name, or added.
    A known contact's empty e-mail address or organization is filled in; one they already
    have is kept, and what was given instead goes into their notes. An address that is
    another contact's is refused unless ``address_shared`` (the user said it is someone else)."""
    name, email = " ".join(name.split()), email.strip()
    if not name:
        raise RapportError("give the name of the person they suggested")
    if permission not in {p.value for p in Permission}:
        raise RapportError(f"unknown permission {permission!r}")
    if email and (problem := problem_with(BY_NAME["email"], email)):
        raise RapportError(f"{email!r} is {problem}")
    referrer = meeting.contact
    # By the name as lists fold it: "josé núñez" is "José Núñez" (SQLite's iexact folds
    # ASCII letters only), and "Dr. Ana Ruiz" is "Ana Ruiz".
    others = Contact.objects.owned_by(owner).exclude(pk=referrer.pk)
    person = others.filter(sort_name=person_sort_key(name)).order_by("id").first()
    sharing = [contact for contact in with_address(owner, email) if contact != person]
    if sharing and not address_shared:
        raise AddressTaken(sharing)
    new_contact = person is None
    if person is None:
        new = Contact(
            name=name,
            email=email,
            source=Source.REFERRAL,
            how_we_know=f"{referrer.name} suggested them.",
        )
        person = save_contact(owner, new, organization=organization)
        filled, kept = [], {}
    else:
        filled, kept = fill_in_known(owner, person, referrer, organization, email)
    # Said again (a second meeting, or the form sent twice): what was recorded stands, the
    # note and a permission given; "not asked" is the form's default, not an answer.
    had = Referral.objects.owned_by(owner).filter(referrer=referrer, referred=person).first()
    if had is not None and permission == Permission.NOT_ASKED:
        permission = had.permission
    note = had.note if had is not None else ""
    referral = add_referral(owner, referrer, person, permission, note)
    Referral.objects.filter(pk=referral.pk, meeting__isnull=True).update(meeting=meeting)
    return Referred(referral, added=new_contact, filled=filled, kept=kept)


def fill_in_known(
    owner: User, person: Contact, referrer: Contact, organization: str, email: str
) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Fill in ``person``'s empty e-mail address and organization with those given; where
    they already have others, keep theirs and write the ones given into their notes."""
    if not email and not organization:
        return [], {}
    had = {
        BY_NAME["email"].label: person.email,
        "organization": person.organization.name if person.organization else "",
    }
    result = fill_in(owner, person, {"email": email, "organization_name": organization}, ())
    kept = {label: (had[label], value) for label, value in result.kept.items()}
    lines = [
        f"{referrer.name} gave another {label} for them: {value}."
        for label, value in result.kept.items()
    ]
    lines = [line for line in lines if line not in person.notes]  # given again: noted once
    if lines:
        person.notes = "\n\n".join(filter(None, [person.notes.rstrip(), *lines]))
        save_contact(
            owner,
            person,
            organization=person.organization.name if person.organization else "",
            tags=[tag.name for tag in person.tags.all()],
        )
    return result.filled, kept


def thank_you_draft(owner: User, meeting: Meeting) -> compose.Draft:
    """A thank-you that names what was heard (the skill words in the notes, spelled as the
    notes or the skills list spell them, never the raw notes pasted into a sentence), thanks
    for the people they suggested, and says which suggestion the user will act on."""
    ensure_owner(owner, meeting.contact)
    heard_all = skills.as_written(notes_of(meeting), vocabulary_for(owner))
    heard = tuple(skills.without_parts(heard_all)[:3])
    plan = meeting.suggestions.filter(status=Suggestion.OPEN).order_by("-created_at", "-id").first()
    referrals = meeting.referrals.select_related("referred").order_by("created_at", "id")
    referred = tuple(r.referred.name for r in referrals)
    return compose.thank_you(
        sender_of(owner),
        recipient_of(meeting.contact),
        heard,
        plan.text if plan else "",
        referred,
        plan.kind if plan else "",
    )


def has_plan(meeting: Meeting) -> bool:
    """Whether the thank-you has something to say the user will do: an open suggestion or a
    person suggested at the meeting (what ``thank_you_draft`` reads)."""
    open_suggestions = meeting.suggestions.filter(status=Suggestion.OPEN)
    return open_suggestions.exists() or meeting.referrals.exists()


def on_time_rate(owner: User, now: datetime) -> tuple[int, int]:
    """Thank-yous sent within 12 hours of a meeting's end, of the meetings done long enough ago."""
    return on_time_rates([owner.pk], now).get(owner.pk, (0, 0))


def on_time_rates(owners: list[int], now: datetime) -> dict[int, tuple[int, int]]:
    """``on_time_rate`` of each of ``owners``, in two queries however many there are (an
    advisor's list of students): the meetings done, then the thank-yous of contacts met."""
    done: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    meetings = Meeting.objects.filter(owner__in=owners, status=Meeting.DONE, ended_at__isnull=False)
    for owner_id, contact_id, ended_at in meetings.values_list(
        "owner_id", "contact_id", "ended_at"
    ):
        done[owner_id].append((contact_id, ended_at))
    if not done:
        return {}
    sent: dict[int, list[datetime]] = defaultdict(list)
    thank_yous = Touch.objects.filter(
        owner__in=list(done), kind=TouchKind.THANK_YOU, contact__meetings__status=Meeting.DONE
    )
    for contact_id, happened_at in thank_yous.distinct().values_list("contact_id", "happened_at"):
        sent[contact_id].append(happened_at)
    rates = {}
    for owner_id, held in done.items():
        on_time = total = 0
        for contact_id, ended_at in held:
            deadline = schedule.thank_you_due(ended_at)
            first = min((m for m in sent[contact_id] if m >= ended_at), default=None)
            if first is None and deadline > now:
                continue  # still time
            total += 1
            on_time += bool(first and first <= deadline)
        rates[owner_id] = (on_time, total)
    return rates

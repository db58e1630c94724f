"""The vocabulary of a network: where a contact came from, what you share, how you touched."""

from __future__ import annotations

from enum import StrEnum

#: Keep in touch this often when neither the contact nor a tag says otherwise (METHOD.md).
DEFAULT_CADENCE_DAYS = 90

#: Strength of a commonality: 1 barely matters to them, 5 matters a great deal.
STRENGTH_MIN, STRENGTH_MAX, STRENGTH_DEFAULT = 1, 5, 3


class Labelled(StrEnum):
    """A string enum whose members carry a human label, in declaration order."""

    label: str

    def __new__(cls, value: str, label: str) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Source(Labelled):
    """How the user found the contact: the seed's common contacts, situations and media."""

    RELATIVE = "relative", "Relative"
    FRIEND = "friend", "Friend"
    PROFESSOR = "professor", "Professor"
    CLASSMATE = "classmate", "Classmate"
    ALUMNI = "alumni", "Alumni network"
    CLUB = "club", "Club or organization"
    EVENT = "event", "Career fair or event"
    LINKEDIN = "linkedin", "LinkedIn"
    REFERRAL = "referral", "Referral"
    OTHER = "other", "Other"


class CommonalityKind(Labelled):
    """What the user and the contact share; the stronger it is for them, the likelier a yes."""

    MUTUAL_PERSON = "mutual_person", "Mutual person"
    SCHOOL = "school", "School"
    CLUB = "club", "Club or organization"
    EMPLOYER = "employer", "Employer"
    HOMETOWN = "hometown", "Hometown"
    EVENT = "event", "Met at an event"
    OTHER = "other", "Other"


class TouchKind(Labelled):
    """One moment on a contact's timeline."""

    EMAIL_SENT = "email_sent", "E-mail sent"
    REPLY_RECEIVED = "reply_received", "Reply received"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    THANK_YOU = "thank_you", "Thank-you sent"
    NOTE = "note", "Note"
    CONNECTED = "connected", "Connected"


#: Touches after which the relationship has begun: the ask is answered (3B7 chases no one),
#: a later note is a warm one, and keeping in touch starts.
CONVERSATIONS = frozenset(
    {TouchKind.REPLY_RECEIVED, TouchKind.CALL, TouchKind.MEETING, TouchKind.THANK_YOU}
)


class Permission(Labelled):
    """Whether a referrer said their name may be used when reaching out to the person."""

    YES = "yes", "Yes, may use their name"
    NO = "no", "No, do not use their name"
    NOT_ASKED = "not_asked", "Not asked yet"


class Year(Labelled):
    """Where the user stands; the label reads well inside a sound bite ("a junior")."""

    FIRST_YEAR = "first_year", "first-year student"
    SOPHOMORE = "sophomore", "sophomore"
    JUNIOR = "junior", "junior"
    SENIOR = "senior", "senior"
    GRADUATE = "graduate", "graduate student"
    RECENT_GRADUATE = "recent_graduate", "recent graduate"
    CAREER_CHANGER = "career_changer", "career changer"
    OTHER = "other", "other"


def parse_tags(text: str) -> list[str]:
    """Return the distinct tags in a comma-separated text, trimmed, in first-seen order."""
    tags: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in tags:
            tags[tag.casefold()] = tag
    return list(tags.values())

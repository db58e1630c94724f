"""The composer: a ten-second sound bite, a phone script and voicemail, and the first e-mail.

Written from the user's profile, the contact, the strongest commonality and the referrer,
whose name is used only when they said it may be. Every wording is the project's own;
the caller offers only the drafts the guard passes, and the user edits freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapport.core.guard import Context, Finding, check, has_error

#: Words a minute when speaking calmly on the phone.
SPEAKING_RATE = 150


@dataclass(frozen=True)
class Sender:
    name: str
    school: str = ""
    year: str = ""  # as it reads in a sentence: "junior", "graduate student"
    major: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str = ""
    organization: str = ""
    field: str = ""


@dataclass(frozen=True)
class Connection:
    """How the user reaches this person: a referrer who allowed their name, or what they share."""

    referrer: str = ""
    kind: str = ""
    detail: str = ""

    @property
    def cues(self) -> tuple[str, ...]:
        return tuple(cue for cue in (self.referrer, self.detail) if cue)


@dataclass(frozen=True)
class Draft:
    kind: str
    text: str
    subject: str = ""
    findings: tuple[Finding, ...] = field(default=())

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def seconds(self) -> int:
        return round(self.words * 60 / SPEAKING_RATE)

    @property
    def ok(self) -> bool:
        return not has_error(list(self.findings))

    @property
    def full_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.text}" if self.subject else self.text


def article(phrase: str) -> str:
    """ "a" or "an", by how the next word sounds: an analyst, a UMass junior, a university."""
    word = phrase.split()[0] if phrase.split() else ""
    lower = word.lower()
    sounds_like_you = lower.startswith(("uni", "umass", "use", "usu", "ut")) or word[:2].isupper()
    return "an" if lower[:1] in "aeio" or (lower[:1] == "u" and not sounds_like_you) else "a"


def who(sender: Sender) -> str:
    """ "a junior at UMass Amherst majoring in History", from whatever the profile has."""
    year = sender.year or "student"
    phrase = f"{article(year)} {year}"
    if sender.school:
        phrase += f" at {sender.school}"
    if sender.major:
        phrase += f" majoring in {sender.major}"
    return phrase


def their_work(recipient: Recipient) -> str:
    """ "your work as a policy analyst at Harbor Policy Institute", or as much as is known."""
    if recipient.role:
        role = recipient.role[0].lower() + recipient.role[1:]
        where = f" at {recipient.organization}" if recipient.organization else ""
        return f"your work as {article(role)} {role}{where}"
    if recipient.organization:
        return f"your work at {recipient.organization}"
    if recipient.field:
        return f"your work in {recipient.field}"
    return "your work"


def opening(connection: Connection, spoken: bool = False) -> list[str]:
    """First sentences that put the connection first, strongest first."""
    if connection.referrer and spoken:
        return [f"{connection.referrer} suggested I call."]
    if connection.referrer:
        return [
            f"{connection.referrer} suggested I get in touch with you.",
            f"{connection.referrer} suggested I contact you.",
        ]
    detail = connection.detail
    if not detail:
        return []
    if spoken:
        return [f"{shared(connection)}, so I thought I'd call."]
    by_kind = {
        "school": f"As a fellow {detail} student, I hoped you might not mind a note.",
        "linkedin": f"We are connected on {detail}, which is why I am reaching out.",
        "club": f"As a fellow member of {detail}, I hoped you might not mind a note.",
        "hometown": f"We are both from {detail}, which is why I am reaching out.",
        "employer": f"We have both worked at {detail}, which is why I am reaching out.",
        "mutual_person": f"We both know {detail}, which is why I am reaching out.",
    }
    return [
        by_kind.get(connection.kind, f"{detail} is something we share, so I hoped I could write.")
    ]


def shared(connection: Connection) -> str:
    """What the user and the contact have in common, as a clause: "we both know Joe Serra"."""
    detail = connection.detail
    return {
        "school": f"we're both part of {detail}",
        "club": f"we're both members of {detail}",
        "hometown": f"we're both from {detail}",
        "employer": f"we've both worked at {detail}",
        "mutual_person": f"we both know {detail}",
        "linkedin": f"we're connected on {detail}",
    }.get(connection.kind, f"we share {detail}")


def subject_line(sender: Sender, connection: Connection) -> str:
    """The subject: only the referrer when there is one, else what is shared, never a job."""
    if connection.referrer:
        return f"{connection.referrer} suggested I reach out"
    by_kind = {
        "school": f"A fellow {connection.detail} student",
        "club": f"A fellow member of {connection.detail}",
        "hometown": f"From {connection.detail} too",
    }
    candidates = [
        by_kind.get(connection.kind, "") if connection.detail else "",
        f"A question from a {sender.school} student" if sender.school else "",
    ]
    return next((c for c in candidates if c and len(c) <= 60), "A question about your work")


def joined(greeting: str, line: str) -> str:
    """ "Hello Maria, Joe Serra suggested…" or "Hello Maria, as a fellow…"."""
    if line.startswith(("As ", "We ")):
        line = line[0].lower() + line[1:]
    return f"{greeting}, {line}"


def sound_bites(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """Ten-second introductions for the phone or in person, connection in the first words."""
    first = recipient.name.split()[0] if recipient.name else "there"
    role = their_work(Recipient(recipient.name, recipient.role, "", recipient.field))
    lines = list(dict.fromkeys(opening(connection, spoken=True) + opening(connection)[:1]))
    texts = [
        f"{joined(f'Hello {first}', line)} I'm {sender.name}, {short_who(sender)}. Could I have "
        f"15 minutes at your convenience to ask about {role}?"
        for line in lines
        if not line.startswith("As ")
    ] or [f"Hello {first}, I'm {sender.name}, {short_who(sender)}."]
    return guarded("soundbite", [(" ".join(text.split()), "") for text in texts], connection)


def short_who(sender: Sender) -> str:
    """ "a UMass Amherst junior in History": the affiliation in as few words as it takes."""
    parts = [part for part in (sender.school, sender.year or "student") if part]
    phrase = " ".join(parts)
    return f"{article(phrase)} {phrase}" + (f" in {sender.major}" if sender.major else "")


def voicemails(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """A message to leave: the connection, who, a bounded ask, and the number said twice."""
    phone = sender.phone or "[your phone number]"
    lead = (opening(connection, spoken=True) or [""])[0]
    first = recipient.name.split()[0] if recipient.name else "there"
    text = (
        f"{joined(f'Hello {first}', lead) if lead else f'Hello {first}.'} This is {sender.name}, "
        f"{short_who(sender)}. I'd value 15 minutes at your convenience to hear about "
        f"{their_work(recipient)}. You can reach me at {phone}. Again, that's {phone}. Thank you."
    )
    return guarded("voicemail", [(" ".join(text.split()), "")], connection)


def phone_scripts(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """The sound bite, then what to say whether now suits them or not."""
    bite = sound_bites(sender, recipient, connection)[0]
    text = (
        f"{bite.text}\n\nIf now works: “Thank you. Could you tell me how you got started in "
        f"{recipient.field or 'your field'}?”\n\nIf now does not work: “Of course. When would "
        "suit you better for a 15-minute call?”"
    )
    return [Draft("phone", text, findings=bite.findings)]


def emails(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """The first e-mail: connection first, who you are in a sentence, a 15-minute question."""
    interest = f", and I'm exploring {recipient.field}" if recipient.field else ""
    leads = opening(connection) or [""]
    bodies = [
        f"{line} I'm {sender.name}, {who(sender)}{interest}. I would be grateful to hear about "
        f"{their_work(recipient)}. Would you have 15 minutes at your convenience in the next few "
        "weeks for a short call?"
        for line in leads
    ]
    bodies.append(
        f"{leads[-1]} My name is {sender.name}, {who(sender)}. Could you spare 15 or 20 minutes, "
        f"whenever suits your schedule, to tell me about {their_work(recipient)}? Your advice "
        "would help me a great deal."
    )
    subject = subject_line(sender, connection)
    candidates = [
        (
            f"Dear {recipient.name},\n\n{' '.join(body.split())}\n\nThank you,\n{sender.name}",
            subject,
        )
        for body in bodies
    ]
    return guarded("email", candidates, connection)


def context(connection: Connection) -> Context:
    return Context(referrer=connection.referrer, commonalities=connection.cues)


def guarded(kind: str, candidates: list[tuple[str, str]], connection: Connection) -> list[Draft]:
    """Check every draft; put the ones without an error first."""
    drafts = []
    for text, subject in candidates:
        full = f"Subject: {subject}\n\n{text}" if subject else text
        drafts.append(Draft(kind, text, subject, tuple(check(full, kind, context(connection)))))
    return sorted(drafts, key=lambda draft: not draft.ok)


def thank_you(sender: Sender, recipient: Recipient, cited: str, plan: str) -> Draft:
    """The thank-you: short, specific about what they said, and what you will do with it."""
    first = recipient.name.split()[0] if recipient.name else "there"
    cited_line = f" I especially valued what you said about {cited}." if cited else ""
    plan_line = f" I'm going to {plan}, and I'll let you know how it goes." if plan else ""
    text = (
        f"Dear {first},\n\nThank you for taking the time to talk with me.{cited_line}{plan_line} "
        f"Hearing about {their_work(recipient)} helped me see the field more clearly."
        f"\n\nWith thanks,\n{sender.name}"
    )
    subject = "Thank you for your time"
    findings = check(f"Subject: {subject}\n\n{text}", "thank-you")
    return Draft("thank-you", text, subject, tuple(findings))


def clause(note: str, limit: int = 18) -> str:
    """The start of a note, made to follow "what you said about …": a few words, no full stop."""
    words = note.replace("\n", " ").split()
    short = " ".join(words[:limit]).rstrip(".,;:!?")
    return (
        short[0].lower() + short[1:] if short[:1].isupper() and not short[1:2].isupper() else short
    )


def to_do(suggestion: str) -> str:
    """A suggestion made to follow "I'm going to …": "Read the report" -> "read the report"."""
    text = suggestion.strip().rstrip(".")
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text

"""The composer: a ten-second sound bite, a phone script and voicemail, and the first e-mail.

Written from the user's profile, the contact, the strongest commonality and the referrer,
whose name is used only when they said it may be. Every wording is the project's own;
the caller offers only the drafts the guard passes, and the user edits freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rapport.core.guard import Context, Finding, check, has_error, note_limits
from rapport.core.guard.text import words as counted
from rapport.core.search import fold, run_in

#: Words a minute when speaking calmly on the phone.
SPEAKING_RATE = 150


class Moment(StrEnum):
    """Where the relationship stands when the user writes: each has drafts of its own."""

    FIRST = "first"  # a first contact: connection first, who you are, a 15-minute question
    FOLLOW_UP = "follow-up"  # 3B7: the one follow-up to an unanswered first e-mail
    KEEP_IN_TOUCH = "keep-in-touch"  # someone already met or in touch: warm, no introduction
    REPORT_BACK = "report-back"  # tell a referrer how the conversation they made possible went
    THANK_YOU = "thank-you"  # within 12 hours of a meeting


#: The guard's kind for the e-mail of each moment.
GUARD_KIND = {
    Moment.FIRST: "email",
    Moment.FOLLOW_UP: "follow-up",
    Moment.KEEP_IN_TOUCH: "keep-in-touch",
    Moment.REPORT_BACK: "report-back",
    Moment.THANK_YOU: "thank-you",
}
#: Words the generated texts stay within: the guard's warning limits, never just its errors.
WORD_LIMITS = {
    "email": 75,
    "follow-up": 75,
    "keep-in-touch": 100,
    "report-back": 120,
    "thank-you": 120,
    "soundbite": 35,
    "voicemail": 60,
    "linkedin-message": 100,
    "text-message": 60,
}
#: Characters a connection note stays within: what a free LinkedIn account allows.
NOTE_CHARACTERS = note_limits()[0]


@dataclass(frozen=True)
class Sender:
    name: str
    school: str = ""
    year: str = ""  # as it reads in a sentence: "junior", "graduate student"
    major: str = ""
    phone: str = ""
    interests: tuple[str, ...] = ()

    @property
    def first_name(self) -> str:
        return parse_name(self.name).given or self.name


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str = ""
    organization: str = ""
    field: str = ""
    organization_field: str = ""  # the field of the organization they work at


@dataclass(frozen=True)
class Connection:
    """How the user reaches this person: a referrer who allowed their name, or what they share."""

    referrer: str = ""
    kind: str = ""
    detail: str = ""

    @property
    def shown(self) -> str:
        """The detail as the drafts say it: a school without the contact's class year."""
        return school_name(self.detail) if self.kind == "school" else self.detail.strip()

    @property
    def cues(self) -> tuple[str, ...]:
        return tuple(cue for cue in (self.referrer, self.shown) if cue)


@dataclass(frozen=True)
class History:
    """What has passed between the user and the contact, for the drafts after the first."""

    subject: str = ""  # the unanswered e-mail's subject: the follow-up replies to it
    body: str = ""  # ... and its text, quoted below the follow-up
    sent_on: date | None = None
    met_on: date | None = None
    done_suggestion: str = ""  # something they suggested that the user has done
    last_exchange_on: date | None = None  # their last reply, call or meeting
    today: date | None = None


@dataclass(frozen=True)
class Report:
    """For a report back: the person the referrer suggested, and how it went."""

    person: str
    spoke_on: date | None = None
    wrote_on: date | None = None
    learned: tuple[str, ...] = ()  # skill words heard in that conversation
    plan: str = ""


@dataclass(frozen=True)
class Draft:
    kind: str
    text: str
    subject: str = ""
    findings: tuple[Finding, ...] = field(default=())

    @property
    def words(self) -> int:
        return len(counted(self.text))  # as the guard counts them: "first-year" is two

    @property
    def seconds(self) -> int:
        return round(self.words * 60 / SPEAKING_RATE)

    @property
    def ok(self) -> bool:
        return not has_error(list(self.findings))

    @property
    def full_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.text}" if self.subject else self.text

    def as_dict(self) -> dict[str, object]:
        """The draft as plain data, for `rapport draft --json` and the API."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "text": self.text,
            "words": self.words,
            "seconds": self.seconds,
            "ok": self.ok,
            "findings": [finding.as_dict() for finding in self.findings],
        }


@dataclass(frozen=True)
class Name:
    title: str = ""  # "Dr.", "Professor"
    given: str = ""
    family: str = ""


TITLES = {
    "dr": "Dr.",
    "doctor": "Dr.",
    "prof": "Professor",
    "professor": "Professor",
    "mr": "Mr.",
    "ms": "Ms.",
    "mrs": "Mrs.",
    "mx": "Mx.",
    "rev": "Rev.",
    "dean": "Dean",
    "judge": "Judge",
    "senator": "Senator",
    "sen": "Senator",
    "rep": "Representative",
    "representative": "Representative",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "jd", "cpa", "edd"}


def parse_name(full: str) -> Name:
    """A person's name in its parts: "Prof. Alan Dwight", "Doe, Jane", "Martin Luther King,
    Jr.", "Jane Doe, PhD"; a single word is a given name."""
    parts = [p.strip() for p in " ".join(full.split()).split(",")]
    if len(parts) == 2 and parts[1] and parts[1].replace(".", "").lower() not in SUFFIXES:
        parts = [f"{parts[1]} {parts[0]}"]  # "Doe, Jane"
    words = [w for w in parts[0].split() if w]
    title = ""
    if words and words[0].rstrip(".").lower() in TITLES and len(words) > 1:
        title = TITLES[words.pop(0).rstrip(".").lower()]
    while len(words) > 1 and words[-1].replace(".", "").lower() in SUFFIXES:
        words.pop()
    if not words:
        return Name(title)
    return Name(title, words[0] if len(words) > 1 or not title else "", words[-1])


def salutation(name: str, formal: bool = False) -> str:
    """ "Dear Priya", or "Dear Professor Dwight" when a title is known and the moment is formal
    (a first contact): never the full name."""
    parts = parse_name(name)
    if parts.title and parts.family:  # a title is how they are addressed, in every moment
        return f"Dear {parts.title} {parts.family}"
    if parts.given:
        return f"Dear {parts.given}"
    return "Hello"


def spoken_name(name: str) -> str:
    """What to call them on the phone: "Priya", "Professor Dwight"."""
    return salutation(name, formal=True).removeprefix("Dear ").replace("Hello", "there")


def school_name(detail: str) -> str:
    """A school as a commonality names it, without what is the contact's own: "UMass
    Amherst, History '14" and "UMass Amherst (Class of 2014)" are "UMass Amherst"."""
    name = re.split(r"[,(;]", detail, maxsplit=1)[0]
    name = re.sub(r"\s*(?:class of\s*)?(?:['’]\d{2}|\b(?:19|20)\d{2})\b.*$", "", name, flags=re.I)
    return " ".join(name.split()) or " ".join(detail.split())


def article(phrase: str) -> str:
    """ "a" or "an", by how the next word sounds: an analyst, a UMass junior, a university."""
    word = phrase.split()[0] if phrase.split() else ""
    if word[:2].isupper():  # an acronym, read letter by letter: an MBA, an SVP, a UX designer
        return "an" if word[0] in LETTER_NAMES_WITH_A_VOWEL else "a"
    lower = word.lower()
    sounds_like_you = lower.startswith(("uni", "umass", "use", "usu", "ut"))
    return "an" if lower[:1] in "aeio" or (lower[:1] == "u" and not sounds_like_you) else "a"


#: The letters whose English names begin with a vowel sound: "an MBA", "an HR manager".
LETTER_NAMES_WITH_A_VOWEL = "AEFHILMNORSX"


def year_of(sender: Sender) -> str:
    """The year as it reads after "a": "junior", "graduate student"; "student" if unknown."""
    return sender.year if sender.year and sender.year != "other" else "student"


def who(sender: Sender, major: bool = True) -> str:
    """ "a junior at the University of Massachusetts Amherst majoring in History"."""
    year = year_of(sender)
    phrase = f"{article(year)} {year}"
    if sender.school:
        phrase += f" at {org(sender.school)}"
    if major and sender.major:
        phrase += f" majoring in {sender.major}"
    return phrase


INSTITUTIONS = re.compile(
    r"\b(?:council|commission|department|office|agency|authority|board|committee|foundation|"
    r"center|centre|institute|museum|library|society|association|senate|house)$",
    re.IGNORECASE,
)


OF_NAMES = re.compile(
    r"(?:office|department|university|college|institute|center|centre|bureau|school|"
    r"ministry|museum|board|league|society|association) (?:of|for|on)\b",
    re.IGNORECASE,
)


def org(name: str) -> str:
    """An organization as a sentence names it: "the Connecticut River Planning Council",
    "the Office of State Senator R. Alvarez", "the University of Massachusetts Amherst",
    but "The Valley Ledger", "McKinsey", "Civic Data Lab", "UMass Amherst"."""
    name = " ".join(name.split())
    if name.lower().startswith("the "):
        return name
    if INSTITUTIONS.search(name) or OF_NAMES.match(name):
        return f"the {name}"
    return name


def interest_for(sender: Sender, recipient: Recipient) -> str:
    """The user's own interest that fits this contact: one their field, their organization's
    field, their role or their organization names, or a field names part of ("policy" for
    "public policy"), compared case- and accent-blind; their field first, then the user's
    order. "" when none fits: "exploring careers in public policy" is no introduction to an
    archivist, and a field the user has not listed is never written as theirs."""
    fields = (recipient.field, recipient.organization_field)
    for text in (*fields, recipient.role, recipient.organization):
        target = words_in(text)
        for interest in sender.interests:
            if fits(words_in(interest), target, either_way=text in fields):
                return interest
    return ""


def fits(interest: list[str], target: list[str], either_way: bool) -> bool:
    """Whether ``target`` has the words of ``interest`` in a row ("data" in "Civic Data Lab",
    not "art" in "martial arts"), or, ``either_way``, ``interest`` has those of ``target``."""
    if not interest or not target:
        return False
    return run_in(interest, target) or (either_way and run_in(target, interest))


def words_in(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def their_work(recipient: Recipient, place: bool = True) -> str:
    """ "your work as a policy analyst at Harbor Policy Institute", or as much as is known."""
    if role := role_in_sentence(recipient.role, recipient.organization):
        where = f" at {org(recipient.organization)}" if place and recipient.organization else ""
        return f"your work as {article(role)} {role}{where}"
    if recipient.organization and place:
        return f"your work at {org(recipient.organization)}"
    if recipient.field:
        return f"your work in {recipient.field}"
    return "your work"


#: Titles that head a unit: "Director, Global Health Programs" is its director, "of" it.
HEADS = frozenset(
    [
        "director",
        "head",
        "vp",
        "svp",
        "evp",
        "avp",
        "president",
        "chief",
        "dean",
        "chair",
        "manager",
        "coordinator",
    ]
)
#: Titles a second title after the comma may end in: "Founder, CEO" is both.
JOB_TITLES = HEADS | frozenset(
    ["ceo", "cfo", "coo", "cto", "cio", "founder", "co-founder", "owner", "partner", "principal"]
)
#: What after a title's comma is no phrase to put after "in" or "of": a class year, a
#: program with its year ("MPP '27"), a list, an aside.
NO_PHRASE = re.compile(r"[\d,'’\"“”()/;:]")


def role_in_sentence(role: str, organization: str = "") -> str:
    """A role as it reads after "as a". "X, Y" reads "X of Y" when X heads a unit ("VP of
    Sales"), "X and Y" when Y is a title too ("Founder and CEO"), else "X in Y" ("graduate
    student in public policy"); Y is left out when it is no phrase ("Student, MPP '27": "a
    student") or names only the organization the sentence names. Then lower case when its
    first letter is its only capital ("Senior policy analyst", "Editor"); else as the user
    wrote it ("Program Officer in Education", "UX Researcher"), since a second capital may
    be a name or an acronym that lower case would spoil."""
    role = " ".join(role.split())
    title, _, unit = (part.strip() for part in role.partition(","))
    if not title or not unit:
        role = title or unit
    elif NO_PHRASE.search(unit) or LEVEL.fullmatch(unit) or same_place(unit, organization):
        role = title
    elif unit.startswith("The "):  # a name: "Reporter, The Boston Globe"
        role = f"{title} at {unit}"
    else:
        role = f"{title} {joint(title, unit)} {org(unit)}"
    if role[:1].isupper() and not any(letter.isupper() for letter in role[1:]):
        return role[0].lower() + role[1:]
    return role


#: What after a title's comma is its level, not a phrase: "Engineer, II", "Analyst, L4".
LEVEL = re.compile(r"(?:[IVX]+|L?\d+|Sr\.?|Jr\.?)", re.IGNORECASE)
#: What an organization's name may end in that the same organization may be named without.
LEGAL = re.compile(r"[,\s]+(?:inc|llc|llp|ltd|corp|co|plc|gmbh)\.?$", re.IGNORECASE)


def same_place(unit: str, organization: str) -> bool:
    """Whether what follows a title's comma names the organization the sentence names:
    "Reporter, The Boston Globe" at "Boston Globe", "Engineer, Google" at "Google LLC"."""
    if not organization:
        return False

    def key(name: str) -> str:
        return fold(LEGAL.sub("", name)).removeprefix("the ").strip()

    return key(unit) == key(organization)


def joint(title: str, unit: str) -> str:
    """The word that puts ``unit`` after ``title``: "and" a second title ("Founder and
    CEO"), "of" a unit the title heads ("VP of Sales"), else "in" a field."""
    last = unit.split()[-1].casefold()
    if len(unit.split()) <= 2 and last in JOB_TITLES:
        return "and"
    return "of" if title.split()[-1].casefold() in HEADS else "in"


def opening(connection: Connection, spoken: bool = False, calling: bool = False) -> list[str]:
    """First sentences that put the connection first, strongest first: as written, or as
    ``spoken``; "call" only when ``calling`` (a phone script, a voicemail), since a sound
    bite is also said face to face."""
    if connection.referrer and spoken:
        return [f"{connection.referrer} suggested {'I call' if calling else 'we talk'}."]
    if connection.referrer:
        return [
            f"{connection.referrer} suggested I get in touch with you.",
            f"{connection.referrer} suggested I contact you.",
        ]
    if not connection.shown:
        return []
    if connection.kind == "event":  # a meeting is reason enough: no "which is why" after it
        return [f"We met at {named_event(connection.shown, event=True)}."]
    so = ", so I thought I'd call" if calling else ""
    if connection.kind not in SHARED:  # "other" is free text: said as written, after a colon
        return [f"We share something: {lowered_start(connection.shown)}{so}."]
    if spoken:
        return [
            f"{capital(shared(connection))}{so}.",
            f"{capital(detail_of(connection))} connects us{so}.",
        ]
    return [f"{capital(shared(connection))}, which is why I'm writing."]


#: The last words of an event's name that call for "the": "the UMass Amherst career fair",
#: "the APA National Conference", but "Boston Tech Week", "SXSW", "a MassDOT info session".
EVENT_NOUNS = frozenset(
    [
        "fair",
        "expo",
        "conference",
        "convention",
        "summit",
        "symposium",
        "forum",
        "panel",
        "talk",
        "lecture",
        "seminar",
        "webinar",
        "workshop",
        "meetup",
        "mixer",
        "reception",
        "dinner",
        "lunch",
        "luncheon",
        "breakfast",
        "gala",
        "festival",
        "hackathon",
        "session",
        "booth",
        "meeting",
        "event",
        "open",
        "house",
        "showcase",
        "colloquium",
        "roundtable",
        "retreat",
    ]
)


def named_event(detail: str, event: bool = False) -> str:
    """An event as a sentence names it after "at" or "of": "the" before a name that ends in
    what the event is ("the UMass Amherst career fair") or, for what is known to be an
    ``event``, before words that name none ("the community forum on housing"); the name
    alone otherwise ("Boston Tech Week", "a love of old maps")."""
    words = re.sub(r"\s+(?:(?:19|20)\d{2}|['’]\d{2})$", "", detail).split()
    if not words or words[0].casefold() in ("the", "a", "an", "our", "your", "my"):
        return detail
    common = event and words[0].islower()
    # The event's noun may come before what follows it: "the APA conference in Boston".
    names_one = any(word.casefold().strip(",.") in EVENT_NOUNS for word in words)
    return f"the {detail}" if common or names_one else detail


def detail_of(connection: Connection) -> str:
    return "LinkedIn" if connection.kind == "linkedin" else connection.shown


def shared(connection: Connection) -> str:
    """What the user and the contact have in common, as a clause that is true whatever the
    detail says: "we both know Joe Serra", "we're both part of the UMass Amherst community"."""
    return SHARED[connection.kind].format(detail=connection.shown, org=org(connection.shown))


#: What each kind of commonality says the two share, as a clause.
SHARED = {
    "school": "we're both part of the {detail} community",
    "club": "we're both members of {detail}",
    "hometown": "we both have roots in {detail}",
    "employer": "we've both worked at {org}",
    "mutual_person": "we both know {detail}",
    "linkedin": "we're connected on LinkedIn",
}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def subject_line(sender: Sender, connection: Connection) -> str:
    """The subject: only the referrer when there is one, else what is shared, never a job."""
    if connection.referrer:
        return f"{connection.referrer} suggested I reach out"
    by_kind = {
        "school": f"From a fellow member of the {connection.shown} community",
        "club": f"A fellow member of {connection.shown}",
        "hometown": f"From {connection.shown} too",
        "mutual_person": f"A friend of {connection.shown}",
        "event": f"We met at {named_event(connection.shown, event=True)}",
    }
    candidates = [
        by_kind.get(connection.kind, "") if connection.shown else "",
        f"A question from a {sender.school} student" if sender.school else "",
    ]
    return next((c for c in candidates if c and len(c) <= 60), "A question about your work")


def joined(greeting: str, line: str) -> str:
    """ "Hello Maria, Joe Serra suggested…" or "Hello Maria, we both know…"."""
    if line.startswith(("We ", "We'")):
        line = line[0].lower() + line[1:]
    return f"{greeting}, {line}"


def fitted(candidates: list[str], limit: int) -> list[str]:
    """The candidates within ``limit`` words, in their order (the fullest first); the
    shortest one if none fits."""
    clean = list(dict.fromkeys(" ".join(c.split()) for c in candidates))
    within = [c for c in clean if len(counted(c)) <= limit]
    return within or [min(clean, key=lambda c: len(counted(c)))]


def sound_bites(
    sender: Sender, recipient: Recipient, connection: Connection, calling: bool = False
) -> list[Draft]:
    """Ten-second introductions, connection in the first words, within the method's 35
    words: for each opening, the fullest wording the guard passes (and only those, when any
    does). True face to face as on the phone unless ``calling`` (the phone script's). What
    gives way first, to fit: "so I thought I'd call", then their name in the greeting, then
    as `spoken_details` says; then the school (often in the opening already), the year and
    the major staying; the user's name, school and year stay when they fit, as in the
    seed's example."""
    greetings = [f"Hello {spoken_name(recipient.name)}", "Hello"]
    drafts = []
    for line in opening(connection, spoken=True, calling=calling) or [""]:
        lines = dict.fromkeys([line, line.replace(", so I thought I'd call.", ".")])
        texts = [
            f"{joined(hello, said) if said else hello + '.'} I'm {sender.name}, "
            f"{who}. Could I have 15 minutes at your convenience to ask "
            f"about {their_work(recipient, place)}?"
            for school in (True, False)
            for major, place in spoken_details(recipient)
            if (who := short_who(sender, major, school))
            for hello in greetings
            for said in lines
        ]
        texts.append(
            f"{joined('Hello', line) if line else 'Hello.'} I'm {sender.name}. Could I "
            "have 15 minutes at your convenience to ask about your work?"
        )
        candidates = guarded("soundbite", [(t, "") for t in fitted(texts, 35)], connection)
        drafts.append(candidates[0])
    passing = [draft for draft in drafts if draft.ok]
    return passing or drafts


def spoken_details(recipient: Recipient) -> list[tuple[bool, bool]]:
    """Whether to say the user's major and where the contact works, fullest first: where they
    work gives way before the major while their role still says what they do (they know
    where they work; the major is news to them), after it otherwise."""
    if role_in_sentence(recipient.role, recipient.organization):
        return [(True, True), (True, False), (False, True), (False, False)]
    return [(True, True), (False, True), (False, False)]


def short_who(sender: Sender, major: bool = True, school: bool = True) -> str:
    """ "a UMass Amherst junior in History": the affiliation in as few words as it takes;
    without the ``school`` ("a junior in History") when nothing longer fits, which keeps the
    year and the major rather than dropping all three ("" when there is no year to say)."""
    parts = [part for part in (sender.school if school else "", year_of(sender)) if part]
    phrase = " ".join(parts)
    if not school and not phrase:
        return ""
    return f"{article(phrase)} {phrase}" + (f" in {sender.major}" if major and sender.major else "")


def voicemails(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """A message to leave: the connection, who, a bounded ask, and the number said twice."""
    phone = sender.phone or "[your phone number]"
    texts = [
        f"{joined(hello, lead) if lead else hello + '.'} This is {sender.name}, "
        f"{short_who(sender, major)}. I'd value 15 minutes at your convenience to hear about "
        f"{their_work(recipient, place)}. You can reach me at {phone}. Again, that's {phone}. "
        "Thank you."
        for lead in opening(connection, spoken=True, calling=True) or [""]
        for hello in (f"Hello {spoken_name(recipient.name)}", "Hello")
        for major, place in spoken_details(recipient)
    ]
    candidates = guarded("voicemail", [(t, "") for t in fitted(texts, 60)], connection)
    return [next((d for d in candidates if d.ok), candidates[0])]


def phone_scripts(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """The sound bite, then what to say whether now suits them or not."""
    bite = sound_bites(sender, recipient, connection, calling=True)[0]
    text = (
        f"{bite.text}\n\nIf now works: “Thank you. Could you tell me how you got started in "
        f"{recipient.field or 'your field'}?”\n\nIf now does not work: “Of course. When would "
        "suit you better for a 15-minute call?”"
    )
    return [Draft("phone", text, findings=tuple(check(text, "phone-script", context(connection))))]


def linkedin_notes(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """The note sent with a LinkedIn invitation: the connection in its first sentence, who you
    are and why you would like to connect, within the 200 characters of a free account."""
    hello = f"Hi {spoken_name(recipient.name)}"  # "Hi Priya", "Hi Professor Dwight"
    leads = [joined(hello, line) for line in opening(connection)]
    leads = [lead.replace(", which is why I'm writing.", ".") for lead in leads] or [f"{hello}."]
    texts = [
        f"{lead} I'm {name}, {short_who(sender, major)}. {ask}"
        for lead in leads
        for name in (sender.name, sender.first_name)
        for major in (True, False)
        for ask in (
            f"I'd love to connect and, when you have time, hear about {their_work(recipient)}.",
            f"I'd love to connect and hear about {their_work(recipient, place=False)}.",
            "I'd love to connect and learn from your experience.",
        )
    ]
    within = [text for text in dict.fromkeys(texts) if len(text) <= NOTE_CHARACTERS]
    chosen = within or [min(texts, key=len)]
    candidates = guarded("linkedin-note", [(text, "") for text in chosen[:3]], connection)
    return [next((d for d in candidates if d.ok), candidates[0])]


def linkedin_messages(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """A message to someone the user is already connected with on LinkedIn, in place of an
    invitation's note: the connection first, who is writing, and the same 15-minute question."""
    hello = f"Hi {spoken_name(recipient.name)}"
    leads = [joined(hello, line) for line in opening(connection)] or [f"{hello}."]
    texts = [
        f"{lead} I'm {sender.name}, {short_who(sender, major)}. Would you have 15 minutes at "
        f"your convenience in the next few weeks to tell me about {their_work(recipient, place)}?"
        " Thank you."
        for lead in leads
        for major, place in ((True, True), (False, True), (False, False))
    ]
    limit = WORD_LIMITS["linkedin-message"]
    chosen = fitted(texts, limit)[:3]
    candidates = guarded("linkedin-message", [(text, "") for text in chosen], connection)
    return [next((d for d in candidates if d.ok), candidates[0])]


def text_messages(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """A text for someone who shared their number: the connection first, who is writing, and
    the same bounded ask, in plain full sentences (no shorthand)."""
    hello = f"Hello {spoken_name(recipient.name)}"
    leads = opening(connection) or [""]
    texts = [
        f"{joined(hello, lead) if lead else hello + '.'} This is {sender.name}, "
        f"{short_who(sender, major)}. Would you have 15 minutes in the next week or two for a "
        f"short call about {their_work(recipient, place)}? Thank you."
        for lead in leads
        for major, place in ((True, True), (False, True), (False, False))
    ]
    limit = WORD_LIMITS["text-message"]
    candidates = guarded("text-message", [(t, "") for t in fitted(texts, limit)[:3]], connection)
    return [next((d for d in candidates if d.ok), candidates[0])]


def emails(sender: Sender, recipient: Recipient, connection: Connection) -> list[Draft]:
    """The first e-mail: connection first, who you are in a sentence, a 15-minute question,
    within the method's 75 words."""
    interest = interest_for(sender, recipient)
    exploring = f", and I'm exploring careers in {interest}" if interest else ""
    leads = opening(connection) or [""]
    limit = WORD_LIMITS["email"]
    bodies = []
    for line in leads:
        bodies += fitted(
            [
                f"{line} I'm {sender.name}, {who(sender, major)}{more}. I'd love to hear about "
                f"{their_work(recipient, place)} and what you have learned along the way. Would "
                "you have 15 minutes at your convenience in the next few weeks for a short call?"
                for major, more, place in (
                    (True, exploring, True),
                    (False, exploring, True),
                    (False, "", True),
                    (False, "", False),
                )
            ],
            limit,
        )[:1]
    bodies += fitted(
        [
            f"{leads[-1]} My name is {sender.name}, {who(sender, major)}. Could you spare 15 or "
            "20 minutes, whenever suits your schedule, to tell me about "
            f"{their_work(recipient, place)}? Your advice would help me a great deal."
            for major, place in ((True, True), (False, True), (False, False))
        ],
        limit,
    )[:1]
    subject = subject_line(sender, connection)
    hello = salutation(recipient.name, formal=True)
    candidates = [(f"{hello},\n\n{body}\n\nThank you,\n{sender.name}", subject) for body in bodies]
    return guarded("email", candidates, connection)


def when(day: date) -> str:
    """ "Monday 16 November": a day as a sentence says it."""
    return f"{day:%A} {day.day} {day:%B}"


def follow_ups(sender: Sender, recipient: Recipient, history: History) -> list[Draft]:
    """The one follow-up of 3B7: short, in the first e-mail's thread (its subject, and the
    e-mail quoted below), no introduction again."""
    hello = salutation(recipient.name, formal=True)
    of = f" of {when(history.sent_on)}" if history.sent_on else ""
    below = " (below)" if history.body else ""
    bodies = [
        f"I hope you don't mind a second note about my message{of}{below}. Hearing about "
        f"{their_work(recipient)} is what I'd value most. Would 15 minutes at your convenience "
        "in the next few weeks suit you? If this is a busy time for you, I understand.",
        f"I'm writing once more about my note{of}{below}, in case it was buried. Could you "
        f"spare 15 minutes at your convenience to tell me about {their_work(recipient)}? "
        "Your perspective would mean a great deal to me.",
    ]
    quote = ""
    if history.body:
        said = f"On {when(history.sent_on)}, " if history.sent_on else ""
        quoted = "\n".join(f"> {line}" if line else ">" for line in history.body.splitlines())
        quote = f"\n\n{said}{sender.name} wrote:\n{quoted}"
    subject = reply_subject(history.subject)
    candidates = [
        (f"{hello},\n\n{' '.join(body.split())}\n\nThank you,\n{sender.name}{quote}", subject)
        for body in bodies
    ]
    return guarded("follow-up", candidates, Connection())


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        return "Following up"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


#: Days within which a reply is recent: the note thanks for it rather than saying "a while".
RECENTLY = 45


def keep_in_touch(sender: Sender, recipient: Recipient, history: History) -> list[Draft]:
    """A note to someone the user already knows: warm, about them, no introduction."""
    hello = salutation(recipient.name)
    recent = bool(
        history.today
        and history.last_exchange_on
        and (history.today - history.last_exchange_on).days < RECENTLY
    )
    if history.met_on:
        since = (
            f"I've been thinking about our conversation{aside(ago(history.met_on, history.today))},"
            " and I wanted to say hello."
        )
    elif recent:
        since = "Thank you again for your note; I was glad to hear from you."
    else:
        since = "It has been a while since we were in touch, and I wanted to say hello."
    done = (
        f" Since then I've followed up on your suggestion to {to_do(history.done_suggestion)}."
        if history.done_suggestion
        else ""
    )
    where = recipient.organization or ""
    asks = [
        f"How are things at {org(where)} these days?"
        if where
        else "How is your work going these days?",
        "What are you working on these days? I'd love to hear.",
    ]
    candidates = [
        (
            f"{hello},\n\n{since}{done} {ask}\n\nBest wishes,\n{sender.name}",
            f"Hello from {sender.first_name}",
        )
        for ask in asks
    ]
    return guarded("keep-in-touch", candidates, Connection())


def aside(words: str) -> str:
    return f" {words}" if words else ""


def ago(day: date, today: date | None) -> str:
    """When ``day`` was, as a note says it and true on ``today``: "today", "last week", "last
    month", "in September", "last year"; never the name of this month, which would read as
    now; nothing when today is unknown or ``day`` is still to come."""
    if today is None or day > today:
        return ""
    days = (today - day).days
    months = (today.year - day.year) * 12 + today.month - day.month
    if days < 2:
        return ("today", "yesterday")[days]
    if days < 7:
        return "a few days ago"
    if days < 14:
        return "last week"
    if days < 28 or months == 0:
        return "a few weeks ago"
    if months <= 1:
        return "last month"
    if months < 12:
        return f"in {day:%B}"
    return "last year" if day.year == today.year - 1 else "a while ago"


def report_back(sender: Sender, referrer: str, report: Report) -> list[Draft]:
    """To the person who suggested someone: thanks, what came of it, what the user does next."""
    hello = salutation(referrer)
    person = report.person
    first = parse_name(person).given or person
    if report.spoke_on:
        how = f"We spoke on {when(report.spoke_on)}, and it helped me a great deal."
        if report.learned:
            learned = listed(report.learned[:3])
            how += (
                f" Hearing how {learned} {matter(report.learned[:3])} in {first}'s work was "
                "especially useful."
            )
    elif report.wrote_on:
        how = f"I wrote to {first} on {when(report.wrote_on)}, and I'll tell you how it goes."
    else:
        how = f"I'm getting in touch with {first} this week."
    plan = f" Next, I'm going to {report.plan}." if report.plan else ""
    text = (
        f"{hello},\n\nThank you again for suggesting I talk with {person}. {how}{plan}"
        f"\n\nWith thanks,\n{sender.name}"
    )
    subject = f"Thank you for suggesting {person}"
    return guarded(
        "report-back", [(text, subject if len(subject) <= 60 else "Thank you")], Connection()
    )


def matter(items: tuple[str, ...]) -> str:
    return "matters" if len(items) == 1 else "matter"


def listed(items: tuple[str, ...] | list[str]) -> str:
    """ "writing", "writing and Excel", "writing, Excel and data analysis"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def context(connection: Connection) -> Context:
    return Context(referrer=connection.referrer, commonalities=connection.cues)


def guarded(kind: str, candidates: list[tuple[str, str]], connection: Connection) -> list[Draft]:
    """Check every draft; put the ones without an error first."""
    drafts = []
    for text, subject in candidates:
        full = f"Subject: {subject}\n\n{text}" if subject else text
        drafts.append(Draft(kind, text, subject, tuple(check(full, kind, context(connection)))))
    return sorted(drafts, key=lambda draft: not draft.ok)


def thank_you(
    sender: Sender,
    recipient: Recipient,
    learned: tuple[str, ...] = (),
    plan: str = "",
    referred: tuple[str, ...] = (),
    plan_kind: str = "",
) -> Draft:
    """The thank-you: specific about what they shared (the skill words heard, or a blank for
    the user to fill), thanks for the people they suggested, and what the user will do."""
    hello = salutation(recipient.name)
    if learned:
        heard = listed(learned[:3])
        cited = f" Hearing how {heard} {matter(learned[:3])} in your work was especially useful."
    else:
        cited = " I especially valued what you said about [something specific from our talk]."
    names = f" Thank you as well for suggesting I talk with {listed(referred)}." if referred else ""
    plan_line = f" {next_step(plan, plan_kind)}" if plan else ""
    text = (
        f"{hello},\n\nThank you for taking the time to talk with me.{cited}{names}{plan_line}"
        f"\n\nWith thanks,\n{sender.name}"
    )
    subject = "Thank you for your time"
    findings = check(f"Subject: {subject}\n\n{text}", "thank-you")
    return Draft("thank-you", text, subject, tuple(findings))


#: Words a suggestion written as something to do starts with: "Read the plan", "join APA".
DOING = frozenset(
    [
        "read",
        "join",
        "attend",
        "look",
        "contact",
        "email",
        "e-mail",
        "call",
        "talk",
        "reach",
        "check",
        "visit",
        "sign",
        "subscribe",
        "follow",
        "listen",
        "watch",
        "take",
        "try",
        "learn",
        "consider",
        "explore",
        "meet",
        "ask",
        "write",
        "register",
        "go",
        "find",
        "search",
        "get",
        "start",
        "volunteer",
        "review",
        "research",
        "browse",
        "apply",
        "keep",
        "practice",
        "practise",
        "stay",
        "build",
        "use",
        "spend",
        "shadow",
        "think",
        "talk",
        "reread",
        "sit",
        "intern",
        "update",
        "add",
        "connect",
    ]
)
#: Words a plan named as a thing may start with that take no "the": "your book on zoning",
#: "two CRS reports", "some of the reports".
NO_ARTICLE = frozenset(
    [
        "the",
        "a",
        "an",
        "your",
        "their",
        "his",
        "her",
        "its",
        "our",
        "my",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "each",
        "every",
        "both",
        "one",
        "two",
        "three",
        "four",
        "five",
        "several",
        "more",
        "most",
    ]
)
#: What the user will do with a suggestion named as a thing, by its kind.
STEPS = {
    "read": "I'll start with {thing}",
    "join": "I'll look into joining {thing}",
    "attend": "I'll plan to attend {thing}",
    "program": "I'll look into {thing}",
    "contact": "I'll get in touch with {thing}",
}


def next_step(suggestion: str, kind: str = "") -> str:
    """The sentence of a thank-you that says what the user will do with a suggestion: "I'm
    going to read the plan, …" when it says what to do, else by its kind: "I'll start with
    the regional transportation plan you suggested and let you know how it goes." Nothing
    for an empty suggestion."""
    written = " ".join(suggestion.split()).rstrip(".")
    if not written:
        return ""
    plan = to_do(written)
    first = plan.split()[0].casefold()
    if first in DOING or kind not in {*STEPS, "other"}:
        return f"I'm going to {plan}, and I'll let you know how it goes."
    # A thing as written when it is a name ("Women in Transportation"); else its first word
    # lowered where it only starts the sentence ("Two CRS reports", "Regional … plan").
    if first in NO_ARTICLE:
        thing = written[0].lower() + written[1:]
    else:
        thing = written if title_cased(written) else lowered_start(written)
    if kind == "other":
        return f"I'll follow up on your suggestion about {thing} and let you know how it goes."
    if thing[:1].islower() and first not in NO_ARTICLE:  # "regional transportation plan"
        thing = f"the {thing}"
    # "the plan you suggested"; after a name, a possessive or a clause, an aside instead.
    plain = thing.startswith("the ") and "," not in thing and len(thing.split()) <= 7
    thing = org(thing) if kind == "join" else thing
    suggested = " you suggested" if plain else ", as you suggested,"
    return f"{STEPS[kind].format(thing=thing)}{suggested} and let you know how it goes."


#: Words a name in title case leaves in lower case: "Women in Transportation".
MINOR_WORDS = frozenset(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"])


def title_cased(text: str) -> bool:
    """Whether ``text`` is written as a name is: two words or more, each capitalized but the
    minor ones ("Women in Transportation", "American Planning Association"), not a phrase
    in sentence case ("Regional transportation plan")."""
    major = [word for word in text.split() if word.casefold() not in MINOR_WORDS]
    return len(major) >= 2 and all(not word[:1].isalpha() or word[:1].isupper() for word in major)


def clause(note: str, limit: int = 18) -> str:
    """The start of a note, made to follow "what you said about …": a few words, no full stop."""
    words = note.replace("\n", " ").split()
    return lowered_start(" ".join(words[:limit]).rstrip(".,;:!?"))


def to_do(suggestion: str) -> str:
    """A suggestion made to follow "I'm going to …": "Read the report" -> "read the report"."""
    return lowered_start(suggestion.strip().rstrip("."))


def lowered_start(text: str) -> str:
    """``text`` to follow other words: its capital lowered where it only starts a sentence
    ("Read the report"), kept where it starts a name or an acronym ("Google Analytics
    course", "SQL for analysts")."""
    words = text.split(maxsplit=2)
    if not words or not words[0][:1].isupper() or words[0][1:2].isupper():
        return text
    if words[0] == "I" or words[0].startswith(("I'", "I’")):  # "I think", "I'd"
        return text
    if len(words) > 1 and words[1][:1].isupper():  # two capitals in a row: a name
        return text
    return text[0].lower() + text[1:]

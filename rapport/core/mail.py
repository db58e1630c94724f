"""The mail a mailbox sync fetched, read: who wrote to whom about what and in which thread,
whether a person or an auto-responder wrote it, the new words of a reply, the day an
out-of-office says its writer is back, and the answer to a meeting invitation.

Everything takes raw RFC 5322 bytes as IMAP hands them over and never raises on junk: a
mailbox holds whatever the world sent, and one bad message must not stop a sync. So messages
are read under the legacy policy (``compat32``), which gives a header's text as it came and
parses nothing until asked; the decoding is done here, each step ready for the worst."""

from __future__ import annotations

import contextlib
import email
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

import icalendar
import idna

#: The header fields the sync fetches first (BODY.PEEK[HEADER.FIELDS (...)]), enough for
#: read_headers.
HEADER_FIELDS: tuple[str, ...] = (
    "FROM",
    "TO",
    "CC",
    "DATE",
    "SUBJECT",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "AUTO-SUBMITTED",
    "X-AUTOREPLY",
    "X-AUTORESPOND",
    "PRECEDENCE",
    "X-AUTO-RESPONSE-SUPPRESS",
    "LIST-ID",
    "CONTENT-TYPE",
)


@dataclass(frozen=True)
class Headers:
    """What a timeline needs of a message before its body is fetched."""

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    sent_at: datetime | None
    thread: tuple[str, ...]
    automatic: bool


def read_headers(raw: bytes) -> Headers:
    """The header fields of ``raw``, a header block or a whole message; empty where junk."""
    message = header_block(raw)
    ids = message_ids(header(message, "in-reply-to")) + message_ids(header(message, "references"))
    return Headers(
        message_id=(message_ids(header(message, "message-id")) or [""])[0],
        sender=(addresses(message, "from") or [""])[0],
        recipients=unique(addresses(message, "to", "cc")),
        subject=collapse(decoded(header(message, "subject"))),
        sent_at=sent_at(header(message, "date")),
        thread=unique(ids),
        automatic=is_automatic(message),
    )


def header_block(raw: bytes) -> Message:
    """The header fields of ``raw`` as a message without a body.

    Decoded as UTF-8 first, because RFC 6532 lets a header hold it raw (``From: Zoë
    <zoë@bücher.de>``) and the legacy policy would otherwise hide such a field."""
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    return email.message_from_string(head.decode("utf-8", "replace") + "\n\n")


def fields(message: Message, name: str) -> list[str]:
    """Every ``name`` field of ``message``, as text."""
    try:
        values = message.get_all(name) or []
    except (ValueError, IndexError, TypeError, MessageError):
        return []  # a message read under a modern policy parses on access, and can stumble
    return [str(value) for value in values]


def header(message: Message, name: str) -> str:
    """The first ``name`` field of ``message``, "" if it has none."""
    return (fields(message, name) or [""])[0]


def decoded(value: str) -> str:
    """``value`` with its RFC 2047 encoded words decoded; as it is if they are broken."""
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, MessageError):
        return value


def collapse(text: str) -> str:
    return " ".join(text.split())


def unique(items: list[str]) -> tuple[str, ...]:
    """``items`` in order, each once."""
    return tuple(dict.fromkeys(items))


def sent_at(value: str) -> datetime | None:
    """The moment a Date field names, in UTC when it gives no zone; None if it names none."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def addresses(message: Message, *names: str) -> list[str]:
    """The normal address of everyone the ``names`` fields list, leaving out what is not one."""
    pairs = getaddresses([value for name in names for value in fields(message, name)])
    return [address for address in (normal_address(pair[1]) for pair in pairs) if address]


def normal_id(text: str) -> str:
    """A message id as threads compare it: no brackets or spaces, the domain in lower case.

    The local part keeps its case: ids are compared exactly, and only a domain is known to be
    case-blind."""
    local, at, domain = "".join(text.split()).strip("<>").rpartition("@")
    return local + at + domain.lower()


def message_ids(text: str) -> list[str]:
    """Every ``<id>`` of a Message-ID, In-Reply-To or References value, normalized, in order."""
    ids = re.findall(r"<([^<>]*)>", text)
    if not ids:  # some mailers leave out the brackets
        ids = [word for word in text.split() if "@" in word]
    return [found for found in map(normal_id, ids) if found]


def normal_address(address: str) -> str:
    """``address`` ("Zoë <ZOË@xn--bcher-kva.de>" or a bare one) as one person's mail compares:
    casefolded, the domain in Unicode; "" if it is not an address."""
    local, _, domain = parseaddr(address)[1].strip().rpartition("@")
    if not local or not domain.strip(".") or any(char.isspace() for char in local + domain):
        return ""
    labels = domain.rstrip(".").lower().split(".")
    unicode_domain = ".".join(unicode_label(label) for label in labels)
    return unicodedata.normalize("NFC", f"{local}@{unicode_domain}".casefold())


def unicode_label(label: str) -> str:
    """A domain label as people write it: an ``xn--`` label decoded by IDNA 2008."""
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return label


AUTOMATIC_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})
#: Subjects of automatic answers in English, French, German and Spanish, matched on folded
#: text (lower case, no accents).
AUTOMATIC_SUBJECT = re.compile(
    r"\b(?:out\ of\ (?:the\ )?office|automatic\ reply|auto[-\ ]?reply|auto[-\ ]?response"
    r"|autoresponder|away\ from\ (?:the|my)\ office|on\ vacation|vacation\ reply"
    r"|reponse\ automatique|absente?\ du\ bureau|message\ d'absence"
    r"|abwesenheitsnotiz|automatische\ antwort|ausser\ haus|nicht\ im\ buro"
    r"|respuesta\ automatica|fuera\ de\ la\ oficina)\b",
    re.VERBOSE,
)


def is_automatic(message: Message) -> bool:
    """Whether ``message`` is an automatic answer (out-of-office, autoresponder, list mail)
    rather than a person's reply.

    X-Auto-Response-Suppress does not count: Outlook sets it on a person's mail too."""
    submitted = header(message, "auto-submitted").split(";")[0].strip().lower()
    return (
        submitted not in ("", "no")
        or bool(fields(message, "x-autoreply") or fields(message, "x-autorespond"))
        or header(message, "precedence").strip().lower() in AUTOMATIC_PRECEDENCE
        or AUTOMATIC_SUBJECT.search(fold(decoded(header(message, "subject")))) is not None
    )


#: Mail sent to many: automatic, but no answer to the student, so no out-of-office either.
MANY_PRECEDENCE = frozenset({"bulk", "junk", "list"})


def is_out_of_office(raw: bytes) -> bool:
    """Whether ``raw`` (its headers at least) is an automatic answer to the student, such as
    an out-of-office, whose return date may put a follow-up off; list and bulk mail is
    automatic too, but says nothing of when its sender is back."""
    message = header_block(raw)
    many = header(message, "precedence").strip().lower() in MANY_PRECEDENCE
    return is_automatic(message) and not many and not fields(message, "list-id")


#: Thanks for something, as a thank-you says it; not a "Thanks," to sign off with.
THANKS = re.compile(
    r"\b(?:thank\s+you|thanks|many\s+thanks)\b(?:\s+(?:so|very)\s+much|\s+again)?\s+for\b",
    re.IGNORECASE,
)


def thanks(text: str) -> bool:
    return THANKS.search(text) is not None


def new_words(text: str) -> str:
    """The words a message adds: ``text`` up to its quoted part or its signature."""
    start = QUOTE_START.search(text)
    return text[: start.start()] if start else text


def fold(text: str) -> str:
    """``text`` casefolded and without accents, so that "Réponse" matches "reponse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def body_text(raw: bytes) -> str:
    """The readable text of a whole message: its first text/plain part that is not an
    attachment, else its first text/html part as plain text; "" if it has neither."""
    parts = list(readable_parts(email.message_from_bytes(raw)))
    for part in parts:
        if part.get_content_type() == "text/plain":
            return part_text(part)
    for part in parts:
        if part.get_content_type() == "text/html":
            return html_text(part_text(part))
    return ""


def readable_parts(message: Message) -> Iterator[Message]:
    """The leaf parts of ``message`` in order, without attachments or attached messages (a
    forwarded message's text is not this message's)."""
    if message.get_content_disposition() == "attachment":
        return
    if not message.is_multipart():
        yield message
    elif message.get_content_maintype() != "message":
        for part in message.get_payload():
            if isinstance(part, Message):
                yield from readable_parts(part)


def part_text(part: Message) -> str:
    """The payload of ``part`` decoded with its charset (UTF-8 if it names none or a bogus
    one), undecodable bytes replaced, with the wire's CRLF line ends made plain newlines."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    try:
        text = data.decode(part.get_content_charset() or "utf-8", "replace")
    except (LookupError, ValueError):
        text = data.decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


HIDDEN_ELEMENTS = frozenset({"script", "style", "title", "template"})
BLOCK_ELEMENTS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer"}
    | {"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre"}
    | {"section", "table", "td", "th", "tr", "ul"}
)


class HtmlText(HTMLParser):
    """Collects the text a browser shows, a line per block, lines of a <blockquote> marked
    with ">" as a plain-text reply quotes them (so that ``excerpt`` finds the quote)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = [(0, "")]  # (quote depth, text)
        self.hidden = 0
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        if tag == "blockquote":
            self.quoted += 1
        if tag in BLOCK_ELEMENTS:
            self.lines.append((self.quoted, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        if tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
        if tag in BLOCK_ELEMENTS and tag not in ("br", "hr"):  # <br/> ends no block
            self.lines.append((self.quoted, ""))

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            depth, text = self.lines[-1]
            self.lines[-1] = (depth, text + data)

    def text(self) -> str:
        lines = [
            "> " * depth + collapse(text) if text.strip() else "" for depth, text in self.lines
        ]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(html: str) -> str:
    """The text of an HTML body: tags dropped, scripts and styles left out, entities decoded."""
    parser = HtmlText()
    with contextlib.suppress(AssertionError):  # html.parser's answer to some malformed markup
        parser.feed(html)
        parser.close()
    return parser.text()


#: Where the quoted part of a reply begins, or its signature: a ">" line; the attribution line
#: of Gmail or Apple Mail in English, French, German or Spanish (which may wrap onto a second
#: line); an "Original Message" rule; Outlook's rule and From:/Sent: block; "-- ".
QUOTE_START = re.compile(
    r"""^[ \t]*(?:
        >
      | On\ [^\n]*(?:\n[^\n]*)?\bwrote:[ \t]*$
      | Le\ [^\n]*(?:\n[^\n]*)?\ba\ écrit[ \t\xa0]?:[ \t]*$
      | Am\ [^\n]*(?:\n[^\n]*)?\bschrieb\b[^\n]*:[ \t]*$
      | El\ [^\n]*(?:\n[^\n]*)?\bescribió:[ \t]*$
      | -{2,}[ \t]*(?i:original\ message|message\ d'origine|ursprüngliche\ nachricht
                    |mensaje\ original)[ \t]*-{2,}
      | _{10,}[ \t]*$
      | (?:From|De|Von)[ \t\xa0]?:[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*
        (?:Sent|Date|Envoyé|Gesendet|Enviado)[ \t\xa0]?:
      | --[ \t]*$
    )""",
    re.MULTILINE | re.VERBOSE,
)


def excerpt(text: str, limit: int = 280) -> str:
    """The new words of a message, as a timeline shows them: up to the quoted part or the
    signature, whitespace collapsed, cut at a word within ``limit`` characters."""
    return shorten(collapse(new_words(text)), limit)


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its first words and "…"."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    cut = text[: limit - 1]  # room for the ellipsis
    if text[limit - 1] != " " and " " in cut:  # do not split a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def names_of(rows: tuple[str, ...]) -> dict[str, int]:
    """Each name of each row (folded) mapped to the row's number, counting from 1."""
    return {name: number for number, row in enumerate(rows, start=1) for name in row.split()}


MONTHS = names_of(
    (
        "january jan janvier janv enero ene januar",
        "february feb fevrier fevr febrero februar",
        "march mar mars marzo marz",
        "april apr avril abril",
        "may mai mayo",
        "june jun juin junio juni",
        "july jul juillet juil julio juli",
        "august aug aout agosto",
        "september sept sep septembre septiembre setiembre",
        "october oct octobre octubre oktober okt",
        "november nov novembre noviembre",
        "december dec decembre diciembre dic dezember dez",
    )
)
WEEKDAYS = names_of(
    (
        "monday mon lundi lunes montag",
        "tuesday tue tues mardi martes dienstag",
        "wednesday wed mercredi miercoles mittwoch",
        "thursday thu thur thurs jeudi jueves donnerstag",
        "friday fri vendredi viernes freitag",
        "saturday sat samedi sabado samstag",
        "sunday sun dimanche domingo sonntag",
    )
)


def one_of(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # the longest name first


#: A cue word ("until", "back", "de retour", "bis" …), at most four other words, then a date,
#: on folded text. The date may open with a weekday or "the" ("Monday, December 14", "the
#: 4th of January"); alone, a weekday is the date.
RETURN_DATE = re.compile(
    rf"""\b(?:until|untill|till|til|through|thru|back|return(?:s|ing|ed)?
          |reachable\ again|available\ again|de\ retour|retour|jusqu|bis|zuruck
          |wieder\ da|hasta|regreso|de\ vuelta)\b
    (?:\W+\w+){{0,4}}?\W+
    (?:(?:{one_of(WEEKDAYS)})\b\.?,?\s+)?(?:the\s+)?
    (?:
        (?P<iso_year>\d{{4}})-(?P<iso_month>\d\d?)-(?P<iso_day>\d\d?)\b
      | (?P<day>\d\d?)(?:st|nd|rd|th|er|e)?\.?\s+(?:of\s+|de\s+)?(?P<month>{one_of(MONTHS)})\b
        \.?(?:,?\s+(?P<year>\d{{4}})\b)?
      | (?P<month_first>{one_of(MONTHS)})\b\.?\s+(?P<day_after>\d\d?)(?:st|nd|rd|th)?\b
        (?:,?\s+(?P<year_after>\d{{4}})\b)?
      | (?P<first>\d\d?)(?P<separator>[/.])(?P<second>\d\d?)\b
        (?:(?P=separator)(?P<numeric_year>\d{{4}}|\d\d)\b)?
      | (?P<weekday>{one_of(WEEKDAYS)})\b
      | (?P<ordinal>\d\d?)(?:st|nd|rd|th)\b
    )""",
    re.VERBOSE,
)


def return_date(text: str, received: datetime) -> date | None:
    """The day an out-of-office (its subject and body in ``text``) says its writer is back.

    The first date after a cue word: "until 14 December", "back on Monday, December 14",
    "I will return on 14/12", "back on the 4th", "de retour le 14 décembre". A date without
    a year is the next one on or after the day ``received``; None if no cue has a date."""
    today = received.date()
    for match in RETURN_DATE.finditer(fold(text)):
        found = date_of(match, today)
        if found is not None:
            return found
    return None


def date_of(match: re.Match[str], today: date) -> date | None:
    """The date a RETURN_DATE match names, seen from ``today``."""
    if match["weekday"]:  # the next one: "back on Monday" said on a Monday is a week away
        ahead = (WEEKDAYS[match["weekday"]] - 2 - today.weekday()) % 7 + 1
        return today + timedelta(days=ahead)
    day, month = day_and_month(match)
    year = match["iso_year"] or match["year"] or match["year_after"] or match["numeric_year"]
    if year and len(year) == 2:
        year = "20" + year
    return next_date(today, day, month, int(year) if year else None)


def day_and_month(match: re.Match[str]) -> tuple[int, int | None]:
    if match["iso_year"]:
        return int(match["iso_day"]), int(match["iso_month"])
    if match["month"]:
        return int(match["day"]), MONTHS[match["month"]]
    if match["month_first"]:
        return int(match["day_after"]), MONTHS[match["month_first"]]
    if match["first"]:
        first, second = int(match["first"]), int(match["second"])
        # Day first, as most of the world writes, unless only month/day can be meant (12/14);
        # dotted dates are always day first (and 9.30 is a time).
        if match["separator"] == "/" and first <= 12 < second:
            return second, first
        return first, second
    return int(match["ordinal"]), None


def next_date(today: date, day: int, month: int | None, year: int | None) -> date | None:
    """The date on ``day`` (of ``month``, in ``year``): with no year, the first on or after
    ``today``; None if there is no such date."""
    if year is not None:
        return safe_date(year, month or today.month, day)
    for ahead in range(12 * 9):  # a 29 February can be eight years away
        more_years, month_index = divmod(today.month - 1 + ahead, 12)
        if month is not None and month_index + 1 != month:
            continue
        candidate = safe_date(today.year + more_years, month_index + 1, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class Answer:
    """An invitee's answer to a meeting invitation (iTIP, RFC 5546): a REPLY, or a COUNTER
    that proposes another time."""

    uid: str
    method: str
    status: str
    attendee: str
    starts: datetime | None
    ends: datetime | None
    comment: str


ANSWER_METHODS = frozenset({"REPLY", "COUNTER"})
STATUSES = frozenset({"accepted", "declined", "tentative"})
CALENDAR_TYPES = frozenset({"text/calendar", "application/ics"})


def meeting_answer(raw: bytes) -> Answer | None:
    """The iTIP answer in a whole message, from its first calendar part (inline or an .ics
    attachment) whose METHOD is REPLY or COUNTER; None if it has none that can be read."""
    for part in email.message_from_bytes(raw).walk():
        is_ics = (part.get_filename() or "").lower().endswith(".ics")
        if part.get_content_type() in CALENDAR_TYPES or is_ics:
            answer = calendar_answer(part.get_payload(decode=True))
            if answer is not None:
                return answer
    return None


def calendar_answer(data: object) -> Answer | None:
    """The answer in the first VEVENT of an iCalendar file whose METHOD is REPLY or COUNTER."""
    if not isinstance(data, bytes):
        return None
    try:
        calendar = icalendar.Calendar.from_ical(data)
        method = str(calendar.get("method", "")).upper()
        events = calendar.events
        if method not in ANSWER_METHODS or not events:
            return None
        return event_answer(method, events[0])
    except Exception:  # icalendar's many errors on junk; one unreadable file must not stop a sync
        return None


def event_answer(method: str, event: icalendar.Event) -> Answer:
    attendee = first(event.get("attendee"))
    status = str(getattr(attendee, "params", {}).get("PARTSTAT", "")).lower()
    starts = moment(event.get("dtstart"))
    ends = moment(event.get("dtend"))
    duration = getattr(event.get("duration"), "dt", None)
    if ends is None and starts is not None and isinstance(duration, timedelta):
        ends = starts + duration
    return Answer(
        uid=str(event.get("uid", "")),
        method=method,
        status=status if status in STATUSES else "",
        attendee=normal_address(re.sub(r"(?i)^mailto:", "", str(attendee or ""))),
        starts=starts,
        ends=ends,
        comment=str(first(event.get("comment")) or ""),
    )


def first(value: Any) -> Any:
    """The first of a property that may appear more than once (icalendar then gives a list)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def moment(prop: Any) -> datetime | None:
    """A DTSTART or DTEND as an aware datetime in the zone the file gives; None if it is
    missing, a whole day, or floating (no zone, so no moment)."""
    value = getattr(prop, "dt", None)
    return value if isinstance(value, datetime) and value.tzinfo is not None else None

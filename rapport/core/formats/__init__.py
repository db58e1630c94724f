"""Reading the files people keep their network in: records out, with the line of every problem.

Pure functions over text: no database, no file system. ``decode`` turns uploaded bytes into
text; each format module turns text into a ``ParseResult``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from rapport.core.errors import RapportError


@dataclass(frozen=True)
class Cell:
    """A value of the file that cannot be used where it stands, such as an address that is
    not one: the import may go on without it, keeping the value in the contact's notes."""

    line: int
    label: str  # what the value was meant to be: "e-mail", "Connected On"
    value: str
    why: str  # "not an e-mail address", "212 characters long; at most 200"

    def __str__(self) -> str:
        return f"line {self.line}: the {self.label} {self.value[:60]!r} is {self.why}"

    @property
    def note(self) -> str:
        """The line kept in the contact's notes in its place."""
        return f"From the import, {self.label} ({self.why}): {self.value}"


@dataclass(frozen=True)
class ContactRecord:
    """One person as a file describes them, before it is matched against the network."""

    line: int
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    organization: str = ""
    role: str = ""
    location: str = ""
    profile_url: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    source: str = "other"
    connected_on: date | None = None
    #: Values the parser could not use (a date that is not one); the import adds the rest.
    unusable: tuple[Cell, ...] = ()

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""


@dataclass(frozen=True)
class Problem:
    """A line of the file and what is wrong with it, or why it was left out."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParseResult:
    records: list[ContactRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    #: The cells set aside from the records, with the name of the record each was in.
    unusable: list[tuple[Cell, str]] = field(default_factory=list)


class ImportFailed(RapportError):
    """The file cannot be imported; nothing was written. ``problems`` says where and why,
    ``hint`` what to do about it."""

    def __init__(self, problems: list[Problem], hint: str = "") -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        hint = f"; {hint}" if hint else ""
        super().__init__(f"nothing was imported: {shown}{more}{hint}")


def fail(line: int, message: str) -> ImportFailed:
    return ImportFailed([Problem(line, message)])


#: The first bytes of files people upload by mistake, and what to do instead.
BINARY_KINDS = [
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one); save or export it as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file; save it as CSV"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"%PDF", "a PDF document, not a contacts file"),
    (b"\x89PNG", "a PNG image, not a contacts file"),
    (b"\xff\xd8\xff", "a JPEG image, not a contacts file"),
    (b"GIF8", "a GIF image, not a contacts file"),
]


def decode(data: bytes, encoding: str | None = None) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with a BOM,
    or the encoding named; refuse binary files, naming the first bad line."""
    if not data.strip():
        raise fail(1, "the file is empty")
    for magic, what in BINARY_KINDS:
        if data.startswith(magic):
            raise fail(1, f"this is {what}")
    if encoding is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif encoding is None and b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise fail(
            line,
            "contains a NUL byte: this is a binary file (or UTF-16 without its byte order "
            "mark), not text; save it as CSV UTF-8",
        )
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise RapportError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        # Said the same way on the web (the Encoding field) and the CLI (--encoding).
        hint = " give its encoding, such as cp1252 or latin-1" if not encoding else ""
        raise fail(line, f"this is not {encoding or 'UTF-8'} text;{hint}") from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise fail(line, "contains a NUL byte: this looks like a binary file, not text")
    return text.removeprefix("\ufeff")


#: Invisible characters that spreadsheets and web pages leave in names: zero-width space,
#: word joiner, byte order mark; and the bidirectional embeddings, overrides and isolates that
#: can make a name read as another on screen. (Zero-width joiners stay: emoji and some
#: scripts need them; so do the left-to-right and right-to-left marks.)
INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
#: Control characters that are not white space (NUL, BEL, ESC…): never part of a name.
CONTROL = dict.fromkeys(code for code in range(32) if not chr(code).isspace()) | {0x7F: None}


def clean(value: str | None) -> str:
    """Return a one-line value composed (NFC), without invisible or control characters,
    white space tidied (a line break becomes a space)."""
    text = value or ""
    if text.isascii() and text.isprintable():  # most cells: nothing to take out or compose
        return " ".join(text.split())
    text = text.translate(CONTROL)
    if not text.isascii():  # most cells are ASCII: nothing to compose or strip
        text = unicodedata.normalize("NFC", text.translate(INVISIBLE))
    return " ".join(text.split())


def text_lines(text: str) -> list[str]:
    """The lines of ``text``, broken at CR, LF or CRLF only (``str.splitlines`` also breaks at
    control characters such as U+001E that may sit inside a value)."""
    return re.split(r"\r\n|\r|\n", text)


def emails_in(cell: str | None) -> tuple[str, ...]:
    """The addresses in a cell: ``Bob <b@x.org>`` gives ``b@x.org``; ``;`` or ``,`` separate
    several."""
    if not cell or not any(mark in cell for mark in ";,<:"):
        return (clean(cell),) if clean(cell) else ()
    found = []
    for part in re.split(r"[;,]", cell):
        part = clean(part)
        inside = re.search(r"<([^<>]*)>", part)
        address = clean(inside.group(1) if inside else part).removeprefix("mailto:")
        if address:
            found.append(address)
    return tuple(dict.fromkeys(found))


def is_web_url(value: str) -> bool:
    """True for an http(s) address: the only links Rapport will put in a page."""
    return value.lower().startswith(("http://", "https://"))

"""Reading the files people keep their network in: records out, with the line of every problem.

Pure functions over text: no database, no file system. ``decode`` turns uploaded bytes into
text; each format module turns text into a ``ParseResult``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from datetime import date

from rapport.core.errors import RapportError


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


class ImportFailed(RapportError):
    """The file cannot be imported; nothing was written. ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"nothing was imported: {shown}{more}")


def fail(line: int, message: str) -> ImportFailed:
    return ImportFailed([Problem(line, message)])


def decode(data: bytes, encoding: str | None = None) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with a BOM,
    or the encoding named; refuse binary files, naming the first bad line."""
    if not data.strip():
        raise fail(1, "the file is empty")
    if encoding is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise RapportError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = " try --encoding cp1252 (or latin-1)" if not encoding else ""
        raise fail(line, f"this is not {encoding or 'UTF-8'} text;{hint}") from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise fail(line, "contains a NUL byte: this looks like a binary file, not text")
    return text.removeprefix("\ufeff")


def clean(value: str | None) -> str:
    """Return a cell's value with its white space tidied."""
    return " ".join((value or "").split())

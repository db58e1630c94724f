"""Sentences with their place in the text, and the words people use for their work."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? followed by white space, or at a line break; not after a title
# or a common abbreviation ("Prof. Alan Dwight", "e.g. a lab").
BOUNDARY = re.compile(r"[.!?]+(?=\s|$)|\n")
ABBREVIATIONS = {
    "prof",
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "st",
    "jr",
    "sr",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "no",
    "dept",
    "univ",
    "inc",
    "co",
    "corp",
    "a.m",
    "p.m",
    "u.s",
}
WORD = re.compile(r"[A-Za-z\u00C0-\u024F0-9'’]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str

    @property
    def plain(self) -> str:
        """The sentence in lower case with straight apostrophes, the same length as ``text``."""
        return normalize(self.text)


QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalize(text: str) -> str:
    """Lower case, straight quotes; keeps every character's position."""
    if text.isascii():
        return text.lower()
    # A few letters grow when lowered ("İ"); keep those as they are so spans stay true.
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(QUOTES)


def sentences(text: str) -> list[Sentence]:
    """Return the non-blank sentences of ``text`` with their spans, outer space trimmed."""
    found, start = [], 0
    for match in BOUNDARY.finditer(text):
        before = text[start : match.start()].split()
        if match.group() != "\n" and before and before[-1].lower().rstrip(".") in ABBREVIATIONS:
            continue
        found += [piece] if (piece := trimmed(text, start, match.end())) else []
        start = match.end()
    found += [piece] if (piece := trimmed(text, start, len(text))) else []
    return found


def trimmed(text: str, start: int, end: int) -> Sentence | None:
    chunk = text[start:end]
    if not chunk.strip():
        return None
    begin = start + len(chunk) - len(chunk.lstrip())
    finish = start + len(chunk.rstrip())
    return Sentence(begin, finish, text[begin:finish])


def words(text: str) -> list[str]:
    return WORD.findall(text)

"""Sentences with their place in the text, and the words people use for their work."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or a line break) followed by space; "e.g." and "Mr." are rare
# in outreach and cost at most a split sentence, which the rules tolerate.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|[^\S\n]*\n", re.MULTILINE)
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
    """Return the non-blank sentences of ``text`` with their spans, leading space trimmed."""
    found = []
    for match in SENTENCE.finditer(text):
        chunk = match.group()
        stripped = chunk.lstrip()
        if stripped.strip():
            start = match.start() + len(chunk) - len(stripped)
            body = stripped.rstrip()
            found.append(Sentence(start, start + len(body), body))
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)

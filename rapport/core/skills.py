"""Skill words: the terms for a resume, heard in the notes of a conversation.

The seed says to listen for the skill words in "what makes someone successful" and to use
those terms on the resume. Matching ignores case, allows plurals and -ing/-ed forms, treats
hyphens and spaces alike, and prefers the longest term ("data analysis" over "data").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapport.core.search import fold, run_in


@dataclass(frozen=True)
class Heard:
    term: str
    start: int
    end: int


def parse_vocabulary(text: str) -> tuple[str, ...]:
    """The terms of a vocabulary file: one a line, ``#`` comments and blank lines skipped."""
    terms = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(term for term in terms if term))


def variant(word: str) -> str:
    """A pattern for ``word`` and its common endings: plan, plans, planning, planned."""
    if len(word) <= 3 or not word.isalpha():
        return re.escape(word)
    if word.endswith("e"):  # negotiate: negotiates, negotiating, negotiated
        return re.escape(word[:-1]) + "(?:e|es|ing|ed|er|ers)"
    return re.escape(word) + "(?:s|es|ing|ed|er|ers)?"


@functools.lru_cache(maxsize=8)
def matcher(vocabulary: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for the whole vocabulary, a group a term, longest terms first."""
    ordered = tuple(sorted(vocabulary, key=len, reverse=True))
    parts = [
        r"[\s-]+".join(variant(word) for word in re.split(r"[\s-]+", fold(term)))
        for term in ordered
    ]
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(f"({p})" for p in parts) + r")(?![\w])")
    return pattern, ordered


def find(text: str, vocabulary: tuple[str, ...]) -> list[Heard]:
    """Every skill term in ``text``, with its span in ``text``."""
    if not vocabulary or not text:
        return []
    pattern, terms = matcher(vocabulary)
    folded = text.lower() if text.isascii() else fold_keeping_length(text)
    found = []
    for match in pattern.finditer(folded):
        index = next(i for i, group in enumerate(match.groups()) if group is not None)
        found.append(Heard(terms[index], match.start(), match.end()))
    return found


def as_written(texts: list[str], vocabulary: tuple[str, ...]) -> list[str]:
    """The skill terms in ``texts``, first heard first, each spelled for a sentence: as the
    vocabulary spells it when that has a capital ("SQL", "Excel"); else as the notes first
    wrote the term itself mid-sentence ("Salesforce" for a user's own "salesforce"); else as
    the vocabulary does. A capital that only starts a sentence says nothing of the term."""
    spelled: dict[str, str] = {}
    settled = {term for term in vocabulary if term != term.lower()}
    for text in texts:
        for heard in find(text, vocabulary):
            spelled.setdefault(heard.term, heard.term)
            written = " ".join(text[heard.start : heard.end].split())
            if heard.term in settled or fold(written) != fold(heard.term):
                continue  # a list's own capitals, or another form: "budgets" for "budgeting"
            if not starts_sentence(text, heard.start):
                spelled[heard.term] = written
                settled.add(heard.term)
    return list(spelled.values())


def without_parts(terms: list[str]) -> list[str]:
    """``terms`` but those whose words are part of another's ("research" beside "legal
    research"): a sentence naming both says one thing twice."""
    words = [fold(term).split() for term in terms]
    return [
        term
        for term, own in zip(terms, words, strict=True)
        if not any(len(other) > len(own) and run_in(own, other) for other in words)
    ]


#: What ends a sentence, or starts a note's line or a list's item.
SENTENCE_BREAKS = ".!?:;\n\r•*–—-"


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of a sentence, a line or a list's item."""
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in SENTENCE_BREAKS


def fold_keeping_length(text: str) -> str:
    """Lower case without accents, one character for one, so spans stay true."""
    return "".join(fold(ch)[:1] if len(fold(ch)) >= 1 else ch for ch in text)


def missing_from(resume: str, heard: list[str], vocabulary: tuple[str, ...]) -> list[str]:
    """The heard terms the resume does not use yet, in the order given."""
    present = {item.term for item in find(resume, vocabulary)}
    return [term for term in dict.fromkeys(heard) if term not in present]

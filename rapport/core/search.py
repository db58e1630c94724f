"""Search keys: what the user types matches what they stored, whatever the accents or case."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: Latin letters that are letters of their own rather than a letter and an accent, which
#: decomposing keeps: read as the letters people type for them ("orsted" finds "Ørsted").
#: Changing this changes what is stored: a migration must fold the search texts and sort
#: keys again (contacts.0023 did for these).
READ_AS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold(text: str) -> str:
    """Return ``text`` case-folded, without accents and with runs of white space made one;
    Ø, Ł and their kind read as O and L."""
    if text.isascii():  # most names and notes: nothing to decompose, and 10x faster
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Accents go, and so do invisible format characters (a zero-width space pasted in a name).
    bare = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )
    return " ".join(bare.translate(READ_AS).split())


def sort_key(name: str) -> str:
    """Return ``name`` as lists order it: folded, and compared code point by code point, it
    puts "Émile" among the e's, where "É" > "z"."""
    return fold(name)


#: Titles before a person's name, which lists pass over: "Prof. Alan Dwight" among the a's.
TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "rev", "sir"})


def person_sort_key(name: str) -> str:
    """``sort_key`` of a person's name, a title before it left out."""
    key = fold(name)
    title, _, rest = key.partition(" ")
    return rest if rest and title.rstrip(".") in TITLES else key


def run_in(part: list[str], whole: list[str]) -> bool:
    """Whether the words ``part`` stand in ``whole`` one after another ("legal research" in
    "legal research methods"; not "art" in "martial arts")."""
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def title_and_name(name: str) -> tuple[str, str]:
    """A person's title ("Prof.", "Dr") and the name after it, as written; no title: ""."""
    title, _, rest = name.strip().partition(" ")
    if rest.strip() and fold(title).rstrip(".") in TITLES:
        return title, rest.strip()
    return "", name.strip()


def search_key(parts: Iterable[str | None]) -> str:
    """Return one folded text holding every non-empty part, for substring search."""
    return "\n".join(fold(part) for part in parts if part)


def query_terms(query: str) -> list[str]:
    """Return the folded words of a query; every one must appear for a contact to match."""
    return fold(query).split()


#: The trigram index finds substrings of three characters or more; shorter terms it cannot
#: look up, and they are matched against the text itself.
TRIGRAM = 3


def trigram_query(terms: Iterable[str]) -> str:
    """Return an FTS5 query for text holding, for every term of three characters or more,
    the trigrams that cover it: "policy" asks for "pol" and "icy". Each is quoted, so that
    AND, OR, NEAR, ``*``, ``^`` and quotes stand for themselves; empty when no term is that
    long.

    Text with a term's covering trigrams need not hold the term ("pol… icy"): the index
    names the candidates, and the substring test that follows it decides. Asking for the
    term as a phrase of all its trigrams in a row gave the same candidates on the benchmark
    network, reading twice the lists and every position in them."""
    wanted: dict[str, None] = {}  # in order, each once
    for term in terms:
        if len(term) >= TRIGRAM:
            starts = [*range(0, len(term) - TRIGRAM, TRIGRAM), len(term) - TRIGRAM]
            wanted.update((term[start : start + TRIGRAM], None) for start in starts)
    return " ".join('"' + trigram.replace('"', '""') + '"' for trigram in wanted)

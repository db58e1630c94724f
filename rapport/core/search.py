"""Search keys: what the user types matches what they stored, whatever the accents or case."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Return ``text`` case-folded, without accents and with runs of white space made one."""
    if text.isascii():  # most names and notes: nothing to decompose, and 10x faster
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Accents go, and so do invisible format characters (a zero-width space pasted in a name).
    bare = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )
    return " ".join(bare.split())


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
    """Return an FTS5 query for text holding every term of three characters or more, each
    quoted as a phrase so that AND, OR, NEAR, ``*``, ``^`` and quotes stand for themselves;
    empty when no term is that long."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms if len(term) >= TRIGRAM)

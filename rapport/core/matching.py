"""Who is who: matching people from a file against the network, and against each other.

In order of trust: the same profile URL, the same e-mail, the same name at the same
organization (or where one side names none), then a close name at the same organization.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from rapport.core.search import fold

#: How alike two names at one organization must be (0 to 100) to be taken for one person.
FUZZY_NAME_SCORE = 90


def url_key(url: str) -> str:
    """Return a profile URL reduced to what identifies it: no scheme, www., query or end slash."""
    if not url.strip():
        return ""
    parts = urlsplit(url.strip() if "//" in url else f"//{url.strip()}")
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{unquote(parts.path).rstrip('/')}".casefold()


def email_key(email: str) -> str:
    return email.strip().casefold()


@dataclass(frozen=True)
class Person:
    """What matching needs to know of someone: the key to return, and how to recognise them."""

    key: object
    name: str
    organization: str = ""
    emails: tuple[str, ...] = ()
    profile_url: str = ""


class Matcher:
    """Finds the person already known that a newcomer is, and learns each newcomer in turn."""

    def __init__(self, people: list[Person] | None = None) -> None:
        self.by_url: dict[str, object] = {}
        self.by_email: dict[str, object] = {}
        self.by_name: dict[str, list[tuple[str, object]]] = defaultdict(list)
        self.names_at: dict[str, dict[object, str]] = defaultdict(dict)
        for person in people or []:
            self.learn(person)

    def learn(self, person: Person) -> None:
        if url := url_key(person.profile_url):
            self.by_url.setdefault(url, person.key)
        for email in person.emails:
            if key := email_key(email):
                self.by_email.setdefault(key, person.key)
        name, organization = fold(person.name), fold(person.organization)
        self.by_name[name].append((organization, person.key))
        if organization:
            self.names_at[organization][person.key] = name

    def find(self, person: Person) -> object | None:
        """Return the key of the known person ``person`` is, or None if they are new."""
        if (url := url_key(person.profile_url)) and url in self.by_url:
            return self.by_url[url]
        for email in person.emails:
            if (address := email_key(email)) and address in self.by_email:
                return self.by_email[address]
        name, organization = fold(person.name), fold(person.organization)
        for known_organization, key in self.by_name.get(name, []):
            if known_organization == organization or not known_organization or not organization:
                return key
        return self.close_name_at(name, organization)

    def close_name_at(self, name: str, organization: str) -> object | None:
        names = self.names_at.get(organization) if organization else None
        if not names:
            return None
        best = process.extractOne(
            name, names, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_NAME_SCORE
        )
        return best[2] if best else None

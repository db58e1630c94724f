"""Who is who: matching people from a file against the network, and against each other.

In order of trust: the same profile URL, the same e-mail, the same name at the same
organization (or where one side names none), then a close name at the same organization.
A match by name is never made between two people whose profile URLs, or whose e-mail
addresses, are known on both sides and differ: they are two people who share a name. Nor
is a match by e-mail made between two people whose names have no word in common, or whose
profile URLs differ: an address may be shared (a family's, an office's) or mistyped, and
"Bob Smith" and "Robert Smith", or a name changed by marriage, still share a word.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from rapport.core.search import fold

#: How alike two names at one organization must be (0 to 100) to be taken for one person.
FUZZY_NAME_SCORE = 90


#: What makes a link need urlsplit: a query, a fragment, an escape, an IPv6 host, white space.
NOT_PLAIN_URL = re.compile(r"[?#%\[\]\t\r\n\\]")


#: A LinkedIn profile however reached: a country's site (de.linkedin.com), or one of the
#: profile's own pages (/details/experience).
LINKEDIN_PROFILE = re.compile(r"^(?:[a-z0-9-]+\.)?linkedin\.com/in/([^/]+)(?:/.*)?$")


#: How a LinkedIn export writes every profile link (casefolded).
LINKEDIN_EXPORT_PREFIX = "https://www.linkedin.com/in/"


def url_key(url: str) -> str:
    """Return a profile URL reduced to what identifies it: no scheme, www., query or end
    slash; a LinkedIn profile as linkedin.com/in/NAME wherever it was read."""
    url = url.strip()
    plain = url[:8].lower().startswith(("https://", "http://"))
    if plain and not NOT_PLAIN_URL.search(url):
        folded = url.casefold()
        if folded.startswith(LINKEDIN_EXPORT_PREFIX):
            # Every row of a LinkedIn export: what the lines below would make of it.
            profile = folded[len(LINKEDIN_EXPORT_PREFIX) :].partition("/")[0]
            if profile:
                return f"linkedin.com/in/{profile}"
        # Most links (every LinkedIn profile): what urlsplit would find, five times faster.
        host, slash, path = url.partition("//")[2].partition("/")
        return one_profile(
            f"{host.lower().removeprefix('www.')}{slash}{path}".rstrip("/").casefold()
        )
    return any_url_key(url)


def one_profile(key: str) -> str:
    profile = LINKEDIN_PROFILE.match(key)
    return f"linkedin.com/in/{profile.group(1)}" if profile else key


def any_url_key(url: str) -> str:
    """``url_key`` of any link, through urlsplit."""
    if not url.strip():
        return ""
    try:
        parts = urlsplit(url.strip() if "//" in url else f"//{url.strip()}")
    except ValueError:  # not a link at all ("[x" reads as a broken IPv6 host): as written
        return url.strip().casefold()
    host = parts.netloc.lower().removeprefix("www.")
    return one_profile(f"{host}{unquote(parts.path).rstrip('/')}".casefold())


def email_key(email: str) -> str:
    return email.strip().casefold()


#: No e-mail addresses: most people in a LinkedIn export.
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Person:
    """What matching needs to know of someone: the key to return, and how to recognise them."""

    key: object
    name: str
    organization: str = ""
    emails: tuple[str, ...] = ()
    profile_url: str = ""

    #: What tells two people apart for certain: their profile URL and e-mail addresses.
    identity: tuple[str, frozenset[str]] = field(init=False, compare=False, repr=False)
    #: The name and the organization as they are compared.
    folded: tuple[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        emails = frozenset(filter(None, map(email_key, self.emails))) if self.emails else NONE
        object.__setattr__(self, "identity", (url_key(self.profile_url), emails))
        object.__setattr__(self, "folded", (fold(self.name), fold_organization(self.organization)))


#: Organizations repeat (ten people at each, in a network): each is folded once.
fold_organization = functools.lru_cache(maxsize=4096)(fold)


#: A bucket of people of one name at one organization, or (ANYWHERE) of one name anywhere.
ANYWHERE = object()


class Matcher:
    """Finds the person already known that a newcomer is, and learns each newcomer in turn.

    Every lookup takes the same time however many people share a name: for each name (at each
    organization, and anywhere) it keeps the first person of each kind of identity (a profile
    URL or not, e-mail addresses or not). Once the URL and the e-mail lookups have failed, a
    namesake is the same person exactly when they lack what the newcomer has, so the first of
    the kinds that do is the one the method would pick.
    """

    def __init__(self, people: list[Person] | None = None) -> None:
        self.by_url: dict[str, object] = {}
        self.by_email: dict[str, list[object]] = defaultdict(list)
        self.first: dict[tuple[str, object], dict[tuple[bool, bool], tuple[int, object]]] = (
            defaultdict(dict)
        )
        self.names_at: dict[str, dict[object, str]] = defaultdict(dict)
        self.identity: dict[object, tuple[str, frozenset[str]]] = {}
        self.name_of: dict[object, str] = {}
        for person in people or []:
            self.learn(person)

    def learn(self, person: Person) -> None:
        known = self.identity[person.key] = person.identity
        if url := known[0]:
            self.by_url.setdefault(url, person.key)
        for email in known[1]:
            self.by_email[email].append(person.key)
        name, organization = person.folded
        self.name_of[person.key] = name
        kind = (bool(known[0]), bool(known[1]))
        for bucket in ((name, organization), (name, ANYWHERE)):
            self.first[bucket].setdefault(kind, (len(self.identity), person.key))
        if organization:
            self.names_at[organization][person.key] = name

    def find(self, person: Person) -> object | None:
        """Return the key of the known person ``person`` is, or None if they are new."""
        newcomer = person.identity
        if (url := newcomer[0]) and url in self.by_url:
            return self.by_url[url]
        name, organization = person.folded
        for email in person.emails:
            for key in self.by_email.get(email_key(email), ()):
                if names_agree(name, self.name_of[key]) and not differ_by_url(newcomer, key, self):
                    return key
        buckets = [(name, organization), (name, "")] if organization else [(name, ANYWHERE)]
        found = [
            (order, key)
            for bucket in buckets
            for (has_url, has_emails), (order, key) in self.first.get(bucket, {}).items()
            if (not (has_url and newcomer[0]) and not (has_emails and newcomer[1]))
            or not differ(newcomer, self.identity[key])
        ]
        if found:
            return min(found, key=lambda candidate: candidate[0])[1]
        return self.close_name_at(name, organization, newcomer)

    def close_name_at(
        self, name: str, organization: str, newcomer: tuple[str, frozenset[str]]
    ) -> object | None:
        names = self.names_at.get(organization) if organization else None
        if not names:
            return None
        best = process.extractOne(
            name, names, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_NAME_SCORE
        )
        if best and not differ(newcomer, self.identity[best[2]]):
            return best[2]
        return None

    def namesake(self, person: Person) -> object | None:
        """The key of the first known person of ``person``'s name, wherever they work: when
        ``find`` took them for two people (another organization, or another profile), the
        preview says so, as it may be one person who moved."""
        name, _ = person.folded
        kinds = self.first.get((name, ANYWHERE), {})
        return min(kinds.values(), key=lambda first: first[0])[1] if kinds else None

    def sharing_address(self, person: Person) -> object | None:
        """The key of a known person with one of ``person``'s addresses, whoever they are:
        when ``find`` took them for two people, the preview says they share it."""
        for email in person.emails:
            for key in self.by_email.get(email_key(email), ()):
                return key
        return None


#: A word of a folded name, as names are compared for an address: two letters or more.
NAME_WORD = re.compile(r"\w\w+")


def names_agree(one: str, other: str) -> bool:
    """Whether two folded names may be one person's, as far as an address is concerned: a
    word in common, or no word to compare on one side."""
    words, others = set(NAME_WORD.findall(one)), set(NAME_WORD.findall(other))
    return not words or not others or bool(words & others)


def differ_by_url(newcomer: tuple[str, frozenset[str]], key: object, matcher: Matcher) -> bool:
    url, other_url = newcomer[0], matcher.identity[key][0]
    return bool(url and other_url and url != other_url)


def differ(one: tuple[str, frozenset[str]], other: tuple[str, frozenset[str]]) -> bool:
    """Whether two identities are known on both sides and disagree."""
    (url, emails), (other_url, other_emails) = one, other
    if url and other_url and url != other_url:
        return True
    return bool(emails and other_emails and not emails & other_emails)

"""Saving a person from the page they are on: who they may already be, and filling in a
known contact instead of adding them twice."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.db.models import Q

from rapport.contacts.models import Contact
from rapport.contacts.services import ensure_owner, find_contacts, save_contact
from rapport.core.contact_fields import BY_NAME, COLUMNS
from rapport.core.matching import email_key, url_key
from rapport.core.network import Source
from rapport.core.search import fold

if TYPE_CHECKING:
    from rapport.accounts.models import User


def already_known(owner: User, name: str, profile_url: str, email: str = "") -> list[Contact]:
    """The user's contacts who may be this person: the same profile address (however
    written: with or without www., a query or an end slash), the same e-mail address (case
    aside), or the same name (any accents or case)."""
    found: list[Contact] = with_address(owner, email)
    key = url_key(profile_url) if profile_url.strip() else ""
    if key:
        # The key is unescaped ("maría"); a stored address may still be escaped ("mar%C3%ADa").
        tail = key.rsplit("/", 1)[-1]
        written = Q(profile_url__icontains=tail) | Q(profile_url__icontains=quote(tail))
        candidates = Contact.objects.owned_by(owner).filter(written)
        found += [c for c in candidates if url_key(c.profile_url) == key and c not in found]
    if fold(name):
        same_name = [c for c in find_contacts(owner, name)[:50] if fold(c.name) == fold(name)]
        found += [c for c in same_name if c not in found]
    return found


#: Addresses that name one person each: a LinkedIn profile. A staff page or a directory may
#: list many people at one address, so there the name must agree too.
PERSONAL = re.compile(r"^([a-z]+\.)?linkedin\.com/in/[^/]+$")


def same_profile(owner: User, profile_url: str, name: str) -> Contact | None:
    """The user's contact this saved page is, if any: the same profile address, and where
    that address may list several people (not a LinkedIn profile), the same name too."""
    same = already_known(owner, "", profile_url)  # with no name: the same address only
    if same and not PERSONAL.match(url_key(profile_url)):
        same = [c for c in same if fold(c.name) == fold(name)]
    return same[0] if same else None


def with_address(owner: User, email: str) -> list[Contact]:
    """The user's contacts with this e-mail address, however its letters are cased (the key
    folds case as Unicode does: "oﬃce@" is "office@", "STRASSE@" is "straße@"). The
    database folds ASCII letters only, so the user's addresses are read, as plain rows, and
    the key decides."""
    key = email_key(email)
    if not key:
        return []
    addresses = Contact.objects.owned_by(owner).exclude(email="").order_by()
    same = [pk for pk, address in addresses.values_list("pk", "email") if email_key(address) == key]
    return list(Contact.objects.owned_by(owner).filter(pk__in=same)) if same else []


def same_address(owner: User, email: str, name: str) -> Contact | None:
    """The user's contact with this e-mail address and this name (any accents or case): the
    same person, as an import would take them. The same address under another name is for
    the user to judge (a shared or mistyped address, a nickname)."""
    same = [c for c in with_address(owner, email) if fold(c.name) == fold(name)]
    return same[0] if same else None


@dataclass(frozen=True)
class FilledIn:
    contact: Contact
    filled: list[str]  # the labels of the fields that were empty and are now filled in
    kept: dict[str, str]  # label → the value offered for a field that already had another


def fill_in(owner: User, contact: Contact, values: dict[str, Any], tags: Iterable[str]) -> FilledIn:
    """Fill ``contact``'s empty fields from ``values`` (never overwriting) and add ``tags``;
    say what was filled in and what was offered for a field that already held something."""
    ensure_owner(owner, contact)
    filled, kept = [], {}
    for name in COLUMNS:
        offered, current = values.get(name), getattr(contact, name)
        if offered in (None, "") or alike(name, offered, current):
            continue
        label = BY_NAME[name].label
        if current in (None, ""):
            setattr(contact, name, offered)
            filled.append(label)
        else:
            kept[label] = str(offered)
    organization = values.get("organization_name", "")
    if organization and not contact.organization:
        filled.append("organization")
    elif organization and fold(organization) != fold(contact.organization.name):
        kept["organization"] = organization
    current_tags = [tag.name for tag in contact.tags.all()]
    new_tags = [t for t in tags if t.casefold() not in {c.casefold() for c in current_tags}]
    contact = save_contact(
        owner,
        contact,
        organization=(contact.organization.name if contact.organization else organization),
        tags=[*current_tags, *new_tags],
    )
    return FilledIn(contact, filled + (["tags"] if new_tags else []), kept)


def alike(name: str, offered: object, current: object) -> bool:
    """Whether a value the form offered says nothing new beside the contact's: the same but
    for case or accents (an address by its key), or a source the form only defaulted to."""
    if name == "source" and offered == Source.OTHER:
        return True
    if isinstance(offered, str) and isinstance(current, str):
        key = email_key if name == "email" else fold
        return key(offered) == key(current)
    return offered == current


#: What a page may offer the new-contact form, and the form field each one fills.
OFFERED = {
    "name": "name",
    "role": "role",
    "organization": "organization_name",
    "location": "location",
    "profile_url": "profile_url",
    "source": "source",
    "field": "field",
    "email": "email",
    "notes": "notes",
}


def offered(query: Any) -> dict[str, str]:
    """The values a saved page put in the form's address, as the form's initial values:
    known fields only, one line each (notes keep their lines), cut to each field's limit."""
    values = {}
    for name, form_field in OFFERED.items():
        value = str(query.get(name, "")).replace("\0", "")
        if name != "notes":
            value = " ".join(value.split())
        limit = BY_NAME["organization" if name == "organization" else name].limit
        if value:
            values[form_field] = value[:limit] if limit else value
    return values

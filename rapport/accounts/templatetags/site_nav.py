"""``{% site_nav %}``: the main navigation, on every page, written in Python.

Through the template engine its eight links cost a third of a millisecond a page (a
``{% url %}``, a lookup and a comparison each); the links are reversed once per script
prefix here and only the current page's mark is decided per request."""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: (URL name, label, the URL names that mark it current: the name or a prefix of it,
#: staff only)
LINKS = [
    ("home", "Agenda", "home", False),
    ("meeting-list", "Meetings", "meeting*", False),
    ("contact-list", "Contacts", "contact*", False),
    ("next", "Ask next", "next", False),
    ("dashboard", "Progress", "dashboard", False),
    ("resume-words", "Skills", "resume-words", False),
    ("organization-list", "Organizations", "organization*", False),
    ("invitations", "Invite", "invitations", True),
]


@functools.cache
def _addresses(prefix: str) -> dict[str, str]:
    """Each link's address under this script prefix (reversing reads the prefix itself)."""
    return {name: _address(prefix, name, False) for name, *_ in [*LINKS, ("profile",)]}


def _current(url_name: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return url_name.startswith(pattern[:-1])
    return url_name == pattern


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SafeString:
    request: HttpRequest = context["request"]
    user = context["user"]
    match = request.resolver_match
    url_name = (match.url_name if match else None) or ""
    addresses = _addresses(get_script_prefix())
    links = []
    for name, label, pattern, staff_only in LINKS:
        if staff_only and not user.is_staff:
            continue
        mark = ' aria-current="page"' if _current(url_name, pattern) else ""
        links.append(f'<a href="{addresses[name]}"{mark}>{label}</a>')
    mark = ' aria-current="page"' if url_name == "profile" else ""
    links.append(f'<a href="{addresses["profile"]}"{mark}>{escape(user.name)}</a>')
    return mark_safe("\n      ".join(links))  # noqa: S308 (the user's name is escaped)


#: The id an address taking one is reversed with once, then replaced by each id given.
STAND_IN = "987654321"


@functools.cache
def _address(prefix: str, name: str, takes_id: bool) -> str:
    return reverse(name, args=[int(STAND_IN)]) if takes_id else reverse(name)


@register.simple_tag
def address(name: str, pk: int | None = None) -> str:
    """``{% url name %}`` or ``{% url name pk %}`` for a page that takes no argument or one
    id, reversed once per script prefix (a hot page's dozen links cost a few tenths of a
    millisecond each time otherwise)."""
    if pk is None:
        return _address(get_script_prefix(), name, False)
    return _address(get_script_prefix(), name, True).replace(STAND_IN, str(int(pk)))

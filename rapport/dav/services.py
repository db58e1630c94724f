"""Connecting an address book and a calendar, and letting them go."""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from rapport.core.errors import InvalidInput, RapportError
from rapport.credentials import seal
from rapport.dav.models import DavAccount, DavItem

if TYPE_CHECKING:
    from rapport.accounts.models import User

PROBE = b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'


def connect(
    owner: User, addressbook_url: str, calendar_url: str, username: str, password: str
) -> DavAccount:
    """Check that each collection answers to these credentials, then keep them (the password
    sealed). Connecting other collections forgets what was pushed to the old ones."""
    problems = {
        name: ["not a web address (http:// or https://)"]
        for name, url in (("addressbook", addressbook_url), ("calendar", calendar_url))
        if url and not _is_url(url)
    }
    if not (addressbook_url or calendar_url):
        problems["addressbook"] = ["give an address book, a calendar, or both"]
    if problems:
        raise InvalidInput(problems)
    for what, url in (("address book", addressbook_url), ("calendar", calendar_url)):
        if url:
            _probe(what, url, username, password)
    with transaction.atomic():
        previous = DavAccount.objects.owned_by(owner).first()
        if previous and (previous.addressbook_url, previous.calendar_url) != (
            addressbook_url,
            calendar_url,
        ):
            DavItem.objects.owned_by(owner).delete()
        account, _ = DavAccount.objects.update_or_create(
            owner=owner,
            defaults={
                "addressbook_url": addressbook_url,
                "calendar_url": calendar_url,
                "username": username,
                "sealed_password": seal(password),
            },
        )
    return account


def disconnect(owner: User) -> int:
    """Forget the account and what was pushed (the cards and events stay where they are)."""
    with transaction.atomic():
        DavItem.objects.owned_by(owner).delete()
        return int(DavAccount.objects.owned_by(owner).delete()[0])


def _is_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _probe(what: str, url: str, username: str, password: str) -> None:
    try:
        answer = requests.request(
            "PROPFIND",
            url,
            data=PROBE,
            headers={"Depth": "0", "Content-Type": "application/xml"},
            auth=(username, password),
            timeout=15,
        )
    except requests.RequestException as error:
        raise RapportError(
            f"the {what} at {url} cannot be reached ({error.__class__.__name__})"
        ) from None
    if answer.status_code in (401, 403):
        raise RapportError(f"the {what} at {url} refused this user name and password")
    if answer.status_code != 207:
        raise RapportError(f"no {what} at {url} (the server answered {answer.status_code})")

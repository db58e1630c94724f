"""Joining a shared Rapport: a signed link sent by e-mail, for open or invite-only sign-up.

The link carries the address it was sent to and when, signed with the site's secret and valid
for seven days. Links themselves are not stored: following one proves the address is the
reader's, and once an account has that address the link only leads to the log-in page. What
is stored is a withdrawal: an administrator's, or the deletion of the account a link made;
links to that address made before it stop working. Asking for a link never tells the asker
whether an account exists; the e-mail does, to its owner alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.crypto import salted_hmac

from rapport import clock, emails
from rapport.accounts.models import LinkRequest, User, WithdrawnLink
from rapport.addresses import check_address
from rapport.core.errors import InvalidInput, RapportError

if TYPE_CHECKING:
    from collections.abc import Iterable

SALT = "rapport.accounts.join"
VALID_FOR = timedelta(days=7)


def join_token(email: str) -> str:
    return signing.dumps({"e": email.strip().lower(), "t": clock.now().timestamp()}, salt=SALT)


def email_of(token: str) -> str | None:
    """The address a join link was sent to, or None if the link is forged, too old or
    withdrawn, or if this Rapport no longer lets anyone join (RAPPORT_SIGNUP=closed)."""
    if not accepting():
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), str):
        return None
    email, made = payload["e"], float(payload.get("t", 0))
    withdrawn = WithdrawnLink.objects.filter(address=address_key(email)).first()
    if withdrawn is not None and made <= withdrawn.at.timestamp():
        return None
    return email


def address_key(email: str) -> str:
    return salted_hmac(
        "rapport.accounts.withdrawn", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def withdraw(email: str) -> None:
    """Make every join link to ``email`` made until now stop working."""
    WithdrawnLink.objects.update_or_create(address=address_key(email), defaults={"at": clock.now()})


def withdraw_invitations(admin: User, emails: Iterable[str]) -> list[str]:
    """An administrator takes invitations back; returns the addresses."""
    if not admin.is_staff:
        raise RapportError("only an administrator can withdraw invitations")
    addresses = clean_addresses(list(emails))
    for address in addresses:
        withdraw(address)
    return addresses


def accepting() -> bool:
    """Whether people may join by a link: with RAPPORT_SIGNUP=invite or open."""
    return bool(settings.SIGNUP != "closed")


def join_url(email: str) -> str:
    if not accepting():
        raise RapportError(CLOSED)
    return settings.BASE_URL.rstrip("/") + reverse("join", args=[join_token(email)])


CLOSED = (
    "sign-up is closed here (RAPPORT_SIGNUP=closed): invitations make no accounts; add one with "
    "`rapport user add`, or set RAPPORT_SIGNUP=invite"
)


def clean_addresses(text: str | Iterable[str]) -> list[str]:
    """The addresses in ``text`` (one per line, or commas), checked; raise naming bad ones."""
    items = [text] if isinstance(text, str) else list(text)
    parts = [part for item in items for part in item.replace(",", "\n").splitlines()]
    addresses = list(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))
    bad = []
    for address in addresses:
        try:
            check_address(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise InvalidInput({"emails": [f"{address!r} is not an e-mail address" for address in bad]})
    if not addresses:
        raise InvalidInput({"emails": ["Give at least one e-mail address."]})
    return addresses


def send_join_link(email: str, invited_by: User | None = None) -> None:
    """E-mail a link to join, or, to an address that already has an account, a reminder."""
    if not settings.SMTP_ENABLED:
        raise RapportError("sign-up links go by e-mail, and sending is not set up (EMAIL_URL)")
    if User.objects.filter(email=email).exists():
        message = emails.account_exists(email, settings.BASE_URL.rstrip("/") + reverse("login"))
    else:
        message = emails.join_link(email, join_url(email), invited_by.name if invited_by else "")
    try:
        message.send()
    except OSError as error:
        raise RapportError(f"the link to {email} was not sent: {error}") from None


#: Links an hour to one address, for each purpose (the network limit is a setting).
PER_ADDRESS = 3


def mail_allowed(purpose: str, email: str, ip: str | None) -> bool:
    """Count a request that would e-mail ``email`` (a sign-up link, a password reset): false
    when this address asked too often this hour, and the caller then sends nothing but says
    the same as ever (so the limit reveals nothing and no inbox is flooded); a busy network
    is told to wait (RapportError)."""
    now = clock.now()
    LinkRequest.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    hour = LinkRequest.objects.filter(created_at__gte=now - timedelta(hours=1), purpose=purpose)
    if ip and hour.filter(ip=ip).count() >= settings.MAIL_REQUESTS_PER_NETWORK:
        raise RapportError("too many requests from your network; try again in an hour")
    key = f"rapport.accounts.{purpose}"
    address = salted_hmac(key, email.strip().lower(), algorithm="sha256").hexdigest()
    busy = hour.filter(address=address).count() >= PER_ADDRESS
    LinkRequest.objects.create(address=address, ip=ip or None, purpose=purpose)
    return not busy


def request_join_link(email: str, ip: str | None) -> None:
    """Open sign-up: send the link unless this address or this network asked too often."""
    if mail_allowed("signup", email, ip):
        send_join_link(email)


def invite(admin: User, emails: Iterable[str]) -> list[str]:
    """Send a join link to each address; only staff may invite. Returns the addresses."""
    if not admin.is_staff:
        raise RapportError("only an administrator can invite people")
    if not accepting():
        raise RapportError(CLOSED)
    addresses = clean_addresses(list(emails))
    for address in addresses:
        send_join_link(address, invited_by=admin)
    return addresses

"""E-mail addresses as people have them, internationalized ones included (RFC 6531: a
local part such as ``zoë.lambert`` or ``用户``, a domain such as ``bücher.de``), checked by
email-validator rather than by a pattern that knows only ASCII.

Here, below the apps, because accounts and contacts both take such addresses and the mail
backend (``rapport.smtp``) sends to them."""

from __future__ import annotations

import idna
from django.core.exceptions import ValidationError
from email_validator import EmailNotValidError, validate_email


def check_address(value: str) -> None:
    """Refuse ``value`` unless it is an e-mail address, saying what is wrong with it."""
    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as error:
        raise ValidationError(f"Enter a valid email address. {error}", code="invalid") from None


def needs_smtputf8(address: str) -> bool:
    """Whether ``address`` has letters outside ASCII before the @ (a domain like bücher.de
    travels as ASCII, a local part like zoë does not)."""
    return not address.rpartition("@")[0].isascii()


def ascii_domain(address: str) -> str:
    """``address`` with its domain as DNS knows it (``zoë@xn--bcher-kva.de``), by IDNA 2008
    as email-validator reads it; the local part stays as it is."""
    local, at, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return local + at + idna.encode(domain, uts46=True).decode("ascii")

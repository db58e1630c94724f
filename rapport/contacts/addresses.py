"""E-mail addresses as people have them, internationalized ones included (RFC 6531: a
local part such as ``zoë.lambert`` or ``用户``, a domain such as ``bücher.de``), checked by
email-validator rather than by a pattern that knows only ASCII."""

from __future__ import annotations

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

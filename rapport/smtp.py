"""Rapport's SMTP backend: Django's, for internationalized addresses too.

Django's own backend writes a local part such as ``zoë`` as an RFC 2047 encoded word, in the
envelope and in the headers alike: the server takes ``=?utf-8?q?zo=C3=AB?=@example.org``, an
address nobody has. An address like that travels only with SMTPUTF8 (RFC 6531): the server
says in its EHLO that it takes one, the MAIL FROM says this message is one, and the headers
are UTF-8 as written (RFC 6532). A server that does not offer it is told nothing: the message
is refused before MAIL FROM, naming the address. A domain like bücher.de needs none of this:
it goes as IDNA (``xn--bcher-kva.de``), as Django already sends it.
"""

from __future__ import annotations

import email
import email.message
import smtplib
from email import policy
from email.utils import getaddresses
from typing import Any, cast

from django.core.mail import EmailMessage
from django.core.mail.backends import smtp

from rapport.addresses import ascii_domain, needs_smtputf8

#: The address headers Django writes, from the message's fields unless a header overrides it.
ADDRESS_FIELDS = {"From": "from_email", "To": "to", "Cc": "cc", "Reply-To": "reply_to"}


class NoSMTPUTF8(smtplib.SMTPNotSupportedError):
    """The message has an address beyond ASCII before the @ and the server takes none."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(
            f"{address} has letters beyond A to Z before the @, which travel only with "
            "SMTPUTF8, and the mail server does not offer it; nothing was sent"
        )


def address_headers(message: EmailMessage) -> dict[str, list[str]]:
    """The From, To, Cc and Reply-To of ``message`` as Django writes them, one per address."""
    headers = {}
    for header, field in ADDRESS_FIELDS.items():
        value = message.extra_headers.get(header, getattr(message, field))
        values = [value] if isinstance(value, str) else [str(item) for item in value]
        headers[header] = [item for item in values if item]
    return headers


def beyond_ascii(message: EmailMessage) -> str | None:
    """The first address of ``message`` (envelope or header) that needs SMTPUTF8, if any."""
    headers = [item for values in address_headers(message).values() for item in values]
    for _, address in getaddresses([message.from_email, *message.recipients(), *headers]):
        if needs_smtputf8(address):
            return address
    return None


def envelope(address: str) -> str:
    """The bare address of ``Name <address>`` for MAIL FROM or RCPT TO, its domain in ASCII."""
    return ascii_domain(getaddresses([address])[0][1])


def utf8_message(message: EmailMessage) -> email.message.EmailMessage:
    """``message`` as Django makes it, its address headers in UTF-8 as written (RFC 6532)."""
    made = cast(
        email.message.EmailMessage,
        email.message_from_bytes(message.message().as_bytes(), policy=policy.SMTPUTF8),
    )
    for header, values in address_headers(message).items():
        del made[header]  # Django's encoded words, which no mail program reads as an address
        if values:
            made[header] = ", ".join(values)
    return made


def as_message(message: EmailMessage) -> email.message.Message:
    """The standard library's message for ``message``: in UTF-8 where an address needs it."""
    return utf8_message(message) if beyond_ascii(message) else message.message()


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend, which also sends with SMTPUTF8 where an address needs it."""

    def _send(self, email_message: EmailMessage) -> bool:
        address = beyond_ascii(email_message)
        if address is None or not email_message.recipients():
            return bool(super()._send(email_message))
        try:
            self.send_utf8(email_message, address)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def send_utf8(self, email_message: EmailMessage, address: str) -> None:
        connection: Any = self.connection
        connection.ehlo_or_helo_if_needed()
        if not connection.has_extn("smtputf8"):
            raise NoSMTPUTF8(address)
        options = ["SMTPUTF8"] + (["BODY=8BITMIME"] if connection.has_extn("8bitmime") else [])
        connection.sendmail(
            envelope(email_message.from_email),
            [envelope(recipient) for recipient in email_message.recipients()],
            utf8_message(email_message).as_bytes(policy=policy.SMTPUTF8),
            mail_options=options,
        )

"""Every e-mail Rapport sends, one function each, so that what goes out is read in one place.

Each is made from three templates in ``templates/emails/`` given the same context:
``NAME-subject.txt`` (one line), ``NAME-body.txt`` and ``NAME-body.html``. The text parts are
rendered without HTML escaping (a name like O'Brien stays O'Brien); the HTML part is escaped
as every page is. The one e-mail without templates is the student's own message to a contact
(``outreach``): it goes out exactly as written and as the guard checked it.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence
from datetime import datetime, tzinfo
from email.headerregistry import Address
from email.mime.text import MIMEText
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone

from rapport import smtp
from rapport.core.schedule import Item


@functools.cache
def text_engine() -> Engine:
    """The project's templates, rendered as plain text: nothing is HTML-escaped."""
    dirs = [str(path) for path in settings.TEMPLATES[0]["DIRS"]]
    return Engine(dirs=dirs, app_dirs=True, autoescape=False)


def render(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """The subject, text body and HTML body of the e-mail ``name``."""
    engine, plain = text_engine(), Context(context, autoescape=False)
    subject = engine.get_template(f"emails/{name}-subject.txt").render(plain)
    text = engine.get_template(f"emails/{name}-body.txt").render(plain)
    html = render_to_string(f"emails/{name}-body.html", context)
    # One line, whatever the template or a name in it holds: a line break would add a header.
    return " ".join(subject.split()), text.strip() + "\n", html


def templated(name: str, to: str, context: dict[str, Any], **headers: Any) -> EmailMessage:
    subject, text, html = render(name, context | {"base_url": base_url()})
    headers.setdefault("from_email", system_sender())
    message = EmailMultiAlternatives(subject, text, to=[to], **headers)
    message.attach_alternative(html, "text/html")
    return message


#: Messages being sent in the background; tests and a stopping server wait for them.
SENDING: list[threading.Thread] = []


def send_in_background(message: EmailMessage) -> None:
    """Send without making the request wait, where how long it takes would tell something
    (whether an address has an account). A failure is logged, as Django's own form does."""

    def send() -> None:
        try:
            message.send()
        except smtp.NoSMTPUTF8 as error:  # nothing to trace: the server takes no such address
            logging.getLogger("rapport.emails").warning("an e-mail was not sent: %s", error)
        except Exception:
            logging.getLogger("rapport.emails").exception("an e-mail could not be sent")

    # Not a daemon: a stopping server finishes sending before it exits.
    thread = threading.Thread(target=send, name="send-email")
    SENDING[:] = [t for t in SENDING if t.is_alive()] + [thread]
    thread.start()


def wait_for_sending(timeout: float = 15) -> None:
    """Wait until every message handed to ``send_in_background`` is sent (or failed)."""
    for thread in list(SENDING):
        thread.join(timeout)


def system_sender() -> str:
    """The From of Rapport's own e-mails: RAPPORT_FROM_EMAIL; else the mail account's address
    (EMAIL_URL's user name, when it is one); else rapport@ the site's host name."""
    if settings.DEFAULT_FROM_EMAIL:
        return str(settings.DEFAULT_FROM_EMAIL)
    user = str(settings.EMAIL_HOST_USER)
    host = urlsplit(str(settings.BASE_URL)).hostname or "localhost"
    return address("Rapport", user if "@" in user else f"rapport@{host}")


def base_url() -> str:
    return str(settings.BASE_URL).rstrip("/")


def address(name: str, email: str) -> str:
    """``Name <email>`` for a header, the name on one line and quoted by the standard library,
    so that no name (``Doe, Jane``, ``Ada <x@evil.example>``) can add a recipient or a
    header. (``formataddr`` would refuse a domain such as bücher.de, which Django encodes.)"""
    display = " ".join(name.split())
    local, _, domain = email.rpartition("@")
    if not local.isascii():  # zoë@…: valid (RFC 6531), though addr_spec parsing refuses it
        return str(Address(display_name=display, username=local, domain=domain))
    return str(Address(display_name=display, addr_spec=email))


class ToOneAddress(EmailMessage):
    """A message whose envelope goes to the stored address alone, whatever the headers say."""

    def __init__(self, *args: Any, envelope_to: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.envelope_to = envelope_to

    def recipients(self) -> list[str]:
        return [self.envelope_to]


def outreach(
    sender_name: str, sender_email: str, to_name: str, to_email: str, subject: str, body: str
) -> EmailMessage:
    """The student's own e-mail to a contact: their words only; replies come to them."""
    student = address(sender_name, sender_email)
    return ToOneAddress(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL or student,
        to=[address(to_name, to_email)],
        reply_to=[student],
        envelope_to=to_email,
    )


def meeting_invitation(
    sender_name: str,
    sender_email: str,
    to_name: str,
    to_email: str,
    subject: str,
    body: str,
    calendar: bytes,
) -> EmailMessage:
    """A meeting's invitation from the student: a short note, and the iCalendar REQUEST both
    as the part calendar programs answer (text/calendar; method=REQUEST) and as a file. The
    contact's answer goes to the organizer, the student's own address."""
    message = outreach(sender_name, sender_email, to_name, to_email, subject, body)
    invitation = MIMEText(calendar.decode(), "calendar", "utf-8")
    invitation.set_param("method", "REQUEST")
    message.attach(invitation)
    message.attach("invitation.ics", calendar, "application/ics")
    return message


def retention_warning(to: str, name: str, deadline: datetime, login_url: str) -> EmailMessage:
    """An inactive account is told when it will be deleted, and how to keep it."""
    context = {"name": name, "deadline": deadline, "login_url": login_url}
    return templated("retention-warning", to, context)


def volunteer_request(
    to: str, name: str, student: str, message: str, slots: Sequence[str], link: str, own: str
) -> EmailMessage:
    """A student's request to an alumni volunteer, with the link that answers it and the
    link of the volunteer's own page (pause, limit, leave)."""
    context = {"name": name, "student": student, "message": message, "slots": slots}
    return templated("volunteer-request", to, context | {"link": link, "own": own})


def digest(to: str, first_name: str, items: Sequence[Item], zone: tzinfo) -> EmailMessage:
    """What fell due since the last digest, each with when, in the student's zone."""
    context = {"first_name": first_name, "items": items, "count": len(items)}
    with timezone.override(zone):  # templates show times in the active zone
        return templated("digest", to, context, from_email=settings.DEFAULT_FROM_EMAIL or to)


def join_link(to: str, link: str, invited_by: str = "") -> EmailMessage:
    """A link to make an account, from an administrator's invitation or open sign-up."""
    return templated("join-link", to, {"link": link, "invited_by": invited_by})


def account_exists(to: str, login_url: str) -> EmailMessage:
    """Sent instead of a join link to an address that has an account already."""
    return templated("account-exists", to, {"login_url": login_url})


def password_reset(to: str, link: str) -> EmailMessage:
    """A link that works once, for three days, to choose a new password."""
    return templated("password-reset", to, {"email": to, "link": link})

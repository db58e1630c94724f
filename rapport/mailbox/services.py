"""Connecting a mailbox, letting it go, and the syncs the app runs by itself."""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from datetime import datetime
from typing import TYPE_CHECKING

import idna
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django_tasks import task

from rapport import clock
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Touch
from rapport.core.errors import InvalidInput, RapportError
from rapport.credentials import seal
from rapport.mailbox import imap
from rapport.mailbox.models import MailAccount, MailFolder, MailNotice
from rapport.mailbox.sync import LEASE, sync

if TYPE_CHECKING:
    from rapport.accounts.models import User

SECURITIES = {value for value, _ in MailAccount.SECURITY}


def connect(
    owner: User,
    host: str,
    port: int,
    security: str,
    username: str,
    password: str,
    sent_folder: str = "",
) -> MailAccount:
    """Sign in once to check the details, then keep them (the password sealed). Connecting
    another mailbox starts its folders afresh; what was logged stays on the timelines."""
    host = host.strip()
    problems: dict[str, list[str]] = {}
    if not is_host(host):
        problems["host"] = ["not a server name (for example imap.gmail.com)"]
    if not 0 < port < 65536:
        problems["port"] = ["a port is a number from 1 to 65535 (993 for TLS, 143 for STARTTLS)"]
    if security not in SECURITIES:
        problems["security"] = [f"one of {', '.join(sorted(SECURITIES))}"]
    if not username.strip():
        problems["username"] = ["the user name, usually the whole e-mail address"]
    if not password:
        problems["password"] = ["the password (for Gmail, an app password)"]
    if problems:
        raise InvalidInput(problems)
    if where := refused_host(host, security):
        raise InvalidInput({"host": [where]})
    imap.check(imap.Server(host, port, security, username.strip(), password, timeout=20))
    with transaction.atomic():
        previous = MailAccount.objects.owned_by(owner).first()
        if previous and (previous.host, previous.username) != (host, username.strip()):
            MailFolder.objects.owned_by(owner).delete()
        account, _ = MailAccount.objects.update_or_create(
            owner=owner,
            defaults={
                "host": host,
                "port": port,
                "security": security,
                "username": username.strip(),
                "sealed_password": seal(password),
                "sent_folder": sent_folder.strip(),
                "last_error": "",
                "failures": 0,
                "next_sync_at": clock.now(),
            },
        )
    return account


def is_host(text: str) -> bool:
    """A server's name or address: imap.gmail.com, bücher.de, 127.0.0.1, not a web link."""
    if not text or len(text) > 253 or any(c.isspace() or c in "/:@?#" for c in text):
        return False
    try:
        idna.encode(text, uts46=True)
    except idna.IDNAError:
        return False
    return True


def refused_host(host: str, security: str) -> str:
    """Why Rapport will not connect to ``host``, or "". Without TLS the password would cross
    the network in clear, so only a server on this computer may go without. On a shared
    Rapport, a student's mailbox must not be a way into the center's own network, so
    private, loopback and link-local addresses are refused unless the deployment allows
    them (RAPPORT_MAIL_PRIVATE_HOSTS)."""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return ""  # said when connecting: no such server
    addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
    if security == MailAccount.PLAIN and not all(a.is_loopback for a in addresses):
        return "without TLS the password would cross the network in clear; choose TLS or STARTTLS"
    inside = any(a.is_private or a.is_loopback or a.is_link_local for a in addresses)
    if inside and settings.MULTI_USER and not settings.MAIL_PRIVATE_HOSTS:
        return "a server on a private network cannot be used from this shared Rapport"
    return ""


def disconnect(owner: User, forget: bool = False) -> tuple[bool, int]:
    """Delete the mailbox's details, its sealed password and how far it was read; with
    ``forget``, also every timeline entry and notice read from it. Returns whether one was
    connected and how many entries went."""
    with transaction.atomic():
        had = MailAccount.objects.owned_by(owner).delete()[0] > 0  # folders go with it
        removed = 0
        if forget:
            read = Touch.objects.owned_by(owner).filter(source__startswith="mailbox:")
            contacts = set(read.values_list("contact_id", flat=True))
            removed = read.delete()[0]
            MailNotice.objects.owned_by(owner).delete()
            due_may_have_changed(owner, contacts)
    return had, removed


def account_of(owner: User) -> MailAccount | None:
    return MailAccount.objects.owned_by(owner).first()


def dismiss(owner: User, pk: int) -> bool:
    return MailNotice.objects.owned_by(owner).filter(pk=pk).delete()[0] > 0


# -- The syncs the app runs by itself ----------------------------------------------------------


@task()
def sync_in_background(account_pk: int) -> None:
    """One queued sync; another worker already at it, or a mailbox gone, is no error."""
    account = MailAccount.objects.filter(pk=account_pk).select_related("owner").first()
    if account is None:
        return
    try:
        sync(account.owner)
    except RapportError as error:  # claimed by another sync just now
        logging.getLogger("rapport.mailbox").info("sync of mailbox %s: %s", account_pk, error)


def queue_due_syncs(now: datetime) -> int:
    """Queue a sync of every mailbox whose time has come. Each is claimed by a conditional
    UPDATE of its next moment, so two schedulers never queue one mailbox twice; the sync
    itself holds the mailbox while it runs. Returns how many were queued."""
    due = Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now)
    queued = 0
    for pk in MailAccount.objects.filter(due).values_list("pk", flat=True):
        if MailAccount.objects.filter(due, pk=pk).update(next_sync_at=now + LEASE):
            sync_in_background.enqueue(pk)
            queued += 1
    return queued


def sync_now(owner: User) -> None:
    """Queue a sync of the student's mailbox at once (the profile page's "Sync now")."""
    account = account_of(owner)
    if account is None:
        raise RapportError("no mailbox is connected")
    sync_in_background.enqueue(account.pk)


def run_scheduler(stop: threading.Event, every: float = 60) -> None:
    """Queue due syncs every ``every`` seconds until ``stop`` is set (`rapport serve` runs it
    in a thread; a deployment runs `rapport mail schedule`)."""
    while not stop.is_set():
        try:
            queue_due_syncs(clock.now())
        except Exception:
            logging.getLogger("rapport.mailbox").exception("queueing mailbox syncs failed")
        stop.wait(every)

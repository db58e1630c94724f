"""Talking to the student's IMAP server (imapclient): signing in, and reading folders by UID
without changing anything there. Folders are opened read-only and every fetch is a PEEK, so
no message is marked read. Every fault becomes a MailboxError that says what went wrong in
words a student can act on."""

from __future__ import annotations

import contextlib
import imaplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.imapclient import SENT

from rapport.core.errors import RapportError


class MailboxError(RapportError):
    """The mailbox could not be read; the next sync tries again later."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # "tls", "starttls" or "none" (MailAccount.SECURITY)
    username: str
    password: str
    timeout: float = 30

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@contextmanager
def session(server: Server) -> Iterator[IMAPClient]:
    """A signed-in connection, logged out afterwards; MailboxError for any fault on the way."""
    client = _signed_in(server)
    try:
        yield client
    except (imaplib.IMAP4.abort, OSError, IMAPClientError) as error:
        raise MailboxError(_broken(server, error)) from None
    finally:
        # A connection already broken has nothing to log out of.
        with contextlib.suppress(Exception):
            client.logout()


def _signed_in(server: Server) -> IMAPClient:
    context = ssl.create_default_context()
    try:
        client = IMAPClient(
            server.host,
            port=server.port,
            ssl=server.security == "tls",
            ssl_context=context,
            timeout=server.timeout,
        )
        client.normalise_times = False  # INTERNALDATE with its zone, not as local time
        if server.security == "starttls":
            client.starttls(context)
        client.login(server.username, server.password)
    except LoginError:
        raise MailboxError(
            f"{server.host} refused this user name and password (for Gmail, make an "
            "app password in the Google account's security settings and use that)"
        ) from None
    except ssl.SSLCertVerificationError as error:
        raise MailboxError(
            f"the TLS certificate of {server.host} cannot be trusted ({error.verify_message}); "
            "check the server's name"
        ) from None
    except ssl.SSLError as error:
        raise MailboxError(
            f"TLS with {server.where} failed ({error.reason or error}); is the security "
            f"setting right for port {server.port}?"
        ) from None
    except (imaplib.IMAP4.abort, OSError, IMAPClientError) as error:
        raise MailboxError(_broken(server, error)) from None
    return client


def _broken(server: Server, error: BaseException) -> str:
    if isinstance(error, socket.gaierror):
        return f"no server called {server.host} can be found; check its name"
    if isinstance(error, ConnectionRefusedError):
        return f"nothing answers at {server.where}; check the server's name and port"
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return f"{server.host} stopped answering (nothing for {server.timeout:g} seconds)"
    if isinstance(error, IMAPClientError) and not isinstance(error, imaplib.IMAP4.abort):
        return f"{server.host} refused a request: {error}"
    return f"the connection to {server.host} broke off ({error or error.__class__.__name__})"


def check(server: Server) -> None:
    """Sign in and list the folders once: what connecting does before it saves anything."""
    with session(server) as client:
        client.list_folders()


class FolderRefused(MailboxError):
    """The server will not open one folder (it was renamed, say); the others are read."""


def select(client: IMAPClient, name: str) -> dict[bytes, Any]:
    """Open ``name`` read-only: nothing in it can be changed, not even a flag."""
    try:
        selected: dict[bytes, Any] = client.select_folder(name, readonly=True)
    except imaplib.IMAP4.abort:
        raise
    except IMAPClientError as error:
        raise FolderRefused(str(error)) from None
    return selected


def sent_folder(client: IMAPClient, configured: str) -> str | None:
    """The folder of sent mail: the one named, else the one the server marks \\Sent, else a
    folder called "Sent"; None if there is none."""
    if configured:
        return configured
    found: str | None = client.find_special_folder(SENT)
    if found:
        return found
    names = {name for _, _, name in client.list_folders()}
    return next((name for name in ("Sent", "Sent Items", "Sent Messages") if name in names), None)


def uidvalidity(selected: dict[bytes, Any]) -> int:
    return int(selected[b"UIDVALIDITY"])


def part(data: dict[bytes, Any], prefix: bytes) -> bytes:
    """The fetched item whose name starts with ``prefix`` (servers echo BODY[HEADER.FIELDS
    (…)] in their own spelling), or b"" if the server sent none."""
    for key, value in data.items():
        if key.upper().startswith(prefix) and isinstance(value, bytes):
            return value
    return b""

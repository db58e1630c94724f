"""Shared fixtures: the three personas of every web test, a fixed clock, a real SMTP server."""

from __future__ import annotations

import email
import functools
import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from types import ModuleType

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

#: The clock for tests that need one: a Wednesday, so business-day rules are easy to read.
CURRENT_TIME = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
PASSWORD = "a long enough test password"


@pytest.fixture
def now():
    """CURRENT_TIME, with every clock of this process moved there for the test.

    A test that reasons about dates asks for ``now``: the views, forms and services it
    drives then read the same moment (rapport.clock), on whatever day the suite runs. Tests
    that do not ask run on the real clock, which CI moves a year ahead (.ci/run).
    """
    with time_machine.travel(CURRENT_TIME):
        yield CURRENT_TIME


@pytest.fixture
def dana(db):
    """The owner: a history junior exploring policy careers."""
    from rapport.accounts.models import User

    return User.objects.create_user(
        "dana@example.edu",
        "Dana Brown",
        PASSWORD,
        school="University of Massachusetts Amherst",
        year="junior",
        major="History",
        interests="public policy, government",
        time_zone="America/New_York",
    )


@pytest.fixture
def stranger(db):
    """Another student on the same deployment, who must never see Dana's data."""
    from rapport.accounts.models import User

    return User.objects.create_user("sam@example.edu", "Sam Stranger", PASSWORD)


@pytest.fixture
def dana_client(client, dana):
    client.force_login(dana)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


#: The fixtures of tests that run `python -m rapport` on a SQLite data folder of their own,
#: whatever the database the suite is given.
OWN_SQLITE = {"rapport_cli", "rapport_cli_fresh"}


#: The fixtures that start a process of their own (a process reads the machine's clock, not
#: the one ``now`` sets): the command line, Chromium, Radicale, Dovecot, the OpenID provider.
PROCESSES = OWN_SQLITE | {"page", "browser", "live_server", "radicale", "dovecot", "provider"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out (deselect, never skip) the tests a further pass would run just as the first
    pass ran them, so that they test nothing new there:

    - on PostgreSQL, those that run `python -m rapport` on a SQLite folder of their own
      (their processes get no DATABASE_URL);
    - on a clock moved by faketime (make test-later, make test-dst), those whose every
      reading of the time is ``now``'s: ``now`` moves their clocks to CURRENT_TIME whatever
      the machine's clock says, so only a test on the machine's clock, or one that starts a
      process (which keeps the moved clock), can meet a date the first pass did not.
    """
    left_out = []
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        left_out += [item for item in items if OWN_SQLITE & fixtures_of(item)]
    if "FAKETIME" in os.environ:
        left_out += [item for item in items if on_now_alone(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        leave = set(left_out)
        items[:] = [item for item in items if item not in leave]


def fixtures_of(item: pytest.Item) -> set[str]:
    return set(getattr(item, "fixturenames", ()))


def on_now_alone(item: pytest.Item) -> bool:
    """Whether every clock ``item`` reads is the one ``now`` moves: it asks for ``now``, and
    neither its fixtures nor its module (or the test helpers it imports) start a process."""
    return (
        "now" in fixtures_of(item)
        and not PROCESSES & fixtures_of(item)
        and not starts_processes(getattr(item, "module", None))
    )


#: What a module that starts processes imports.
SPAWNERS = {"subprocess", "multiprocessing", "playwright.sync_api"}


def is_helper(name: str) -> bool:
    return name.startswith("tests.") and not name.endswith(".conftest")


@functools.cache
def starts_processes(module: ModuleType | None) -> bool:
    """Whether ``module``, or a helper module of the tests' own that it imports from, imports
    a way to start a process (unknown: yes). The conftest modules' processes are fixtures,
    named in ``PROCESSES``."""
    if module is None:
        return True
    found = vars(module).values()
    helpers = {sys.modules.get(getattr(value, "__module__", None) or "") for value in found}
    helpers |= {value for value in found if isinstance(value, ModuleType)}
    around = [module] + [m for m in helpers if m and is_helper(m.__name__)]
    return any(
        (isinstance(value, ModuleType) and value.__name__ in SPAWNERS)
        or getattr(value, "__module__", None) in SPAWNERS
        for m in around
        for value in vars(m).values()
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: Chromium and PostgreSQL must really have run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; skipping is not allowed in CI")
        session.exitstatus = 1
    # The throwaway data folder tests/settings.py made for this run.
    folder = os.environ.get("RAPPORT_DATA_DIR", "")
    if os.path.basename(folder).startswith("rapport-tests-"):
        shutil.rmtree(folder, ignore_errors=True)


def _cli_environment(data: Path) -> dict[str, str]:
    leave_out = ("DATABASE_URL", "CI", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in leave_out}
    return base | {"RAPPORT_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "rapport.settings"}


@pytest.fixture(scope="session")
def migrated_data_folder(tmp_path_factory) -> Path:
    """A data folder brought up to date once per run by `rapport migrate`, a real process.

    Bringing a new SQLite file through every migration takes Django seconds (it renders the
    models again and again); each command-line test starts from a copy of this folder
    instead. ``rapport_cli_fresh`` keeps a test on a folder that does not exist yet.
    """
    data = tmp_path_factory.mktemp("migrated") / "data"
    subprocess.run(
        [sys.executable, "-m", "rapport", "migrate"],
        env=_cli_environment(data),
        capture_output=True,
        check=True,
    )
    return data


def _rapport_cli(data: Path):
    def run(*args: str, stdin: str = "", check: bool = True, env: dict[str, str] | None = None):
        return subprocess.run(
            [sys.executable, "-m", "rapport", *args],
            input=stdin,
            env=base | (env or {}),
            capture_output=True,
            text=True,
            check=check,
        )

    def first_account(email: str = "dana@example.edu", demo: bool = False) -> None:
        """Make an account as a newcomer would, with the demo network if asked."""
        run("user", "add", "--email", email, "--name", "Dana", "--password-stdin", stdin=PASSWORD)
        if demo:
            run("demo")

    base = _cli_environment(data)
    run.env = base  # type: ignore[attr-defined]
    run.first_account = first_account  # type: ignore[attr-defined]
    return run


@pytest.fixture
def rapport_cli(tmp_path, migrated_data_folder):
    """Run `python -m rapport` as a newcomer would: a data folder of its own, SQLite, real
    processes; the database starts up to date (a copy of ``migrated_data_folder``).

    Returns ``run(*args, stdin="", check=True, env=None)``; extra environment variables go in
    ``env``.
    """
    shutil.copytree(migrated_data_folder, tmp_path / "data")
    return _rapport_cli(tmp_path / "data")


@pytest.fixture
def rapport_cli_fresh(tmp_path):
    """``rapport_cli`` on a data folder that does not exist yet: the first command makes it
    and brings a new database through every migration."""
    return _rapport_cli(tmp_path / "data")


class Inbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.rcpt_tos: list[list[str]] = []
        #: What came over the wire: aiosmtpd's envelopes (mail_from, mail_options, content).
        self.wire: list[Envelope] = []
        self.port = 0

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        """What the server received, once the mail sent in the background has arrived."""
        from rapport.emails import wait_for_sending

        wait_for_sending()
        return self.received

    @property
    def envelopes(self) -> list[list[str]]:
        """The RCPT TO addresses of each message: where the server really delivers it."""
        self.messages  # noqa: B018 (waits for the background sends)
        return self.rcpt_tos

    @property
    def handler(self) -> Receiver:
        """What the server calls. Apart from the inbox: aiosmtpd looks at every attribute of
        its handler, and reading ``messages`` waits for mail that is waiting on the server."""
        return Receiver(self)


class Receiver:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        received = email.message_from_bytes(envelope.content, policy=policy.default)
        self.inbox.received.append(received)
        self.inbox.wire.append(envelope)
        self.inbox.rcpt_tos.append(list(envelope.rcpt_tos))
        return "250 OK"


def headers_of(envelope: Envelope) -> email.message.EmailMessage:
    """The headers of a message as sent, read as UTF-8 (RFC 6532): the bytes parser takes an
    address such as zoë@… for unknown bytes."""
    head = envelope.content.split(b"\r\n\r\n")[0].decode()
    return email.message_from_string(head + "\r\n\r\n", policy=policy.default)


def text_of(message: email.message.EmailMessage) -> str:
    """The plain-text part of a message as the SMTP server received it."""
    return message.get_body(("plain",)).get_content()


def body_of(response) -> bytes:
    """A response's body, whether it was sent whole or streamed (the vCard download)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def wait_until_listening(port: int, seconds: float = 30) -> None:
    """Wait for a server started by a test to accept connections on ``port``."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and the app pointed at it. It offers no SMTPUTF8
    (aiosmtpd's controller would), so an address such as zoë@… cannot be sent to it."""
    yield from serve(settings, enable_SMTPUTF8=False)


@pytest.fixture
def smtp_utf8(settings):
    """A real SMTP server on loopback that offers SMTPUTF8 (RFC 6531)."""
    yield from serve(settings, enable_SMTPUTF8=True)


def serve(settings, *, enable_SMTPUTF8: bool):
    inbox = Inbox()
    inbox.port = port = free_port()
    controller = Controller(
        inbox.handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=enable_SMTPUTF8
    )
    controller.start()
    settings.EMAIL_BACKEND = "rapport.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SMTP_ENABLED = True
    yield inbox
    controller.stop()

"""The student's mailbox: connect it, read it now or in a loop, let it go."""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user, with_database

if TYPE_CHECKING:
    from rapport.accounts.models import User
    from rapport.mailbox.sync import Result


@cli.group()
def mail() -> None:
    """Read replies and sent mail from your own mailbox (IMAP) onto your timelines."""


@mail.command("connect")
@click.option("--host", required=True, help="The IMAP server, e.g. imap.gmail.com.")
@click.option(
    "--security",
    type=click.Choice(["tls", "starttls", "none"]),
    default="tls",
    show_default=True,
    help="How the connection is protected; none only for a server on this computer.",
)
@click.option("--port", type=int, default=None, help="Default: 993 with tls, else 143.")
@click.option("--username", required=True, help="Usually the whole e-mail address.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@click.option("--sent-folder", default="", help="The folder of sent mail (default: found).")
@for_user
def mail_connect(
    user: User,
    host: str,
    security: str,
    port: int | None,
    username: str,
    password_stdin: bool,
    sent_folder: str,
) -> None:
    """Sign in once to check the details, then keep them (the password sealed)."""
    from rapport.mailbox.services import connect

    password = sys.stdin.readline().rstrip("\r\n")
    port = port or (993 if security == "tls" else 143)
    connect(user, host, port, security, username, password, sent_folder)
    click.echo("Connected. Run 'rapport mail sync' to read it now; 'rapport serve' reads it too.")


@mail.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.option("--loop", is_flag=True, help="Go on, once every RAPPORT_MAIL_SYNC_MINUTES.")
@for_user
def mail_sync(user: User, as_json: bool, loop: bool) -> None:
    """Read what is new and log it; exit 1 if the mailbox could not be read."""
    from django.conf import settings

    from rapport.core.errors import RapportError
    from rapport.mailbox.sync import sync

    while True:
        if not loop:
            result = sync(user)
            say(result, as_json)
            sys.exit(1 if result.failure else 0)
        try:
            say(sync(user), as_json)
        except RapportError as error:  # held by the app's own sync just now: next time
            click.echo(f"error: {error}", err=True)
        time.sleep(settings.MAIL_SYNC_MINUTES * 60)


def say(result: Result, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{result.replies} replies, {result.sent} sent, {result.skipped} passed over.")
    for line in result.notices:
        click.echo(line)
    for line in result.errors:
        click.echo(f"error: {line}")


@mail.command("disconnect")
@click.option("--forget", is_flag=True, help="Also remove every timeline entry read from it.")
@for_user
def mail_disconnect(user: User, forget: bool) -> None:
    """Delete the mailbox's details and its password."""
    from rapport.mailbox.services import disconnect

    had, removed = disconnect(user, forget)
    if not had:
        click.echo("No mailbox was connected.")
        return
    click.echo(
        "Disconnected; the password is deleted."
        + (f" {removed} entries removed." if forget else "")
    )


@mail.command("schedule")
@click.option("--every", default=60, show_default=True, help="Seconds between looks.")
@with_database
def mail_schedule(every: int) -> None:
    """Queue the syncs of every account's mailbox as they fall due, for `rapport worker` to
    run (`rapport serve` does this itself; a deployment with its own server runs this)."""
    import threading

    from rapport.mailbox.services import run_scheduler

    run_scheduler(threading.Event(), every)

"""Contacts and meetings on the phone: a CardDAV address book and a CalDAV calendar."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.group()
def dav() -> None:
    """Push contacts and meetings to a CardDAV address book and a CalDAV calendar."""


@dav.command("connect")
@click.option("--addressbook", default="", metavar="URL", help="The address book's address.")
@click.option("--calendar", default="", metavar="URL", help="The calendar's address.")
@click.option("--username", required=True, help="The user name there.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@for_user
def dav_connect(
    user: User, addressbook: str, calendar: str, username: str, password_stdin: bool
) -> None:
    """Check the address book and calendar answer to these credentials, then keep them."""
    from rapport.dav.services import connect

    password = sys.stdin.readline().rstrip("\n")
    connect(user, addressbook, calendar, username, password)
    click.echo("Connected. Run 'rapport dav push' to send your contacts and meetings.")


@dav.command("push")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@for_user
def dav_push(user: User, as_json: bool) -> None:
    """Bring the address book and calendar up to date; exit 1 on a conflict or an error."""
    from rapport import clock
    from rapport.dav.push import push

    result = push(user, clock.now())
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        click.echo(
            f"{result.created} added, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.deleted} removed."
        )
        for line in result.conflicts:
            click.echo(f"not overwritten: {line}")
        for line in result.errors:
            click.echo(f"error: {line}")
    sys.exit(1 if result.conflicts or result.errors else 0)


@dav.command("disconnect")
@for_user
def dav_disconnect(user: User) -> None:
    """Forget the address book and calendar (what was pushed stays there)."""
    from rapport.dav.services import disconnect

    gone = disconnect(user)
    click.echo("Disconnected." if gone else "Nothing was connected.")

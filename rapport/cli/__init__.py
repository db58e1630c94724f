"""The `rapport` command. Thin: it parses options, calls the services and prints.

Django is set up only for commands that need the database; errors become one clean line.
Commands live in modules by area; importing them registers them on the group.
"""

from rapport.cli import (
    admin,
    agenda,
    dav,
    insights,
    mail,
    meetings,
    network,
    outreach,
    tokens,
)
from rapport.cli.base import cli

__all__ = [
    "admin",
    "agenda",
    "cli",
    "dav",
    "insights",
    "mail",
    "main",
    "meetings",
    "network",
    "outreach",
    "tokens",
]


def main() -> None:
    cli()

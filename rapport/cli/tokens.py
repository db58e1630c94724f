"""Personal access tokens for the REST API: make one (printed once), list, revoke."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.group()
def token() -> None:
    """Personal access tokens for the API (/api/v1/)."""


@token.command("create")
@click.option("--name", required=True, help="What will use it, e.g. 'spreadsheet script'.")
@click.option("--read-only", is_flag=True, help="It may read but not change anything.")
@for_user
def token_create(user: User, name: str, read_only: bool) -> None:
    """Make a token and print it once; only its hash is kept."""
    from rapport import clock
    from rapport.api.tokens import create_token

    made = create_token(user, name, read_only, clock.now())
    click.echo(made.secret)
    click.echo(
        f"Token “{made.token.name}” (id {made.token.pk}) for {user.email}. It is shown only "
        "now; send it as 'Authorization: Bearer TOKEN'.",
        err=True,
    )


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def token_list(user: User, as_json: bool) -> None:
    """The account's tokens, newest first (never the tokens themselves)."""
    from rapport.api.tokens import tokens_of

    rows = [
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "read_only": t.read_only,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in tokens_of(user)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        can = "read" if row["read_only"] else "read, write"
        click.echo(
            f"{row['id']:>4}  {row['name']}  {row['prefix']}…  {can}  "
            f"last used {row['last_used_at'] or 'never'}"
        )
    if not rows:
        click.echo("No tokens. Make one with: rapport token create --name NAME", err=True)


@token.command("revoke")
@click.argument("token_id")
@for_user
def token_revoke(user: User, token_id: str) -> None:
    """Revoke a token by its id: the next request with it is refused."""
    from rapport.api.tokens import revoke_token

    revoked = revoke_token(user, token_id)
    click.echo(f"Revoked “{revoked.name}”.")

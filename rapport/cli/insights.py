"""Who to ask next, warm paths, and how it is going."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.command("next")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def next_command(user: User, as_json: bool) -> None:
    """Who to ask next, the likeliest yes first, with the reasons."""
    from rapport import clock
    from rapport.insights.services import next_to_ask

    ranked = next_to_ask(user, clock.now())
    if as_json:
        click.echo(json.dumps([item.as_dict() for item in ranked], indent=2, ensure_ascii=False))
        return
    for item in ranked:
        wait = f"  [wait: {item.waiting}]" if item.waiting else ""
        click.echo(
            f"{item.score:>5.0f}  {item.candidate.name}: {'; '.join(item.reasons) or '-'}{wait}"
        )


@cli.command("paths")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def paths_command(user: User, target: str, as_json: bool) -> None:
    """Who could introduce you to someone at an organization (or in a field)."""
    from rapport.insights.services import paths_to

    found = paths_to(user, target)
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for path in found:
        click.echo("you -> " + " -> ".join(step["name"] for step in path["people"]))
        click.echo("     " + "; ".join(path["because"]))
    if not found:
        click.echo(f"No path to {target!r} yet.", err=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def stats_command(user: User, as_json: bool) -> None:
    """How it is going: the funnel, reply rates by commonality, thank-yous on time, growth."""
    from rapport import clock
    from rapport.insights.services import stats

    numbers = stats(user, clock.now())
    if as_json:
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    click.echo("  ".join(f"{label}: {value}" for label, value in numbers["funnel"]))
    for row in numbers["reply_rates"]:
        click.echo(f"  {row['kind']}: {row['replied']} of {row['asked']} replied")
    thanks = numbers["thank_you"]
    click.echo(f"Thank-yous within 12 hours: {thanks['on_time']} of {thanks['total']}")

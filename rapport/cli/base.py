"""The command group and the helpers every command uses: Django set up on demand, the
account to act for, and one clean line for each error."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rapport.config import ConfigError
from rapport.core.errors import RapportError

if TYPE_CHECKING:
    pass


F = TypeVar("F", bound=Callable[..., Any])


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()
    from rapport.checks import ensure_configured

    ensure_configured()


def with_database(command: F) -> F:
    """Set Django up and bring the database up to date before the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        from rapport.database import ensure_intact, migrate_if_needed

        ensure_intact()
        migrate_if_needed()
        return command(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def for_user(command: F) -> F:
    """Add --user EMAIL and pass the chosen account to the command as ``user``."""

    @click.option("--user", "user_email", metavar="EMAIL", help="The account to act for.")
    @functools.wraps(command)
    @with_database
    def wrapper(*args: Any, user_email: str | None, **kwargs: Any) -> Any:
        from rapport.accounts.services import pick_user

        return command(*args, user=pick_user(user_email), **kwargs)

    return wrapper  # type: ignore[return-value]


def output_options(command: F) -> F:
    """Add the --json / --csv choice, written once for every listing command."""
    command = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(command)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(command)


class RapportGroup(click.Group):
    """Turns an expected failure anywhere below it into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (RapportError, ConfigError) as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=RapportGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rapport")
def cli() -> None:
    """Rapport: informational interviews and the relationships they start."""


def moment(at: str | None) -> Any:
    from datetime import UTC, datetime

    from rapport import clock

    if not at:
        return clock.now()
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        raise click.BadParameter(f"{at!r} is not an ISO time like 2026-11-25T09:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

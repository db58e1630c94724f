"""Running Rapport: serving it, the database, where the data lives, accounts, the demo, backups."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rapport.cli.base import cli, for_user, setup_django, with_database
from rapport.core.network import Year

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, help="Requests served at once.")
@click.option("--prod", is_flag=True, help="Serve with gunicorn and several worker processes.")
@click.option(
    "--workers",
    default=None,
    type=int,
    help="Worker processes with --prod (default: 2 a core + 1).",
)
def serve(host: str, port: int, threads: int, prod: bool, workers: int | None) -> None:
    """Start Rapport in this terminal and print its address."""
    setup_django()
    from rapport.backup import hold, is_sqlite, sqlite_path

    # One server a SQLite file, held before anything is read: a second server would share
    # its backups, and `rapport restore` must wait until it stops. (PostgreSQL: no lock.)
    with hold(sqlite_path(), "start Rapport again") if is_sqlite() else nullcontext():
        from rapport.database import ensure_intact, migrate_if_needed

        ensure_intact()
        migrate_if_needed()
        if is_sqlite():  # the only server of this file: work it was doing was cut short
            from rapport.contacts.interrupted import resume_interrupted

            resume_interrupted()
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"Rapport is running at http://{shown}:{port}/  (press Ctrl+C to stop)")
        with background_worker(), mail_scheduler():
            if prod:
                sys.exit(gunicorn(host, port, workers or 2 * (os.cpu_count() or 1) + 1))
            import signal

            # A stop by SIGTERM (a service manager, `kill`) ends waitress by way of its
            # `finally`s, so that the worker stops with it.
            signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
            waitress(host, port, threads)


@contextmanager
def background_worker() -> Iterator[None]:
    """Run ``rapport worker`` beside the server (unless RAPPORT_TASKS=immediate), and stop it
    with the server; it finishes the work in hand first, for up to STOP_WAIT seconds."""
    import subprocess

    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        yield
        return
    command = [sys.executable, "-m", "rapport", "worker"]
    worker_process = subprocess.Popen(command)  # noqa: S603 (the arguments are ours)
    try:
        yield
    finally:
        worker_process.terminate()
        try:
            worker_process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            worker_process.kill()


STOP_WAIT = 30


@contextmanager
def mail_scheduler() -> Iterator[None]:
    """Queue each connected mailbox's sync as it falls due, in a thread of the server (the
    worker runs it; with RAPPORT_TASKS=immediate, this thread does)."""
    import threading

    from rapport.mailbox.services import run_scheduler

    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler, args=(stop,), name="mail-scheduler")
    thread.daemon = True  # a sync in hand is safe to cut short: it logs nothing twice
    thread.start()
    try:
        yield
    finally:
        stop.set()


def gunicorn(host: str, port: int, workers: int) -> int:
    """Run gunicorn until it stops, passing on the signals that stop it; its exit status."""
    import signal
    import subprocess

    command = [sys.executable, "-m", "gunicorn", "rapport.wsgi:application"]
    command += ["--bind", f"{host}:{port}", "--workers", str(workers), "--threads", "2"]
    command += ["--timeout", "30", "--access-logfile", "-"]
    server = subprocess.Popen(command)  # noqa: S603 (the arguments are ours)
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, lambda number, frame: server.send_signal(number))
    return server.wait()


@cli.command()
@click.option(
    "--interval", default=1.0, show_default=True, help="Seconds between looks at an empty queue."
)
@with_database
def worker(interval: float) -> None:
    """Do the work queued by the app: large imports and exports. `rapport serve` starts one;
    a deployment under another server runs it as a service of its own."""
    from django.core.management import call_command

    call_command("db_worker", interval=interval, startup_delay=False, reload=False, verbosity=0)


def waitress(host: str, port: int, threads: int) -> None:
    from django.conf import settings
    from waitress import serve as waitress_serve

    from rapport.backup import keep_daily_backups
    from rapport.wsgi import application

    # Behind the proxy of a shared Rapport, the proxy's X-Forwarded-Proto and -For reach the
    # app, which trusts only the proxy's own entry (as under gunicorn); waitress would drop
    # them, and every page would redirect to HTTPS for ever.
    behind_proxy = {"clear_untrusted_proxy_headers": not settings.MULTI_USER}
    keep_daily_backups()
    waitress_serve(application, host=host, port=port, threads=threads, _quiet=True, **behind_proxy)


@cli.command()
@with_database
def migrate() -> None:
    """Bring the database up to date (serve and other commands do it too)."""
    click.echo("The database is up to date.")


@cli.command()
def where() -> None:
    """Show where Rapport keeps its data."""
    setup_django()
    from django.conf import settings

    database = settings.DATABASES["default"]
    click.echo(f"data folder: {settings.DATA_DIR}")
    click.echo(f"database:    {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    click.echo(f"secret key:  {settings.DATA_DIR / 'secret_key'}")


@cli.group()
def user() -> None:
    """Manage accounts."""


@user.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@click.option("--school", default="")
@click.option("--year", type=click.Choice([y.value for y in Year]), default=None)
@click.option("--major", default="")
@click.option("--interests", default="", help="Fields of interest, separated by commas.")
@click.option("--time-zone", default="UTC", show_default=True)
@click.option(
    "--admin", is_flag=True, help="May invite people (and sees no one's data). Make one first."
)
@with_database
def user_add(password_stdin: bool, admin: bool, **values: Any) -> None:
    """Create an account, as the set-up page does."""
    from rapport.accounts.services import add_account

    password = sys.stdin.readline().rstrip("\r\n")
    values = {**values, "year": values["year"] or "", "password": password}
    account = add_account(values, admin=admin)
    role = "administrator account" if admin else "account"
    click.echo(f"Created the {role} {account.email}.")


@user.command("password")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@with_database
def user_password(email: str, password_stdin: bool) -> None:
    """Set a new password for an account (for a Rapport that cannot send reset e-mails)."""
    from rapport.accounts.services import set_password

    account = set_password(email, sys.stdin.readline().rstrip("\r\n"))
    click.echo(f"The password of {account.email} is changed; its sessions are signed out.")


@cli.command()
@click.argument("emails", nargs=-1, required=True)
@click.option(
    "--print", "print_links", is_flag=True, help="Print the links instead of e-mailing them."
)
@click.option(
    "--withdraw", is_flag=True, help="Make the links sent so far to these addresses stop working."
)
@for_user
def invite(user: User, emails: tuple[str, ...], print_links: bool, withdraw: bool) -> None:
    """Invite people to a shared Rapport: each gets a link to join, valid for seven days."""
    from rapport.accounts import invitations

    if withdraw:
        taken = invitations.withdraw_invitations(user, emails)
        click.echo(f"Withdrew {len(taken)} invitation{'s' if len(taken) != 1 else ''}.")
        return
    if print_links:
        if not user.is_staff:
            raise click.ClickException("only an administrator can invite people")
        for address in invitations.clean_addresses(emails):
            click.echo(f"{address}\t{invitations.join_url(address)}")
        return
    sent = invitations.invite(user, emails)
    click.echo(f"Sent {len(sent)} invitation{'s' if len(sent) != 1 else ''}.")


@cli.command()
@for_user
def demo(user: User) -> None:
    """Fill an empty account with a fictional network to explore."""
    from rapport import clock
    from rapport.accounts.signals import load_demo

    count = load_demo(user, clock.now())
    click.echo(f"Loaded {count} fictional contacts for {user.email}.")


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
@with_database
def backup_command(target: Path | None) -> None:
    """Copy the SQLite database, consistently, even while Rapport is writing to it."""
    from django.conf import settings

    from rapport import clock
    from rapport.backup import backup

    target = target or settings.DATA_DIR / f"backup-{clock.now():%Y%m%d-%H%M%S}.sqlite3"
    click.echo(f"Backed up to {backup(target)}")


@cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(source: Path) -> None:
    """Replace the database with a backup, after checking it is intact."""
    setup_django()  # not with_database: the database being replaced may be the damaged one
    from rapport import clock
    from rapport.backup import restore

    kept = restore(source, clock.now())
    click.echo(f"Restored {source}; the database it replaced is kept at {kept}.")


@cli.group()
def advisor() -> None:
    """Advisors of a shared Rapport (an administrator's commands)."""


@advisor.command("add")
@click.argument("email")
@for_user
def advisor_add(user: User, email: str) -> None:
    """Make the account EMAIL an advisor: students may then share their progress with it."""
    from rapport.advising.services import make_advisor

    made = make_advisor(user, email)
    click.echo(f"{made.name} <{made.email}> is an advisor.")


@advisor.command("remove")
@click.argument("email")
@for_user
def advisor_remove(user: User, email: str) -> None:
    """Take the role back (what students shared with them stops showing to them)."""
    from rapport.advising.services import remove_advisor

    gone = remove_advisor(user, email)
    click.echo("Removed." if gone else f"{email} was not an advisor.")


@advisor.command("list")
@with_database
def advisor_list() -> None:
    """List the advisors."""
    from rapport.advising.services import advisors

    for person in advisors():
        click.echo(f"{person.email}\t{person.name}")


@cli.group()
def volunteer() -> None:
    """Alumni volunteers of a shared Rapport (an administrator's commands)."""


@volunteer.command("add")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", default="")
@click.option("--organization", default="")
@click.option("--field", default="")
@click.option("--location", default="")
@click.option("--graduation-year", type=int, default=None)
@click.option("--major", default="")
@click.option("--topics", default="", help="Separated by commas.")
@click.option("--limit", "monthly_limit", type=int, default=2, show_default=True)
@for_user
def volunteer_add(user: User, **values: Any) -> None:
    """Add a volunteer; prints the link with which they manage their profile."""
    from rapport import emails
    from rapport.alumni.services import add_volunteer

    made = add_volunteer(user, values)
    click.echo(f"{made.name} is a volunteer. Their own page (send it to them):")
    click.echo(emails.base_url().rstrip("/") + f"/volunteer/manage/{made.key}/")


@volunteer.command("list")
@with_database
def volunteer_list() -> None:
    """List the volunteers: name, organization, monthly limit, paused or not."""
    from rapport.alumni.models import Volunteer

    for person in Volunteer.objects.all():
        state = "paused" if person.paused else f"{person.monthly_limit} a month"
        click.echo(f"{person.name}\t{person.organization}\t{state}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the addresses as JSON.")
@with_database
def retention(as_json: bool) -> None:
    """Warn accounts inactive for RAPPORT_RETENTION_MONTHS, and delete those warned 30 days
    ago that stayed inactive (run it daily, as a scheduled job)."""
    import json

    from django.conf import settings

    from rapport import clock
    from rapport.accounts.retention import apply_retention

    if settings.RETENTION_MONTHS <= 0:
        click.echo("RAPPORT_RETENTION_MONTHS is not set: every account is kept.")
        return
    outcome = apply_retention(clock.now())
    if as_json:
        found = {"warned": outcome.warned, "deleted": outcome.deleted, "failed": outcome.failed}
        click.echo(json.dumps(found))
    else:
        click.echo(f"{len(outcome.warned)} warned, {len(outcome.deleted)} deleted.")
        for line in outcome.failed:
            click.echo(f"not warned (tried again next time): {line}")


@volunteer.command("link")
@click.option("--days", default=30, show_default=True, help="How long the link works.")
@for_user
def volunteer_link(user: User, days: int) -> None:
    """Print a link through which alumni sign up as volunteers themselves (for a newsletter)."""
    from rapport import emails
    from rapport.alumni.services import join_link

    click.echo(join_link(user, emails.base_url(), days))

"""What is due: the agenda, the timeline, e-mail digests and the calendar feed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user, moment, with_database
from rapport.core.network import TouchKind

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.command()
@click.option("--at", "at", default=None, metavar="ISO-TIME", help="Pretend it is this moment.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def agenda(user: User, at: str | None, as_json: bool) -> None:
    """What is overdue, due today and due in the next 7 days, with the step that clears each."""
    from rapport.agenda.services import agenda_for
    from rapport.meetings.overview import this_week

    now = moment(at)
    result = agenda_for(user, now)
    if as_json:
        click.echo(
            json.dumps([item.as_dict() for item in result.items], indent=2, ensure_ascii=False)
        )
        return
    meetings = this_week(user, now)
    if meetings:
        click.echo("Meetings")
    for meeting in meetings:
        mode = meeting.get_mode_display()
        click.echo(f"  {meeting.starts_at:%Y-%m-%d %H:%M}Z  {meeting.contact.name:<24} {mode}")
    for title, items in [
        ("Overdue", result.overdue),
        ("Today", result.today),
        ("In the next 7 days", result.upcoming),
    ]:
        if items:
            click.echo(title)
        for item in items:
            click.echo(
                f"  {item.due:%Y-%m-%d %H:%M}Z  {item.name:<24} {item.action} ({item.detail})"
            )
    if not result.items:
        click.echo("Nothing else is due." if meetings else "Nothing is due.", err=True)


@cli.command()
@click.argument("contact_id")
@click.option("--kind", type=click.Choice([k.value for k in TouchKind]), required=True)
@click.option("--summary", default="", help="What happened, in a sentence.")
@click.option("--at", "at", default=None, metavar="ISO-TIME", help="When (default: now).")
@for_user
def log(user: User, contact_id: str, kind: str, summary: str, at: str | None) -> None:
    """Put a touch on a contact's timeline: a reply, a call, a meeting, a thank-you, a note."""
    from rapport.contacts.models import Contact
    from rapport.contacts.services import log_touch, owned

    contact = owned(Contact, user, contact_id)
    touch = log_touch(user, contact, kind, moment(at), summary)
    click.echo(f"Logged {touch.get_kind_display().lower()} for {contact.name}.")


@cli.command()
@click.option("--loop", is_flag=True, help="Keep running, checking every --every seconds.")
@click.option("--every", default=300, show_default=True, help="Seconds between checks with --loop.")
@click.option("--at", "at", default=None, metavar="ISO-TIME", help="Pretend it is this moment.")
@with_database
def remind(loop: bool, every: int, at: str | None) -> None:
    """E-mail each user the digest of what fell due, when their digest is due; also clear
    expired log-in sessions, uploads left unconfirmed and exports left undownloaded for a
    day, and the worker's records of finished tasks."""
    import time

    from django.contrib.sessions.models import Session
    from django.db import close_old_connections

    from rapport.agenda.reminders import send_due_digests
    from rapport.contacts.archive import forget_stale_exports
    from rapport.contacts.background import forget_finished_tasks
    from rapport.contacts.imports import forget_stale_imports

    while True:
        Session.objects.filter(expire_date__lt=moment(None)).delete()
        forget_stale_imports(moment(None))
        forget_stale_exports(moment(None))
        forget_finished_tasks(moment(None))
        sent = send_due_digests(moment(at))
        click.echo(f"Sent {sent} digest{'s' if sent != 1 else ''}.", err=True)
        if not loop:
            return
        close_old_connections()
        time.sleep(every)


@cli.command("feed-url")
@click.option("--regenerate", is_flag=True, help="Make a new address; the old one stops working.")
@for_user
def feed_url(user: User, regenerate: bool) -> None:
    """Print the private address of your calendar feed."""
    from django.conf import settings
    from django.urls import reverse

    from rapport.agenda.services import feed_token, regenerate_feed_token

    token = regenerate_feed_token(user) if regenerate else feed_token(user)
    click.echo(settings.BASE_URL.rstrip("/") + reverse("feed", args=[token]))


@cli.command("rebuild-due")
@click.option("--user", "user_email", default=None, help="Only this account (default: every one).")
@click.option("--check", is_flag=True, help="Compare only; exit 1 if anything stored is wrong.")
@with_database
def rebuild_due(user_email: str | None, check: bool) -> None:
    """Compute what is due (and each timeline's summary, and the counts read from them) from
    every timeline from scratch and store it (the agenda, who to ask next and the dashboard
    read it; every write keeps it in step, so this is for after a hand-made change); or, with
    --check, say where the stored rows differ."""
    from rapport.accounts.models import User
    from rapport.accounts.services import pick_user
    from rapport.agenda import due
    from rapport.contacts import summary
    from rapport.contacts.changes import due_may_have_changed

    owners = [pick_user(user_email)] if user_email else list(User.objects.order_by("pk"))
    wrong = 0
    for owner in owners:
        if not check:
            due_may_have_changed(owner, None)
            continue
        found = summary.differences(owner) + due.differences(owner)
        wrong += bool(found)
        for line in found[:20]:
            click.echo(f"{owner.email}: {line}")
    verb = "Checked" if check else "Rebuilt"
    click.echo(f"{verb} {len(owners)} account{'s' if len(owners) != 1 else ''}.", err=True)
    if wrong:
        raise SystemExit(1)

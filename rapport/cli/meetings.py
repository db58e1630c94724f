"""Meetings: the prep sheet, the question bank, marking a meeting done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rapport.cli.base import cli, for_user, moment
from rapport.core.schedule import likely_end, thank_you_due

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.command()
@click.argument("meeting_id")
@click.option(
    "--pdf",
    "pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the prep folder as a PDF to this file.",
)
@for_user
def prep(user: User, meeting_id: str, pdf: Path | None) -> None:
    """Print a meeting's prep sheet (or write it as a PDF)."""
    from rapport.contacts.services import owned
    from rapport.meetings.models import Meeting
    from rapport.meetings.prep import prep_pdf, prep_sheet, prep_text

    sheet = prep_sheet(owned(Meeting, user, meeting_id))
    if pdf:
        pdf.write_bytes(prep_pdf(sheet))
        click.echo(f"Wrote {pdf}", err=True)
        return
    click.echo(prep_text(sheet))


@cli.group()
def questions() -> None:
    """The question bank."""


@questions.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def questions_list(user: User, as_json: bool) -> None:
    """List the questions Rapport proposes from, with their theme and minutes."""
    from rapport.meetings.services import bank_for

    bank = bank_for(user)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {"key": q.key, "theme": q.theme, "minutes": q.minutes, "text": q.text}
                    for q in bank
                ],
                indent=2,
            )
        )
        return
    for question in bank:
        click.echo(f"{question.minutes:>2} min  {question.theme:<18} {question.text}")


@cli.group()
def meetings() -> None:
    """Meetings."""


@meetings.command("done")
@click.argument("meeting_id")
@click.option(
    "--ended-at",
    "ended_at",
    default=None,
    metavar="ISO-TIME",
    help="When it ended (default: its planned end, or now if that is still to come).",
)
@click.option(
    "--move",
    is_flag=True,
    help="It took place at another time than planned: move it to when it ended.",
)
@for_user
def meetings_done(user: User, meeting_id: str, ended_at: str | None, move: bool) -> None:
    """Mark a meeting done; its thank-you falls due 12 hours after it ended."""
    from rapport import clock
    from rapport.contacts.services import owned
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import MovesMeeting, finish

    meeting, now = owned(Meeting, user, meeting_id), clock.now()
    ended = moment(ended_at) if ended_at else likely_end(meeting.starts_at, meeting.minutes, now)
    try:
        meeting = finish(user, meeting, ended, now, move=move)
    except MovesMeeting as moving:
        raise click.ClickException(f"{moving}; it took place then? Say so with --move") from None
    deadline = thank_you_due(meeting.ended_at)
    click.echo(f"Done. Thank {meeting.contact.name} by {deadline:%Y-%m-%d %H:%M}Z.")

"""Outreach: drafts, sending, and the guard on any text."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from rapport.cli.base import cli, for_user
from rapport.core.errors import RapportError
from rapport.core.guard import KINDS

if TYPE_CHECKING:
    from rapport.accounts.models import User


@cli.command()
@click.argument(
    "kind",
    type=click.Choice(
        [
            "soundbite",
            "phone",
            "voicemail",
            "linkedin-note",
            "linkedin-message",
            "text-message",
            "email",
            "follow-up",
            "keep-in-touch",
            "report-back",
            "thank-you",
        ]
    ),
)
@click.argument("contact_id", metavar="CONTACT|MEETING")
@click.option("--all", "every", is_flag=True, help="Print every wording, not just the best.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def draft(user: User, kind: str, contact_id: str, every: bool, as_json: bool) -> None:
    """Write to a contact: a first contact (sound bite, phone script, voicemail, LinkedIn
    connection note or, to a LinkedIn connection, LinkedIn message, text message or e-mail),
    the one follow-up, a note to keep in touch or a report back to a referrer; or the
    thank-you for a meeting."""
    from rapport.contacts.models import Contact
    from rapport.contacts.services import owned
    from rapport.core.compose import Moment
    from rapport.meetings.followup import thank_you_draft
    from rapport.meetings.models import Meeting
    from rapport.outreach.services import drafts_for

    if kind == "thank-you":
        drafts = [thank_you_draft(user, owned(Meeting, user, contact_id))]
    elif kind in ("follow-up", "keep-in-touch", "report-back"):
        drafts = drafts_for(owned(Contact, user, contact_id), Moment(kind))["email"]
    else:
        contact = owned(Contact, user, contact_id)
        offered = drafts_for(contact)
        if kind.replace("-", "_") not in offered:
            raise RapportError(
                f"{contact.name} is a LinkedIn connection already: ask for a linkedin-message"
                if kind == "linkedin-note"
                else f"{contact.name} is not a LinkedIn connection: ask for a linkedin-note"
            )
        drafts = offered[kind.replace("-", "_")]
    chosen = drafts if every else drafts[:1]
    if as_json:
        click.echo(
            json.dumps(
                [d.as_dict() for d in chosen],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for number, item in enumerate(chosen, 1):
        if len(chosen) > 1:
            click.echo(f"--- wording {number}")
        click.echo(item.full_text)
        spoken = (
            f", about {item.seconds} seconds spoken"
            if kind in ("soundbite", "phone", "voicemail")
            else ""
        )
        characters = f", {len(item.text)} characters" if kind == "linkedin-note" else ""
        click.echo(f"({item.words} words{characters}{spoken})", err=True)
        for finding in item.findings:
            click.echo(f"{finding.severity} [{finding.rule}] {finding.message}", err=True)


@cli.command()
@click.argument("contact_id")
@click.option(
    "--draft",
    "draft_file",
    type=click.File("r", encoding="utf-8"),
    required=True,
    help='The e-mail: a first line "Subject: …", a blank line, then the body; - for stdin.',
)
@click.option("--override", is_flag=True, help="Send even though the guard found errors.")
@for_user
def send(user: User, contact_id: str, draft_file: Any, override: bool) -> None:
    """Send an e-mail to a contact over SMTP and put it on their timeline."""
    from rapport import clock
    from rapport.contacts.models import Contact
    from rapport.contacts.services import owned
    from rapport.outreach.services import Message, send_email

    contact = owned(Contact, user, contact_id)
    touch = send_email(
        user, contact, Message.parse(draft_file.read()), clock.now(), override=override
    )
    note = f" (guard overridden: {touch.guard_override})" if touch.guard_override else ""
    click.echo(f"Sent to {contact.email}; on the timeline{note}.")


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option(
    "--kind",
    type=click.Choice(list(KINDS)),
    default="text",
    show_default=True,
    help="What the text is.",
)
@click.option("--referrer", default="", help="The referrer's name, for the connection rules.")
@click.option("--strict", is_flag=True, help="Also flag job words in innocent sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help='Check each line {"id": …, "text": …} of this file; print one line each.',
)
def lint(source: Any, kind: str, referrer: str, strict: bool, as_json: bool, jsonl: Any) -> None:
    """Check a text with the guard; exit 1 when a finding is an error."""
    from rapport.core.guard import Context, check, has_error

    context = Context(referrer=referrer, strict=strict)
    if jsonl is not None:
        failed = False
        for number, line in enumerate(jsonl, 1):
            if not line.strip():
                continue
            item = parse_jsonl_line(line, number)
            findings = check(item["text"], kind, context)
            failed |= has_error(findings)
            report = {
                "id": item.get("id"),
                "ok": not has_error(findings),
                "findings": [finding.as_dict() for finding in findings],
            }
            click.echo(json.dumps(report, ensure_ascii=False))
        sys.exit(1 if failed else 0)
    text = source.read()
    findings = check(text, kind, context)
    if as_json:
        click.echo(
            json.dumps(
                {"ok": not has_error(findings), "findings": [f.as_dict() for f in findings]},
                ensure_ascii=False,
            )
        )
    else:
        for finding in findings:
            line = text.count("\n", 0, finding.start) + 1
            quoted = " ".join(text[finding.start : finding.end].split())
            click.echo(f"line {line}: {finding.severity} [{finding.rule}] {finding.message}")
            if quoted:
                click.echo(f"    “{quoted[:100]}”")
            if finding.suggestion:
                click.echo(f"    try: {finding.suggestion}")
        if not findings:
            click.echo("No findings.", err=True)
    sys.exit(1 if has_error(findings) else 0)


def parse_jsonl_line(line: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise click.UsageError(f"line {number} is not JSON ({error.msg})") from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise click.UsageError(f'line {number} needs a "text" string')
    return item

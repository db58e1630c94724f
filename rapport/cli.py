"""The `rapport` command. Thin: it parses options, calls the services and prints.

Django is set up only for commands that need the database; errors become one clean line.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rapport.config import ConfigError
from rapport.core.errors import RapportError
from rapport.core.network import Source, TouchKind, Year
from rapport.core.schedule import THANK_YOU_DELAY

if TYPE_CHECKING:
    from rapport.accounts.models import User

F = TypeVar("F", bound=Callable[..., Any])


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()


def with_database(command: F) -> F:
    """Set Django up and bring the database up to date before the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        from rapport.database import migrate_if_needed

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
@with_database
def serve(host: str, port: int, threads: int, prod: bool, workers: int | None) -> None:
    """Start Rapport in this terminal and print its address."""
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Rapport is running at http://{shown}:{port}/  (press Ctrl+C to stop)")
    if prod:
        count = workers or 2 * (os.cpu_count() or 1) + 1
        os.execvp(  # noqa: S606 (replace this process with gunicorn; the arguments are ours)
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "rapport.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(count),
                "--threads",
                "2",
                "--timeout",
                "30",
                "--access-logfile",
                "-",
            ],
        )
    from waitress import serve as waitress_serve

    from rapport.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, _quiet=True)


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
@with_database
def user_add(password_stdin: bool, **values: Any) -> None:
    """Create an account, as the set-up page does."""
    from rapport.accounts.services import add_account

    password = sys.stdin.readline().rstrip("\r\n")
    account = add_account({**values, "year": values["year"] or "", "password": password})
    click.echo(f"Created the account {account.email}.")


@cli.command()
@for_user
def demo(user: User) -> None:
    """Fill an empty account with a fictional network to explore."""
    from django.utils import timezone

    from rapport.contacts.demo import load_demo

    count = load_demo(user, timezone.now())
    click.echo(f"Loaded {count} fictional contacts for {user.email}.")


@cli.group()
def contacts() -> None:
    """List, add and show contacts."""


@contacts.command("list")
@click.option("--search", "query", default="", help="Words to look for.")
@click.option("--source", type=click.Choice([s.value for s in Source]), default=None)
@click.option("--field", default="")
@click.option("--tag", default="")
@output_options
@for_user
def contacts_list(user: User, as_json: bool, as_csv: bool, **criteria: str) -> None:
    """List your contacts."""
    from rapport.contacts.services import contact_record, find_contacts

    criteria["source"] = criteria["source"] or ""
    found = find_contacts(user, **criteria).prefetch_related("tags")
    records = [contact_record(contact) for contact in found]
    if as_json:
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    elif as_csv:
        from rapport.contacts.archive import csv_of

        click.echo(csv_of(records), nl=False)
    else:
        for record in records:
            place = ", ".join(filter(None, [record["role"], record["organization"]]))
            click.echo(f"{record['id']:>6}  {record['name']:<28} {place}")
        click.echo(f"{len(records)} contact{'s' if len(records) != 1 else ''}", err=True)


@contacts.command("add")
@click.option("--name", required=True)
@click.option("--organization", "organization_name", default="")
@click.option("--role", default="")
@click.option("--field", default="")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--location", default="")
@click.option("--source", type=click.Choice([s.value for s in Source]), default="other")
@click.option("--how", "how_we_know", default="", help="How you know them.")
@click.option("--url", "profile_url", default="", help="Their profile page.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.option(
    "--cadence", "cadence_days", type=int, default=None, help="Keep in touch every N days."
)
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the new contact as JSON.")
@for_user
def contacts_add(user: User, as_json: bool, tags: tuple[str, ...], **values: Any) -> None:
    """Add a contact, checked as the web form checks it."""
    from rapport.contacts.services import add_contact, contact_record

    values["cadence_days"] = values["cadence_days"] or ""
    contact = add_contact(user, {**values, "tag_names": ", ".join(tags)})
    if as_json:
        click.echo(json.dumps(contact_record(contact), indent=2, ensure_ascii=False))
    else:
        click.echo(f"Added contact {contact.pk}: {contact.name}")


@contacts.command("show")
@click.argument("contact_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def contacts_show(user: User, contact_id: str, as_json: bool) -> None:
    """Show one contact with what you share and the timeline."""
    from rapport.contacts.models import Contact
    from rapport.contacts.services import contact_details, owned

    details = contact_details(owned(Contact, user, contact_id))
    if as_json:
        click.echo(json.dumps(details, indent=2, ensure_ascii=False))
        return
    click.echo(details["name"])
    for label, key in [
        ("Organization", "organization"),
        ("Role", "role"),
        ("Field", "field"),
        ("E-mail", "email"),
        ("Phone", "phone"),
        ("Source", "source"),
    ]:
        if details[key]:
            click.echo(f"  {label + ':':<14}{details[key]}")
    for item in details["commonalities"]:
        click.echo(f"  Shares:       {item['kind']} {item['detail']} (strength {item['strength']})")
    for item in details["referred_by"]:
        click.echo(f"  Referred by:  {item['referrer']} (may use name: {item['permission']})")
    for touch in details["timeline"]:
        click.echo(f"  {touch['when'][:10]}  {touch['kind']:<15}{touch['summary']}")


@cli.command("import")
@click.argument("kind", type=click.Choice(["linkedin", "vcard", "google", "rapport"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--encoding", default=None, help="The file's encoding (default: UTF-8).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@for_user
def import_command(
    user: User, kind: str, file: Path, dry_run: bool, encoding: str | None, as_json: bool
) -> None:
    """Import LinkedIn, vCard or Google contacts, or a Rapport export; all or nothing."""
    from rapport.contacts import imports

    imports.check_size(file.stat().st_size)
    if kind == "rapport":
        summary = restore_export(user, file, dry_run)
        plan = None
    else:
        with progress_bar("Importing") as progress:
            plan, summary = imports.import_contacts(
                user, kind, file.read_bytes(), encoding=encoding, dry_run=dry_run, progress=progress
            )
    if as_json:
        click.echo(json.dumps(summary))
        return
    verb = "Would create" if dry_run else "Created"
    click.echo(
        f"{verb} {summary['created']}, merged {summary['merged']}, skipped {summary['skipped']}."
    )
    for record, contact in plan.merges if plan else []:
        click.echo(
            f"  line {record.line}: {record.name} merged into {contact.name} (#{contact.pk})"
        )
    for problem in plan.skipped if plan else []:
        click.echo(f"  {problem}: skipped")


def restore_export(user: User, file: Path, dry_run: bool) -> dict[str, Any]:
    from django.db import transaction

    from rapport.contacts.archive import restore_json

    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RapportError(
            f"nothing was imported: {file.name} is not valid JSON ({error})"
        ) from None
    with transaction.atomic():
        summary = restore_json(user, data)
        if dry_run:
            transaction.set_rollback(True)
    return summary


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state.get("done", 0))
        state["done"] = done

    yield update
    if "bar" in state:
        state["bar"].__exit__(None, None, None)


@cli.command("export")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["json", "csv", "vcard"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@for_user
def export_command(user: User, file_format: str, output: Path | None) -> None:
    """Export everything as JSON, or the contacts as CSV or vCard 4.0."""
    from rapport.contacts import archive

    if file_format == "json":
        text = json.dumps(archive.export_json(user), indent=2, ensure_ascii=False) + "\n"
    else:
        text = archive.export_csv(user) if file_format == "csv" else archive.export_vcard(user)
    if output:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--at", "at", default=None, metavar="ISO-TIME", help="Pretend it is this moment.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def agenda(user: User, at: str | None, as_json: bool) -> None:
    """What is overdue, due today and due this week, with the step that clears each."""
    from rapport.agenda.services import agenda_for

    result = agenda_for(user, moment(at))
    if as_json:
        click.echo(
            json.dumps([item.as_dict() for item in result.items], indent=2, ensure_ascii=False)
        )
        return
    for title, items in [
        ("Overdue", result.overdue),
        ("Today", result.today),
        ("This week", result.upcoming),
    ]:
        if items:
            click.echo(title)
        for item in items:
            click.echo(
                f"  {item.due:%Y-%m-%d %H:%M}Z  {item.name:<24} {item.action} ({item.detail})"
            )
    if not result.items:
        click.echo("Nothing is due.", err=True)


def moment(at: str | None) -> Any:
    from datetime import UTC, datetime

    from django.utils import timezone

    if not at:
        return timezone.now()
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        raise click.BadParameter(f"{at!r} is not an ISO time like 2026-11-25T09:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@cli.command()
@click.option("--loop", is_flag=True, help="Keep running, checking every --every seconds.")
@click.option("--every", default=300, show_default=True, help="Seconds between checks with --loop.")
@click.option("--at", "at", default=None, metavar="ISO-TIME", help="Pretend it is this moment.")
@with_database
def remind(loop: bool, every: int, at: str | None) -> None:
    """E-mail each user the digest of what fell due, when their digest is due."""
    import time

    from django.db import close_old_connections

    from rapport.agenda.reminders import send_due_digests

    while True:
        sent = send_due_digests(moment(at))
        click.echo(f"Sent {sent} digest{'s' if sent != 1 else ''}.", err=True)
        if not loop:
            return
        close_old_connections()
        time.sleep(every)


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
    from rapport.meetings.prep import prep_context, prep_pdf

    context = prep_context(owned(Meeting, user, meeting_id))
    if pdf:
        pdf.write_bytes(prep_pdf(context))
        click.echo(f"Wrote {pdf}", err=True)
        return
    meeting, contact = context["meeting"], context["contact"]
    click.echo(
        f"{contact.name}: {context['starts']:%a %d %b %Y %H:%M}, {meeting.minutes} minutes, "
        f"stop at {context['stop_at']:%H:%M}"
    )
    for number, question in enumerate(context["questions"], 1):
        click.echo(f"  {number}. {question.text} ({question.minutes} min)")
    click.echo(f"Wear: {context['dress']}")
    click.echo(context["resume"])


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


@cli.command("next")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def next_command(user: User, as_json: bool) -> None:
    """Who to ask next, the likeliest yes first, with the reasons."""
    from django.utils import timezone

    from rapport.insights.services import next_to_ask

    ranked = next_to_ask(user, timezone.now())
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
    from django.utils import timezone

    from rapport.insights.services import stats

    numbers = stats(user, timezone.now())
    if as_json:
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    click.echo("  ".join(f"{label}: {value}" for label, value in numbers["funnel"]))
    for row in numbers["reply_rates"]:
        click.echo(f"  {row['kind']}: {row['replied']} of {row['asked']} replied")
    thanks = numbers["thank_you"]
    click.echo(f"Thank-yous within 12 hours: {thanks['on_time']} of {thanks['total']}")


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
@with_database
def backup_command(target: Path | None) -> None:
    """Copy the SQLite database, consistently, even while Rapport is writing to it."""
    from django.conf import settings
    from django.utils import timezone

    from rapport.backup import backup

    target = target or settings.DATA_DIR / f"backup-{timezone.now():%Y%m%d-%H%M%S}.sqlite3"
    click.echo(f"Backed up to {backup(target)}")


@cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_database
def restore_command(source: Path) -> None:
    """Replace the database with a backup, after checking it is intact."""
    from rapport.backup import restore

    kept = restore(source)
    click.echo(f"Restored {source}; the database it replaced is kept at {kept}.")


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


@cli.group()
def meetings() -> None:
    """Meetings."""


@meetings.command("done")
@click.argument("meeting_id")
@click.option(
    "--ended-at", "ended_at", default=None, metavar="ISO-TIME", help="When it ended (default: now)."
)
@for_user
def meetings_done(user: User, meeting_id: str, ended_at: str | None) -> None:
    """Mark a meeting done; its thank-you falls due 12 hours after it ended."""
    from rapport.contacts.services import owned
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import finish

    meeting = finish(user, owned(Meeting, user, meeting_id), moment(ended_at))
    deadline = meeting.ended_at + THANK_YOU_DELAY
    click.echo(f"Done. Thank {meeting.contact.name} by {deadline:%Y-%m-%d %H:%M}Z.")


@cli.command()
@click.argument(
    "kind", type=click.Choice(["soundbite", "phone", "voicemail", "email", "thank-you"])
)
@click.argument("contact_id", metavar="CONTACT|MEETING")
@click.option("--all", "every", is_flag=True, help="Print every wording, not just the best.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@for_user
def draft(user: User, kind: str, contact_id: str, every: bool, as_json: bool) -> None:
    """Write outreach for a contact (a sound bite, phone script, voicemail or e-mail), or the
    thank-you for a meeting."""
    from rapport.contacts.models import Contact
    from rapport.contacts.services import owned
    from rapport.meetings.followup import thank_you_draft
    from rapport.meetings.models import Meeting
    from rapport.outreach.services import drafts_for

    if kind == "thank-you":
        drafts = [thank_you_draft(user, owned(Meeting, user, contact_id))]
    else:
        drafts = drafts_for(owned(Contact, user, contact_id))[kind]
    chosen = drafts if every else drafts[:1]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "kind": d.kind,
                        "subject": d.subject,
                        "text": d.text,
                        "words": d.words,
                        "seconds": d.seconds,
                        "ok": d.ok,
                        "findings": [f.as_dict() for f in d.findings],
                    }
                    for d in chosen
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for number, item in enumerate(chosen, 1):
        if len(chosen) > 1:
            click.echo(f"--- wording {number}")
        click.echo(item.full_text)
        spoken = f", about {item.seconds} seconds spoken" if kind != "email" else ""
        click.echo(f"({item.words} words{spoken})", err=True)
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
    from django.utils import timezone

    from rapport.contacts.models import Contact
    from rapport.contacts.services import owned
    from rapport.outreach.services import Message, send_email

    contact = owned(Contact, user, contact_id)
    touch = send_email(
        user, contact, Message.parse(draft_file.read()), timezone.now(), override=override
    )
    note = f" (guard overridden: {touch.guard_override})" if touch.guard_override else ""
    click.echo(f"Sent to {contact.email}; on the timeline{note}.")


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option(
    "--kind",
    type=click.Choice(["text", "email", "soundbite", "voicemail", "question", "thank-you"]),
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


def main() -> None:
    cli()

"""The network in and out: contacts, imports and exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rapport.cli.base import cli, for_user, output_options
from rapport.cli.progress import progress_bar, quiet_option
from rapport.core.errors import RapportError
from rapport.core.network import Source

if TYPE_CHECKING:
    from rapport.accounts.models import User


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
@click.option(
    "--keep-in-notes",
    is_flag=True,
    help="Import rows with cells that cannot be used (an address that is not one) without "
    "those cells, keeping each value in the contact's notes.",
)
@click.option(
    "--use-file-values",
    is_flag=True,
    help="Where someone you have is merged and the file has another role, organization, "
    "location or profile URL, take the file's, keeping yours in the contact's notes (a "
    "different e-mail or phone is added to the notes).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@quiet_option
@for_user
def import_command(
    user: User,
    kind: str,
    file: Path,
    dry_run: bool,
    encoding: str | None,
    keep_in_notes: bool,
    use_file_values: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Import LinkedIn, vCard or Google contacts, or restore a Rapport archive (merged into
    what the account has); all or nothing."""
    from rapport.contacts import imports

    if kind == "rapport":  # the whole account: no import size limit here
        summary = restore_export(user, file, dry_run, hidden=as_json or quiet)
        plan = None
    else:
        imports.check_size(file.stat().st_size)
        with progress_bar("Importing", hidden=as_json or quiet) as progress:
            plan, summary = imports.import_contacts(
                user,
                kind,
                file.read_bytes(),
                encoding=encoding,
                dry_run=dry_run,
                keep_in_notes=keep_in_notes,
                use_file_values=use_file_values,
                progress=progress,
            )
    if as_json:
        # Each merge with what it fills in and keeps, after the counts the contract names.
        click.echo(json.dumps(summary | ({"merges": imports.merge_rows(plan)} if plan else {})))
        return
    if "described" in summary:  # a Rapport archive
        click.echo(f"{'Would add' if dry_run else 'Restored'} {summary['described']}.")
        return
    verb = "Would create" if dry_run else "Created"
    updated = f", updated {summary['updated']}" if "updated" in summary else ""
    click.echo(
        f"{verb} {summary['created']}, merged {summary['merged']}{updated}, "
        f"skipped {summary['skipped']}."
    )
    for row in imports.merge_rows(plan) if plan else []:
        click.echo(
            f"  line {row['line']}: {row['name']} merged into {row['contact_name']} "
            f"(#{row['contact']}): {merge_changes(row)}"
        )
    for record, other in plan.shared_address if plan else []:
        click.echo(
            f"  line {record.line}: {record.name} is new, though {record.email} is also the "
            f"address of {other}"
        )
    for record, other, at in plan.same_name if plan else []:
        elsewhere = f" at {at}" if at else ""
        click.echo(
            f"  line {record.line}: {record.name} is new, though you have {other}{elsewhere}"
        )
    for problem in plan.skipped if plan else []:
        click.echo(f"  {problem}: skipped")
    for cell, _name in plan.unusable if plan else []:
        kept = "would be kept" if dry_run else "kept"
        click.echo(f"  {cell}: {kept} in the notes")


def merge_changes(row: dict[str, Any]) -> str:
    """What a merge fills in, updates and keeps, in a line: "adds e-mail sam@example.org;
    kept yours: role “Aide” (the file has “Senior aide”)", or with the file's values "…;
    updates role to “Senior aide” (yours, “Aide”, to the notes)"."""
    adds = ", ".join(f"{c['label']} {one_line(c['value'])}" for c in row["adds"])
    kept = ", ".join(
        f"{c['label']} “{one_line(c['yours'])}” (the file has “{one_line(c['value'])}”)"
        for c in row["kept"]
    )
    updates = ", ".join(map(update_said, row.get("updated", [])))
    said = f"adds {adds}" if adds else ("nothing new" if not updates else "")
    said = "; ".join(filter(None, [said, f"updates {updates}" if updates else ""]))
    return f"{said}; kept yours: {kept}" if kept else said


def update_said(change: dict[str, str]) -> str:
    if change["field"] in {"email", "phone"}:
        return f"notes with the file's {change['label']} “{one_line(change['value'])}”"
    value, yours = one_line(change["value"]), one_line(change["yours"])
    return f"{change['label']} to “{value}” (yours, “{yours}”, to the notes)"


def one_line(text: str) -> str:
    return " ".join(text.split())


def restore_export(user: User, file: Path, dry_run: bool, hidden: bool) -> dict[str, Any]:
    """Restore a Rapport archive, merged into what the account has; with ``dry_run``, only
    say what it would add."""
    from rapport.contacts.archive import account_archive

    archive = account_archive()
    with progress_bar("Checking the archive", hidden=hidden) as progress:
        try:
            if dry_run:
                return dict(archive.preview(user, file.read_bytes(), progress)["summary"])
            return dict(archive.restore(user, file.read_bytes(), progress))
        except RapportError as error:
            raise RapportError(f"nothing was restored: {error}") from None


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
@quiet_option
@for_user
def export_command(user: User, file_format: str, output: Path | None, quiet: bool) -> None:
    """Export everything the account holds as a Rapport archive (JSON), or the contacts as
    CSV or vCard 4.0."""
    from rapport.contacts import archive

    if file_format == "json":
        text = json.dumps(archive.export_json(user), indent=2, ensure_ascii=False) + "\n"
    elif file_format == "csv":
        text = archive.export_csv(user)
    else:  # the long one (vobject writes some 1,500 cards a second): with a bar
        # Cards going to this terminal are their own progress; a bar would garble them.
        hidden = quiet or (output is None and sys.stdout.isatty())
        with progress_bar("Writing the cards", hidden=hidden) as bar:
            text = "".join(archive.export_text(user, "vcard", bar.step if bar else None))
    if output:
        if file_format == "csv":  # a file, likely opened in Excel: marked as UTF-8
            text = archive.BOM + text
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)

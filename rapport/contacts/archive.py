"""Taking the network out: the downloads of the Export page, contacts as CSV or vCard 4.0.

The whole account as JSON, the Rapport archive, is written and read by ``rapport.archive``,
a layer above this app that knows meetings and the agenda too; it registers itself here
(``register``) when the apps are ready, so that these pages offer it."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import vobject
from django.conf import settings
from django_tasks import task

from rapport import clock
from rapport.contacts import background
from rapport.contacts.models import Contact, PreparedExport, Work
from rapport.core.contact_fields import COLUMNS, CSV_COLUMNS, FIELDS
from rapport.core.errors import RapportError
from rapport.core.search import title_and_name
from rapport.core.tabular import csv_text

if TYPE_CHECKING:
    from rapport.accounts.models import User


def contact_rows(owner: User, *order: str) -> list[dict[str, Any]]:
    """Every contact of ``owner`` as plain values with its organization's name and its tags,
    in two queries (in the contact list's order unless ``order`` says otherwise)."""
    tags: dict[int, list[str]] = defaultdict(list)
    links = Contact.tags.through.objects.filter(contact__owner=owner)
    links = links.order_by("tag__sort_name", "tag_id")  # as the tags are listed everywhere else
    for contact_id, name in links.values_list("contact_id", "tag__name"):
        tags[contact_id].append(name)
    rows = Contact.objects.owned_by(owner).values(
        "id", "created_at", "organization_id", "organization__name", *COLUMNS
    )
    ordered = rows.order_by(*order) if order else rows  # order_by() alone would drop the order
    return [row | {"tags": tags.get(row["id"], [])} for row in ordered]


@dataclass(frozen=True)
class AccountArchive:
    """The whole account as one file: ``export`` returns it as JSON values; ``preview`` and
    ``restore`` read its bytes (raising RapportError for a file that is not one) and return
    what restoring it would do, or did; both take a ``progress(done, total)``."""

    export: Callable[[User], dict[str, Any]]
    preview: Callable[..., dict[str, Any]]
    restore: Callable[..., dict[str, Any]]


REGISTERED: list[AccountArchive] = []


def register(archive: AccountArchive) -> None:
    REGISTERED[:] = [archive]


def account_archive() -> AccountArchive:
    """The registered archive (``rapport.archive``, installed with the apps)."""
    if not REGISTERED:
        raise RapportError("Rapport archives are not available: rapport.archive is not installed")
    return REGISTERED[0]


def export_json(owner: User) -> dict[str, Any]:
    """Return everything ``owner`` owns, in the form the archive restores without loss."""
    return account_archive().export(owner)


#: Starts the CSV file, so that Excel on Windows reads it as UTF-8 ("Zoë", not "ZoÃ«").
BOM = "\ufeff"


def export_csv(owner: User) -> str:
    """Return the contacts as CSV that is safe to open in a spreadsheet."""
    return csv_of([record_of(row) for row in contact_rows(owner)])


def record_of(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``contact_rows`` in the shape of ``contact_record``."""
    return {
        **{name: row[name] for name in COLUMNS},
        "id": row["id"],
        "organization": row["organization__name"] or "",
        "tags": row["tags"],
        "created_at": row["created_at"].isoformat(),
    }


def csv_of(records: list[dict[str, Any]]) -> str:
    """Return contact records as CSV; cells a spreadsheet would run as formulas are neutralized."""
    rows = [list(CSV_COLUMNS)]
    for record in records:
        cells = {**record, "tags": ", ".join(record["tags"])}
        rows.append(["" if cells[c] is None else str(cells[c]) for c in CSV_COLUMNS])
    return csv_text(rows)


def export_vcard(owner: User) -> str:
    """Return the contacts as vCard 4.0 cards (RFC 6350)."""
    return "".join(vcards(owner))


def vcards(owner: User) -> Iterator[str]:
    """The contacts' cards one by one, for a download that starts at once: vobject writes
    some 1,500 cards a second, so 100,000 take a minute."""
    return (vcard_of(row) for row in contact_rows(owner))


#: The downloads: their media type and file name (``{date}`` is the day of the export).
DOWNLOADS = {
    "json": ("application/json", "rapport-{date}.json"),
    "csv": ("text/csv", "contacts-{date}.csv"),
    "vcard": ("text/vcard", "contacts-{date}.vcf"),
}
#: Exports made by the worker are kept this long, and at most this many a user.
PREPARED_DAYS, PREPARED_KEEP = 1, 3
FAILURE = "Something went wrong on our side while making this file; try again."


def export_text(owner: User, file_format: str, report: Any = None) -> Iterator[str]:
    """The export ``file_format`` in pieces; ``report(step, done, total)`` hears how far."""
    if file_format == "json":
        yield json.dumps(export_json(owner), indent=2, ensure_ascii=False)
    elif file_format == "csv":
        yield BOM + export_csv(owner)
    else:
        rows = contact_rows(owner)
        for number, row in enumerate(rows, 1):
            yield vcard_of(row)
            if report and number % 500 == 0:
                report("Writing the cards", number, len(rows))


def in_background(owner: User) -> bool:
    """Whether ``owner``'s exports are too large to make within a request."""
    return bool(Contact.objects.owned_by(owner).count() > settings.EXPORT_INLINE_CONTACTS)


def prepare(owner: User, file_format: str) -> PreparedExport:
    """Queue the export ``file_format`` for the worker; its page shows how far it is."""
    filename = DOWNLOADS[file_format][1].format(date=clock.local_now().date().isoformat())
    export = PreparedExport.objects.create(
        owner=owner, file_format=file_format, filename=filename, state=Work.WAITING
    )
    newest = PreparedExport.objects.owned_by(owner).order_by("-created_at", "-id")
    keep = list(newest.values_list("id", flat=True)[:PREPARED_KEEP])
    PreparedExport.objects.owned_by(owner).exclude(id__in=keep).delete()
    prepare_in_background.enqueue(export.pk)
    return export


@task()
def prepare_in_background(export_id: int) -> None:
    """The worker's part of ``prepare``: make the file and keep it for its download."""
    if not background.claim(PreparedExport, export_id, "Reading your network"):
        return
    with background.reporting(PreparedExport, export_id, FAILURE) as report:
        export = PreparedExport.objects.select_related("owner").get(pk=export_id)
        text = "".join(export_text(export.owner, export.file_format, report))
        background.finish(PreparedExport, export_id, Work.READY, content=text.encode())


def forget_stale_exports(now: datetime) -> int:
    """Remove every user's prepared exports older than PREPARED_DAYS; return how many went."""
    stale = PreparedExport.objects.filter(created_at__lt=now - timedelta(days=PREPARED_DAYS))
    return int(stale.delete()[0])


def vcard_of(row: dict[str, Any], uid: str = "") -> str:
    """A contact's card (vCard 4.0); with ``uid``, one an address book keeps as the same
    card from one push to the next."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    if uid:
        card.add("uid").value = uid
    card.add("fn").value = row["name"]
    # N's parts: "Prof. Alan Dwight" is family Dwight, given Alan, prefix Prof.
    title, name = title_and_name(row["name"])
    given, _, family = name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given, prefix=title)
    for spec in FIELDS:
        if spec.vcard and row[spec.name]:
            card.add(spec.vcard).value = row[spec.name]
    if row["organization__name"]:
        card.add("org").value = [row["organization__name"]]
    if row["tags"]:
        card.add("categories").value = row["tags"]
    serialized: str = card.serialize()
    return serialized

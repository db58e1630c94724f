"""LinkedIn's Connections.csv, from "Get a copy of your data"."""

from __future__ import annotations

from datetime import date

from rapport.core.contact_fields import FIELDS
from rapport.core.formats import Cell, ContactRecord, ParseResult, Problem, clean, emails_in, fail
from rapport.core.formats.csvfile import column_key, rows

#: The columns of Connections.csv that hold a contact's fields, by field.
COLUMN = {field.name: field.linkedin for field in FIELDS if field.linkedin}
#: The columns read, keyed as ``rows`` keys a row (case and spacing folded), so that a row is
#: read with dict.get: tens of thousands of rows, seven cells each.
FIRST, LAST, CONNECTED, EMAIL, COMPANY, POSITION, URL = map(
    column_key,
    [
        "First Name",
        "Last Name",
        "Connected On",
        COLUMN["email"],
        COLUMN["organization"],
        COLUMN["role"],
        COLUMN["profile_url"],
    ],
)

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def is_header(cells: list[str]) -> bool:
    return "first name" in cells and "last name" in cells


def parse_connected_on(text: str) -> date:
    """Return the date of ``04 Sep 2026`` (English months, whatever the machine's locale)."""
    day, month, year = text.split()
    return date(int(year), MONTHS[month[:3].lower()], int(day))


def parse_linkedin(text: str) -> ParseResult:
    """Read a Connections.csv; the profile URL is each person's identity when it is present."""
    result = ParseResult()
    cell = dict.get
    for line, row in rows(text, is_header, "First Name and Last Name"):
        name = clean(f"{cell(row, FIRST, '')} {cell(row, LAST, '')}")
        if not name:
            result.skipped.append(Problem(line, "no name: the member left LinkedIn or hid it"))
            continue
        connected = clean(cell(row, CONNECTED))
        unusable: tuple[Cell, ...] = ()
        try:
            connected_on = parse_connected_on(connected) if connected else None
        except (ValueError, KeyError):
            connected_on = None
            unusable = (Cell(line, "Connected On", connected, "not a date like 04 Sep 2026"),)
        result.records.append(
            ContactRecord(
                line=line,
                name=name,
                emails=emails_in(cell(row, EMAIL)),
                organization=clean(cell(row, COMPANY)),
                role=clean(cell(row, POSITION)),
                # A link that is not a web link is the import's to set aside, as any cell.
                profile_url=clean(cell(row, URL)),
                source="linkedin",
                connected_on=connected_on,
                unusable=unusable,
            )
        )
    if not result.records and not result.skipped and not result.errors:
        raise fail(1, "the file has a header but no connections")
    return result

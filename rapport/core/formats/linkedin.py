"""LinkedIn's Connections.csv, from "Get a copy of your data"."""

from __future__ import annotations

from datetime import date

from rapport.core.formats import ContactRecord, ParseResult, Problem, clean, fail
from rapport.core.formats.csvfile import rows

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
    return "First Name" in cells and "Last Name" in cells


def parse_connected_on(text: str) -> date:
    """Return the date of ``04 Sep 2026`` (English months, whatever the machine's locale)."""
    day, month, year = text.split()
    return date(int(year), MONTHS[month[:3].lower()], int(day))


def parse_linkedin(text: str) -> ParseResult:
    """Read a Connections.csv; the profile URL is each person's identity when it is present."""
    result = ParseResult()
    for line, row in rows(text, is_header):
        name = clean(f"{row.get('First Name', '')} {row.get('Last Name', '')}")
        if not name:
            result.skipped.append(Problem(line, "no name: the member left LinkedIn or hid it"))
            continue
        connected = clean(row.get("Connected On"))
        try:
            connected_on = parse_connected_on(connected) if connected else None
        except (ValueError, KeyError):
            result.errors.append(
                Problem(line, f"Connected On {connected!r} is not a date like 04 Sep 2026")
            )
            continue
        email = clean(row.get("Email Address"))
        result.records.append(
            ContactRecord(
                line=line,
                name=name,
                emails=(email,) if email else (),
                organization=clean(row.get("Company")),
                role=clean(row.get("Position")),
                profile_url=clean(row.get("URL")),
                source="linkedin",
                connected_on=connected_on,
            )
        )
    if not result.records and not result.skipped and not result.errors:
        raise fail(1, "the file has a header but no connections")
    return result

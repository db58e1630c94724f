"""Google Contacts CSV, in both the current and the older ("Given Name") column layouts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.core.formats import (
    ContactRecord,
    ParseResult,
    Problem,
    clean,
    emails_in,
    fail,
    is_web_url,
)
from rapport.core.formats.csvfile import Row, rows


@dataclass(frozen=True)
class Layout:
    name_parts: tuple[str, ...]
    organization: str
    role: str
    labels: str


CURRENT = Layout(
    ("First Name", "Middle Name", "Last Name"), "Organization Name", "Organization Title", "Labels"
)
LEGACY = Layout(
    ("Given Name", "Additional Name", "Family Name"),
    "Organization 1 - Name",
    "Organization 1 - Title",
    "Group Membership",
)
SYSTEM_LABELS = {"mycontacts", "starred"}


def is_header(cells: list[str]) -> bool:
    return ("first name" in cells and "last name" in cells) or "given name" in cells


def values(row: Row, pattern: str) -> tuple[str, ...]:
    """Every value of the numbered columns matching ``pattern``, split on Google's ` ::: `."""
    found: list[str] = []
    for column, cell in row.items():
        if re.fullmatch(pattern, column or "", re.IGNORECASE):
            found += [clean(part) for part in (cell or "").split(":::") if clean(part)]
    return tuple(dict.fromkeys(found))


def name_of(row: Row, layout: Layout) -> str:
    joined = clean(" ".join(row.get(part) or "" for part in layout.name_parts))
    return (
        joined or clean(row.get("Name")) or clean(row.get("File As")) or clean(row.get("Nickname"))
    )


def labels_of(row: Row, column: str) -> tuple[str, ...]:
    labels = [clean(label).removeprefix("* ") for label in (row.get(column) or "").split(":::")]
    return tuple(label for label in labels if label and label.lower() not in SYSTEM_LABELS)


def parse_google(text: str) -> ParseResult:
    """Read a Google Contacts export; rows with neither a name nor an e-mail are left out."""
    result = ParseResult()
    for line, row in rows(text, is_header, "First Name and Last Name (or Given Name)"):
        layout = CURRENT if "First Name" in row else LEGACY
        emails = tuple(
            dict.fromkeys(e for cell in values(row, r"E-mail \d+ - Value") for e in emails_in(cell))
        )
        name = name_of(row, layout) or (emails[0] if emails else "")
        if not name:
            result.skipped.append(Problem(line, "no name and no e-mail"))
            continue
        websites = [url for url in values(row, r"Website \d+ - Value") if is_web_url(url)]
        result.records.append(
            ContactRecord(
                line=line,
                name=name,
                emails=emails,
                phones=values(row, r"Phone \d+ - Value"),
                organization=clean(row.get(layout.organization)),
                role=clean(row.get(layout.role)),
                notes=(row.get("Notes") or "").strip(),
                profile_url=websites[0] if websites else "",
                tags=labels_of(row, layout.labels),
            )
        )
    if not result.records and not result.skipped:
        raise fail(1, "the file has a header but no contacts")
    return result

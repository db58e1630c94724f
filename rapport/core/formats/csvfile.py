"""CSV as exported by LinkedIn, Google and spreadsheets: a header found by name, strict quoting."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from rapport.core.formats import fail

Row = dict[str, str]


def rows(text: str, is_header: Callable[[list[str]], bool]) -> Iterator[tuple[int, Row]]:
    """Yield (line, row as a dict by column name) after the first line ``is_header`` accepts.

    Lines before the header (LinkedIn's "Notes:" preamble) are passed over; a semicolon
    header (European Excel) switches the delimiter.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    try:
        for cells in reader:
            if header is None:
                if is_header([cell.strip() for cell in cells]):
                    header = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
                raise fail(
                    reader.line_num,
                    f"{len(cells)} fields where the header has {len(header)}; "
                    "is a comma missing its quotes?",
                )
            yield reader.line_num, dict(zip(header, cells, strict=False))
    except csv.Error as error:
        raise fail(reader.line_num, f"the CSV is malformed ({error})") from None
    if header is None:
        raise fail(1, "no header line found")

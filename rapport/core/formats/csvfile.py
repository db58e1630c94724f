"""CSV as exported by LinkedIn, Google and spreadsheets: a header found by name, strict quoting."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterator

from rapport.core.formats import fail, text_lines

#: Comma, European Excel's semicolon, and the tab of "tab-separated values" saved as .csv.
DELIMITERS = (",", ";", "\t")
#: How far down the header may sit (LinkedIn puts a few lines of notes above it).
HEADER_SEARCH_LINES = 50


@functools.lru_cache(maxsize=1024)
def column_key(name: str | None) -> str:
    """A column name as it is matched: case and spacing do not matter."""
    return " ".join((name or "").split()).casefold()


class Row(dict[str, str]):
    """One data line by column name; ``row.get("First Name")`` also finds "first  name"."""

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(column_key(key), default)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(column_key(key) if isinstance(key, str) else key)


def delimiter_of(text: str, is_header: Callable[[list[str]], bool]) -> str | None:
    """Return the delimiter with which one of the first lines reads as the header."""
    for line in text_lines(text)[:HEADER_SEARCH_LINES]:
        for delimiter in DELIMITERS:
            if delimiter in line and is_header(header_cells(line, delimiter)):
                return delimiter
    return None


def header_cells(line: str, delimiter: str) -> list[str]:
    try:
        return [column_key(cell) for cell in next(csv.reader([line], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return []


def rows(
    text: str, is_header: Callable[[list[str]], bool], expected: str
) -> Iterator[tuple[int, Row]]:
    """Yield (line, row) after the first line ``is_header`` accepts.

    ``is_header`` is given the cells case-folded. Lines before the header (LinkedIn's "Notes:"
    preamble) are passed over; ``expected`` names the columns looked for, for the message
    when no line has them.
    """
    delimiter = delimiter_of(text, is_header)
    if delimiter is None:
        raise fail(
            1,
            f"no header line with the columns {expected} in the first {HEADER_SEARCH_LINES} "
            "lines: is this the right kind of file?",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    try:
        for cells in reader:
            if header is None:
                keys = [column_key(cell) for cell in cells]
                if is_header(keys):
                    header = keys
                continue
            if not "".join(cells).strip():
                continue
            if len(cells) > len(header) and "".join(cells[len(header) :]).strip():
                raise fail(
                    reader.line_num,
                    f"{len(cells)} fields where the header has {len(header)}; "
                    "is a comma missing its quotes?",
                )
            yield reader.line_num, Row(zip(header, cells, strict=False))
    except csv.Error as error:
        raise fail(reader.line_num, f"the CSV is malformed ({error})") from None

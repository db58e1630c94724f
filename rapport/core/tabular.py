"""Rows for spreadsheets: safe to open in Excel, LibreOffice or Google Sheets."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


#: A separator a spreadsheet may assume (a comma, a semicolon in much of Europe, a tab) right
#: before a formula start: read with that separator, the rest of the cell is a cell of its own.
SEPARATED = re.compile(r"([,;\t])(?=[=+\-@\t\r\n\0])")


def neutralize(cell: str) -> str:
    """Return ``cell`` prefixed with an apostrophe if a spreadsheet would run it as a formula,
    and with one after any separator that would start a formula if the file were read with
    another separator than the comma ("x;@SUM(…)" in a semicolon country)."""
    cell = SEPARATED.sub(r"\1'", cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """CSV with every cell neutralized and quoted: a ``;`` or ``"`` inside a value cannot
    start a new cell, whatever separator the spreadsheet assumes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([neutralize(cell) for cell in row] for row in rows)
    return buffer.getvalue()

"""Rows for spreadsheets: safe to open in Excel, LibreOffice or Google Sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralize(cell: str) -> str:
    """Return ``cell`` prefixed with an apostrophe if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """CSV with every cell neutralized and quoted: a ``;`` or ``"`` inside a value cannot
    start a new cell, whatever separator the spreadsheet assumes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([neutralize(cell) for cell in row] for row in rows)
    return buffer.getvalue()

"""Rows for spreadsheets: safe to open in Excel, LibreOffice or Google Sheets."""

from __future__ import annotations

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralize(cell: str) -> str:
    """Return ``cell`` prefixed with an apostrophe if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell

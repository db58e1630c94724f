import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.tabular import csv_text, neutralize

#: What spreadsheets run as a formula (OWASP's list), written here rather than imported from
#: the module under test, so that shortening the module's list fails these tests.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1 555 0100", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "\0x"]
)
def test_cells_a_spreadsheet_would_run_are_neutralized(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Maria Okafor", "", "1+1", "policy = fun"])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralize(cell) == cell


SEPARATORS = [",", ";", "\t"]


ROWS = st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), min_size=1, max_size=5)
ONE_LINE = st.text(st.characters(exclude_characters="\r\n"), max_size=30)


@given(ROWS)
def test_no_cell_of_the_csv_starts_a_formula(rows):
    for row in csv.reader(io.StringIO(csv_text(rows), newline="")):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


@given(st.lists(st.lists(ONE_LINE, min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_cell_starts_a_formula_whatever_separator_the_spreadsheet_assumes(rows):
    # (Read with the wrong separator, a quoted line break is ambiguous to any reader.)
    text = csv_text(rows)
    for separator in SEPARATORS:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


@given(ROWS)
def test_the_csv_reads_back_as_written_once_the_apostrophes_go(rows):
    read = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert read == [[neutralize(cell) for cell in row] for row in rows]


@pytest.mark.parametrize("cell", ["x;@SUM(A1)", "a,=1+1", "\t@x", "Boston\t-2"])
def test_a_formula_after_another_separator_is_neutralized_too(cell):
    for separator in SEPARATORS:
        for row in csv.reader(
            io.StringIO(csv_text([["a", cell]]), newline=""), delimiter=separator
        ):
            assert not any(part.startswith(("=", "+", "-", "@")) for part in row), (separator, row)

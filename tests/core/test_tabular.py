import pytest

from rapport.core.tabular import neutralize


@pytest.mark.parametrize("cell", ["=1+1", "+1 555 0100", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_neutralized(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Maria Okafor", "", "1+1", "policy = fun"])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralize(cell) == cell

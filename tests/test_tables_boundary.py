"""period_table and period_columns with no factors: the documented empty list."""

from __future__ import annotations

import pandas as pd
import pytest

from attraktiv import period_table
from attraktiv.datasets import load_example
from attraktiv.errors import InvalidOptionError
from attraktiv.tables import period_columns


@pytest.mark.parametrize("factors", [[], ()], ids=["list", "tuple"])
def test_no_factors_gives_the_barometers_own_columns(factors: object) -> None:
    panel = load_example()
    table = period_table(panel, "2008-2010", factors=factors)  # type: ignore[arg-type]
    assert list(table.columns) == [
        "name",
        "population_start",
        "net_migration",
        "job_growth",
    ]
    full = period_table(panel, "2008-2010")
    pd.testing.assert_frame_equal(table, full[list(table.columns)])
    _, columns = period_columns(panel, "2008-2010", factors=factors)  # type: ignore[arg-type]
    assert "log_population" not in columns


@pytest.mark.parametrize(
    ("factors", "shown"),
    [("size", "factors='size'"), (b"size", "factors=b'size'"), (7, "factors=7")],
    ids=["text", "bytes", "int"],
)
def test_factors_that_are_not_a_list_are_named(factors: object, shown: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        period_table(load_example(), "2008-2010", factors=factors)  # type: ignore[arg-type]
    assert type(info.value) is InvalidOptionError
    assert str(info.value).startswith(f"{shown} is not valid")

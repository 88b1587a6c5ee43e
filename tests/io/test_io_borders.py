"""to_borders and the bundled change table: counts conserved, bad codes named."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import (
    ChangeTable,
    DataError,
    GeographyError,
    InvalidOptionError,
    PeriodError,
)
from attraktiv.datasets import load_change_table
from attraktiv.io import to_borders

CHANGES = load_change_table().frame
VALID_2024 = frozenset(CHANGES.loc[CHANGES["year"].eq(2024), "original"])


def test_change_table_is_the_shipped_csdata_table() -> None:
    changes = load_change_table()
    assert isinstance(changes, ChangeTable)
    # Oslo maps onto itself in every year from 1940 to 2034.
    oslo = changes.frame[changes.frame["original"].eq("0301").to_numpy()]
    assert oslo["year"].tolist() == list(range(1940, 2035))
    assert set(oslo["target"]) == {"0301"}
    # 357 municipalities in 2024, plus Svalbard, Jan Mayen and "unknown" (9999).
    assert len(VALID_2024) == 357 + 3
    assert changes.targets("1902", 2019).to_dict() == {"5501": 1.0}
    counties = load_change_table("county")
    assert counties.targets("16", 2017).to_dict() == {"50": 1.0}
    # Each call gives an object of its own.
    assert load_change_table() is not load_change_table()


def test_change_table_level_is_checked() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("level must be one of 'municipality', 'county'; got 'kommune'"),
    ):
        load_change_table("kommune")  # type: ignore[arg-type]


@st.composite
def _counts(draw: st.DrawFn) -> pd.DataFrame:
    years = draw(st.lists(st.integers(1975, 2024), min_size=1, max_size=3, unique=True))
    rows = []
    for year in years:
        valid = sorted(set(CHANGES.loc[CHANGES["year"].eq(year), "original"]))
        codes = draw(
            st.lists(st.sampled_from(valid), min_size=1, max_size=25, unique=True)
        )
        for code in codes:
            for sex in ("female", "male"):
                count = draw(st.integers(0, 10**6))
                rows.append((code, sex, year, float(count)))
    return pd.DataFrame(rows, columns=["code", "sex", "year", "value"])


@settings(max_examples=40, deadline=None)
@given(_counts())
def test_every_total_is_conserved(counts: pd.DataFrame) -> None:
    moved = to_borders(counts, 2024)
    before = counts.groupby(["year", "sex"])["value"].sum()
    after = moved.groupby(["year", "sex"])["value"].sum()
    pd.testing.assert_series_equal(before, after, rtol=1e-12, atol=0)
    assert set(moved["code"]) <= VALID_2024
    assert list(moved.columns) == ["code", "name", "sex", "year", "value"]
    assert not moved.duplicated(["code", "sex", "year"]).any()


def test_county_codes_move_with_the_county_table() -> None:
    counts = pd.DataFrame(
        {"code": ["16", "17", "03"], "year": [2017] * 3, "value": [5.0, 7.0, 11.0]}
    )
    moved = to_borders(counts, 2024)
    assert moved.set_index("code")["value"].to_dict() == {"03": 11.0, "50": 12.0}
    assert moved.set_index("code").loc["50", "name"] == "Trøndelag-Trööndelage"


def test_missing_value_makes_its_target_missing() -> None:
    counts = pd.DataFrame(
        {"code": ["1601", "1662"], "year": [2017, 2017], "value": [3.0, np.nan]}
    )
    assert np.isnan(to_borders(counts, 2024)["value"].iloc[0])


def test_only_2024_borders() -> None:
    counts = pd.DataFrame({"code": ["0301"], "year": [2017], "value": [1.0]})
    message = (
        "borders=2017 is not supported: the bundled change table maps codes onto "
        "the 2024 borders only, so borders=2024 is the one choice; read without "
        "borders to keep the codes as published"
    )
    with pytest.raises(PeriodError, match=re.escape(message)):
        to_borders(counts, 2017)
    with pytest.raises(PeriodError, match=re.escape("borders must be a year (int)")):
        to_borders(counts, "2024")  # type: ignore[arg-type]


def test_code_not_valid_in_its_year_is_named() -> None:
    counts = pd.DataFrame(
        {"code": ["5001", "0301"], "year": [2010, 2010], "value": [1.0, 2.0]}
    )
    message = (
        "1 municipality code-year(s) cannot be placed in the 2024 borders: "
        "'5001' in 2010 (valid 2018-2034)"
    )
    with pytest.raises(GeographyError, match=re.escape(message)):
        to_borders(counts, 2024)


def test_code_of_no_known_form_is_named() -> None:
    counts = pd.DataFrame(
        {"code": ["0", "0301"], "year": [2010] * 2, "value": [1.0] * 2}
    )
    with pytest.raises(
        GeographyError, match=re.escape("the table has code(s) '0' that")
    ):
        to_borders(counts, 2024)


def test_ragged_and_repeated_cells_are_named() -> None:
    ragged = pd.DataFrame(
        {
            "code": ["0301", "0301", "1601"],
            "sex": ["female", "male", "female"],
            "year": [2010] * 3,
            "value": [1.0, 2.0, 3.0],
        }
    )
    message = (
        "the table: code '1601' in 2010 has 1 of the 2 combinations of the other "
        "dimensions; every code and year needs all of them to be moved to other "
        "borders"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        to_borders(ragged, 2024)
    repeated = ragged.assign(sex=["female", "female", "female"])
    with pytest.raises(DataError, match="code '0301' in 2010 has the same combination"):
        to_borders(repeated, 2024)


def test_missing_column_is_named() -> None:
    with pytest.raises(
        DataError,
        match=re.escape("the table has no 'value' column; moving to other borders"),
    ):
        to_borders(pd.DataFrame({"code": ["0301"], "year": [2010]}), 2024)


def test_unplaceable_codes_are_counted_and_their_valid_years_given() -> None:
    # 1507 (Ålesund of the 2020 merger) is in the table for 2020-2023 only,
    # 1508 from 2023 on, Trondheim's 5001 from 2018 on.
    counts = pd.DataFrame(
        {
            "code": ["1507", "1508"] + ["5001"] * 6,
            "year": [2024, 2010, 2000, 2001, 2002, 2003, 2004, 2005],
            "value": [1.0] * 8,
        }
    )
    message = (
        "8 municipality code-year(s) cannot be placed in the 2024 borders: "
        "'1507' in 2024 (valid 2020-2023), '1508' in 2010 (valid 2023-2034), "
        "'5001' in 2000 (valid 2018-2034), '5001' in 2001 (valid 2018-2034), "
        "'5001' in 2002 (valid 2018-2034) and 3 more"
    )
    with pytest.raises(GeographyError, match=re.escape(message)):
        to_borders(counts, 2024)

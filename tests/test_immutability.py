"""Results are values: nothing done to what they hand out can change them."""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.datasets import load_norway


def attempt(target: pd.Series | pd.DataFrame, key: object, value: float) -> None:
    """Set a value in place; a read-only array refusing it is as good as a copy."""
    with contextlib.suppress(ValueError):
        if isinstance(target, pd.DataFrame):
            target.iloc[key] = value  # type: ignore[index]
        else:
            target[key] = value  # type: ignore[index]


@pytest.fixture
def data() -> tuple[pd.Series, pd.DataFrame]:
    rng = np.random.default_rng(4)
    index = pd.Index([f"u{i}" for i in range(30)], name="code")
    x = pd.DataFrame({"a": rng.normal(size=30), "b": rng.normal(size=30)}, index=index)
    y = pd.Series(x.a - x.b + rng.normal(size=30), index=index, name="y")
    return y, x


def test_ols_result_cannot_be_changed_through_its_outputs(
    data: tuple[pd.Series, pd.DataFrame],
) -> None:
    y, x = data
    result = attraktiv.ols(y, x, cov_type="HC1")
    before = result.to_frame().copy()
    resid = result.resid.copy()
    params = result.params
    attempt(params, "a", 100.0)
    params.index.name = "renamed"
    params.name = "other"
    handed_out = result.resid
    attempt(handed_out, "u0", 5.0)
    handed_out.index.name = "renamed"
    attempt(result.std_errors, "b", 0.0)
    attempt(result.cov_params, (0, 0), 9.0)
    pd.testing.assert_frame_equal(result.to_frame(), before)
    pd.testing.assert_series_equal(result.resid, resid)
    assert result.params.index.name == "parameter"
    assert result.params.name == "estimate"
    # a later fit with the same names is not affected either
    assert attraktiv.ols(y, x).params.index.name == "parameter"
    assert y.index.name == "code"


def test_ols_many_result_cannot_be_changed(
    data: tuple[pd.Series, pd.DataFrame],
) -> None:
    y, x = data
    outcomes = pd.DataFrame({"p": y, "q": 2 * y + x.a})
    result = attraktiv.ols_many(outcomes, x)
    params = result.params.copy()
    resid = result.resid.copy()
    attempt(result.params, (0, 0), 555.0)
    attempt(result.resid, (0, 0), 555.0)
    pd.testing.assert_frame_equal(result.params, params)
    pd.testing.assert_frame_equal(result.resid, resid)
    pd.testing.assert_series_equal(
        result.column("p").params, params["p"].rename("estimate")
    )


def test_attractiveness_result_cannot_be_changed() -> None:
    result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    top = result.top(3).copy()
    attempt(result.index, "0235", -50.0)
    table = result.table
    table.loc["0235", "name"] = "Somewhere else"
    attempt(result.expected, "0235", 100.0)
    pd.testing.assert_frame_equal(result.top(3), top)
    assert result.table.loc["0235", "name"] == "Ullensaker"


def test_fit_table_keeps_its_own_copy_of_the_table() -> None:
    table = load_norway().period_table("2008-2010", level="region")
    result = attraktiv.AttractivenessModel().fit_table(
        table, period="2008-2010", level="region"
    )
    ranking = result.ranking().copy()
    table.loc["3008", "name"] = "Changed afterwards"
    table.loc["3008", "net_migration"] = 999.0
    pd.testing.assert_frame_equal(result.ranking(), ranking)

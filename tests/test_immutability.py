"""Results are values: nothing done to what they hand out can change them."""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import period_table
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
    table = period_table(load_norway(), "2008-2010", level="region")
    result = attraktiv.AttractivenessModel().fit_table(
        table, period="2008-2010", level="region"
    )
    ranking = result.ranking().copy()
    table.loc["3008", "name"] = "Changed afterwards"
    table.loc["3008", "net_migration"] = 999.0
    pd.testing.assert_frame_equal(result.ranking(), ranking)


@pytest.mark.parametrize("add_intercept", [True, False])
def test_results_do_not_share_memory_with_the_input(add_intercept: bool) -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(size=(40, 2))
    if not add_intercept:
        x = np.column_stack([np.ones(40), x])
    y = x @ rng.normal(size=x.shape[1]) + rng.normal(size=40)
    w = rng.uniform(0.5, 2.0, size=40)
    options = {"add_intercept": add_intercept}
    kept = attraktiv.ols(y.copy(), x.copy(), weights=w.copy(), **options)
    single = attraktiv.ols(y, x, weights=w, **options)
    many = attraktiv.ols_many(y[:, None], x, weights=w, **options)
    # Nothing was read before the input changes: statistics computed on first
    # access must not see the change.
    x[:] = 0.0
    y[:] = 0.0
    w[:] = 1.0
    for result in (single, many.column(0)):
        pd.testing.assert_series_equal(result.fitted, kept.fitted)
        assert result.rsquared == kept.rsquared
        pd.testing.assert_frame_equal(result.standardized(), kept.standardized())
        assert result.condition_number == kept.condition_number


def test_single_fit_hands_out_writable_copies(
    data: tuple[pd.Series, pd.DataFrame],
) -> None:
    y, x = data
    result = attraktiv.ols(y, x)
    for name in ("params", "std_errors", "tvalues", "pvalues", "resid", "fitted"):
        handed_out = getattr(result, name)
        kept = handed_out.copy()
        handed_out.iloc[0] = 123.0  # a copy of its own: no read-only error
        pd.testing.assert_series_equal(getattr(result, name), kept)


def test_renaming_the_callers_index_later_does_not_rename_the_result(
    data: tuple[pd.Series, pd.DataFrame],
) -> None:
    y, x = data
    single = attraktiv.ols(y, x)
    many = attraktiv.ols_many(x, y.to_frame())
    y.index.name = "renamed"
    x.index.name = "renamed"
    assert single.resid.index.name == "code"
    assert many.resid.index.name == "code"

"""Labels of unnamed columns: built once, shared by fits, never changed through them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.errors import DataError
from attraktiv.regression import _inputs, _statistics
from attraktiv.regression._inputs import _KEPT_NAMES, generated_names
from helpers import refused


def test_generated_names_are_the_positions_and_shared() -> None:
    names = generated_names("y", 1_000)
    assert names[:3] == ("y0", "y1", "y2")
    assert names[-1] == "y999"
    assert len(set(names)) == 1_000
    assert generated_names("y", 1_000) is names
    assert generated_names("x", 1_000)[7] == "x7"


def test_names_beyond_the_kept_count_are_kept_for_the_last_count_only() -> None:
    count = _KEPT_NAMES + 1
    names = generated_names("y", count)
    assert names[-1] == f"y{count - 1}"
    assert generated_names("y", count) is names
    other = generated_names("y", count + 1)
    assert other[-1] == f"y{count}"
    # the larger count replaced the first: its names are built again
    again = generated_names("y", count)
    assert again == names
    assert again is not names


@pytest.mark.parametrize("kept", [2**17, 100])
def test_fits_of_unnamed_outcomes_share_labels_that_renaming_cannot_reach(
    monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    # 100: the 200 outcomes take the path of more than 131,072 (one count kept)
    monkeypatch.setattr(_statistics, "_KEPT_OUTCOMES", kept)
    monkeypatch.setattr(_inputs, "_KEPT_NAMES", kept)
    rng = np.random.default_rng(5)
    x = rng.normal(size=40)
    Y = rng.normal(size=(40, 200))
    first = attraktiv.ols_many(Y, x)
    second = attraktiv.ols_many(2.0 * Y, x)
    params = first.params
    assert params.columns.tolist() == [f"y{j}" for j in range(200)]
    params.columns.name = "renamed"
    first.resid.columns.name = "renamed too"
    assert first.params.columns.name is None
    assert second.params.columns.name is None
    assert second.std_errors.columns.tolist() == params.columns.tolist()
    # the labels are those of each outcome fitted alone
    alone = attraktiv.ols(Y[:, 17], x)
    np.testing.assert_allclose(
        first.params["y17"].to_numpy(), alone.params.to_numpy(), rtol=1e-12
    )


def test_unlabelled_rows_get_a_new_default_index_on_every_read() -> None:
    rng = np.random.default_rng(8)
    x = rng.normal(size=(30, 2))
    y = x @ [1.0, -2.0] + rng.normal(size=30)
    result = attraktiv.ols(y, x)
    resid, fitted = result.resid, result.fitted
    for series in (resid, fitted):
        assert type(series.index) is pd.RangeIndex
        assert series.index.equals(pd.RangeIndex(30))
        assert series.index.name is None
    # residuals are y less the fitted values, to rounding
    np.testing.assert_allclose(resid + fitted, y, rtol=0, atol=1e-12)
    before = resid.copy()
    resid.index.name = "renamed"
    resid.name = "changed"
    resid.iloc[0] = 99.0
    fitted.index.name = "renamed too"
    again = result.resid
    assert again.index is not resid.index
    pd.testing.assert_series_equal(again, before)
    assert result.fitted.index.name is None
    assert result.row_labels.name is None
    # nor does a later fit of as many rows see the renaming
    assert attraktiv.ols(2.0 * y, x).resid.index.name is None


def test_column_names_are_checked_for_every_fit() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(size=(20, 2))
    y = rng.normal(size=20)
    first = attraktiv.ols(y, x, names=["a", "b"])
    second = attraktiv.ols(y, x, names=("a", "b"))
    assert first.param_names == second.param_names == ("Intercept", "a", "b")
    for _ in range(2):  # refused the second time too: errors are not kept
        refused(lambda: attraktiv.ols(y, x, names=["a", "a"]), DataError, "'a'")
        refused(
            lambda: attraktiv.ols(y, x, names=["Intercept", "b"]),
            DataError,
            "'Intercept'",
        )
    alone = attraktiv.ols(y, x, names=["Intercept", "b"], add_intercept=False)
    assert alone.param_names == ("Intercept", "b")

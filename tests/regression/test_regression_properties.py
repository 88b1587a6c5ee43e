"""Invariants of least squares that any correct engine satisfies, checked by Hypothesis.

No oracle is needed: row order does not matter, residuals are orthogonal to the
design, standardized coefficients do not depend on units, and the batched path
``ols_many`` gives what ``ols`` gives one outcome at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import (
    AttraktivError,
    OLSManyResult,
    OLSResult,
    ols,
    ols_formula,
    ols_many,
)
from attraktiv.core.typing import COV_TYPES
from attraktiv.errors import (
    DataError,
    InvalidOptionError,
    ModelError,
    RankDeficientError,
)
from helpers import assert_close

RTOL = 1e-10


def _fit(problem: Any, cov_type: str = "nonrobust", **changes: Any) -> OLSResult:
    arguments = {
        "y": problem.y,
        "X": problem.X,
        "weights": problem.weights,
        "add_intercept": problem.add_intercept,
        "cov_type": cov_type,
    }
    arguments.update(changes)
    y = arguments.pop("y")
    X = arguments.pop("X")
    return ols(y, X, **arguments)


def _assert_same_fit(got: OLSResult, want: OLSResult, rtol: float = RTOL) -> None:
    """Two fits of the same problem agree (residuals in ``want``'s row order)."""
    se = want.std_errors.to_numpy()
    pd.testing.assert_index_equal(got.params.index, want.params.index)
    assert_close(got.params, want.params, rtol=rtol, atol=1e-11 * se)
    assert_close(got.std_errors, se, rtol=rtol)
    assert_close(got.tvalues, want.tvalues, rtol=rtol, atol=1e-11)
    assert_close(got.pvalues, want.pvalues, rtol=rtol, atol=1e-15)
    assert_close(got.sigma, want.sigma, rtol=rtol)
    assert_close(got.rsquared, want.rsquared, rtol=rtol, atol=1e-14)
    assert_close(got.rsquared_adj, want.rsquared_adj, rtol=rtol, atol=1e-14)
    assert_close(got.resid, want.resid, rtol=rtol, atol=1e-11 * want.sigma)
    assert_close(got.fitted, want.fitted, rtol=rtol, atol=1e-11 * want.sigma)


@settings(deadline=None, max_examples=50)
@given(data=st.data())
def test_row_order_does_not_matter(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    problem = problems(data)
    order = data.draw(st.permutations(range(len(problem.y))), label="order")
    order = np.asarray(order)
    weights = None if problem.weights is None else problem.weights[order]
    for cov_type in COV_TYPES:
        original = _fit(problem, cov_type)
        permuted = _fit(
            problem,
            cov_type,
            y=problem.y[order],
            X=problem.X.iloc[order].reset_index(drop=True),
            weights=weights,
        )
        # Put the permuted residuals back into the original row order.
        restore = np.argsort(order)
        assert_close(
            permuted.resid.to_numpy()[restore],
            original.resid,
            rtol=RTOL,
            atol=1e-11 * original.sigma,
        )
        assert_close(
            permuted.params,
            original.params,
            rtol=RTOL,
            atol=1e-11 * original.std_errors.to_numpy(),
        )
        assert_close(permuted.std_errors, original.std_errors, rtol=RTOL)
        assert_close(permuted.pvalues, original.pvalues, rtol=RTOL, atol=1e-15)
        assert_close(permuted.sigma, original.sigma, rtol=RTOL)
        assert_close(permuted.rsquared, original.rsquared, rtol=RTOL, atol=1e-14)


@settings(deadline=None, max_examples=150)
@given(data=st.data())
def test_residuals_are_orthogonal_to_the_design(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    """``X' W r = 0`` relative to ``|x_j| |y|``; with an intercept ``sum(w r) = 0``."""
    problem = problems(data)
    result = _fit(problem)
    weights = np.ones(len(problem.y)) if problem.weights is None else problem.weights
    wresid = weights * result.resid.to_numpy()
    exog = problem.exog
    scale = np.linalg.norm(exog * np.sqrt(weights)[:, None], axis=0) * np.linalg.norm(
        np.sqrt(weights) * problem.y
    )
    assert np.all(np.abs(exog.T @ wresid) <= 1e-12 * scale)
    assert_close(
        result.fitted + result.resid,
        problem.y,
        rtol=1e-13,
        atol=1e-13 * np.max(np.abs(problem.y)),
    )
    if problem.add_intercept:
        assert abs(wresid.sum()) <= 1e-12 * scale[0]
        if problem.weights is None:
            assert abs(result.resid.sum()) <= 1e-12 * scale[0]


@settings(deadline=None, max_examples=100)
@given(data=st.data())
def test_residuals_sum_to_zero_with_an_intercept(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    problem = problems(data, weighted=False, add_intercept=True)
    result = _fit(problem)
    spread = np.linalg.norm(problem.y) * np.sqrt(len(problem.y))
    assert abs(float(result.resid.sum())) <= 1e-12 * spread


_FACTORS = st.sampled_from([1e-3, 0.5, 3.0, 1e4])


@settings(deadline=None, max_examples=50)
@given(
    data=st.data(),
    factor=_FACTORS,
    negative=st.booleans(),
    shift_in_sds=st.floats(-20.0, 20.0),
)
def test_standardized_coefficients_do_not_depend_on_units(
    data: st.DataObject,
    problems: Callable[..., Any],
    factor: float,
    negative: bool,
    shift_in_sds: float,
) -> None:
    """Rescale and shift one x: its beta flips sign with the scale, nothing else moves.

    Standard errors, |statistics|, p-values and interval widths do not change.
    """
    problem = problems(data, weighted=False, add_intercept=True)
    column = data.draw(st.sampled_from(list(problem.X.columns)), label="column")
    scale = -factor if negative else factor
    moved = problem.X.copy()
    values = moved[column].to_numpy()
    moved[column] = scale * values + shift_in_sds * values.std()
    sign = pd.Series(1.0, index=problem.X.columns)
    sign[column] = np.sign(scale)
    for cov_type in COV_TYPES:
        before = _fit(problem, cov_type).standardized()
        after = _fit(problem, cov_type, X=moved).standardized()
        _assert_same_standardized(after, before, sign)


@settings(deadline=None, max_examples=50)
@given(
    data=st.data(),
    factor=_FACTORS,
    negative=st.booleans(),
    shift_in_sds=st.floats(-20.0, 20.0),
)
def test_standardized_coefficients_do_not_depend_on_units_of_y(
    data: st.DataObject,
    problems: Callable[..., Any],
    factor: float,
    negative: bool,
    shift_in_sds: float,
) -> None:
    """Rescale and shift y: every beta flips sign with the scale."""
    problem = problems(data, weighted=False, add_intercept=True)
    scale = -factor if negative else factor
    moved = scale * problem.y + shift_in_sds * problem.y.std()
    sign = pd.Series(np.sign(scale), index=problem.X.columns)
    for cov_type in COV_TYPES:
        before = _fit(problem, cov_type).standardized()
        after = _fit(problem, cov_type, y=moved).standardized()
        _assert_same_standardized(after, before, sign)


def _assert_same_standardized(
    after: pd.DataFrame, before: pd.DataFrame, sign: pd.Series
) -> None:
    pd.testing.assert_index_equal(after.index, before.index)
    pd.testing.assert_index_equal(after.columns, before.columns)
    se = before["std_error"].to_numpy()
    s = sign.loc[before.index].to_numpy()
    rtol = 1e-9
    assert_close(after["estimate"], s * before["estimate"], rtol=rtol, atol=1e-10 * se)
    assert_close(after["std_error"], se, rtol=rtol)
    assert_close(after["statistic"], s * before["statistic"], rtol=rtol, atol=1e-10)
    assert_close(after["pvalue"], before["pvalue"], rtol=rtol, atol=1e-14)
    low = np.where(s > 0, before["ci_low"], -before["ci_high"])
    high = np.where(s > 0, before["ci_high"], -before["ci_low"])
    assert_close(after["ci_low"], low, rtol=rtol, atol=1e-10 * se)
    assert_close(after["ci_high"], high, rtol=rtol, atol=1e-10 * se)


@settings(deadline=None, max_examples=40)
@given(data=st.data(), outcomes=st.integers(1, 6), labelled=st.booleans())
def test_ols_many_equals_ols_column_by_column(
    data: st.DataObject,
    problems: Callable[..., Any],
    outcomes: int,
    labelled: bool,
) -> None:
    problem = problems(data, outcomes=outcomes)
    labels = [f"region_{j}" for j in range(outcomes)]
    Y: Any = pd.DataFrame(problem.y, columns=labels) if labelled else problem.y
    for cov_type in COV_TYPES:
        many = ols_many(
            Y,
            problem.X,
            weights=problem.weights,
            add_intercept=problem.add_intercept,
            cov_type=cov_type,
        )
        assert isinstance(many, OLSManyResult)
        assert many.params.shape == (len(problem.names), outcomes)
        assert list(many.params.index) == problem.names
        if labelled:
            assert list(many.params.columns) == labels
            assert list(many.resid.columns) == labels
            assert list(many.sigma.index) == labels
        assert many.resid.shape == (len(problem.y), outcomes)
        assert many.nobs == len(problem.y)
        assert many.df_resid == len(problem.y) - len(problem.names)
        assert many.rank == len(problem.names)
        for j in range(outcomes):
            single = _fit(problem, cov_type, y=problem.y[:, j])
            se = single.std_errors.to_numpy()
            sigma = single.sigma
            assert_close(
                many.params.iloc[:, j], single.params, rtol=RTOL, atol=1e-11 * se
            )
            assert_close(many.std_errors.iloc[:, j], se, rtol=RTOL)
            assert_close(many.tvalues.iloc[:, j], single.tvalues, rtol=RTOL, atol=1e-11)
            assert_close(many.pvalues.iloc[:, j], single.pvalues, rtol=RTOL, atol=1e-15)
            assert_close(
                many.resid.iloc[:, j], single.resid, rtol=RTOL, atol=1e-11 * sigma
            )
            assert_close(
                many.fitted.iloc[:, j], single.fitted, rtol=RTOL, atol=1e-11 * sigma
            )
            assert_close(many.sigma.iloc[j], sigma, rtol=RTOL)
            assert_close(many.rsquared.iloc[j], single.rsquared, rtol=RTOL, atol=1e-14)
            assert_close(
                many.rsquared_adj.iloc[j], single.rsquared_adj, rtol=RTOL, atol=1e-14
            )
            by_position = many.column(j)
            assert isinstance(by_position, OLSResult)
            assert by_position.cov_type == cov_type
            _assert_same_fit(by_position, single)
            if labelled:
                _assert_same_fit(many.column(labels[j]), single)


# --- bad input raises, never returns a number --------------------------------------
#
# The exact messages are tested with the engine; here only the exception class and
# that the message names the culprit (column, outcome or option).


def _frame(n: int = 20, seed: int = 1) -> tuple[pd.Series, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"jobs": rng.normal(size=n), "wage": rng.normal(size=n)})
    y = pd.Series(rng.normal(size=n), name="net_migration")
    return y, X


@settings(deadline=None, max_examples=40)
@given(
    data=st.data(),
    bad=st.sampled_from([np.nan, np.inf, -np.inf]),
    where=st.sampled_from(["X", "y", "Y", "weights"]),
)
def test_non_finite_values_are_named(
    data: st.DataObject, bad: float, where: str
) -> None:
    y, X = _frame()
    row = data.draw(st.integers(0, len(y) - 1), label="row")
    weights = np.ones(len(y))
    Y = pd.DataFrame({"oslo": y, "bergen": 2.0 * y})
    name = ""
    if where == "X":
        name = data.draw(st.sampled_from(list(X.columns)), label="column")
        X.loc[row, name] = bad
    elif where == "y":
        y[row] = bad
    elif where == "Y":
        name = data.draw(st.sampled_from(list(Y.columns)), label="outcome")
        Y.loc[row, name] = bad
    else:
        weights[row] = bad

    def fit() -> object:
        if where == "Y":
            return ols_many(Y, X)
        return ols(y, X, weights=weights)

    with pytest.raises(DataError) as caught:
        fit()
    assert name in str(caught.value)


def _bad_weights_zero() -> None:
    y, X = _frame()
    weights = np.ones(len(y))
    weights[3] = 0.0
    ols(y, X, weights=weights)


def _bad_weights_negative() -> None:
    y, X = _frame()
    ols(y, X, weights=np.where(np.arange(len(y)) == 5, -1.0, 1.0))


def _bad_weights_length() -> None:
    y, X = _frame()
    ols(y, X, weights=np.ones(len(y) - 1))


def _bad_length() -> None:
    y, X = _frame()
    ols(y.iloc[:-1], X)


def _too_few_rows() -> None:
    y, X = _frame(n=3)
    ols(y, X)


def _constant_beside_intercept() -> None:
    y, X = _frame()
    ols(y, X.assign(const_col=5.0))


def _collinear() -> None:
    y, X = _frame()
    ols(y, X.assign(total=X["jobs"] + X["wage"]))


def _collinear_many() -> None:
    y, X = _frame()
    ols_many(pd.DataFrame({"a": y, "b": y}), X.assign(total=X["jobs"] - X["wage"]))


def _non_numeric() -> None:
    y, X = _frame()
    ols(y, X.assign(region=["north", "south"] * 10))


def _empty() -> None:
    y, X = _frame()
    ols(y.iloc[:0], X.iloc[:0])


def _formula_missing() -> None:
    y, X = _frame()
    data = X.assign(net_migration=y)
    data.loc[3, "jobs"] = np.nan
    ols_formula("net_migration ~ jobs + wage", data)


def _bad_cov_type() -> None:
    y, X = _frame()
    ols(y, X, cov_type="HC4")  # type: ignore[arg-type]


BAD_INPUT = [
    pytest.param(_bad_weights_zero, DataError, [], id="zero-weight"),
    pytest.param(_bad_weights_negative, DataError, [], id="negative-weight"),
    pytest.param(_bad_weights_length, DataError, [], id="weights-length"),
    pytest.param(_bad_length, DataError, [], id="length-mismatch"),
    pytest.param(_too_few_rows, ModelError, [], id="n-not-above-p"),
    pytest.param(_constant_beside_intercept, ModelError, ["const_col"], id="constant"),
    pytest.param(
        _collinear, RankDeficientError, ["jobs", "wage", "total"], id="collinear"
    ),
    pytest.param(
        _collinear_many,
        RankDeficientError,
        ["jobs", "wage", "total"],
        id="collinear-many",
    ),
    pytest.param(_non_numeric, DataError, ["region"], id="non-numeric"),
    pytest.param(_empty, DataError, [], id="empty"),
    pytest.param(_formula_missing, DataError, ["jobs"], id="formula-missing"),
    pytest.param(_bad_cov_type, InvalidOptionError, ["HC4"], id="cov-type"),
]


@pytest.mark.parametrize(("call", "error", "named"), BAD_INPUT)
def test_bad_input_raises_a_named_error(
    call: Callable[[], None], error: type[AttraktivError], named: list[str]
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, AttraktivError)
    for name in named:
        assert name in str(caught.value)

"""The regression engine against statsmodels, the test-only oracle.

statsmodels is fitted with ``use_t=True`` so that every covariance type gives
Student-t p-values and intervals with the residual degrees of freedom, as attraktiv
does. Problems are well conditioned (column-scaled condition number below 1e3), so
both programs should agree to far better than the 1e-8 asked for; absolute
tolerances are set relative to each quantity's own scale (a coefficient's standard
error, the residual standard deviation) so that values near zero compare sensibly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import OLSResult, ols, ols_formula
from attraktiv.core.typing import COV_TYPES
from helpers import assert_close

RTOL = 1e-8


FRAME_COLUMNS = ["estimate", "std_error", "statistic", "pvalue", "ci_low", "ci_high"]


def _statsmodels_fit(
    y: np.ndarray, exog: np.ndarray, weights: np.ndarray | None, cov_type: str
) -> Any:
    model = sm.OLS(y, exog) if weights is None else sm.WLS(y, exog, weights=weights)
    return model.fit(cov_type=cov_type, use_t=True)


def _assert_matches(result: OLSResult, expected: Any, names: list[str]) -> None:
    """Every inferential quantity of ``result`` against a statsmodels result."""
    bse = np.asarray(expected.bse)
    sigma = float(np.sqrt(expected.scale))

    assert list(result.params.index) == names
    for series in (result.std_errors, result.tvalues, result.pvalues):
        assert list(series.index) == names
    assert result.nobs == expected.nobs
    assert result.df_resid == expected.df_resid
    assert result.rank == len(names)

    assert_close(result.params, expected.params, rtol=RTOL, atol=1e-9 * bse)
    assert_close(result.std_errors, bse, rtol=RTOL)
    assert_close(result.tvalues, expected.tvalues, rtol=RTOL, atol=1e-9)
    assert_close(result.pvalues, expected.pvalues, rtol=RTOL, atol=1e-15)
    cov = np.asarray(expected.cov_params())
    assert_close(
        result.cov_params.to_numpy(), cov, rtol=RTOL, atol=1e-9 * np.outer(bse, bse)
    )
    assert list(result.cov_params.index) == names
    assert list(result.cov_params.columns) == names

    for level in (0.95, 0.9):
        interval = result.conf_int(level)
        assert list(interval.columns) == ["ci_low", "ci_high"]
        assert list(interval.index) == names
        want = np.asarray(expected.conf_int(alpha=1 - level))
        assert_close(interval, want, rtol=RTOL, atol=1e-9 * bse[:, None])

    frame = result.to_frame()
    assert list(frame.columns) == FRAME_COLUMNS
    assert list(frame.index) == names
    assert_close(frame["estimate"], expected.params, rtol=RTOL, atol=1e-9 * bse)
    assert_close(frame["std_error"], bse, rtol=RTOL)
    assert_close(frame["statistic"], expected.tvalues, rtol=RTOL, atol=1e-9)
    assert_close(frame["pvalue"], expected.pvalues, rtol=RTOL, atol=1e-15)
    ci = np.asarray(expected.conf_int(alpha=0.05))
    assert_close(frame[["ci_low", "ci_high"]], ci, rtol=RTOL, atol=1e-9 * bse[:, None])

    assert_close(result.sigma, sigma, rtol=RTOL)
    assert_close(result.rsquared, expected.rsquared, rtol=RTOL, atol=1e-12)
    assert_close(result.rsquared_adj, expected.rsquared_adj, rtol=RTOL, atol=1e-12)
    assert_close(result.resid, expected.resid, rtol=RTOL, atol=1e-9 * sigma)
    assert_close(result.fitted, expected.fittedvalues, rtol=RTOL, atol=1e-9 * sigma)


@settings(deadline=None, max_examples=120)
@given(data=st.data())
def test_ols_matches_statsmodels(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    problem = problems(data)
    for cov_type in COV_TYPES:
        result = ols(
            problem.y,
            problem.X,
            weights=problem.weights,
            add_intercept=problem.add_intercept,
            cov_type=cov_type,
        )
        assert result.cov_type == cov_type
        expected = _statsmodels_fit(problem.y, problem.exog, problem.weights, cov_type)
        _assert_matches(result, expected, problem.names)


@settings(deadline=None, max_examples=20)
@given(data=st.data())
def test_arrays_and_names_argument(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    """Plain arrays get ``x0, x1, ...`` or the ``names`` given; numbers are the same."""
    problem = problems(data, add_intercept=True)
    x = problem.X.to_numpy()
    expected = _statsmodels_fit(problem.y, problem.exog, problem.weights, "HC1")
    default = ols(problem.y, x, weights=problem.weights, cov_type="HC1")
    generic = ["Intercept", *(f"x{j}" for j in range(x.shape[1]))]
    _assert_matches(default, expected, generic)
    named = ols(
        pd.Series(problem.y),
        x,
        weights=problem.weights,
        cov_type="HC1",
        names=list(problem.X.columns),
    )
    _assert_matches(named, expected, problem.names)


def _formula_frame(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.normal(10.0, 3.0, n)
    x2 = rng.uniform(-2.0, 2.0, n)
    group = np.array(["north", "south", "west"])[np.arange(n) % 3]
    rng.shuffle(group)
    effect = pd.Series(group).map({"north": 0.0, "south": 1.5, "west": -0.7})
    y = 1.0 + 0.3 * x1 - 0.8 * x2**2 + effect.to_numpy() + rng.normal(0, 1 + x2**2)
    return pd.DataFrame(
        {"y": y, "x1": x1, "x2": x2, "group": group, "w": rng.uniform(0.2, 5.0, n)}
    )


FORMULAS = [
    "y ~ x1 + x2",
    "y ~ x1 + I(x2 ** 2) + C(group)",
    "y ~ x1 * x2",
    "y ~ x1 + x2 - 1",
]


@pytest.mark.parametrize("formula", FORMULAS)
@settings(deadline=None, max_examples=15)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(12, 60),
    weighting=st.sampled_from(["none", "column", "array"]),
)
def test_ols_formula_matches_statsmodels(
    formula: str, seed: int, n: int, weighting: str
) -> None:
    df = _formula_frame(seed, n)
    for cov_type in COV_TYPES:
        if weighting == "none":
            result = ols_formula(formula, df, cov_type=cov_type)
            model = smf.ols(formula, df)
        else:
            weights: Any = "w" if weighting == "column" else df["w"].to_numpy()
            result = ols_formula(formula, df, weights=weights, cov_type=cov_type)
            model = smf.wls(formula, df, weights=df["w"])
        expected = model.fit(cov_type=cov_type, use_t=True)
        _assert_matches(result, expected, list(expected.params.index))


def _zscore(values: np.ndarray) -> np.ndarray:
    return (values - values.mean(axis=0)) / values.std(axis=0, ddof=1)


@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_standardized_matches_zscored_regression(
    data: st.DataObject, problems: Callable[..., Any]
) -> None:
    """``standardized()`` estimates and tests equal OLS of the z-scored variables.

    The slopes of that regression are ``b_j sd(x_j) / sd(y)``; every covariance type
    is equivariant under the affine change of units, so statistics and p-values
    agree too. (Standard errors and intervals differ on purpose: they account for
    the sampling of the standard deviations, which the regression of z-scores
    takes as fixed; see ``test_standardized_intervals.py``. Unweighted: for
    weighted fits the choice of standard deviation is a convention, not something
    statsmodels can arbitrate.)
    """
    problem = problems(data, weighted=False, add_intercept=True)
    x = problem.X.to_numpy()
    exog = np.column_stack([np.ones(len(x)), _zscore(x)])
    for cov_type in COV_TYPES:
        result = ols(problem.y, problem.X, cov_type=cov_type)
        expected = _statsmodels_fit(_zscore(problem.y), exog, None, cov_type)
        bse = np.asarray(expected.bse)[1:]
        for level in (0.95, 0.9):
            table = result.standardized(level)
            assert list(table.columns) == FRAME_COLUMNS
            assert list(table.index) == list(problem.X.columns)
            assert_close(
                table["estimate"], expected.params[1:], rtol=1e-10, atol=1e-11 * bse
            )
            assert_close(
                table["statistic"], expected.tvalues[1:], rtol=1e-10, atol=1e-11
            )
            assert_close(table["pvalue"], expected.pvalues[1:], rtol=1e-9, atol=1e-15)
            assert (table["ci_low"] <= table["estimate"]).all()
            assert (table["estimate"] <= table["ci_high"]).all()


def test_result_is_frozen_and_fits_do_not_share_state() -> None:
    rng = np.random.default_rng(7)
    x = pd.DataFrame({"jobs": rng.normal(size=30)})
    y = 2.0 * x["jobs"].to_numpy() + rng.normal(size=30)
    classical = ols(y, x)
    robust = ols(y, x, cov_type="HC3")
    assert dataclasses.is_dataclass(classical)
    with pytest.raises(dataclasses.FrozenInstanceError):
        classical.cov_type = "HC3"  # type: ignore[misc]
    assert classical.cov_type == "nonrobust"
    assert robust.cov_type == "HC3"
    pd.testing.assert_series_equal(classical.params, robust.params)
    assert not np.allclose(classical.std_errors, robust.std_errors)
    assert str(classical.summary())
    assert classical.summary()._repr_html_()

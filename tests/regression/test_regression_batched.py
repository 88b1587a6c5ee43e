"""The large-batch path of ols_many (no refinement) agrees with single fits."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.regression import _kernel


@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1", "HC3"])
@pytest.mark.parametrize("weighted", [False, True])
def test_large_batch_matches_single_fits(cov_type: str, weighted: bool) -> None:
    rng = np.random.default_rng(8)
    n, k = 60, 5000
    assert n * k > _kernel.EXTENDED_LIMIT  # the unrefined, batched path
    x = rng.normal(size=(n, 2)) * [1.0, 30.0] + [0.0, 100.0]
    signal = (x @ [0.5, -0.02])[:, None]
    y = signal + rng.normal(size=(n, k)) * rng.uniform(0.5, 2.0, k)
    y[:, 7] += 1e6  # one outcome far from zero: centring by Pythagoras must hold
    weights = rng.uniform(0.5, 2.0, n) if weighted else None
    many = attraktiv.ols_many(y, x, weights=weights, cov_type=cov_type)  # type: ignore[arg-type]
    for j in (0, 7, 4321, k - 1):
        one = attraktiv.ols(y[:, j], x, weights=weights, cov_type=cov_type)  # type: ignore[arg-type]
        column = many.column(j)
        # without refinement the error is relative to the coefficient vector's size
        # (1e6 for outcome 7), not to each coefficient
        size = float(np.abs(one.params).max())
        np.testing.assert_allclose(
            column.params, one.params, rtol=1e-10, atol=1e-14 * size
        )
        # residuals of an outcome near 1e6 carry rounding of eps * 1e6 in double
        # precision, so sigma (and every standard error) agrees to about 1e-10
        np.testing.assert_allclose(column.std_errors, one.std_errors, rtol=1e-9)
        np.testing.assert_allclose(column.resid, one.resid, rtol=1e-9, atol=1e-9)
        assert column.rsquared == pytest.approx(one.rsquared, rel=1e-9)
        model = sm.WLS(
            y[:, j], sm.add_constant(x), weights=1.0 if weights is None else weights
        )
        reference = model.fit(cov_type=cov_type, use_t=True)
        assert column.rsquared == pytest.approx(reference.rsquared, rel=1e-8)
        np.testing.assert_allclose(column.std_errors, reference.bse, rtol=1e-8)


@pytest.mark.parametrize("weighted", [False, True])
def test_many_outcomes_blocked_by_rows_and_columns(weighted: bool) -> None:
    # Beyond 16,384 outcomes the residuals are computed in blocks of rows and
    # columns; every outcome must get the residuals and sum of squares of its own
    # fit, including the last, narrower column block.
    rng = np.random.default_rng(7)
    n, k = 50, 40_003
    x = rng.normal(size=(n, 2))
    y = rng.normal(size=(n, k)) + x @ rng.normal(size=(2, k))
    weights = rng.uniform(0.5, 2.0, size=n) if weighted else None
    fits = attraktiv.ols_many(y, x, weights=weights)
    for column in (0, 16_383, 16_384, 32_768, k - 1):
        one = attraktiv.ols(y[:, column], x, weights=weights)
        np.testing.assert_allclose(
            fits.params.iloc[:, column].to_numpy(), one.params.to_numpy(), rtol=1e-13
        )
        assert fits.ssr.iloc[column] == pytest.approx(one.ssr, rel=1e-13)

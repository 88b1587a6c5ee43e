"""Least squares is scale invariant, over the whole double range.

Rescaling the outcome by ``s`` and a column by ``t`` multiplies its coefficient by
``s / t`` and leaves t statistics, p-values and R² unchanged. The reference is a
statsmodels fit of the problem at scale 1; the engine must give the rescaled
answer (or a refusal with the real reason) from 1e-300 to 1e300, never standard
errors of 0, an R² of NaN or a column "numerically zero" that is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import attraktiv

SCALES = [1e-300, 1e-250, 1e-200, 1e-170, 1e-100, 1e-20, 1.0, 1e20, 1e100, 1e170,
          1e200, 1e250, 1e300]  # fmt: skip


def _problem(seed: int = 0, n: int = 25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)) + np.array([0.0, 3.0])
    y = x @ [1.0, -0.5] + 2.0 + rng.normal(size=n)
    weights = rng.uniform(0.5, 2.0, size=n)
    return x, y, weights


def _check(
    res: attraktiv.OLSResult,
    reference: sm.regression.linear_model.RegressionResults,
    y_scale: float,
    x_scales: np.ndarray,
    weight_scale: float = 1.0,
) -> None:
    # Scale-free statistics, directly. A t value near zero (a coefficient far
    # smaller than its standard error) is a difference of nearly equal sums: both
    # fits agree on it to rounding of the larger terms, so also to 1e-12 absolute.
    np.testing.assert_allclose(res.tvalues, reference.tvalues, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(res.pvalues, reference.pvalues, rtol=1e-9, atol=1e-300)
    assert res.rsquared == pytest.approx(reference.rsquared, rel=1e-12)
    # Statistics with units, brought back to scale 1 factor by factor (a product
    # of the two scales may itself be outside the double range).
    params = res.params.to_numpy() / y_scale * x_scales
    # The same holds for a coefficient near zero: it agrees to 1e-12 of its
    # standard error even where its own relative digits are fewer.
    gap = np.abs(params - reference.params)
    assert np.all(gap <= 1e-11 * np.abs(reference.params) + 1e-12 * reference.bse)
    errors = res.std_errors.to_numpy() / y_scale * x_scales
    np.testing.assert_allclose(errors, reference.bse, rtol=1e-11)
    sigma = res.sigma / y_scale / np.sqrt(weight_scale)
    assert sigma == pytest.approx(np.sqrt(reference.scale), rel=1e-12)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("what", ["y", "x", "both", "one column"])
@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1"])
def test_scaled_problems_have_the_rescaled_answer(
    scale: float, what: str, cov_type: str
) -> None:
    x, y, _ = _problem()
    # Student's t for every covariance type, as the library.
    reference = sm.OLS(y, sm.add_constant(x)).fit(cov_type=cov_type, use_t=True)
    y_scale = scale if what in ("y", "both") else 1.0
    x_scales = {
        "y": np.ones(3),
        "x": np.array([1.0, scale, scale]),
        "both": np.array([1.0, scale, scale]),
        "one column": np.array([1.0, 1.0, scale]),
    }[what]
    res = attraktiv.ols(y * y_scale, x * x_scales[1:], cov_type=cov_type)  # type: ignore[arg-type]
    _check(res, reference, y_scale, x_scales)


@pytest.mark.parametrize("scale", SCALES)
def test_scaled_weighted_fits(scale: float) -> None:
    x, y, weights = _problem(1)
    reference = sm.WLS(y, sm.add_constant(x), weights=weights).fit()
    # Weights at the opposite scale: the weighted sum of squared residuals then
    # scales by scale**2 / scale, inside the double range.
    res = attraktiv.ols(y * scale, x * scale, weights=weights / scale)
    _check(res, reference, scale, np.array([1.0, scale, scale]), 1.0 / scale)
    assert res.ssr == pytest.approx(reference.ssr * scale, rel=1e-12)


@pytest.mark.parametrize("scale", [1e-300, 1e-170, 1e170, 1e300])
def test_many_outcomes_of_different_scales(scale: float) -> None:
    x, y, _ = _problem(2)
    outcomes = pd.DataFrame({"small": y * scale, "unit": y, "large": y / scale})
    fits = attraktiv.ols_many(outcomes, x)
    reference = sm.OLS(y, sm.add_constant(x)).fit()
    for name, y_scale in (("small", scale), ("unit", 1.0), ("large", 1.0 / scale)):
        _check(fits.column(name), reference, y_scale, np.ones(3))
        np.testing.assert_allclose(
            fits.tvalues[name].to_numpy(), reference.tvalues, rtol=1e-11
        )
        assert fits.rsquared[name] == pytest.approx(reference.rsquared, rel=1e-12)


@pytest.mark.parametrize("scale", [1e-300, 1e300])
def test_residuals_fitted_and_betas_in_the_callers_units(scale: float) -> None:
    x, y, _ = _problem(3)
    res = attraktiv.ols(y * scale, x * scale)
    base = attraktiv.ols(y, x)
    np.testing.assert_allclose(res.resid / scale, base.resid, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(res.fitted / scale, base.fitted, rtol=1e-12)
    pd.testing.assert_frame_equal(res.standardized(), base.standardized(), rtol=1e-11)
    np.testing.assert_allclose(
        res.conf_int().to_numpy() / scale * [[1.0], [scale], [scale]],
        base.conf_int().to_numpy(),
        rtol=1e-11,
    )
    new = pd.DataFrame({"x0": [0.0, 1.0], "x1": [1.0, 2.0]})
    np.testing.assert_allclose(
        res.predict(new * scale) / scale, base.predict(new), rtol=1e-12
    )


def test_scaling_does_not_change_ordinary_fits() -> None:
    # Inside the safe range nothing is rescaled: the numbers are bit for bit those
    # of the fit itself (the pinned tables rely on it).
    x, y, _ = _problem(4)
    res = attraktiv.ols(y * 1e50, x * 1e-50)
    assert res._x_scale is None
    assert res._y_scale is None


@settings(max_examples=40, deadline=None)
@given(
    y_exponent=st.integers(-300, 300),
    x_exponent=st.integers(-300, 300),
    seed=st.integers(0, 2**16),
)
# A coefficient 1e-5 of its standard error: relative digits are few, absolute ones not.
@example(y_exponent=0, x_exponent=0, seed=5310)
def test_any_scale_gives_the_statsmodels_answer(
    y_exponent: int, x_exponent: int, seed: int
) -> None:
    # Slopes scale by y_scale / x_scale: keep them normal numbers (a subnormal
    # slope has fewer significant digits than the test asks for).
    assume(abs(y_exponent - x_exponent) <= 290)
    x, y, _ = _problem(seed, n=12)
    reference = sm.OLS(y, sm.add_constant(x)).fit()
    y_scale, x_scale = 10.0**y_exponent, 10.0**x_exponent
    res = attraktiv.ols(y * y_scale, x * x_scale)
    _check(res, reference, y_scale, np.array([1.0, x_scale, x_scale]))

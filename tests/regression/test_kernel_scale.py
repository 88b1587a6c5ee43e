"""Least squares is scale-invariant: fits of data scaled anywhere in the double
range, from 1e-300 to 1e300, against the fit of the unscaled data and statsmodels.

Scaling y by s scales coefficients, residuals and standard errors by s; scaling a
column of X by s divides its coefficient and standard error by s; t statistics,
p-values and R² do not change. Powers of two scale exactly; powers of ten round the
data once, so they agree to rounding."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.regression import _kernel

POWERS_OF_TWO = [-996, -800, -600, -400, -200, -60, 60, 200, 400, 600, 800, 996]
POWERS_OF_TEN = [-300, -250, -200, -170, -100, 100, 170, 200, 250, 300]
SCALES = [2.0**e for e in POWERS_OF_TWO] + [10.0**e for e in POWERS_OF_TEN]
#: Least number of correct digits of a certified value (as tests/test_regression_nist).
MIN_LRE = 9.0

IDS = [f"2**{e}" for e in POWERS_OF_TWO] + [f"1e{e}" for e in POWERS_OF_TEN]


def _exact(scale: float) -> bool:
    return math.frexp(scale)[0] == 0.5


def _problem(seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal([0.5, 10.0], [1.5, 3.0], size=(50, 2))
    y = 1.0 + x @ [0.5, -0.3] + rng.normal(size=50)
    return x, y


@pytest.fixture(scope="module")
def reference() -> tuple[np.ndarray, np.ndarray, attraktiv.OLSResult, object]:
    x, y = _problem()
    return x, y, attraktiv.ols(y, x), sm.OLS(y, sm.add_constant(x)).fit()


def _same_statistics(
    fit: attraktiv.OLSResult, base: attraktiv.OLSResult, sm_fit: object
) -> None:
    """Scale-free statistics equal the unscaled fit's and statsmodels'."""
    np.testing.assert_allclose(fit.tvalues, base.tvalues, rtol=1e-12)
    np.testing.assert_allclose(fit.pvalues, base.pvalues, rtol=1e-12)
    assert fit.rsquared == pytest.approx(base.rsquared, rel=1e-12)
    assert fit.rsquared_adj == pytest.approx(base.rsquared_adj, rel=1e-12)
    np.testing.assert_allclose(fit.tvalues, sm_fit.tvalues, rtol=1e-10)  # type: ignore[attr-defined]
    np.testing.assert_allclose(fit.pvalues, sm_fit.pvalues, rtol=1e-10)  # type: ignore[attr-defined]
    assert fit.rsquared == pytest.approx(sm_fit.rsquared, rel=1e-10)  # type: ignore[attr-defined]


@pytest.mark.parametrize("scale", SCALES, ids=IDS)
def test_outcome_scaled(scale: float, reference: tuple) -> None:
    x, y, base, sm_fit = reference
    fit = attraktiv.ols(y * scale, x)
    rtol = 0.0 if _exact(scale) else 1e-13
    np.testing.assert_allclose(fit.params, base.params * scale, rtol=rtol)
    np.testing.assert_allclose(fit.resid, base.resid * scale, rtol=1e-12 + rtol)
    np.testing.assert_allclose(fit.std_errors, base.std_errors * scale, rtol=1e-12)
    assert fit.sigma == pytest.approx(base.sigma * scale, rel=1e-12)
    _same_statistics(fit, base, sm_fit)


@pytest.mark.parametrize("scale", SCALES, ids=IDS)
def test_design_scaled(scale: float, reference: tuple) -> None:
    x, y, base, sm_fit = reference
    fit = attraktiv.ols(y, x * scale)
    factor = np.array([1.0, 1.0 / scale, 1.0 / scale])
    rtol = 0.0 if _exact(scale) else 1e-13
    np.testing.assert_allclose(fit.params, base.params * factor, rtol=rtol)
    np.testing.assert_allclose(fit.resid, base.resid, rtol=1e-12)
    np.testing.assert_allclose(fit.std_errors, base.std_errors * factor, rtol=1e-12)
    assert fit.sigma == pytest.approx(base.sigma, rel=1e-12)
    _same_statistics(fit, base, sm_fit)


@pytest.mark.parametrize("scale", SCALES, ids=IDS)
def test_one_column_of_several_scaled(scale: float, reference: tuple) -> None:
    x, y, base, sm_fit = reference
    fit = attraktiv.ols(y, x * [1.0, scale])
    factor = np.array([1.0, 1.0, 1.0 / scale])
    rtol = 0.0 if _exact(scale) else 1e-13
    np.testing.assert_allclose(fit.params, base.params * factor, rtol=rtol)
    np.testing.assert_allclose(fit.std_errors, base.std_errors * factor, rtol=1e-12)
    _same_statistics(fit, base, sm_fit)


@pytest.mark.parametrize("k", [3, 6000], ids=["refined", "batched"])
def test_many_outcomes_at_different_scales(k: int) -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(50, 1))
    y = 0.3 + 0.7 * x + rng.normal(size=(50, k))
    scales = np.ones(k)
    scales[:3] = [1e-300, 1.0, 2.0**996]
    base = attraktiv.ols_many(y, x)
    fit = attraktiv.ols_many(y * scales, x)
    np.testing.assert_allclose(fit.params, base.params * scales, rtol=1e-12)
    np.testing.assert_allclose(fit.std_errors, base.std_errors * scales, rtol=1e-12)
    np.testing.assert_allclose(fit.tvalues, base.tvalues, rtol=1e-12)
    np.testing.assert_allclose(fit.rsquared, base.rsquared, rtol=1e-12)
    for j in range(3):
        sm_fit = sm.OLS(y[:, j], sm.add_constant(x)).fit()
        np.testing.assert_allclose(fit.tvalues.iloc[:, j], sm_fit.tvalues, rtol=1e-10)
        assert fit.rsquared.iloc[j] == pytest.approx(sm_fit.rsquared, rel=1e-10)


# --- the engine alone: no rescaling by the caller ------------------------------------


def _design(x: np.ndarray) -> np.ndarray:
    return np.asfortranarray(np.column_stack([np.ones(x.shape[0]), x]))


def _engine(design: np.ndarray, y: np.ndarray) -> _kernel.LeastSquares:
    fit = _kernel.estimate(design, y)
    assert not isinstance(fit, _kernel.Collinearity)
    return fit


@pytest.mark.parametrize("k", [1, 6000], ids=["refined", "batched"])
@pytest.mark.parametrize("exponent", [-1000, -996, -500, 500, 996, 1000])
def test_engine_outcomes_scaled(exponent: int, k: int) -> None:
    rng = np.random.default_rng(2)
    x, _ = _problem()
    design = _design(x)
    y = 1.0 + (x @ [0.5, -0.3])[:, None] + rng.normal(size=(50, k))
    base = _engine(design, y)
    fit = _engine(design, np.ldexp(y, exponent))
    # Powers of two: exactly the scaled fit (residuals and coefficients), and the
    # totals scaled as far as they are representable.
    with np.errstate(over="ignore", under="ignore"):
        ssr, centred_ss = (
            np.ldexp(base.ssr, 2 * exponent),
            np.ldexp(base.centred_ss, 2 * exponent),
        )
    np.testing.assert_array_equal(fit.params, np.ldexp(base.params, exponent))
    np.testing.assert_array_equal(fit.resid, np.ldexp(base.resid, exponent))
    np.testing.assert_array_equal(fit.ssr, ssr)
    np.testing.assert_array_equal(fit.centred_ss, centred_ss)


@pytest.mark.parametrize("columns", ["all", "one"])
@pytest.mark.parametrize("exponent", [-1000, -996, -500, 500, 996, 1000])
def test_engine_columns_scaled(exponent: int, columns: str) -> None:
    x, y = _problem()
    design = _design(x)
    shift = np.array([0, 0, exponent]) if columns == "one" else np.full(3, exponent)
    base = _engine(design, y[:, None])
    fit = _engine(np.asfortranarray(np.ldexp(design, shift)), y[:, None])
    np.testing.assert_array_equal(fit.params, np.ldexp(base.params, -shift[:, None]))
    np.testing.assert_array_equal(fit.resid, base.resid)
    np.testing.assert_array_equal(fit.ssr, base.ssr)
    np.testing.assert_array_equal(fit.centred_ss, base.centred_ss)
    np.testing.assert_array_equal(fit.scale, np.ldexp(base.scale, shift))
    np.testing.assert_array_equal(fit.bread, np.ldexp(base.bread, -shift[:, None]))


def test_engine_without_constant_scaled() -> None:
    x, y = _problem()
    design = np.asfortranarray(x)
    base = _kernel.estimate(design, y[:, None], centre=False)
    fit = _kernel.estimate(design, np.ldexp(y, -1000)[:, None], centre=False)
    assert not isinstance(base, _kernel.Collinearity)
    assert not isinstance(fit, _kernel.Collinearity)
    np.testing.assert_array_equal(fit.params, np.ldexp(base.params, -1000))
    # the totals underflow with the data: correctly rounded, here to zero
    np.testing.assert_array_equal(fit.raw_ss, np.ldexp(base.raw_ss, -2000))
    np.testing.assert_array_equal(fit.means, np.ldexp(base.means, -1000))


def test_engine_split_does_not_overflow() -> None:
    # Dekker's split multiplies by 2**27: outcomes near 1e300 overflowed it before
    # (NaN coefficients); the refined fit must match statsmodels' to many digits.
    x, y = _problem()
    fit = _engine(_design(x), y[:, None] * 1e300)
    sm_fit = sm.OLS(y, sm.add_constant(x)).fit()
    np.testing.assert_allclose(fit.params[:, 0] / 1e300, sm_fit.params, rtol=1e-12)
    assert np.isfinite(fit.resid).all()


# --- NIST StRD at the edges of the double range --------------------------------------

EDGE_CASES = [
    ("y", -960),
    ("y", 960),
    ("X", -960),
    ("X", 960),
    ("both", -960),
    ("both", 960),
]


@pytest.mark.parametrize(
    ("moved", "edge"), EDGE_CASES, ids=[f"{m}@2**{e}" for m, e in EDGE_CASES]
)
def test_nist_certified_values_at_the_edges(
    nist: Any, nist_name: str, moved: str, edge: int
) -> None:
    """Certified problems moved by powers of two to about 2**edge: the same digits.

    The design's columns (and or) the outcome are multiplied by powers of two that
    bring their largest element near ``2**edge``; the certified coefficients and
    standard deviations scale exactly, R² does not change. The fit must equal the
    unmoved fit scaled back, bit for bit, and meet the certified values as well.
    """
    data = nist(nist_name)
    design = data.design()
    x = design.X.to_numpy(dtype=np.float64)
    y = np.asarray(data.y, dtype=np.float64)
    x_shift = np.zeros(x.shape[1], dtype=int)
    y_shift = 0
    if moved in ("X", "both"):
        x_shift = edge - np.frexp(np.abs(x).max(axis=0))[1]
    if moved in ("y", "both"):
        y_shift = edge - int(np.frexp(np.abs(y).max())[1])
    coefficient_shift = y_shift - np.concatenate(
        [[0] if design.add_intercept else [], x_shift]
    ).astype(int)

    base = attraktiv.ols(y, x, add_intercept=design.add_intercept)
    fit = attraktiv.ols(
        np.ldexp(y, y_shift), np.ldexp(x, x_shift), add_intercept=design.add_intercept
    )
    np.testing.assert_array_equal(
        fit.params, np.ldexp(base.params.to_numpy(), coefficient_shift)
    )
    np.testing.assert_allclose(
        fit.std_errors,
        np.ldexp(base.std_errors.to_numpy(), coefficient_shift),
        rtol=1e-14,
    )
    np.testing.assert_allclose(fit.tvalues, base.tvalues, rtol=1e-14)
    assert fit.rsquared == pytest.approx(base.rsquared, rel=1e-14)
    accuracy = data.accuracy(
        params=np.ldexp(fit.params.to_numpy(), -coefficient_shift),
        std_errors=np.ldexp(fit.std_errors.to_numpy(), -coefficient_shift),
        sigma=math.ldexp(fit.sigma, -y_shift),
        rsquared=fit.rsquared,
    )
    for quantity, digits in accuracy.items():
        assert min(digits) >= MIN_LRE, f"{nist_name} {quantity} LRE: {digits}"

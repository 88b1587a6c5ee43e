"""The refinement step of the kernel: exactly rounded residuals, and when not needed.

A well-conditioned fit is refined once. The residual it refines with is exactly
rounded (error-free transformations) unless the working-precision residual is
provably within a few units in the last place of its own norm; the two must give
the same answer, and both the exact solution of the stored data. References are
rational (Fractions) computations on the very floats the kernel sees.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_regression_exact import exact_least_squares

from attraktiv.regression import _kernel

EPS = float(np.finfo(np.float64).eps)


def exact_residual(
    x: np.ndarray, y: np.ndarray, b: np.ndarray, minus: np.ndarray | None
) -> np.ndarray:
    """``y - x @ b - minus`` in rational arithmetic, rounded once; shape (k, n)."""
    n, p = x.shape
    out = np.empty((b.shape[1], n))
    for k in range(b.shape[1]):
        for i in range(n):
            value = Fraction(float(y[i, k])) - sum(
                Fraction(float(x[i, j])) * Fraction(float(b[j, k])) for j in range(p)
            )
            if minus is not None:
                value -= Fraction(float(minus[k, i]))
            out[k, i] = float(value)
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    outcomes=st.sampled_from([1, 3]),
    constant=st.sampled_from([None, 1.0, -2.5]),
    with_minus=st.booleans(),
    magnitude=st.sampled_from([1e-3, 1.0, 1e5]),
)
def test_exact_residual_is_rounded_from_the_exact_value(
    seed: int,
    outcomes: int,
    constant: float | None,
    with_minus: bool,
    magnitude: float,
) -> None:
    rng = np.random.default_rng(seed)
    n, p = 17, 3
    x = rng.normal(size=(n, p)) * magnitude
    if constant is not None:
        x[:, 1] = constant  # a constant column takes the scalar path
    b = rng.normal(size=(p, outcomes))
    # y close to x b: the subtraction cancels most digits
    y = x @ b + rng.normal(size=(n, outcomes)) * 1e-9 * magnitude
    minus = None
    if with_minus:
        minus = (y - x @ b).T + rng.normal(size=(outcomes, n)) * 1e-20 * magnitude
    reference = exact_residual(x, y, b, minus)
    got = _kernel._exact_residual(
        np.ascontiguousarray(x.T), np.ascontiguousarray(y.T), b, minus=minus
    )
    assert got.shape == (outcomes, n)
    # within a few units in the last place of the exact residual itself (plus a
    # tail far below the terms' size, eps**2 * |x||b|)
    terms = np.abs(x) @ np.abs(b) + np.abs(y)
    tolerance = 4 * EPS * np.abs(reference) + 8 * EPS**2 * terms.T
    assert np.all(np.abs(got - reference) <= tolerance)


def well_conditioned(
    seed: int, shift: float, n: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = shift + x @ [0.3, -0.2] + rng.normal(size=n)
    return np.column_stack([np.ones(n), x]), y


def test_working_precision_is_used_only_where_it_is_provably_enough() -> None:
    x, y = well_conditioned(1, 0.0)
    fit = _kernel.estimate(np.asfortranarray(x), y[:, None])
    assert not isinstance(fit, _kernel.Collinearity)
    plain = (y - x @ fit.params[:, 0])[None, :]
    # residuals about as large as y: few digits cancel
    assert _kernel._plain_is_accurate(plain, y[None, :], fit.params, fit.scale)
    # the same data moved far from zero: the subtraction cancels most digits
    shifted = y + 1e4
    fit = _kernel.estimate(np.asfortranarray(x), shifted[:, None])
    assert not isinstance(fit, _kernel.Collinearity)
    plain = (shifted - x @ fit.params[:, 0])[None, :]
    assert not _kernel._plain_is_accurate(
        plain, shifted[None, :], fit.params, fit.scale
    )


def within_rounding(
    params: np.ndarray, exact: np.ndarray, x: np.ndarray, y: np.ndarray
) -> bool:
    """Each coefficient as exact as its inputs allow, in the scaled coordinates.

    Scaled by the column norms, a coefficient is known to about eps times its own
    size plus eps times the size of the residuals (the design here is well
    conditioned after scaling, so no condition number enters).
    """
    scale = np.linalg.norm(x, axis=0)
    resid = float(np.linalg.norm(y - x @ exact))
    tolerance = 8 * EPS * (scale * np.abs(exact) + resid)
    return bool(np.all(scale * np.abs(params - exact) <= tolerance))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shift=st.sampled_from([0.0, 3.0, 1e2, 1e6]),
    weighted=st.booleans(),
)
def test_both_residual_paths_reach_the_exact_solution(
    seed: int, shift: float, weighted: bool
) -> None:
    x, y = well_conditioned(seed, shift)
    weights = None
    target_x, target_y = x, y
    if weighted:
        # roots are powers of two, so the root-weighted rows are exact and the
        # weighted problem is exactly the unweighted one on them
        exponents = np.random.default_rng(seed).integers(-2, 3, size=len(y))
        roots = np.ldexp(1.0, exponents)
        weights = roots**2
        target_x, target_y = x * roots[:, None], y * roots
    exact = np.array(exact_least_squares(target_x, target_y))
    results = []
    for ulps in (_kernel._PLAIN_ULPS, 0.0):  # 0: always exactly rounded residuals
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_kernel, "_PLAIN_ULPS", ulps)
            fit = _kernel.estimate(np.asfortranarray(x), y[:, None], weights)
        assert not isinstance(fit, _kernel.Collinearity)
        assert within_rounding(fit.params[:, 0], exact, target_x, target_y)
        results.append(fit.params[:, 0])
    # the two refinements agree to rounding, in the scaled coordinates
    size = float(np.linalg.norm(results[1] * fit.scale))
    np.testing.assert_allclose(
        results[0] * fit.scale, results[1] * fit.scale, rtol=0, atol=4 * EPS * size
    )

"""Against exact rational least squares: ill-conditioned designs with large residuals.

Refining the coefficients alone stalls at about eps * cond^2 * |resid| here; the
engine refines residuals and coefficients together and must reach the exact solution
of the stored data. The reference is computed in rational arithmetic (Fractions) from
the very floats the engine sees, so it is exact, not another floating-point answer.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

import attraktiv


def exact_least_squares(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Solve the normal equations in rational arithmetic (exact for float input)."""
    rows = [[Fraction(float(v)) for v in row] for row in x]
    target = [Fraction(float(v)) for v in y]
    p = x.shape[1]
    gram = [
        [sum(row[i] * row[j] for row in rows) for j in range(p)]
        + [sum(row[i] * t for row, t in zip(rows, target, strict=True))]
        for i in range(p)
    ]
    for c in range(p):
        pivot = gram[c][c]
        for r in range(p):
            if r != c:
                factor = gram[r][c] / pivot
                gram[r] = [
                    a - factor * b for a, b in zip(gram[r], gram[c], strict=True)
                ]
    return [float(gram[r][p] / gram[r][r]) for r in range(p)]


def shifted_problem(seed: int, n: int, spread: float, shift: float) -> tuple:
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(n)
    b = rng.standard_normal(n) * spread + shift  # nearly constant: ill-conditioned
    y = 0.5 * a + rng.standard_normal(n)  # large residuals
    return np.column_stack([np.ones(n), a, b]), y


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    spread=st.sampled_from([1e-2, 1e-3, 1e-4]),
    shift=st.sampled_from([50.0, 153.0, 1e3]),
)
def test_ill_conditioned_design_reaches_the_exact_solution(
    seed: int, spread: float, shift: float
) -> None:
    x, y = shifted_problem(seed, 60, spread, shift)
    exact = np.array(exact_least_squares(x, y))
    fit = attraktiv.ols(y, x, add_intercept=False)
    assert fit.condition_number > 1e5
    np.testing.assert_allclose(fit.params.to_numpy(), exact, rtol=1e-13, atol=0)


def test_statsmodels_loses_digits_where_the_engine_does_not() -> None:
    x, y = shifted_problem(2, 76, 1e-3, 153.0)
    exact = np.array(exact_least_squares(x, y))
    ours = attraktiv.ols(y, x, add_intercept=False).params.to_numpy()
    theirs = sm.OLS(y, x).fit().params
    ours_error = np.max(np.abs(ours - exact) / np.abs(exact))
    theirs_error = np.max(np.abs(theirs - exact) / np.abs(exact))
    assert ours_error <= 1e-14
    assert theirs_error > 1e3 * max(ours_error, 1e-16)


@pytest.mark.parametrize("weighted", [False, True])
def test_weighted_ill_conditioned(weighted: bool) -> None:
    x, y = shifted_problem(5, 50, 1e-3, 200.0)
    weights = np.linspace(0.5, 3.0, 50) if weighted else np.ones(50)
    root = np.sqrt(weights)
    # the weighted problem is the unweighted one on root-weighted rows
    exact = np.array(exact_least_squares(x * root[:, None], y * root))
    fit = attraktiv.ols(y, x, add_intercept=False, weights=weights)
    np.testing.assert_allclose(fit.params.to_numpy(), exact, rtol=1e-12, atol=0)


@pytest.mark.parametrize("exponent", [0, -200, 200])
def test_condition_number_of_columns_far_apart_in_scale(exponent: int) -> None:
    """numpy.linalg.cond of the same design is the oracle; beyond 1/eps, inf quietly.

    Two regressors of scale 2**-200 beside the intercept: the smallest singular
    value of the design lies far below eps times the largest, and came out as 0
    with a "divide by zero" warning (an error under -W error).
    """
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2))
    y = rng.normal(size=30)
    scaled = x * 2.0**exponent
    fit = attraktiv.ols(y, scaled)
    oracle = np.linalg.cond(np.column_stack([np.ones(30), scaled]))
    if exponent == 0:
        assert fit.condition_number == pytest.approx(oracle, rel=1e-12)
    else:
        # both are beyond 1 / eps: meaningless digits, or infinite; never a warning
        assert fit.condition_number > 1e15
        assert oracle > 1e15

"""Accuracy against certified values: NIST StRD and exact polynomial fits.

NIST StRD linear least squares (public domain, U.S. National Institute of Standards
and Technology, https://www.itl.nist.gov/div898/strd/lls/lls.shtml), the files
unmodified in ``tests/data/nist``. Accuracy is the log relative error (LRE), the
number of correct significant digits; the engine must reach 9 for every parameter,
parameter standard deviation, residual standard deviation and R². The minimal LRE
per dataset and quantity is printed at the end of the pytest run (and by
``benchmarks/nist_lre.py``, next to statsmodels).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attraktiv import OLSResult, ols

MIN_LRE = 9.0
QUANTITIES = ("params", "std_errors", "sigma", "rsquared")


@pytest.fixture(scope="module")
def nist_fit(nist: Callable[[str], Any]) -> Callable[[str], OLSResult]:
    """Fit a NIST dataset's certified model once per module."""
    cache: dict[str, OLSResult] = {}

    def get(name: str) -> OLSResult:
        if name not in cache:
            data = nist(name)
            design = data.design()
            cache[name] = ols(data.y, design.X, add_intercept=design.add_intercept)
        return cache[name]

    return get


def test_nist_model_shape(
    nist: Callable[[str], Any], nist_fit: Callable[[str], OLSResult], nist_name: str
) -> None:
    """Parameters come in the certified order; degrees of freedom match the ANOVA."""
    data = nist(nist_name)
    design = data.design()
    result = nist_fit(nist_name)
    names = (["Intercept"] if design.add_intercept else []) + list(design.X.columns)
    assert list(result.params.index) == names
    assert len(names) == len(data.params)
    assert result.nobs == len(data.y)
    assert result.df_resid == data.df_resid
    assert result.rank == len(names)


@pytest.mark.smoke
@pytest.mark.parametrize("quantity", QUANTITIES)
def test_nist_certified_values(
    nist: Callable[[str], Any],
    nist_fit: Callable[[str], OLSResult],
    lre_table: dict[tuple[str, str], float],
    nist_name: str,
    quantity: str,
) -> None:
    data = nist(nist_name)
    result = nist_fit(nist_name)
    accuracy = data.accuracy(
        params=result.params.to_numpy(),
        std_errors=result.std_errors.to_numpy(),
        sigma=result.sigma,
        rsquared=result.rsquared,
    )[quantity]
    lre_table[(nist_name, quantity)] = min(accuracy)
    lre_table[(nist_name, "log10 cond")] = math.log10(result.condition_number)
    labels = data.param_names if len(accuracy) > 1 else (quantity,)
    detail = ", ".join(f"{k}={v:.1f}" for k, v in zip(labels, accuracy, strict=True))
    assert min(accuracy) >= MIN_LRE, f"{nist_name} {quantity} LRE: {detail}"


# --- exact polynomial fits ---------------------------------------------------------
#
# y = sum_k c_k x^k on integer x, computed in Python integers. Every x^k and y is an
# integer below 2**53, so the float64 problem *is* the exact problem and its least-
# squares solution is exactly the integer coefficients (zero residual). Only the
# engine's arithmetic can lose digits. The cases climb in the 2-norm condition
# number of the unscaled design [1, x, ..., x^d] from 6e6 (Wampler's design) to 2e15;
# offset grids (x near 1e3, 1e4) are the hard ones, as with calendar years.

POLYNOMIAL_CASES: list[tuple[int, int, int]] = [
    # (first x, last x, degree)
    (0, 20, 5),
    (1, 30, 6),
    (1, 40, 7),
    (0, 20, 9),
    (10_000, 10_020, 2),
    (1, 20, 10),
    (1_000, 1_030, 3),
]


def _coefficients(degree: int) -> list[int]:
    """Mixed signs and sizes: 1, -2, 3, -1, 2, -3, ..."""
    return [(-1) ** k * (k % 3 + 1) for k in range(degree + 1)]


def _polynomial(first: int, last: int, degree: int) -> tuple[np.ndarray, pd.DataFrame]:
    xs = range(first, last + 1)
    coefficients = _coefficients(degree)
    y = [sum(c * x**k for k, c in enumerate(coefficients)) for x in xs]
    biggest = max(max(abs(v) for v in y), max(abs(x) for x in xs) ** degree)
    if biggest >= 2**53:
        raise ValueError("case not exactly representable in float64")
    columns = {
        "x" if k == 1 else f"x^{k}": [float(x**k) for x in xs]
        for k in range(1, degree + 1)
    }
    return np.array(y, dtype=np.float64), pd.DataFrame(columns)


def _unscaled_condition(first: int, last: int, degree: int) -> float:
    x = np.arange(first, last + 1, dtype=np.float64)
    return float(np.linalg.cond(np.vander(x, degree + 1, increasing=True)))


def _case_id(case: tuple[int, int, int]) -> str:
    first, last, degree = case
    return f"x{first}..{last}-deg{degree}-cond{_unscaled_condition(*case):.0e}"


@pytest.mark.parametrize("case", POLYNOMIAL_CASES, ids=_case_id)
def test_exact_polynomial_fit(
    case: tuple[int, int, int],
    lre_table: dict[tuple[str, str], float],
    log_relative_error: Callable[[Sequence[float], Sequence[float]], list[float]],
) -> None:
    first, last, degree = case
    y, X = _polynomial(first, last, degree)
    result = ols(y, X)
    exact = [float(c) for c in _coefficients(degree)]
    accuracy = log_relative_error(result.params.to_numpy(), exact)
    key = f"poly {first}..{last} d{degree}"
    lre_table[(key, "params")] = min(accuracy)
    lre_table[(key, "log10 cond")] = math.log10(result.condition_number)
    detail = ", ".join(f"{v:.1f}" for v in accuracy)
    assert min(accuracy) >= MIN_LRE, (
        f"parameter LRE {detail}; condition number {result.condition_number:.2e}"
    )

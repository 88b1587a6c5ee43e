"""Scale safety (issue 20): a common change of units changes nothing.

Rank sets, top-tau sets, shrinkage and Moran's I are equivariant under multiplying
the estimates and their standard errors (or the values) by ``10**k``: ranks and
sets must be identical, and everything with units must scale to 1e-12, for
k from -150 to 150, where squares of the inputs overflow or lose their digits.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv.errors import DataError
from attraktiv.spatial import SpatialWeights, local_morans, morans_i
from attraktiv.uncertainty import rank_intervals, shrink, top_set
from helpers import assert_close

_EXPONENTS = st.integers(-150, 150)


@st.composite
def _problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(4, 25), label="units")
    # Distinct by at least 1e-3: ties after rounding the products are not the point.
    est = draw(
        st.lists(st.integers(-10_000, 10_000), min_size=n, max_size=n, unique=True),
        label="estimates",
    )
    se = draw(st.lists(st.floats(0.05, 5), min_size=n, max_size=n), label="se")
    return np.asarray(est, dtype=np.float64) / 1000.0, np.asarray(se)


@settings(deadline=None, max_examples=60)
@given(problem=_problems(), k=_EXPONENTS, seed=st.integers(0, 2**32))
def test_rank_and_top_sets_do_not_depend_on_units(
    problem: tuple[np.ndarray, np.ndarray], k: int, seed: int
) -> None:
    est, se = problem
    factor = 10.0**k
    for method in ("bootstrap", "overlap"):
        base = rank_intervals(est, se, draws=200, rng=seed, method=method)
        scaled = rank_intervals(
            est * factor, se * factor, draws=200, rng=seed, method=method
        )
        pd.testing.assert_frame_equal(scaled, base)
        tau = max(1, est.size // 3)
        pd.testing.assert_index_equal(
            top_set(est * factor, se * factor, tau, draws=200, rng=seed, method=method),
            top_set(est, se, tau, draws=200, rng=seed, method=method),
        )


@settings(deadline=None, max_examples=80)
@given(problem=_problems(), k=_EXPONENTS)
def test_shrinkage_scales_with_the_units(
    problem: tuple[np.ndarray, np.ndarray], k: int
) -> None:
    est, se = problem
    factor = 10.0**k
    base = shrink(est, se)
    tau2 = float(base["tau2"].iloc[0]) * factor**2
    if 0 < tau2 < 1e-303:
        # tau² itself is below the range where doubles keep their digits.
        with pytest.raises(DataError, match="between-unit variance tau2"):
            shrink(est * factor, se * factor)
        return
    if 0 < tau2 < 1e-299:
        return  # at the edge of that range: either answer is right
    scaled = shrink(est * factor, se * factor)
    assert_close(scaled["shrinkage"], base["shrinkage"], rtol=1e-12, atol=1e-13)
    for column in ("prior_mean", "shrunk", "posterior_sd"):
        assert_close(
            scaled[column] / factor, base[column], rtol=1e-12, atol=1e-12 * se.max()
        )
    assert_close(
        scaled["tau2"] / factor**2,
        base["tau2"],
        rtol=1e-12,
        atol=1e-12 * se.max() ** 2,
    )


def _ring(n: int) -> SpatialWeights:
    ring = np.roll(np.eye(n), 1, axis=1) + np.roll(np.eye(n), -1, axis=1)
    return SpatialWeights(pd.Index([f"u{i}" for i in range(n)]), sp.csr_array(ring))


@settings(deadline=None, max_examples=60)
@given(problem=_problems(), k=_EXPONENTS)
def test_morans_i_does_not_depend_on_units(
    problem: tuple[np.ndarray, np.ndarray], k: int
) -> None:
    values = problem[0]
    weights = _ring(values.size)
    factor = 10.0**k
    base = morans_i(values, weights, permutations=0)
    scaled = morans_i(values * factor, weights, permutations=0)
    for name in ("statistic", "variance_rand", "z_norm", "z_rand"):
        assert_close(getattr(scaled, name), getattr(base, name), rtol=1e-12, atol=1e-14)
    local = local_morans(values * factor, weights, permutations=0)
    reference = local_morans(values, weights, permutations=0)
    for name in ("statistic", "variance", "variance_conditional", "standardized"):
        assert_close(
            getattr(local, name), getattr(reference, name), rtol=1e-12, atol=1e-14
        )


@pytest.mark.parametrize("k", [-160, 160])
def test_the_issue_examples_at_1e160(k: int) -> None:
    """Exact ranks 1..5, finite shrinkage and Moran's I 0.0571428571 at 1e±160."""
    est = np.array([5.0, 4.0, 3.0, 2.0, 1.0]) * 10.0**k
    se = np.full(5, 0.01) * 10.0**k
    sets = rank_intervals(est, se, rng=1)
    assert sets["rank_low"].tolist() == [1, 2, 3, 4, 5]
    assert sets["rank_high"].tolist() == [1, 2, 3, 4, 5]
    assert top_set(est, se, 2, rng=1).tolist() == [0, 1]
    # At 1e±160 tau² (about 1e±320) has no double: an error names it. At
    # 1e±150 every column is right.
    with pytest.raises(DataError, match=r"between-unit variance tau2 .* about 1e"):
        shrink(est, np.ones(5) * 10.0**k)
    near = 10.0 ** (k - 10 * np.sign(k))
    table = shrink(est / 10.0**k * near, np.ones(5) * near)
    reference = shrink(est / 10.0**k, np.ones(5))
    for column in ("shrunk", "posterior_sd", "prior_mean"):
        assert_close(table[column] / near, reference[column], rtol=1e-12, atol=1e-15)
    values = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]) * 10.0**k
    chain = np.eye(8, k=1) + np.eye(8, k=-1)
    weights = SpatialWeights(pd.Index(list("abcdefgh")), sp.csr_array(chain))
    result = morans_i(values, weights, permutations=0)
    unscaled = morans_i(values / 10.0**k, weights, permutations=0)
    assert result.statistic == pytest.approx(unscaled.statistic, rel=1e-12)


def test_standard_errors_spanning_too_many_orders_are_refused() -> None:
    with pytest.raises(
        DataError,
        match=re.escape(
            "std_errors span more than 150 orders of magnitude (unit 1 has 1e-200, "
            "the largest is 1.0)"
        ),
    ):
        rank_intervals(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1e-200, 1.0]))
    with pytest.raises(
        DataError,
        match=re.escape("estimates are more than 1e150 standard errors from zero"),
    ):
        shrink(np.array([1e200, 2.0, 3.0]), np.ones(3))
    with pytest.raises(DataError, match="tau2 of these estimates is about 1e3"):
        shrink(np.array([1e160, -1e160, 3e160, 0.0]), np.full(4, 1e150))

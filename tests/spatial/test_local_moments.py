"""Exact moments of local Moran's I, against full enumeration of permutations.

For n <= 8 every permutation of the values is enumerated: all n! for total
randomization, the (n - 1)! arrangements of the others for each unit under
conditional randomization. The statistic is computed here from its definition,
``(n - 1) z_i sum_j w_ij z_j / sum_k z_k^2``, independently of the library.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from attraktiv.spatial import SpatialWeights, local_morans


def _statistics(values: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Local Moran's I of every unit, (n - 1)-scaled, for rows of ``values``."""
    n = values.shape[-1]
    z = values - values.mean(axis=-1, keepdims=True)
    total = np.sum(z**2, axis=-1, keepdims=True)
    return np.asarray((n - 1) * z * (z @ matrix.T) / total)


def _weights(n: int, seed: int, row_standardize: bool) -> np.ndarray:
    """A random symmetric contiguity with unequal weights and no island."""
    rng = np.random.default_rng(seed)
    links = np.triu(rng.random((n, n)) < 0.5, 1)
    links |= np.eye(n, k=1, dtype=bool)  # a chain, so nobody is alone
    matrix = np.where(links | links.T, rng.uniform(0.5, 2.0, (n, n)), 0.0)
    matrix = np.triu(matrix, 1) + np.triu(matrix, 1).T
    if row_standardize:
        matrix = matrix / matrix.sum(axis=1, keepdims=True)
    return matrix


@pytest.mark.parametrize(
    ("n", "seed", "row_standardize"),
    [(4, 1, True), (5, 2, False), (6, 3, True), (7, 4, False), (8, 5, True)],
)
def test_moments_equal_full_enumeration(
    n: int, seed: int, row_standardize: bool
) -> None:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(size=n)
    matrix = _weights(n, seed, row_standardize)
    codes = pd.Index([f"u{i}" for i in range(n)])
    weights = SpatialWeights(codes, sp.csr_array(matrix))
    lisa = local_morans(
        pd.Series(values, index=codes),
        weights,
        permutations=0,
        row_standardize=False,
    )
    permuted = values[np.array(list(itertools.permutations(range(n))))]
    every = _statistics(permuted, matrix)
    np.testing.assert_allclose(lisa.statistic, _statistics(values, matrix), rtol=1e-12)
    np.testing.assert_allclose(lisa.expected, every.mean(axis=0), rtol=1e-10)
    np.testing.assert_allclose(lisa.variance, every.var(axis=0), rtol=1e-10)
    for i in range(n):
        keeps = permuted[permuted[:, i] == values[i]]
        assert keeps.shape[0] == np.prod(np.arange(1, n))
        mine = _statistics(keeps, matrix)[:, i]
        assert lisa.expected_conditional.iloc[i] == pytest.approx(
            mine.mean(), rel=1e-10, abs=1e-14
        )
        assert lisa.variance_conditional.iloc[i] == pytest.approx(
            mine.var(), rel=1e-10, abs=1e-14
        )


def test_the_issue_example_expectation_at_six_units() -> None:
    """Row-standardized weights, n = 6: E[I_i] = -1/6, not -1/(n - 1) = -0.2."""
    n = 6
    chain = np.eye(n, k=1) + np.eye(n, k=-1)
    codes = pd.Index(list("abcdef"))
    weights = SpatialWeights(codes, sp.csr_array(chain))
    lisa = local_morans(
        pd.Series([3.0, 1.0, 4.0, 1.5, 5.0, 9.0], index=codes),
        weights,
        permutations=0,
    )
    np.testing.assert_allclose(lisa.expected, np.full(n, -1 / 6), rtol=1e-14)

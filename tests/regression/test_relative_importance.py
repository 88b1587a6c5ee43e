"""Relative importance (LMG) and variance inflation factors beside the engine.

Reference values: statsmodels fits of every subset, statsmodels'
``variance_inflation_factor``, and the Shapley value computed by brute force over all
orderings of the factors.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor

from attraktiv.errors import DataError, ModelError, RankDeficientError
from attraktiv.regression import lmg, shapley_shares, subset_rsquared, vif
from attraktiv.regression.importance import MAX_LMG_FACTORS


def _data(
    seed: int, n: int = 40, k: int = 4, m: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, k))
    x[:, 1] += 0.8 * x[:, 0]  # correlated factors: the shares differ from R² alone
    y = x @ rng.normal(size=(k, m)) + rng.normal(size=(n, m))
    weights = rng.uniform(0.5, 3.0, size=n)
    return x, y, weights


def _statsmodels_rsquared(
    x: np.ndarray, y: np.ndarray, columns: list[int], weights: np.ndarray | None
) -> float:
    exog = sm.add_constant(x[:, columns]) if columns else np.ones((len(y), 1))
    if weights is None:
        fit = sm.OLS(y, exog).fit()
    else:
        fit = sm.WLS(y, exog, weights=weights).fit()
    return 0.0 if not columns else float(fit.rsquared)


@pytest.mark.parametrize("weighted", [False, True])
def test_subset_rsquared_matches_statsmodels(weighted: bool) -> None:
    x, y, w = _data(1)
    weights = w if weighted else None
    r2 = subset_rsquared(x, y, weights)
    k = x.shape[1]
    assert r2.shape == (2**k, y.shape[1])
    for mask in range(2**k):
        columns = [j for j in range(k) if mask >> j & 1]
        for outcome in range(y.shape[1]):
            expected = _statsmodels_rsquared(x, y[:, outcome], columns, weights)
            assert r2[mask, outcome] == pytest.approx(expected, abs=1e-13)


def _brute_force_shapley(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The average over all orderings of each factor's increment in R²."""
    k = x.shape[1]
    cache: dict[frozenset[int], float] = {}

    def r2(subset: frozenset[int]) -> float:
        if subset not in cache:
            cache[subset] = _statsmodels_rsquared(x, y, sorted(subset), None)
        return cache[subset]

    shares = np.zeros(k)
    for order in itertools.permutations(range(k)):
        before: frozenset[int] = frozenset()
        for j in order:
            shares[j] += r2(before | {j}) - r2(before)
            before = before | {j}
    return shares / math.factorial(k)


def test_lmg_equals_brute_force_shapley() -> None:
    x, y, _ = _data(2, k=4, m=1)
    shares = lmg(x, y)
    np.testing.assert_allclose(
        shares[:, 0], _brute_force_shapley(x, y[:, 0]), rtol=0, atol=1e-13
    )
    full = sm.OLS(y[:, 0], sm.add_constant(x)).fit().rsquared
    assert shares.sum() == pytest.approx(full, abs=1e-13)


def test_lmg_is_shapley_shares_of_subset_rsquared_for_every_outcome() -> None:
    x, y, w = _data(3, m=3)
    together = lmg(x, y, w)
    for outcome in range(3):
        alone = shapley_shares(subset_rsquared(x, y[:, outcome], w))
        np.testing.assert_allclose(together[:, outcome], alone[:, 0], atol=1e-14)


@pytest.mark.parametrize("weighted", [False, True])
def test_vif_matches_statsmodels(weighted: bool) -> None:
    x, _, w = _data(4, k=5)
    if weighted:
        # statsmodels' VIF is unweighted: fit the data weighted least squares
        # fits, sqrt(w) * (x - weighted mean), on the others and sqrt(w) (the
        # weighted intercept); the weighted R² has the weighted centred total.
        share = w / w.sum()
        root = np.sqrt(w)
        exog = np.column_stack([root, (x - share @ x) * root[:, None]])
        got = vif(x, w)
        for j in range(x.shape[1]):
            others = np.delete(exog, j + 1, axis=1)
            fit = sm.OLS(exog[:, j + 1], others).fit()
            centred = exog[:, j + 1]
            r2 = 1.0 - fit.ssr / float(centred @ centred)
            assert got[j] == pytest.approx(1.0 / (1.0 - r2), rel=1e-12)
        return
    exog = sm.add_constant(x)
    expected = [variance_inflation_factor(exog, j + 1) for j in range(x.shape[1])]
    np.testing.assert_allclose(vif(x), expected, rtol=1e-12)


def test_vif_of_one_factor_is_one() -> None:
    x = np.random.default_rng(5).normal(size=(10, 1))
    assert vif(x).tolist() == [1.0]


def test_dataframe_input_names_the_collinear_factors() -> None:
    x, y, _ = _data(6, k=3, m=1)
    frame = pd.DataFrame(x, columns=["jobs", "size", "age"])
    frame["twice_jobs"] = 2.0 * frame["jobs"]
    with pytest.raises(RankDeficientError) as caught:
        lmg(frame, y)
    assert caught.value.columns == ("jobs", "twice_jobs")
    assert caught.value.rank == 4
    with pytest.raises(RankDeficientError) as caught:
        vif(frame)
    assert caught.value.columns == ("jobs", "twice_jobs")


def test_bad_input_is_refused_with_the_engine_errors() -> None:
    x, y, _ = _data(7, k=2, m=1)
    x[3, 1] = np.nan
    with pytest.raises(
        DataError,
        match=re.escape("column 'b' has a missing or infinite value at row 3"),
    ):
        subset_rsquared(x, y, names=["a", "b"])
    with pytest.raises(
        ModelError,
        match=re.escape(
            "x has 3 rows for 2 factors: each factor's regression on the others and "
            "an intercept needs at least 4"
        ),
    ):
        vif(np.arange(6.0).reshape(3, 2) ** [1, 2])
    with pytest.raises(
        DataError, match=re.escape("names must give one name per column of x (2)")
    ):
        vif(np.ones((5, 2)), names=["only"])


def test_too_many_factors_for_relative_importance() -> None:
    k = MAX_LMG_FACTORS + 1
    with pytest.raises(
        ModelError,
        match=re.escape(
            f"relative importance fits 2^k - 1 models; with {k} factors that is "
            f"{2**k - 1:,}. It is limited to {MAX_LMG_FACTORS} factors"
        ),
    ):
        lmg(np.zeros((40, k)), np.zeros(40))


@pytest.mark.parametrize("shape", [(3, 1), (1, 1)])
def test_shapley_shares_needs_one_row_per_subset(shape: tuple[int, ...]) -> None:
    with pytest.raises(
        DataError,
        match=re.escape(
            "r2 must have 2**k rows (one per subset of k factors) and one column "
            f"per outcome, not shape {shape}"
        ),
    ):
        shapley_shares(np.zeros(shape))

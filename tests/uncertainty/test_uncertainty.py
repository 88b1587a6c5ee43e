"""Rank confidence sets and shrinkage of estimates with standard errors."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtri

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, InvalidOptionError
from attraktiv.uncertainty import (
    _ranks,
    rank_intervals,
    shrink,
    shrunk_ranking,
    top_set,
)
from attraktiv.uncertainty._ranks import critical_values, max_abs_t
from helpers import assert_close


@pytest.fixture(scope="module")
def norway_result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")


# --- rank confidence sets ------------------------------------------------------------


def test_two_units_critical_value_is_the_normal_quantile() -> None:
    # max over one pair of |Z1 - Z2| / sqrt(s1² + s2²) is |N(0, 1)|
    se = np.array([0.7, 1.9])
    c = critical_values(
        se,
        level=0.95,
        simultaneous=False,
        draws=40_000,
        generator=np.random.default_rng(3),
    )
    assert_close(c, np.full(2, ndtri(0.975)), rtol=0.02)


def test_two_units_separated_only_beyond_the_critical_value() -> None:
    se = np.array([1.0, 1.0])
    far = rank_intervals([2.2 * np.sqrt(2), 0.0], se, rng=1, draws=20_000)
    near = rank_intervals([1.7 * np.sqrt(2), 0.0], se, rng=1, draws=20_000)
    assert far["rank_low"].tolist() == [1, 2]
    assert far["rank_high"].tolist() == [1, 2]
    assert near["rank_low"].tolist() == [1, 1]
    assert near["rank_high"].tolist() == [2, 2]


def _max_abs_t_directly(se: np.ndarray, draws: int, seed: int) -> np.ndarray:
    errors = np.random.default_rng(seed).standard_normal((draws, se.size)) * se
    scale = 1 / np.sqrt(se[:, None] ** 2 + se[None, :] ** 2)
    np.fill_diagonal(scale, 0.0)
    return (np.abs(errors[:, :, None] - errors[:, None, :]) * scale).max(axis=2)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 60),
    distinct=st.integers(1, 60),
    tabulated=st.booleans(),
)
def test_max_abs_t_matches_all_pairs(
    seed: int, n: int, distinct: int, tabulated: bool
) -> None:
    # only the running-maximum records are compared; ties in the errors included
    rng = np.random.default_rng(seed)
    se = rng.choice(rng.uniform(0.05, 3.0, distinct), n)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranks, "_TABLE_UNITS", 2048 if tabulated else 0)
        fast = max_abs_t(se, 50, np.random.default_rng(seed))
    assert_close(fast, _max_abs_t_directly(se, 50, seed), rtol=1e-13)


def test_well_separated_estimates_have_exact_ranks() -> None:
    estimates = pd.Series([5.0, 1.0, 3.0, -2.0], index=["a", "b", "c", "d"])
    sets = rank_intervals(estimates, np.full(4, 0.01), rng=0)
    assert sets.index.tolist() == ["a", "b", "c", "d"]
    assert sets["rank"].tolist() == [1, 3, 2, 4]
    assert (sets["rank_low"] == sets["rank"]).all()
    assert (sets["rank_high"] == sets["rank"]).all()


def test_simultaneous_sets_contain_marginal_ones(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    se = norway_result.std_errors()["std_error"]
    marginal = rank_intervals(norway_result.index, se, rng=9, draws=500)
    joint = rank_intervals(norway_result.index, se, rng=9, draws=500, simultaneous=True)
    assert (joint["rank_low"] <= marginal["rank_low"]).all()
    assert (joint["rank_high"] >= marginal["rank_high"]).all()
    assert (marginal["rank_low"] <= marginal["rank"]).all()
    assert (marginal["rank"] <= marginal["rank_high"]).all()
    assert (marginal["rank_low"] < marginal["rank_high"]).any()


def test_same_seed_same_sets_and_generator_accepted() -> None:
    rng = np.random.default_rng(0)
    est, se = rng.normal(size=50), rng.uniform(0.2, 2, 50)
    first = rank_intervals(est, se, rng=123, draws=300)
    again = rank_intervals(est, se, rng=np.random.default_rng(123), draws=300)
    pd.testing.assert_frame_equal(first, again)


@settings(max_examples=25, deadline=None)
@given(
    scale=st.floats(0.01, 100.0),
    shift=st.floats(-50.0, 50.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_sets_do_not_depend_on_units_of_measure(
    scale: float, shift: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    est = rng.normal(size=30) * 2
    se = rng.uniform(0.3, 1.5, 30)
    base = rank_intervals(est, se, rng=seed, draws=200)
    moved = rank_intervals(est * scale + shift, se * scale, rng=seed, draws=200)
    # the scaled problem can only differ where a ratio lies within rounding of c
    assert (base != moved).to_numpy().sum() <= 2


def _overlap_reference(
    est: np.ndarray, se: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    n = est.size
    c = ndtri((1 + level ** (1 / n)) / 2)
    lower, upper = est - c * se, est + c * se
    low = np.array([1 + sum(lower[k] > upper[j] for k in range(n)) for j in range(n)])
    high = np.array([n - sum(upper[k] < lower[j] for k in range(n)) for j in range(n)])
    return low, high


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40))
def test_overlap_method_matches_pairwise_comparison(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    est, se = rng.normal(size=n) * 3, rng.uniform(0.1, 2.0, n)
    sets = rank_intervals(est, se, method="overlap")
    low, high = _overlap_reference(est, se, 0.95)
    assert sets["rank_low"].tolist() == low.tolist()
    assert sets["rank_high"].tolist() == high.tolist()
    # permuting the units permutes the sets
    order = rng.permutation(n)
    permuted = rank_intervals(est[order], se[order], method="overlap")
    assert permuted["rank_low"].tolist() == low[order].tolist()


def test_overlap_method_handles_100000_units() -> None:
    rng = np.random.default_rng(4)
    est, se = rng.normal(size=100_000), rng.uniform(0.05, 0.5, 100_000)
    sets = rank_intervals(est, se, method="overlap")
    assert (sets["rank_low"] <= sets["rank"]).all()
    assert (sets["rank"] <= sets["rank_high"]).all()
    top = top_set(est, se, 10, method="overlap")
    assert set(np.argsort(-est)[:10]) <= set(top)


def test_top_set_is_the_units_whose_simultaneous_lower_bound_is_within_tau(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    se = norway_result.std_errors()["std_error"]
    index = norway_result.index
    joint = rank_intervals(index, se, rng=5, draws=500, simultaneous=True)
    chosen = top_set(index, se, 20, rng=5, draws=500)
    assert set(chosen) == set(joint.index[joint["rank_low"] <= 20])
    assert len(chosen) >= 20
    assert index[chosen].is_monotonic_decreasing
    assert chosen[0] == "0235"


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.2, "0.95", True])
def test_bad_level(level: object) -> None:
    message = (
        f"level={level!r} is not valid; it must be a number between 0 and 1, "
        "such as 0.95"
    )
    with pytest.raises(InvalidOptionError, match=re.escape(message)):
        rank_intervals([1.0, 2.0], [1.0, 1.0], level=level)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("se", "message"),
    [
        ([1.0, 0.0, 1.0], "std_errors must be positive and finite; unit 1 has 0.0"),
        ([1.0, 1.0, -2.0], "std_errors must be positive and finite; unit 2 has -2.0"),
        ([np.nan, 1, 1], "std_errors must be positive and finite; unit 0 has nan"),
        ([1.0, 1.0], "std_errors must have one value per unit: got 2 for 3 estimates"),
    ],
)
def test_bad_std_errors(se: list[float], message: str) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        rank_intervals([1.0, 2.0, 3.0], se)


def test_std_errors_must_match_the_units() -> None:
    estimates = pd.Series([1.0, 2.0, 3.0], index=["0101", "0104", "0105"])
    se = pd.Series([1.0, 1.0, 1.0], index=["0101", "0104", "9999"])
    message = (
        "std_errors do not match the units of estimates: missing for '0105'; "
        "given for units without an estimate: '9999'"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        rank_intervals(estimates, se)
    # the same units in another order are aligned, not refused
    shuffled = pd.Series([3.0, 1.0, 2.0], index=["0105", "0101", "0104"])
    sets = rank_intervals(estimates, shuffled / 100, rng=0)
    assert sets["rank_low"].tolist() == [3, 2, 1]


def test_bad_estimates() -> None:
    with pytest.raises(
        DataError,
        match=re.escape("estimates must be finite; not for unit 1 (value inf)"),
    ):
        rank_intervals([1.0, np.inf], [1.0, 1.0])
    with pytest.raises(DataError, match="at least 2 units"):
        rank_intervals([1.0], [1.0])


@pytest.mark.parametrize("tau", [0, 4, -1, 1.5, True])
def test_bad_tau(tau: object) -> None:
    message = (
        f"tau={tau!r} is not valid; it must be a whole number from 1 to 3 "
        "(the number of units)"
    )
    with pytest.raises(InvalidOptionError, match=re.escape(message)):
        top_set([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], tau)  # type: ignore[arg-type]


def test_bad_options() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("draws=10 is not valid; it must be at least 100"),
    ):
        rank_intervals([1.0, 2.0], [1.0, 1.0], draws=10)
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "method='exact' is not valid; choose one of 'bootstrap', 'overlap'"
        ),
    ):
        rank_intervals([1.0, 2.0], [1.0, 1.0], method="exact")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("simultaneous='yes' is not valid; give True or False"),
    ):
        rank_intervals([1.0, 2.0], [1.0, 1.0], simultaneous="yes")  # type: ignore[arg-type]


def test_bootstrap_refuses_very_many_units() -> None:
    n = 10_001
    message = (
        "method='bootstrap' compares every pair of units and is limited to 10,000 "
        "units; got 10,001. Use method='overlap'"
    )
    with pytest.raises(InvalidOptionError, match=re.escape(message)):
        rank_intervals(np.zeros(n), np.ones(n))


# --- shrinkage ----------------------------------------------------------------------


def test_shrink_with_equal_errors_has_the_closed_form() -> None:
    rng = np.random.default_rng(6)
    est = rng.normal(0, 2.0, 200)
    table = shrink(est, np.full(200, 1.0), lost_degrees=2)
    tau2 = np.sum(est**2) / (200 - 2) - 1.0
    assert table["tau2"].iloc[0] == pytest.approx(tau2, rel=1e-9)
    assert_close(table["shrunk"], est * tau2 / (tau2 + 1.0), rtol=1e-9)
    assert_close(
        table["posterior_sd"], np.full(200, np.sqrt(tau2 / (tau2 + 1))), rtol=1e-9
    )


def test_shrink_toward_parents_with_equal_errors() -> None:
    rng = np.random.default_rng(7)
    groups = np.repeat(np.arange(20), 6)
    est = rng.normal(0, 1.0, 20)[groups] + rng.normal(0, 1.5, 120)
    labels = pd.Index([f"u{i}" for i in range(120)])
    parents = pd.Series(groups, index=labels).iloc[::-1]
    table = shrink(pd.Series(est, index=labels), np.full(120, 1.0), parents=parents)
    means = pd.Series(est).groupby(groups).transform("mean").to_numpy()
    tau2 = np.sum((est - means) ** 2) / (120 - 20) - 1.0
    assert table["tau2"].iloc[0] == pytest.approx(tau2, rel=1e-9)
    assert_close(table["prior_mean"], means, rtol=1e-9, atol=1e-12)
    assert_close(table["shrunk"], means + tau2 / (tau2 + 1) * (est - means), rtol=1e-9)


def test_shrink_all_the_way_when_no_spread_remains() -> None:
    table = shrink([0.1, -0.1, 0.05], [1.0, 1.0, 1.0])
    assert table["tau2"].iloc[0] == 0.0
    assert (table["shrunk"] == 0.0).all()


def test_shrinkage_reduces_error_on_simulated_truth() -> None:
    rng = np.random.default_rng(21)
    theta = rng.normal(0, 1.0, 2000)
    se = np.exp(rng.normal(0, 0.7, 2000))
    est = theta + se * rng.standard_normal(2000)
    table = shrink(est, se)
    assert table["tau2"].iloc[0] == pytest.approx(1.0, rel=0.15)
    raw = np.mean((est - theta) ** 2)
    shrunk = np.mean((table["shrunk"].to_numpy() - theta) ** 2)
    assert shrunk < 0.6 * raw
    # posterior intervals cover the truth at about their level
    inside = np.abs(table["shrunk"] - theta) <= 1.96 * table["posterior_sd"]
    assert inside.mean() == pytest.approx(0.95, abs=0.02)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(5, 80),
    scale=st.floats(0.01, 100.0),
)
def test_shrink_moves_each_estimate_toward_the_prior_and_scales(
    seed: int, n: int, scale: float
) -> None:
    rng = np.random.default_rng(seed)
    est = rng.normal(0, 2.0, n)
    se = rng.uniform(0.2, 3.0, n)
    table = shrink(est, se)
    weight = table["shrinkage"].to_numpy()
    assert ((weight >= 0) & (weight <= 1)).all()
    shrunk = table["shrunk"].to_numpy()
    assert (np.abs(shrunk) <= np.abs(est) + 1e-12).all()
    assert (np.sign(shrunk) * np.sign(est) >= 0).all()
    scaled = shrink(est * scale, se * scale)
    assert_close(scaled["shrinkage"], weight, rtol=1e-7, atol=1e-9)
    assert_close(scaled["shrunk"], shrunk * scale, rtol=1e-7, atol=1e-9 * scale)


def test_shrunk_ranking_ranks_by_the_shrunk_estimate() -> None:
    est = pd.Series([4.0, 4.0, -1.0, 0.5, -3.5], index=list("abcde"))
    se = pd.Series([4.0, 0.5, 1.0, 1.0, 1.0], index=list("abcde"))
    table = shrunk_ranking(est, se)
    shrunk = shrink(est, se)
    # the precise 4.0 stays near 4, the noisy one is pulled below the 0.5
    assert table.index.tolist() == ["b", "a", "d", "c", "e"]
    assert table["rank_shrunk"].tolist() == [1, 2, 3, 4, 5]
    # tied estimates share the better rank, as in the published tables
    assert table["rank"].to_dict() == {"a": 1, "b": 1, "c": 4, "d": 3, "e": 5}
    pd.testing.assert_frame_equal(
        table.drop(columns=["rank", "rank_shrunk"]), shrunk.loc[table.index]
    )
    # among: the shrinkage from all units, the ranks among those kept
    kept = shrunk_ranking(
        est, se, among=pd.Series([True, False, True, True, True], index=list("abcde"))
    )
    assert kept.index.tolist() == ["a", "d", "c", "e"]
    assert kept["rank"].tolist() == [1, 2, 3, 4]
    assert kept["rank_shrunk"].tolist() == [1, 2, 3, 4]
    assert_close(kept["shrunk"], shrunk.loc[kept.index, "shrunk"], rtol=0)


def test_shrunk_ranking_bad_input() -> None:
    est, se = np.array([1.0, 2.0, 3.0]), np.ones(3)
    with pytest.raises(
        DataError,
        match=re.escape(
            "among must be one True or False per unit (3), got dtype int64"
        ),
    ):
        shrunk_ranking(est, se, among=np.array([1, 0, 1]))
    with pytest.raises(
        DataError,
        match=re.escape(
            "among must hold one True or False per unit; unit 'c' has none"
        ),
    ):
        shrunk_ranking(
            pd.Series(est, index=list("abc")),
            se,
            among=pd.Series([True, True], index=list("ab")),
        )
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "shrunk_ranking got the keyword 'min_population', which only a fitted "
            "index takes"
        ),
    ):
        shrunk_ranking(est, se, min_population=1000)
    with pytest.raises(DataError, match=re.escape("shrunk_ranking needs std_errors")):
        shrunk_ranking(est)

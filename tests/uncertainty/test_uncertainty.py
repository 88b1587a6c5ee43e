"""Standard errors of the index, rank confidence sets and shrinkage."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import digamma, ndtri

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, InvalidOptionError, ModelError, PeriodError
from attraktiv.uncertainty import (
    _ranks,
    gross_migration,
    index_std_errors,
    rank_intervals,
    residual_variance_function,
    result_rank_intervals,
    result_top_set,
    shrink,
    shrunk_ranking,
    top_set,
)
from attraktiv.uncertainty._ranks import critical_values, max_abs_t
from attraktiv.uncertainty._standard_errors import _leverage
from helpers import assert_close


@pytest.fixture(scope="module")
def norway_result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")


def _table(
    n: int, rng: np.random.Generator, *, tau: float, kappa: float
) -> pd.DataFrame:
    """A period table whose index has variance tau² + kappa / population."""
    population = np.exp(rng.uniform(np.log(300), np.log(200_000), n))
    job_growth = rng.normal(2.0, 5.0, n)
    noise = rng.normal(0, tau, n) + rng.normal(0, 1, n) * np.sqrt(kappa / population)
    codes = pd.Index([f"{i:04d}" for i in range(n)], name="code")
    return pd.DataFrame(
        {
            "name": [f"unit {c}" for c in codes],
            "population_start": population,
            "net_migration": 0.5 + 0.3 * job_growth + noise,
            "job_growth": job_growth,
        },
        index=codes,
    )


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
    se = index_std_errors(norway_result)["std_error"]
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
    se = index_std_errors(norway_result)["std_error"]
    index = norway_result.index
    joint = rank_intervals(index, se, rng=5, draws=500, simultaneous=True)
    chosen = top_set(index, se, 20, rng=5, draws=500)
    assert set(chosen) == set(joint.index[joint["rank_low"] <= 20])
    assert len(chosen) >= 20
    assert index[chosen].is_monotonic_decreasing
    assert chosen[0] == "0235"


def test_result_rank_intervals_labels_and_orders_by_rank(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    sets = result_rank_intervals(norway_result, rng=2, draws=300)
    assert list(sets.columns) == [
        "name",
        "rank",
        "rank_low",
        "rank_high",
        "attractiveness",
        "std_error",
        "method",
    ]
    assert sets.index[:2].tolist() == ["0235", "1516"]
    assert sets["rank"].is_monotonic_increasing
    assert set(sets["method"]) == {"residual-floor"}
    ranking = norway_result.ranking()
    pd.testing.assert_series_equal(
        sets["rank"], ranking["rank"].reindex(sets.index), check_names=False
    )
    top = result_top_set(norway_result, 3, rng=2, draws=300)
    assert top.index[0] == "0235"
    assert top["rank"].is_monotonic_increasing


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


# --- standard errors ----------------------------------------------------------------


def test_expected_part_is_the_fitted_values_standard_error(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    table = norway_result.source
    fit = sm.OLS(table["net_migration"], sm.add_constant(table["job_growth"])).fit()
    se_mean = fit.get_prediction().se_mean
    errors = index_std_errors(norway_result)
    assert_close(errors["std_error_expected"], se_mean, rtol=1e-10)
    assert_close(
        errors["std_error"] ** 2,
        errors["std_error_sampling"] ** 2 + errors["std_error_expected"] ** 2,
        rtol=1e-12,
    )


def test_counts_standard_errors_follow_the_poisson_formula(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    table = norway_result.source
    gross = pd.Series(0.2 * table["population_start"].to_numpy(), index=table.index)
    errors = index_std_errors(norway_result, gross_flows=gross.iloc[::-1])
    expected = 100 * np.sqrt(gross) / table["population_start"]
    assert_close(errors["std_error_sampling"], expected, rtol=1e-12)
    assert set(errors["method"]) == {"counts"}


def test_gross_flows_from_the_period_table_in_percent() -> None:
    table = _table(120, np.random.default_rng(8), tau=1.0, kappa=3000.0)
    table["in_migration"] = 14.0
    table["out_migration"] = 11.0
    result = attraktiv.AttractivenessModel().fit_table(
        table, period="2008-2010", level="municipality"
    )
    from_table = index_std_errors(result)
    counts = pd.Series(0.25 * table["population_start"], index=table.index)
    pd.testing.assert_frame_equal(
        from_table, index_std_errors(result, gross_flows=counts)
    )


def _gross_panel() -> attraktiv.Panel:
    codes = ["0101", "0102", "0103", "0201", "0202", "0203"]
    geo = attraktiv.Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": codes,
                "region_code": ["R1"] * 3 + ["R2"] * 3,
                "county_code": ["01"] * 3 + ["02"] * 3,
            }
        )
    )
    rng = np.random.default_rng(3)
    rows = []
    for i, code in enumerate(codes):
        for year in (2012, 2013, 2014):
            people = 1000.0 * (i + 1)
            moving_in, moving_out = rng.poisson(0.1 * people, 2).astype(float)
            rows.append(
                {
                    "code": code,
                    "year": year,
                    "population_jan1": people,
                    "in_migration": moving_in,
                    "out_migration": moving_out,
                    "jobs": 400.0 * (i + 1) + 7 * (year - 2012) * (i - 2),
                }
            )
    return attraktiv.Panel(pd.DataFrame(rows), geo)


def test_gross_migration_sums_flows_over_the_period_and_members() -> None:
    panel = _gross_panel()
    data = panel.data
    years = data["year"].isin([2013, 2014])
    moves = (data["in_migration"] + data["out_migration"])[years]
    expected = moves.groupby(data.loc[years, "code"]).sum()
    gross = gross_migration(panel, "2013-2014")
    assert gross.name == "gross_migration"
    assert_close(gross, expected.reindex(gross.index), rtol=1e-15)
    regions = gross_migration(panel, "2013-2014", level="region")
    assert regions.index.tolist() == ["R1", "R2"]
    assert_close(
        regions, [expected.iloc[:3].sum(), expected.iloc[3:].sum()], rtol=1e-15
    )
    result = attraktiv.AttractivenessModel().fit(panel, "2013-2014")
    errors = result_std = index_std_errors(result, gross_flows=gross)
    population = result.source["population_start"]
    assert_close(
        result_std["std_error_sampling"], 100 * np.sqrt(gross) / population, rtol=1e-12
    )
    assert set(errors["method"]) == {"counts"}


def _net_only_panel() -> attraktiv.Panel:
    panel = _gross_panel()
    data = panel.data
    data["net_migration"] = data["in_migration"] - data["out_migration"]
    data = data.drop(columns=["in_migration", "out_migration"])
    return attraktiv.Panel(data, panel.hierarchy)


def test_gross_migration_bad_input() -> None:
    with pytest.raises(
        DataError,
        match=re.escape(
            "the panel has no gross flows; it needs columns in_migration and "
            "out_migration"
        ),
    ):
        gross_migration(_net_only_panel(), "2013-2014")
    with pytest.raises(
        PeriodError,
        match=re.escape(
            "the panel has no data for 2010 of 2010-2012; it covers 2012-2014"
        ),
    ):
        gross_migration(_gross_panel(), "2010-2012")


def test_bad_gross_flows(norway_result: attraktiv.AttractivenessResult) -> None:
    codes = norway_result.source.index
    short = pd.Series(100.0, index=codes[1:])
    with pytest.raises(
        DataError, match=re.escape("gross_flows has no value for unit '0101'")
    ):
        index_std_errors(norway_result, gross_flows=short)
    negative = pd.Series(100.0, index=codes)
    negative["0104"] = -3.0
    with pytest.raises(
        DataError,
        match=re.escape(
            "gross_flows must be counts of persons (finite, >= 0); unit '0104' has -3.0"
        ),
    ):
        index_std_errors(norway_result, gross_flows=negative)
    with pytest.raises(DataError, match="must be a pandas Series"):
        index_std_errors(norway_result, gross_flows=[1.0] * 426)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError, match=re.escape("variance_model='log' is not valid")
    ):
        index_std_errors(norway_result, variance_model="log")  # type: ignore[arg-type]


def test_leverage_matches_statsmodels(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    table = norway_result.source
    x = sm.add_constant(table["job_growth"]).to_numpy()
    hat = sm.OLS(table["net_migration"], x).fit().get_influence().hat_matrix_diag
    assert_close(_leverage(x, np.ones(len(x))), hat, rtol=1e-10)


def test_floor_variance_function_recovers_the_truth() -> None:
    table = _table(4000, np.random.default_rng(17), tau=1.5, kappa=4000.0)
    result = attraktiv.AttractivenessModel().fit_table(
        table, period="2008-2010", level="municipality"
    )
    params = residual_variance_function(result).params
    assert params["tau2"] == pytest.approx(2.25, rel=0.1)
    assert params["kappa"] == pytest.approx(4000.0, rel=0.1)


def test_floor_fit_is_a_weighted_least_squares_fixed_point(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    params = residual_variance_function(norway_result).params
    table = norway_result.source
    x = sm.add_constant(table["job_growth"]).to_numpy()
    hat = sm.OLS(table["net_migration"], x).fit().get_influence().hat_matrix_diag
    squared = norway_result.index.to_numpy() ** 2 / (1 - hat)
    inverse = 1 / table["population_start"].to_numpy()
    weights = 1 / (params["tau2"] + params["kappa"] * inverse) ** 2
    wls = sm.WLS(squared, sm.add_constant(inverse), weights=weights).fit()
    assert_close(wls.params, [params["tau2"], params["kappa"]], rtol=1e-6)


def test_power_variance_function_corrects_the_log_bias(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    params = residual_variance_function(norway_result, "power").params
    table = norway_result.source
    x = sm.add_constant(table["job_growth"]).to_numpy()
    hat = sm.OLS(table["net_migration"], x).fit().get_influence().hat_matrix_diag
    squared = norway_result.index.to_numpy() ** 2 / (1 - hat)
    fit = sm.OLS(
        np.log(squared), sm.add_constant(np.log(table["population_start"]))
    ).fit()
    assert params["gamma"] == pytest.approx(-fit.params.iloc[1], rel=1e-10)
    assert params["a"] == pytest.approx(
        np.exp(fit.params.iloc[0] - digamma(0.5) - np.log(2)), rel=1e-10
    )
    errors = index_std_errors(norway_result, variance_model="power")
    assert set(errors["method"]) == {"residual-power"}


def test_variance_that_does_not_fall_with_population_is_refused() -> None:
    table = _table(300, np.random.default_rng(2), tau=1.0, kappa=0.0)
    # make the small units the quiet ones
    order = np.argsort(table["population_start"].to_numpy())
    table.iloc[order[:150], table.columns.get_loc("net_migration")] = (
        0.5 + 0.3 * table["job_growth"].iloc[order[:150]]
    )
    result = attraktiv.AttractivenessModel().fit_table(
        table, period="2008-2010", level="municipality"
    )
    with pytest.raises(ModelError, match="does not fall with population"):
        index_std_errors(result)


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


def test_shrunk_ranking_on_norway(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    table = shrunk_ranking(norway_result)
    assert table["rank_shrunk"].is_monotonic_increasing
    assert table["shrunk"].is_monotonic_decreasing
    assert len(table) == 426
    # small places move most: Træna and Vevelstad (under 500 residents) fall
    assert table.loc["0235", "rank_shrunk"] == 1
    assert table.loc["1835", "rank"] == 5
    assert table.loc["1835", "rank_shrunk"] > 50
    assert table.loc["1835", "shrinkage"] > table.loc["0235", "shrinkage"]
    kept = shrunk_ranking(norway_result, min_population=1000)
    assert (kept["population_start"] >= 1000).all()
    assert sorted(kept["rank"]) == list(range(1, len(kept) + 1))
    assert "1835" not in kept.index
    # the shrinkage itself was estimated on every unit
    assert_close(kept["shrunk"], table.loc[kept.index, "shrunk"], rtol=1e-12)
    parents = load_norway().hierarchy.mapping("municipality", "region")
    by_region = shrunk_ranking(norway_result, toward="parent", parents=parents)
    assert by_region.loc["0235", "rank_shrunk"] == 1


def test_shrunk_ranking_bad_options(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    with pytest.raises(
        InvalidOptionError, match=re.escape("toward='parent' needs parents")
    ):
        shrunk_ranking(norway_result, toward="parent")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("toward='region' is not valid; choose one of 'zero', 'parent'"),
    ):
        shrunk_ranking(norway_result, toward="region")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError, match=re.escape("min_population=-5 is not valid")
    ):
        shrunk_ranking(norway_result, min_population=-5)
    parents = pd.Series("3001", index=norway_result.source.index[1:])
    with pytest.raises(
        DataError, match=re.escape("parents has no parent for unit '0101'")
    ):
        shrunk_ranking(norway_result, toward="parent", parents=parents)


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


def test_result_methods_delegate_to_the_functions(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    pd.testing.assert_frame_equal(
        norway_result.std_errors(variance_model="power"),
        index_std_errors(norway_result, variance_model="power"),
    )
    pd.testing.assert_frame_equal(
        norway_result.rank_intervals(0.9, True, draws=300, rng=4),
        result_rank_intervals(norway_result, 0.9, True, draws=300, rng=4),
    )
    pd.testing.assert_frame_equal(
        norway_result.top_set(3, 0.8, draws=300, rng=4),
        result_top_set(norway_result, 3, 0.8, draws=300, rng=4),
    )
    pd.testing.assert_frame_equal(
        norway_result.shrunk(min_population=1000),
        shrunk_ranking(norway_result, min_population=1000),
    )
    with pytest.raises(InvalidOptionError, match=re.escape("level=2 is not valid")):
        norway_result.rank_intervals(2)

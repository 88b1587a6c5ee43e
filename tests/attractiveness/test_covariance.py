"""Standard errors of the index: from gross flows, or a variance function."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import digamma

import attraktiv
from attraktiv.attractiveness import (
    gross_migration,
    index_std_errors,
    residual_variance_function,
)
from attraktiv.attractiveness.covariance import _leverage
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, InvalidOptionError, ModelError, PeriodError
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


# --- from counts and from residuals ----------------------------------------


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

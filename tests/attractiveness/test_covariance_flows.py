"""Standard errors from real gross flows (SSB, 2013-2014) against residual-based ones.

The bundled panel carries net migration only. Its 2013-2014 index (2017 borders, 426
municipalities) is compared with the real gross flows of those years in
``tests/data/uncertainty`` (2013/2014 borders, 428 codes): 0706, 0719 and 0720 merged
into 0710 Sandefjord in 2017 and are summed into it (moves between the three then
count as moves in and out, a slight overstatement for that one unit); every other code
is the same in both.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.attractiveness import index_std_errors, residual_variance_function
from attraktiv.datasets import load_norway

FLOWS = Path(__file__).parents[1] / "data" / "uncertainty" / "flows_2013_2014.csv"
MERGED_2017 = {"0706": "0710", "0719": "0710", "0720": "0710"}


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    data = pd.read_csv(FLOWS, dtype={"code": str})
    data = data[data["group"] == "all"]
    data = data.assign(code=data["code"].replace(MERGED_2017))
    columns = ["immigration", "emigration", "domestic_in", "domestic_out"]
    return data.groupby("code")[columns].sum()


@pytest.fixture(scope="module")
def result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(load_norway(), "2013-2014")


def _gross(flows: pd.DataFrame) -> pd.Series:
    return flows.sum(axis=1)


def test_codes_match_after_the_2017_merger(
    flows: pd.DataFrame, result: attraktiv.AttractivenessResult
) -> None:
    assert set(flows.index) == set(result.source.index)


def test_flows_agree_with_the_panel_net_migration(
    flows: pd.DataFrame, result: attraktiv.AttractivenessResult
) -> None:
    table = result.source
    net = flows["immigration"] - flows["emigration"]
    net = net + flows["domestic_in"] - flows["domestic_out"]
    rate = 100 * net.reindex(table.index) / table["population_start"]
    gap = (rate - table["net_migration"]).abs()
    # registers revised after the flow tables were made, and border adjustments
    assert gap.median() < 0.05
    assert (gap < 0.5).mean() > 0.98


def test_counts_against_residual_standard_errors(
    flows: pd.DataFrame, result: attraktiv.AttractivenessResult
) -> None:
    table = result.source
    population = table["population_start"]
    counts = index_std_errors(result, gross_flows=_gross(flows))
    residual = index_std_errors(result)
    assert set(counts["method"]) == {"counts"}
    assert set(residual["method"]) == {"residual-floor"}
    # Poisson counts: the sampling error falls as population^-0.5 (turnover is
    # close to proportional to the population)
    slope = np.polyfit(np.log(population), np.log(counts["std_error_sampling"]), 1)[0]
    assert -0.55 < slope < -0.45
    # The residuals' variance function has the same 1/population form; its noise
    # is larger than Poisson's (families move together), by less than 3 times.
    kappa_counts = float(np.median(counts["std_error_sampling"] ** 2 * population))
    kappa_residual = residual_variance_function(result).params["kappa"]
    assert 1.0 < kappa_residual / kappa_counts < 3.0
    ratio = residual["std_error"] / counts["std_error"]
    assert 1.0 < ratio.median() < 1.7
    assert (
        np.corrcoef(np.log(residual["std_error"]), np.log(counts["std_error"]))[0, 1]
        > 0.9
    )
    # A power law fitted to the residuals calls real differences noise, so its
    # standard errors hardly fall with size.
    gamma = residual_variance_function(result, "power").params["gamma"]
    assert gamma < 0.5

"""Coverage of the rank confidence sets where the truth is known (slow).

Units have a true index theta_i and estimates theta_i + s_i Z_i with known s_i. The
critical values depend on the standard errors only, so each scenario draws them once
(as ``rank_intervals`` does, with its bootstrap) and applies them to 500 replications.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.attractiveness import index_std_errors
from attraktiv.core.ranking import ranks
from attraktiv.uncertainty import rank_intervals
from attraktiv.uncertainty._ranks import counts, critical_values

UNITS = 300
REPLICATIONS = 500
LEVEL = 0.95
# three Monte Carlo standard errors of a proportion of 0.95 in 500 replications
SLACK = 3 * np.sqrt(LEVEL * (1 - LEVEL) / REPLICATIONS)


def _standard_errors(rng: np.random.Generator) -> np.ndarray:
    # spread like the index of Norway's municipalities: a few very noisy units
    return np.exp(rng.normal(-0.7, 0.6, UNITS))


def _critical(se: np.ndarray, *, simultaneous: bool) -> np.ndarray:
    return critical_values(
        se,
        level=LEVEL,
        simultaneous=simultaneous,
        draws=2000,
        generator=np.random.default_rng(1),
    )


def test_rank_intervals_are_critical_values_applied_to_the_estimates() -> None:
    rng = np.random.default_rng(0)
    se = _standard_errors(rng)
    est = rng.normal(size=UNITS) + se * rng.standard_normal(UNITS)
    for simultaneous in (False, True):
        above, below = counts(est, se, _critical(se, simultaneous=simultaneous))
        sets = rank_intervals(est, se, rng=1, simultaneous=simultaneous)
        assert sets["rank_low"].tolist() == (1 + above).tolist()
        assert sets["rank_high"].tolist() == (UNITS - below).tolist()


@pytest.mark.slow
def test_coverage_of_true_ranks() -> None:
    rng = np.random.default_rng(20261130)
    theta = rng.normal(0.0, 1.0, UNITS)
    se = _standard_errors(rng)
    true_rank = ranks(theta)
    top = true_rank <= 10
    marginal_c = _critical(se, simultaneous=False)
    joint_c = _critical(se, simultaneous=True)
    marginal = np.zeros((REPLICATIONS, UNITS), dtype=bool)
    joint = np.zeros(REPLICATIONS, dtype=bool)
    top_covered = np.zeros(REPLICATIONS, dtype=bool)
    for r in range(REPLICATIONS):
        est = theta + se * rng.standard_normal(UNITS)
        above, below = counts(est, se, marginal_c)
        marginal[r] = (1 + above <= true_rank) & (true_rank <= UNITS - below)
        above, below = counts(est, se, joint_c)
        joint[r] = np.all((1 + above <= true_rank) & (true_rank <= UNITS - below))
        top_covered[r] = np.all(1 + above[top] <= 10)  # the top-10 set holds them
    per_unit = marginal.mean(axis=0)
    assert per_unit.mean() >= LEVEL
    assert per_unit.min() >= LEVEL - SLACK
    assert joint.mean() >= LEVEL - SLACK
    assert top_covered.mean() >= LEVEL - SLACK


@pytest.mark.slow
def test_coverage_is_exact_where_all_units_are_equal() -> None:
    # With equal true values every "surely above/below" is an error, so the chance
    # of none is the level itself: the critical values are neither too small nor
    # needlessly large.
    rng = np.random.default_rng(5)
    se = _standard_errors(rng)
    marginal_c = _critical(se, simultaneous=False)
    joint_c = _critical(se, simultaneous=True)
    unit_clean = np.zeros((REPLICATIONS, UNITS), dtype=bool)
    all_clean = np.zeros(REPLICATIONS, dtype=bool)
    for r in range(REPLICATIONS):
        est = se * rng.standard_normal(UNITS)
        above, below = counts(est, se, marginal_c)
        unit_clean[r] = (above == 0) & (below == 0)
        above, below = counts(est, se, joint_c)
        all_clean[r] = not (above.any() or below.any())
    assert unit_clean.mean() == pytest.approx(LEVEL, abs=SLACK / 4)
    assert all_clean.mean() == pytest.approx(LEVEL, abs=SLACK)


@pytest.mark.slow
def test_coverage_end_to_end_with_estimated_standard_errors() -> None:
    # The whole pipeline: a regression, standard errors from the residual variance
    # function (tau² + kappa / population), then rank sets. The truth is the index
    # without sampling noise.
    rng = np.random.default_rng(77)
    units, replications = 150, 120
    population = np.exp(rng.uniform(np.log(300), np.log(100_000), units))
    job_growth = rng.normal(2.0, 5.0, units)
    theta = rng.normal(0.0, 1.2, units)
    true_rank = ranks(theta)
    codes = pd.Index([f"{i:04d}" for i in range(units)], name="code")
    model = attraktiv.AttractivenessModel()
    covered = np.zeros((replications, units), dtype=bool)
    for r in range(replications):
        noise = rng.standard_normal(units) * np.sqrt(3000.0 / population)
        table = pd.DataFrame(
            {
                "name": codes,
                "population_start": population,
                "net_migration": 0.5 + 0.3 * job_growth + theta + noise,
                "job_growth": job_growth,
            },
            index=codes,
        )
        result = model.fit_table(table, period="2008-2010", level="municipality")
        se = index_std_errors(result)["std_error"]
        sets = rank_intervals(result.index, se, rng=r, draws=400)
        covered[r] = (sets["rank_low"] <= true_rank) & (true_rank <= sets["rank_high"])
    assert covered.mean() >= LEVEL

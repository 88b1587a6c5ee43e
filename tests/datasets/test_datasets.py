"""Tests of attraktiv.datasets: the real Norwegian panel and the synthetic one."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from attraktiv import period_table
from attraktiv.datasets import (
    COMPONENT_COEFFICIENTS,
    COMPONENT_NOISE_SHARES,
    SIMULATION_COEFFICIENTS,
    load_norway,
    norway_hierarchy,
    norway_map,
    simulate_panel,
)
from attraktiv.errors import InvalidOptionError
from attraktiv.panel import Panel
from attraktiv.periods import long_term_periods, rolling_periods

FACTORS = [name for name in SIMULATION_COEFFICIENTS if name != "intercept"]


@pytest.fixture(scope="module")
def norway() -> Panel:
    return load_norway()


# --- the real data ------------------------------------------------------------------


def test_norway_levels(norway: Panel) -> None:
    assert norway.levels == ("municipality", "region", "county")
    assert len(norway.units("municipality")) == 426
    assert norway.aggregate("region")["code"].nunique() == 85
    assert norway.aggregate("county")["code"].nunique() == 19
    assert norway.years == tuple(range(2002, 2017))
    assert norway.components == (
        "immigration",
        "domestic_immigrant",
        "domestic_other",
        "residual",
    )
    assert norway.units("municipality")[0] == "0101"


def test_norway_national_population_2010(norway: Panel) -> None:
    # SSB's published figure for 1 January 2010.
    for level in norway.levels:
        counts = norway.aggregate(level)
        total = counts.loc[counts["year"] == 2010, "population_jan1"].sum()
        assert total == 4_858_199


def test_norway_ullensaker_2008_2010(norway: Panel) -> None:
    # The top municipality of the 2011 barometer (Ullensaker, 0235).
    row = period_table(norway, "2008-2010").loc["0235"]
    assert row["name"] == "Ullensaker"
    assert round(row["net_migration"], 2) == 9.09
    assert round(row["job_growth"], 2) == 1.94
    assert row["population_start"] == 26_934


def test_norway_twelve_rolling_periods(norway: Panel) -> None:
    assert norway.periods_available() == rolling_periods(2005, 2016)
    for period in norway.periods_available():
        for level in norway.levels:
            table = period_table(norway, period, level=level)
            # Education is known in 2009-2014 only, read in the first year.
            known = table.drop(columns="education_level")
            assert known.notna().all().all(), (period, level)
            education = table["education_level"]
            if 2009 <= period.first <= 2014:
                assert education.notna().all(), (period, level)
            else:
                assert education.isna().all(), (period, level)


def test_norway_counts_follow_the_file(norway: Panel) -> None:
    raw = pd.read_csv(
        files("attraktiv.datasets").joinpath("data", "municipalities_2003_2016.csv"),
        dtype={"code": "str"},
    ).set_index(["code", "year"])
    data = norway.data.set_index(["code", "year"])
    observed = data.loc[raw.index]
    np.testing.assert_array_equal(observed["population_jan1"], raw["population_jan1"])
    np.testing.assert_array_equal(observed["jobs"], raw["private_jobs"])
    # Population change = natural increase + net migration, exactly, 2003-2015.
    change = (
        data["population_jan1"].groupby(level="code").shift(-1)
        - data["population_jan1"]
    )
    inner = data.index.get_level_values("year").isin(range(2003, 2016))
    np.testing.assert_array_equal(
        change[inner], (data["natural_increase"] + data["net_migration"])[inner]
    )
    # Counts are whole persons and jobs.
    for column in ("natural_increase", "net_migration", "jobs"):
        values = data[column].dropna()
        np.testing.assert_array_equal(values, values.round())
    # 2016 uses the rounded growth percentage.
    last = raw.xs(2016, level="year")
    expected = np.round(last["population_growth_pct"] / 100 * last["population_jan1"])
    in_2016 = data.xs(2016, level="year")
    np.testing.assert_array_equal(
        in_2016["natural_increase"] + in_2016["net_migration"], expected
    )


def test_norway_end_2002_jobs(norway: Panel) -> None:
    data = norway.data.set_index(["code", "year"])
    jobs_2002 = data.xs(2002, level="year")
    assert jobs_2002["population_jan1"].isna().all()
    assert jobs_2002["net_migration"].isna().all()
    jobs_2003 = data.xs(2003, level="year")["jobs"]
    growth = 100 * (jobs_2003 - jobs_2002["jobs"]) / jobs_2002["jobs"]
    raw = pd.read_csv(
        files("attraktiv.datasets").joinpath("data", "municipalities_2003_2016.csv"),
        dtype={"code": "str"},
    )
    published = raw[raw["year"] == 2003].set_index("code")["private_job_growth_pct"]
    # The reconstruction reproduces the published (rounded) growth everywhere.
    assert (growth - published).abs().max() <= 0.005 + 1e-9


def test_norway_metadata(norway: Panel) -> None:
    metadata = norway.metadata
    assert metadata["licence"] == (
        "CC BY 4.0 / NLOD, Statistics Norway (SSB); via Telemarksforsking"
    )
    assert metadata["borders"] == 2017
    assert "jobs are private jobs only." in str(metadata["note"])
    assert "Flows (SSB migration statistics via IMDi) only in 2013-2014" in str(
        metadata["note"]
    )
    assert "Statistics Norway (SSB)" in str(metadata["source"])


def test_norway_hierarchy_and_files() -> None:
    hierarchy = norway_hierarchy()
    assert repr(hierarchy) == "Hierarchy(municipality: 426, region: 85, county: 19)"
    assert not hierarchy.nested
    assert hierarchy.names("municipality")["0301"] == "Oslo"
    data_dir = files("attraktiv.datasets").joinpath("data")
    provenance = data_dir.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    assert "Statistics Norway (SSB)" in provenance
    assert "CC BY 4.0" in provenance


def test_norway_map_matches_the_codes() -> None:
    topology = json.loads(norway_map().read_text(encoding="utf-8"))
    hierarchy = norway_hierarchy()
    for name, level in (("kommune", "municipality"), ("region", "region")):
        numbers = {
            g["properties"]["Nr"] for g in topology["objects"][name]["geometries"]
        }
        assert numbers == {int(code) for code in hierarchy.units(level)}
    counties = topology["objects"]["fylke"]["geometries"]
    assert len(counties) == 19


def test_norway_neighbours_of_units_alone_in_their_region(norway: Panel) -> None:
    # Oslo is alone in its region and county: its neighbours are the rest of the
    # country. Bergen is alone in its region: the rest of Hordaland.
    table = period_table(norway, "2008-2010")
    jobs = norway.data.set_index(["code", "year"])["jobs"]
    start, end = jobs.xs(2007, level="year"), jobs.xs(2010, level="year")
    rest = start.index != "0301"
    expected = 100 * (end[rest].sum() - start[rest].sum()) / start[rest].sum()
    assert table.loc["0301", "neighbour_job_growth"] == pytest.approx(expected)
    county = norway.hierarchy.mapping("municipality", "county")
    hordaland = (county == "12").to_numpy() & (start.index != "1201")
    expected = (
        100 * (end[hordaland].sum() - start[hordaland].sum()) / start[hordaland].sum()
    )
    assert table.loc["1201", "neighbour_job_growth"] == pytest.approx(expected)


# --- the synthetic data -------------------------------------------------------------


def test_simulate_panel_says_it_is_synthetic() -> None:
    panel = simulate_panel(100, rng=0)
    assert panel.metadata["synthetic"] is True
    assert str(panel.metadata["description"]).startswith("SYNTHETIC DATA")
    assert dict(panel.metadata["coefficients"]) == dict(SIMULATION_COEFFICIENTS)  # type: ignore[call-overload]
    names = panel.hierarchy.names("municipality")
    assert names.iloc[0] == "Synthetic municipality 0001"
    assert names.str.startswith("Synthetic").all()
    assert simulate_panel.__doc__ is not None
    assert simulate_panel.__doc__.startswith("SYNTHETIC")


def test_simulate_panel_shape_and_inputs() -> None:
    panel = simulate_panel(rng=1)
    assert panel.levels == ("municipality", "region", "county")
    assert panel.years == tuple(range(2002, 2017))
    assert panel.components == ("immigration", "domestic_immigrant", "domestic_other")
    assert len(panel.units("municipality")) == 426
    assert panel.periods_available() == rolling_periods(2005, 2016)
    table = period_table(panel, "2008-2010")
    assert list(table.columns) == [
        "name",
        "population_start",
        "net_migration",
        "net_migration_immigration",
        "net_migration_domestic_immigrant",
        "net_migration_domestic_other",
        "job_growth",
        "labour_market_integration",
        "log_population",
        "neighbour_job_growth",
        "culture_index",
        "cafe_density",
        "education_level",
        "university",
        "housing_construction",
    ]
    assert table.notna().all().all()
    assert (table["university"] == 0).mean() > 0.7
    start = panel.data.loc[panel.data["year"] == 2002, "population_jan1"]
    assert start.min() >= 200
    assert start.max() <= 700_000


def test_simulate_panel_hierarchy_sizes() -> None:
    panel = simulate_panel(2_000, rng=2)
    region_of = panel.hierarchy.mapping("municipality", "region")
    sizes = region_of.value_counts()
    assert sizes.min() >= 5
    assert sizes.max() <= 12  # 5-8, a short remainder joins the last region
    assert sizes.between(5, 8).mean() > 0.99
    county_of = panel.hierarchy.mapping("region", "county")
    assert county_of.value_counts().between(4, 9).all()


def test_simulate_panel_is_reproducible() -> None:
    first = simulate_panel(50, rng=7).data
    pd.testing.assert_frame_equal(first, simulate_panel(50, rng=7).data)
    pd.testing.assert_frame_equal(
        first, simulate_panel(50, rng=np.random.default_rng(7)).data
    )
    assert not first.equals(simulate_panel(50, rng=8).data)


def test_simulate_panel_without_noise_is_exactly_linear_in_blocks() -> None:
    # Without noise, each non-overlapping period counted back from the last year is
    # an exact linear function of its factors, for the total and every flow.
    coefficients = {"job_growth": 0.5, "intercept": -3.0}
    panel = simulate_panel(300, rng=3, noise_sd=0.0, coefficients=coefficients)
    truth = {**SIMULATION_COEFFICIENTS, **coefficients}
    component_truth = panel.metadata["component_coefficients"]
    assert isinstance(component_truth, Mapping)
    for period in long_term_periods(2016, count=4):
        table = period_table(panel, period)
        design = table[FACTORS].to_numpy()
        for outcome, beta in [("net_migration", truth)] + [
            (f"net_migration_{c}", component_truth[c]) for c in panel.components
        ]:
            predicted = beta["intercept"] + design @ [beta[f] for f in FACTORS]
            np.testing.assert_allclose(table[outcome], predicted, atol=1e-9)


def test_component_coefficients_add_up() -> None:
    for name in SIMULATION_COEFFICIENTS:
        total = sum(c[name] for c in COMPONENT_COEFFICIENTS.values())
        assert total == pytest.approx(SIMULATION_COEFFICIENTS[name], abs=1e-12)
    assert sum(COMPONENT_NOISE_SHARES.values()) == pytest.approx(1.0)


def ols(table: pd.DataFrame, outcome: str) -> tuple[np.ndarray, np.ndarray, int]:
    X = np.column_stack([np.ones(len(table)), table[FACTORS].to_numpy()])
    y = table[outcome].to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    residuals = y - X @ beta
    dof = len(y) - X.shape[1]
    variance = residuals @ residuals / dof
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ X)) * variance)
    return beta, se, dof


def test_simulate_panel_recovers_its_coefficients() -> None:
    panel = simulate_panel(5_000, rng=11)
    table = period_table(panel, "2014-2016")
    truth = np.array(list(SIMULATION_COEFFICIENTS.values()))
    beta, se, _ = ols(table, "net_migration")
    # Within four standard errors (seeded, so this is not flaky) ...
    assert np.all(np.abs(beta - truth) < 4 * se), (beta, truth, se)
    # ... which for 5,000 units is tight.
    assert np.abs(beta[1] - 0.25) < 0.02
    for component, coefficients in COMPONENT_COEFFICIENTS.items():
        beta, se, _ = ols(table, f"net_migration_{component}")
        expected = np.array([coefficients[n] for n in SIMULATION_COEFFICIENTS])
        assert np.all(np.abs(beta - expected) < 4 * se), component
    # The residual standard deviation is the documented noise.
    residuals = (
        table["net_migration"]
        - np.column_stack([np.ones(len(table)), table[FACTORS]]) @ truth
    )
    assert residuals.std() == pytest.approx(1.5, rel=0.05)


@pytest.mark.slow
def test_simulate_panel_interval_coverage() -> None:
    # 95 % intervals over 150 seeds, in a non-overlapping period (exact model) and
    # an overlapping one (approximate). 150 x 9 intervals: the pooled coverage has a
    # Monte Carlo standard error of about 0.6 percentage points (seeds independent,
    # coefficients within a seed correlated), so 0.93-0.97 is a wide band.
    truth = np.array(list(SIMULATION_COEFFICIENTS.values()))
    covered = {"2014-2016": [], "2013-2015": []}
    for seed in range(150):
        panel = simulate_panel(rng=seed)
        for period, hits in covered.items():
            beta, se, dof = ols(period_table(panel, period), "net_migration")
            hits.append(np.abs(beta - truth) <= stats.t.ppf(0.975, dof) * se)
    for period, hits in covered.items():
        coverage = np.mean(hits)
        assert 0.93 <= coverage <= 0.97, (period, coverage)


@pytest.mark.slow
def test_simulate_panel_scales() -> None:
    started = time.perf_counter()
    panel = simulate_panel(100_000, range(1997, 2017), rng=0)
    table = period_table(panel, "2014-2016")
    elapsed = time.perf_counter() - started
    assert len(table) == 100_000
    assert table.index[0] == "000001"
    assert elapsed < 60  # a few seconds; see benchmarks/bench_period_table.py


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_units": 1}, "n_units must be at least 2, got 1"),
        ({"n_units": 2.5}, "n_units must be an integer, got 2.5"),
        (
            {"years": [2001, 2003]},
            "years must be consecutive and increasing, got [2001, 2003]",
        ),
        ({"years": []}, "years must be consecutive and increasing, got []"),
        (
            {"coefficients": {"size": 1.0}},
            "unknown coefficient(s) 'size'; choose from 'intercept', 'job_growth'",
        ),
        (
            {"coefficients": {"job_growth": float("nan")}},
            "coefficient 'job_growth' must be finite, got nan",
        ),
        ({"noise_sd": -1.0}, "noise_sd=-1.0 is not valid; it must be >= 0"),
        (
            {"noise_sd": float("inf")},
            "noise_sd=inf is not valid; it must be finite (and >= 0)",
        ),
        ({"noise_sd": "1"}, "noise_sd='1' is not valid; give a finite number >= 0"),
        (
            {"rng": "abc"},
            "rng='abc' is not valid; give a numpy.random.Generator, a whole-number "
            "seed >= 0, or None",
        ),
        (
            {"rng": 1.5},
            "rng=1.5 is not valid; give a numpy.random.Generator, a whole-number "
            "seed >= 0, or None",
        ),
    ],
)
def test_simulate_panel_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidOptionError, match=re.escape(message)):
        simulate_panel(**kwargs)  # type: ignore[arg-type]

"""Tests of the report's bar charts: job growth, one unit's index, top N, by year.

Bar lengths are checked against numbers computed here from the panel's counts and
against a statsmodels fit, not against the library's own period table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

import attraktiv
from attraktiv import plot
from attraktiv.attractiveness import AttractivenessResult, LongTermResult
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, GeographyError, InvalidOptionError
from attraktiv.geography import Hierarchy
from attraktiv.panel import Panel

PERIOD = "2008-2010"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def panel() -> Panel:
    return load_norway()


@pytest.fixture(scope="module")
def municipalities(panel: Panel) -> AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD)


@pytest.fixture(scope="module")
def long_term(panel: Panel) -> LongTermResult:
    return attraktiv.AttractivenessModel().long_term(panel)


def _bars(fig: plt.Figure, gid: str) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if p.get_gid() == gid]


def _ticks(fig: plt.Figure, axis: str = "y") -> list[str]:
    ax = fig.axes[0]
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def _counts(panel: Panel, level: str) -> pd.DataFrame:
    """The panel's counts summed to ``level``, one row per unit and year."""
    data = panel.data
    frame = panel.hierarchy.to_frame()
    members = frame.set_index("municipality_code")[f"{level}_code"]
    data = data.assign(unit=data["code"].map(members))
    return data.groupby(["unit", "year"])[["population_jan1", "jobs"]].sum(min_count=1)


def _statsmodels_fit(
    result: AttractivenessResult,
) -> sm.regression.linear_model.RegressionResultsWrapper:
    table = result.table
    x = sm.add_constant(table["job_growth"].to_numpy())
    return sm.OLS(table[result.outcome].to_numpy(), x).fit()


# --- job_growth_bars ---------------------------------------------------------


def test_job_growth_bars_of_counties_are_the_growth_of_their_summed_jobs(
    panel: Panel,
) -> None:
    counties = attraktiv.AttractivenessModel().fit(panel, PERIOD, level="county")
    fig = plot.job_growth_bars(counties)
    counts = _counts(panel, "county")
    jobs = counts["jobs"].unstack("year")
    expected = 100.0 * (jobs[2010] - jobs[2007]) / jobs[2007]
    expected = expected.sort_values(ascending=False)
    names = counties.table["name"]

    bars = _bars(fig, "attraktiv-job-growth")
    assert len(bars) == 19
    widths = np.array([b.get_width() for b in bars])
    np.testing.assert_allclose(widths, expected.to_numpy(), rtol=1e-12)
    assert _ticks(fig) == [names[c] for c in expected.index]
    # Growth blue, decline red.
    for bar, width in zip(bars, widths, strict=True):
        colour = "#6b8fb3" if width >= 0 else "#c8553d"
        assert to_hex(bar.get_facecolor()) == colour
    assert fig.axes[0].get_title() == "Job growth, counties 2008\N{EN DASH}2010"


def test_job_growth_bars_top_n_and_errors(
    municipalities: AttractivenessResult,
) -> None:
    fig = plot.job_growth_bars(municipalities, n=5)
    growth = municipalities.table["job_growth"]
    top = growth.sort_values(ascending=False).head(5)
    widths = [b.get_width() for b in _bars(fig, "attraktiv-job-growth")]
    np.testing.assert_allclose(widths, top.to_numpy(), rtol=0, atol=0)
    assert fig.axes[0].get_title().startswith("Job growth, top 5 municipalities")
    with pytest.raises(InvalidOptionError, match=re.escape("n=0 is not valid")):
        plot.job_growth_bars(municipalities, n=0)

    table = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D"],
            "net_migration": [1.0, 2.0, 0.5, 3.0],
            "log_population": [7.0, 8.0, 7.5, 9.0],
        },
        index=pd.Index(["1", "2", "3", "4"], name="code"),
    )
    result = attraktiv.AttractivenessModel("net_migration ~ log_population").fit_table(
        table, period="2008-2010", level="municipality"
    )
    with pytest.raises(
        DataError,
        match=re.escape(
            "the result's period table has no 'job_growth' column; its columns "
            "are name, net_migration, log_population"
        ),
    ):
        plot.job_growth_bars(result)


# --- index_illustration ------------------------------------------------------


def test_index_illustration_bars_are_actual_expected_and_their_difference(
    panel: Panel, municipalities: AttractivenessResult
) -> None:
    code = "0301"
    fit = _statsmodels_fit(municipalities)
    row = municipalities.table.index.get_loc(code)
    # Actual net migration of Oslo over 2008-2010 from the counts themselves.
    oslo = panel.data.set_index(["code", "year"]).loc[code]
    actual = (
        100.0
        * oslo.loc[2008:2010, "net_migration"].sum()
        / oslo.loc[2008, "population_jan1"]
    )
    fig = plot.index_illustration(municipalities, code)
    ax = fig.axes[0]
    heights = [
        _bars(fig, gid)[0].get_height()
        for gid in ("attraktiv-actual", "attraktiv-expected", "attraktiv-index")
    ]
    np.testing.assert_allclose(
        heights, [actual, fit.fittedvalues[row], fit.resid[row]], rtol=1e-9
    )
    assert heights[0] - heights[1] == pytest.approx(heights[2], rel=1e-12)
    rank = int((fit.resid > fit.resid[row]).sum()) + 1
    assert ax.get_title().splitlines() == [
        f"Oslo, 2008\N{EN DASH}2010: rank {rank} of 426 municipalities",
        "expected from net_migration ~ job_growth",
    ]
    printed = [t.get_text() for t in ax.texts]
    assert printed == [f"{h:.2f}".replace("-", "\N{MINUS SIGN}") for h in heights]


def test_index_illustration_names_shared_names_and_refuses_unknown_units(
    panel: Panel, municipalities: AttractivenessResult
) -> None:
    # Våler (0137) shares its name with a municipality in Hedmark.
    fig = plot.index_illustration(municipalities, "0137", hierarchy=panel.hierarchy)
    assert fig.axes[0].get_title().startswith("Våler (Østfold), 2008")
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "unit '9999' is not among the result's 426 municipalities; codes look "
            "like '0101', '0104', '0105'"
        ),
    ):
        plot.index_illustration(municipalities, "9999")


# --- top_bars ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["top", "bottom"])
def test_top_bars_are_the_extreme_residuals_of_the_fit(
    municipalities: AttractivenessResult, which: str
) -> None:
    fit = _statsmodels_fit(municipalities)
    resid = pd.Series(fit.resid, index=municipalities.table.index)
    ordered = resid.sort_values(ascending=False)
    chosen = ordered.head(20) if which == "top" else ordered.tail(15)
    n = len(chosen)
    fig = plot.top_bars(municipalities, n=n, which=which)  # type: ignore[arg-type]
    bars = _bars(fig, f"attraktiv-{which}")
    np.testing.assert_allclose(
        [b.get_width() for b in bars], chosen.to_numpy(), rtol=1e-9, atol=1e-12
    )
    ranks = [int((resid > value).sum()) + 1 for value in chosen]
    names = municipalities.table["name"]
    assert _ticks(fig) == [
        f"{rank}. {names[code]}" for rank, code in zip(ranks, chosen.index, strict=True)
    ]
    words = "most" if which == "top" else "least"
    assert fig.axes[0].get_title() == (
        f"The {n} {words} attractive municipalities, 2008\N{EN DASH}2010"
    )


def test_top_bars_of_a_flow_name_the_flow(panel: Panel) -> None:
    model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
    result = model.fit(panel, "2013-2014", level="region")
    fig = plot.top_bars(result, n=10)
    # The flow's own fit: its residuals equal the flow index of the total's fit.
    flows = attraktiv.AttractivenessModel().fit(panel, "2013-2014", "region").flows
    assert flows is not None
    best = flows["immigration"].sort_values(ascending=False).head(10)
    np.testing.assert_allclose(
        [b.get_width() for b in _bars(fig, "attraktiv-top")],
        best.to_numpy(),
        rtol=1e-9,
        atol=1e-12,
    )
    assert fig.axes[0].get_title() == (
        "The 10 most attractive regions, 2013\N{EN DASH}2014\n"
        "by net immigration from abroad"
    )


def test_top_bars_refuses_bad_options(municipalities: AttractivenessResult) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("which='worst' is not valid; choose one of 'top', 'bottom'"),
    ):
        plot.top_bars(municipalities, which="worst")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match=re.escape("n=-1 is not valid")):
        plot.top_bars(municipalities, n=-1)


# --- national_series ---------------------------------------------------------


def test_national_series_sums_every_unit_in_complete_years(panel: Panel) -> None:
    fig = plot.national_series(panel)
    data = panel.data
    sums = data.groupby("year")["net_migration"].sum(min_count=426).dropna()
    heights = [b.get_height() for b in _bars(fig, "attraktiv-year")]
    np.testing.assert_allclose(heights, sums.to_numpy(), rtol=0, atol=1e-6)
    assert _ticks(fig, "x") == [str(y) for y in range(2003, 2017)]
    # Over the country domestic moves cancel: net migration is net immigration
    # from abroad, up to the register residual (0.3 % in 2014).
    by_year = dict(zip(_ticks(fig, "x"), heights, strict=True))
    abroad = data.groupby("year")["net_migration_immigration"].sum()
    for year in (2013, 2014):
        assert by_year[str(year)] == pytest.approx(abroad[year], rel=5e-3)
    assert fig.axes[0].get_title() == "Net migration by year, sum of 426 municipalities"


def test_national_series_of_a_flow_leaves_out_years_without_it(panel: Panel) -> None:
    fig = plot.national_series(panel, "net_migration_immigration", title="Abroad")
    flows = panel.data.groupby("year")["net_migration_immigration"].sum()
    heights = [b.get_height() for b in _bars(fig, "attraktiv-year")]
    assert _ticks(fig, "x") == ["2013", "2014"]
    np.testing.assert_allclose(heights, flows.loc[[2013, 2014]].to_numpy())
    assert fig.axes[0].get_title() == "Abroad"


def test_national_series_errors(panel: Panel) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "column='jobs_total' is not a column of the panel; choose one of "
            "'population_jan1', 'natural_increase', 'net_migration', 'jobs', "
        ),
    ):
        plot.national_series(panel, "jobs_total")
    hierarchy = Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": ["01", "02"],
                "municipality_name": ["Ask", "Bø"],
                "region_code": ["R1", "R1"],
                "region_name": ["North", "North"],
                "county_code": ["C1", "C1"],
                "county_name": ["Land", "Land"],
            }
        )
    )
    data = pd.DataFrame(
        {
            "code": ["01", "01", "02", "02"],
            "year": [2009, 2010, 2009, 2010],
            "population_jan1": [1000.0, 1010.0, 500.0, 505.0],
            "net_migration": [10.0, np.nan, np.nan, 5.0],
            "jobs": [400.0, 410.0, 200.0, 210.0],
        }
    )
    small = Panel(data, hierarchy)
    with pytest.raises(
        DataError,
        match=re.escape(
            "column 'net_migration' has no year with a value for all 2 units"
        ),
    ):
        plot.national_series(small)


# --- long_term_bars(which="bottom") and outcome_text -------------------------


def test_long_term_bars_bottom_draws_the_lowest_totals_least_attractive_last(
    long_term: LongTermResult,
) -> None:
    totals = long_term.total.sort_values(ascending=False)
    worst = totals.tail(15)
    fig = plot.long_term_bars(long_term, n=15, which="bottom")
    ax = fig.axes[0]
    (dots,) = [c for c in ax.collections if c.get_gid() == "attraktiv-total"]
    np.testing.assert_allclose(dots.get_offsets()[:, 0], worst.to_numpy(), rtol=1e-12)
    names = long_term.names
    assert _ticks(fig) == [names[c] for c in worst.index]
    assert ax.get_title() == (
        "Long-term attractiveness, bottom 15 municipalities, 2008\N{EN DASH}2016"
    )
    # A line from 0 to the total only where parts of both signs make the bar
    # longer than the total.
    parts = long_term.parts.loc[worst.index]
    mixed = ((parts < 0).any(axis=1) & (parts > 0).any(axis=1)).to_numpy()
    lines = [c for c in ax.collections if c.get_gid() == "attraktiv-total-line"]
    if mixed.any():
        (line,) = lines
        rows = sorted(round(s[0, 1]) for s in line.get_segments())
        assert rows == list(np.flatnonzero(mixed))
    else:
        assert lines == []
    # Every printed total is inside the axes.
    low, _ = ax.get_xlim()
    assert all(t.get_position()[0] > low for t in ax.texts)
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("which='last' is not valid; choose one of 'top', 'bottom'"),
    ):
        plot.long_term_bars(long_term, which="last")  # type: ignore[arg-type]


def test_outcome_text() -> None:
    assert plot.outcome_text("net_migration") == "net migration"
    assert (
        plot.outcome_text("net_migration_domestic_immigrant")
        == "domestic net migration of immigrants"
    )
    assert plot.outcome_text("net_migration_age_65") == "net migration age 65"


def test_scatter_and_beta_table_of_a_flow_name_the_flow(panel: Panel) -> None:
    model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
    fig = plot.scatter(model.fit(panel, "2013-2014"), top=3, bottom=0)
    ax = fig.axes[0]
    assert ax.get_title() == (
        "Net immigration from abroad against job growth, municipalities "
        "2013\N{EN DASH}2014"
    )
    assert ax.get_ylabel() == (
        "Net immigration from abroad (% of population at the start)"
    )
    drivers = attraktiv.drivers.DriverAnalysis(
        ["job_growth", "size"], outcome="domestic_other"
    ).fit(panel, "2013-2014", level="region")
    table = plot.beta_table(drivers)
    assert table.axes[0].get_title() == (
        "Standardized betas, regions: domestic net migration of others"
    )

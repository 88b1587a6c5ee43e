"""The attractiveness index, flows, long term and the tidy barometer."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

import attraktiv
from attraktiv import period_table
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.errors import InvalidOptionError, ModelError, PeriodError


@pytest.fixture(scope="module")
def norway() -> attraktiv.Panel:
    return load_norway()


@pytest.fixture(scope="module")
def synthetic() -> attraktiv.Panel:
    return simulate_panel(n_units=150, years=range(2004, 2014), rng=11)


@pytest.fixture(scope="module")
def published(norway: attraktiv.Panel) -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(norway, "2008-2010", "municipality")


def test_published_ranking_2008_2010(
    published: attraktiv.AttractivenessResult,
) -> None:
    # Attraktivitetsbarometeret 2011 (Telemarksforsking), municipalities 2008-2010:
    # Ullensaker, Ulstein and Rennesøy head the published list, in this order.
    top = published.top(3)
    assert top["name"].tolist() == ["Ullensaker", "Ulstein", "Rennesøy"]
    assert top.index.tolist() == ["0235", "1516", "1142"]
    assert top["rank"].tolist() == [1, 2, 3]


def test_index_is_the_statsmodels_residual(
    published: attraktiv.AttractivenessResult,
) -> None:
    table = published.table
    fit = sm.OLS(table["net_migration"], sm.add_constant(table["job_growth"])).fit()
    np.testing.assert_allclose(published.index, fit.resid, rtol=0, atol=1e-11)
    np.testing.assert_allclose(published.expected, fit.fittedvalues, atol=1e-11)
    np.testing.assert_allclose(
        published.regression.params.to_numpy(), fit.params.to_numpy(), rtol=1e-12
    )
    assert published.index.name == "attractiveness"
    assert published.index.index.equals(table.index)


def test_ranking_layout(published: attraktiv.AttractivenessResult) -> None:
    ranking = published.ranking()
    assert list(ranking.columns[:6]) == [
        "rank",
        "name",
        "attractiveness",
        "net_migration",
        "expected",
        "job_growth",
    ]
    assert len(ranking) == 426
    assert ranking["rank"].tolist() == list(range(1, 427))
    assert ranking["attractiveness"].is_monotonic_decreasing
    np.testing.assert_allclose(
        ranking["attractiveness"], ranking["net_migration"] - ranking["expected"]
    )
    assert published.bottom(15)["rank"].tolist() == list(range(412, 427))
    assert len(published.top()) == 20


def test_index_sums_to_zero_with_intercept(
    published: attraktiv.AttractivenessResult,
) -> None:
    assert abs(published.index.sum()) < 1e-9


def test_groups_are_ordered_quintiles(
    published: attraktiv.AttractivenessResult,
) -> None:
    groups = published.groups()
    assert groups.cat.ordered
    assert len(groups.cat.categories) == 5
    counts = groups.value_counts(sort=False)
    assert counts.max() - counts.min() <= 1
    means = published.index.groupby(groups, observed=True).mean()
    assert means.is_monotonic_increasing


def test_flows_add_up_to_total(synthetic: attraktiv.Panel) -> None:
    result = attraktiv.AttractivenessModel().fit(synthetic, "2008-2010")
    flows = result.flows
    assert flows is not None
    assert list(flows.columns) == [
        "immigration",
        "domestic_immigrant",
        "domestic_other",
    ]
    np.testing.assert_allclose(flows.sum(axis=1), result.index, atol=1e-12)
    for flow in flows.columns:
        alone = attraktiv.ols_formula(
            f"net_migration_{flow} ~ job_growth", result.table
        ).resid
        np.testing.assert_allclose(flows[flow], alone, atol=1e-12)


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    end=st.integers(2007, 2011),
    weighted=st.booleans(),
    formula=st.sampled_from(
        [
            "net_migration ~ job_growth",
            "net_migration ~ job_growth + neighbour_job_growth + log_population",
            "net_migration ~ job_growth + labour_market_integration",
        ]
    ),
)
def test_flow_indices_add_up_property(
    seed: int, end: int, weighted: bool, formula: str
) -> None:
    panel = simulate_panel(n_units=40, years=range(2004, 2012), rng=seed)
    model = attraktiv.AttractivenessModel(
        formula, weights="population" if weighted else None
    )
    result = model.fit(panel, (end - 2, end))
    flows = result.flows
    assert flows is not None
    scale = float(np.abs(result.index).max())
    np.testing.assert_allclose(flows.sum(axis=1), result.index, atol=1e-11 * scale)


def test_population_weights_match_statsmodels_wls(norway: attraktiv.Panel) -> None:
    result = attraktiv.AttractivenessModel(weights="population").fit(
        norway, "2011-2013", "region"
    )
    table = result.table
    wls = sm.WLS(
        table["net_migration"],
        sm.add_constant(table["job_growth"]),
        weights=table["population_start"],
    ).fit()
    np.testing.assert_allclose(result.index, wls.resid, atol=1e-10)
    assert result.regression.weighted


def test_structural_formula(norway: attraktiv.Panel) -> None:
    formula = "net_migration ~ job_growth + neighbour_job_growth + log_population"
    result = attraktiv.AttractivenessModel(formula).fit(norway, "2008-2010")
    assert list(result.regression.params.index) == [
        "Intercept",
        "job_growth",
        "neighbour_job_growth",
        "log_population",
    ]
    table = result.table
    exog = sm.add_constant(
        table[["job_growth", "neighbour_job_growth", "log_population"]]
    )
    fit = sm.OLS(table["net_migration"], exog).fit()
    np.testing.assert_allclose(result.index, fit.resid, atol=1e-10)


@settings(max_examples=10, deadline=None)
@given(st.permutations(list(range(85))))
def test_row_order_does_not_matter(order: list[int]) -> None:
    table = _REGION_TABLE
    model = attraktiv.AttractivenessModel()
    base = model.fit_table(table, period="2008-2010", level="region")
    shuffled = model.fit_table(table.iloc[order], period="2008-2010", level="region")
    pd.testing.assert_series_equal(
        shuffled.index.sort_index(), base.index, check_exact=False, atol=1e-12
    )
    assert shuffled.ranking().index.tolist() == base.ranking().index.tolist()


_REGION_TABLE = period_table(load_norway(), "2008-2010", level="region")


def test_long_term_is_the_sum_of_period_indices(norway: attraktiv.Panel) -> None:
    model = attraktiv.AttractivenessModel()
    long_term = model.long_term(norway, 2016)
    assert [str(p) for p in long_term.periods] == [
        "2008-2010",
        "2011-2013",
        "2014-2016",
    ]
    parts = long_term.parts
    assert list(parts.columns) == ["2008-2010", "2011-2013", "2014-2016"]
    for period in long_term.periods:
        alone = model.fit(norway, period).index
        np.testing.assert_allclose(parts[str(period)], alone, atol=1e-12)
    np.testing.assert_allclose(long_term.total, parts.sum(axis=1), atol=1e-12)
    ranking = long_term.ranking()
    assert list(ranking.columns) == [
        "rank",
        "name",
        "long_term",
        "2008-2010",
        "2011-2013",
        "2014-2016",
    ]
    assert ranking.iloc[0]["name"] == "Ullensaker"
    assert ranking["long_term"].is_monotonic_decreasing
    assert long_term.top(5).shape[0] == 5


def test_long_term_default_is_latest(norway: attraktiv.Panel) -> None:
    long_term = attraktiv.AttractivenessModel().long_term(norway, level="county")
    assert str(long_term.periods[-1]) == "2014-2016"
    assert len(long_term.total) == 19


def test_long_term_needs_covered_years(norway: attraktiv.Panel) -> None:
    with pytest.raises(PeriodError, match="needs 2001"):
        attraktiv.AttractivenessModel().long_term(norway, 2010)


def test_barometer_tidy_table(synthetic: attraktiv.Panel) -> None:
    periods = ["2006-2008", "2009-2011"]
    tidy = attraktiv.barometer(synthetic, periods=periods)
    assert list(tidy.columns) == [
        "level",
        "period",
        "flow",
        "code",
        "name",
        "attractiveness",
        "rank",
    ]
    units = {level: len(synthetic.units(level)) for level in synthetic.levels}
    assert len(tidy) == sum(units.values()) * len(periods) * 4
    for (level, _period, _flow), group in tidy.groupby(["level", "period", "flow"]):
        assert sorted(group["rank"]) == list(range(1, units[level] + 1))
    totals = tidy[tidy.flow == "total"].set_index(["level", "period", "code"])
    parts = tidy[tidy.flow != "total"].groupby(["level", "period", "code"])
    np.testing.assert_allclose(
        parts["attractiveness"].sum().loc[totals.index],
        totals["attractiveness"],
        atol=1e-11,
    )


def test_barometer_on_bundled_data(norway: attraktiv.Panel) -> None:
    tidy = attraktiv.barometer(norway)
    assert set(tidy["flow"]) == {"total"}
    assert tidy["period"].nunique() == 12
    assert len(tidy) == (426 + 85 + 19) * 12
    first = tidy[(tidy.level == "municipality") & (tidy.period == "2008-2010")]
    assert first.iloc[0]["name"] == "Ullensaker"


def test_bad_options() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("weights='people' is not valid; choose one of 'population'"),
    ):
        attraktiv.AttractivenessModel(weights="people")  # type: ignore[arg-type]
    with pytest.raises(
        ModelError,
        match=re.escape(
            "formula 'net_migration' has no '~'; write it as "
            "'net_migration ~ job_growth'"
        ),
    ):
        attraktiv.AttractivenessModel("net_migration")


def test_formula_column_missing(norway: attraktiv.Panel) -> None:
    model = attraktiv.AttractivenessModel("net_migration ~ job_growth + cafe_density")
    with pytest.raises(
        ModelError,
        match=re.escape(
            "formula 'net_migration ~ job_growth + cafe_density' uses column "
            "'cafe_density', which the data does not have"
        ),
    ):
        model.fit(norway, "2008-2010")


def test_top_and_groups_validate(published: attraktiv.AttractivenessResult) -> None:
    with pytest.raises(
        InvalidOptionError, match=re.escape("n=0 is not valid; it must be at least 1")
    ):
        published.top(0)
    with pytest.raises(
        InvalidOptionError, match=re.escape("k=1 is not valid; it must be at least 2")
    ):
        published.groups(1)
    with pytest.raises(
        InvalidOptionError, match=re.escape("n=2.5 is not valid; give a whole number")
    ):
        published.bottom(2.5)  # type: ignore[arg-type]


def test_repr(published: attraktiv.AttractivenessResult) -> None:
    assert repr(published) == (
        "AttractivenessResult(level='municipality', period='2008-2010', units=426, "
        "formula='net_migration ~ job_growth')"
    )


def test_ready_tables_are_checked_like_panels() -> None:
    from attraktiv import period_table
    from attraktiv.datasets import simulate_panel
    from attraktiv.errors import DataError, InvalidOptionError

    panel = simulate_panel(60, rng=3)
    table = period_table(panel, "2008-2010", "municipality")
    model = attraktiv.AttractivenessModel()
    # flows that do not add up to net migration would break the additivity
    off = table.assign(net_migration_immigration=table["net_migration_immigration"] + 1)
    with pytest.raises(DataError, match=r"do not add up to net_migration for unit '"):
        model.fit_table(off, period="2008-2010", level="municipality")
    doubled = pd.concat([table, table.iloc[:1]])
    with pytest.raises(DataError, match=r"more than one row for unit '0001'"):
        model.fit_table(doubled, period="2008-2010", level="municipality")
    text = table.assign(net_migration_immigration="x")
    with pytest.raises(DataError, match="'net_migration_immigration' of the period"):
        model.fit_table(text, period="2008-2010", level="municipality")
    weighted = attraktiv.AttractivenessModel(weights="population")
    with pytest.raises(DataError, match="needs the column 'population_start'"):
        weighted.fit_table(
            table.drop(columns=["population_start"]),
            period="2008-2010",
            level="municipality",
        )
    with pytest.raises(InvalidOptionError, match="levels is empty"):
        attraktiv.barometer(panel, levels=[])
    with pytest.raises(InvalidOptionError, match="levels must be a list of levels"):
        attraktiv.barometer(panel, levels=5)  # type: ignore[arg-type]
    factors = table.rename(columns={"log_population": "size"}).assign(size="big")
    with pytest.raises(DataError, match=r"column 'size' is not numeric"):
        attraktiv.DriverAnalysis(["size"]).fit_table(factors, "2008-2010")

"""Factors declare how they aggregate; the registry is the one source of truth."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import AttractivenessModel, period_table
from attraktiv.datasets import simulate_panel
from attraktiv.drivers import DriverAnalysis, published_tables
from attraktiv.errors import DataError, InvalidOptionError
from attraktiv.factors import (
    BUILTIN_FACTORS,
    DEFAULT_REGISTRY,
    PUBLISHED_HIGHER,
    PUBLISHED_LOWEST,
    ColumnFactor,
    FactorRegistry,
    aggregation_of,
    factors_known,
    index_factor,
    published_factors,
    register_factor,
)
from attraktiv.periods import Period

PERIOD = Period(2008, 2010)


@pytest.fixture(scope="module")
def priced() -> attraktiv.Panel:
    """A simulated panel with a house-price level per municipality and year."""
    panel = simulate_panel(120, rng=5)
    data = panel.data
    rng = np.random.default_rng(11)
    codes = data["code"].astype(int).to_numpy()
    data["price"] = 20_000.0 + 150.0 * (codes % 13) + rng.normal(0, 500, len(data))
    return attraktiv.Panel(data, panel.hierarchy)


@pytest.fixture
def price_level() -> ColumnFactor:
    return ColumnFactor(
        "price_level",
        "price",
        "house price at the start of the period (NOK per m²)",
        aggregate="population_mean",
    )


@pytest.fixture
def registered(price_level: ColumnFactor) -> Iterator[ColumnFactor]:
    """``price_level`` in the default registry for one test, then out again."""
    register_factor(price_level)
    try:
        yield price_level
    finally:
        DEFAULT_REGISTRY.unregister("price_level")


def hand_price(panel: attraktiv.Panel, year: int, level: str) -> pd.Series:
    """The population-weighted mean price of each unit, with pandas groupby."""
    data = panel.data
    first = data[data["year"] == year].set_index("code")
    parent = panel.hierarchy.mapping("municipality", level)
    weighted = (first["price"] * first["population_jan1"]).groupby(parent).sum()
    return weighted / first["population_jan1"].groupby(parent).sum()


def standardized_betas(table: pd.DataFrame, outcome: str, columns: list[str]) -> dict:
    """Least squares on z-scores: the standardized betas, by hand."""
    z = (table[[outcome, *columns]] - table[[outcome, *columns]].mean()) / table[
        [outcome, *columns]
    ].std()
    design = np.column_stack([np.ones(len(z)), z[columns].to_numpy()])
    coef = np.linalg.lstsq(design, z[outcome].to_numpy(), rcond=None)[0]
    return dict(zip(columns, coef[1:], strict=True))


# --- a user's price level through region-level driver tables ------------------------


def test_a_price_level_reaches_regions_as_a_population_weighted_mean(
    priced: attraktiv.Panel, price_level: ColumnFactor
) -> None:
    result = DriverAnalysis(["job_growth", "size", price_level]).fit(
        priced, periods=[PERIOD], level="region"
    )
    data = result.data(PERIOD)
    expected = hand_price(priced, 2008, "region").reindex(data.index)
    np.testing.assert_allclose(data["price_level"], expected, rtol=1e-14)
    # never the sum: a region's price lies between its members' prices
    assert data["price_level"].max() < 30_000
    table = period_table(priced, PERIOD, "region", factors=())
    table["price_level"] = expected
    table["log_population"] = np.log(table["population_start"])
    betas = standardized_betas(
        table, "net_migration", ["job_growth", "log_population", "price_level"]
    )
    assert result.table().loc["price_level", PERIOD.last] == pytest.approx(
        betas["price_level"], rel=1e-10
    )


def test_a_registered_price_level_is_in_the_published_region_tables(
    priced: attraktiv.Panel, registered: ColumnFactor
) -> None:
    assert published_factors(priced, "region") == (*PUBLISHED_HIGHER, "price_level")
    assert published_factors(priced) == (*PUBLISHED_LOWEST, "price_level")
    tables = published_tables(priced, periods=[PERIOD])
    for level in ("municipality", "region"):
        drivers = tables[level, "net_migration"]
        assert drivers.factors[-1] == "price_level"
        expected = hand_price(priced, 2008, level)
        got = drivers.data(PERIOD)["price_level"]
        np.testing.assert_allclose(got, expected.reindex(got.index), rtol=1e-14)
    # and the period table's defaults read the same registry
    assert "price_level" in period_table(priced, PERIOD, "region").columns


def test_a_column_without_a_declaration_is_refused_above_the_lowest_level(
    priced: attraktiv.Panel,
) -> None:
    class RawPrice:
        """A factor of the user's that reads the price without declaring anything."""

        name = "raw_price"
        description = "house price in the period's first year (NOK per m²)"
        inputs = ("price",)

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            counts = panel.counts(period, level)
            return pd.Series(counts.start("price"), index=counts.codes)

    analysis = DriverAnalysis(["job_growth", RawPrice()])
    lowest = analysis.fit(priced, periods=[PERIOD])
    first = priced.data.query("year == 2008").set_index("code")["price"]
    np.testing.assert_array_equal(
        lowest.data(PERIOD)["raw_price"], first.reindex(lowest.data(PERIOD).index)
    )
    with pytest.raises(
        DataError,
        match=re.escape(
            "column 'price' has no declared aggregation, so it has no region values "
            "(period 2008-2010)"
        ),
    ):
        analysis.fit(priced, periods=[PERIOD], level="region")
    only_here = ColumnFactor(
        "price_here", "price", "house price (NOK per m²)", aggregate="lowest_only"
    )
    assert aggregation_of(only_here) == "lowest_only"
    assert only_here.compute(priced, PERIOD, "municipality").notna().all()
    with pytest.raises(
        DataError,
        match=re.escape(
            "factor 'price_here' (column 'price') is defined at the municipality level"
            " only (aggregate='lowest_only'), not for regions"
        ),
    ):
        only_here.compute(priced, PERIOD, "region")
    registry = FactorRegistry()
    registry.register(only_here)
    assert "price_here" in published_factors(priced, registry=registry)
    assert "price_here" not in published_factors(priced, "region", registry=registry)
    kept, dropped = factors_known(
        priced, ["size", "price_here"], PERIOD, "region", registry=registry
    )
    assert kept == ("size",)
    assert dropped["price_here"].startswith("defined at the municipality level only")


# --- ColumnFactor's options -----------------------------------------------------------


def test_column_factor_growth_over_the_period(priced: attraktiv.Panel) -> None:
    growth = ColumnFactor(
        "price_growth",
        "price",
        "growth of the house price over the period (% of the first year)",
        over_period="growth",
        aggregate="population_mean",
    )
    start = hand_price(priced, 2008, "county")
    end = hand_price(priced, 2010, "county")
    np.testing.assert_allclose(
        growth.compute(priced, PERIOD, "county"),
        (100 * (end - start) / start).to_numpy(),
        rtol=1e-12,
    )
    jobs = ColumnFactor(
        "jobs_growth", "jobs", "jobs (%)", over_period="growth", aggregate="sum"
    )
    table = priced.aggregate("region").set_index(["code", "year"])["jobs"].unstack()
    np.testing.assert_allclose(
        jobs.compute(priced, PERIOD, "region"),
        (100 * (table[2010] - table[2008]) / table[2008]).to_numpy(),
        rtol=1e-12,
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"over_period": "last"},
            "over_period='last' is not valid; choose one of 'first', 'mean', 'sum', "
            "'growth'",
        ),
        (
            {"aggregate": "mean"},
            "aggregate='mean' is not valid; choose one of 'population_mean', 'sum', "
            "'lowest_only'",
        ),
    ],
)
def test_column_factor_options_are_checked_by_name(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        ColumnFactor("x", "price", "a price (NOK)", **options)  # type: ignore[arg-type]


# --- the registry as the one source of truth ------------------------------------------


def test_nothing_depends_on_the_position_of_a_factor(priced: attraktiv.Panel) -> None:
    # the built-ins registered backwards: the same sets, in the registry's order
    backwards = FactorRegistry(reversed(BUILTIN_FACTORS))
    assert published_factors(priced, registry=backwards) == PUBLISHED_LOWEST[::-1]
    assert (
        published_factors(priced, "region", registry=backwards)
        == (PUBLISHED_HIGHER[::-1])
    )
    assert index_factor(backwards).name == "job_growth"
    assert index_factor(FactorRegistry(())).name == "job_growth"  # the built-in
    ordered = period_table(priced, PERIOD, "region")
    reordered = period_table(priced, PERIOD, "region", registry=backwards)
    pd.testing.assert_frame_equal(reordered[ordered.columns], ordered)
    assert aggregation_of(index_factor()) == "ratio_of_sums"
    culture = next(f for f in BUILTIN_FACTORS if f.name == "culture_index")
    assert aggregation_of(culture) == "population_mean"


def test_an_index_formula_may_name_a_registered_factor(
    priced: attraktiv.Panel, registered: ColumnFactor
) -> None:
    model = AttractivenessModel("net_migration ~ job_growth + price_level")
    result = model.fit(priced, PERIOD, "region")
    table = period_table(priced, PERIOD, "region", factors=())
    price = hand_price(priced, 2008, "region").reindex(table.index).to_numpy()
    design = np.column_stack([np.ones(len(table)), table["job_growth"], price])
    coef = np.linalg.lstsq(design, table["net_migration"].to_numpy(), rcond=None)[0]
    np.testing.assert_allclose(result.fits.column("net_migration").params, coef)


def test_published_false_keeps_a_factor_out_of_the_tables(
    priced: attraktiv.Panel, price_level: ColumnFactor
) -> None:
    registry = FactorRegistry()
    registry.register(price_level, published=False)
    assert "price_level" not in published_factors(priced, registry=registry)
    registry.register(price_level, replace=True, published=["higher"])
    assert "price_level" not in published_factors(priced, registry=registry)
    assert published_factors(priced, "region", registry=registry)[-1] == "price_level"
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "published (factor 'price_level')='middle' is not valid; choose one of "
            "'lowest', 'higher'"
        ),
    ):
        registry.register(price_level, replace=True, published=["middle"])  # type: ignore[list-item]


def test_published_tables_read_a_registry_of_ones_own(
    priced: attraktiv.Panel, price_level: ColumnFactor
) -> None:
    registry = FactorRegistry()
    registry.register(price_level)
    tables = published_tables(priced, periods=[PERIOD], registry=registry)
    drivers = tables["region", "net_migration"]
    assert drivers.factors == (*PUBLISHED_HIGHER, "price_level")
    expected = hand_price(priced, 2008, "region")
    got = drivers.data(PERIOD)["price_level"]
    np.testing.assert_allclose(got, expected.reindex(got.index), rtol=1e-14)
    assert "price_level" not in DEFAULT_REGISTRY


@pytest.mark.parametrize(
    "name",
    [
        "published_factors",
        "usable_factors",
        "factors_known",
        "PUBLISHED_LOWEST",
        "PUBLISHED_HIGHER",
    ],
)
def test_the_sets_moved_from_builtin_warn_for_one_release(name: str) -> None:
    from attraktiv.factors import builtin

    with pytest.warns(
        DeprecationWarning,
        match=re.escape(
            f"attraktiv.factors.builtin.{name} is deprecated and will be removed in "
            "0.2.0; import it from attraktiv.factors instead"
        ),
    ):
        moved = getattr(builtin, name)
    assert moved is getattr(attraktiv.factors, name)


def test_a_declared_aggregation_is_checked_when_registered() -> None:
    class Median:
        name = "median_price"
        description = "median house price (NOK per m²)"
        inputs = ("price",)
        aggregation = "median"

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            raise AssertionError("never computed")

    message = (
        "factor 'median_price' declares aggregation='median'; choose one of 'sum', "
        "'population_mean', 'ratio_of_sums', 'lowest_only'"
    )
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        FactorRegistry().register(Median())

"""Explanatory factors: the protocol, the nine built-ins, user factors, the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import period_table
from attraktiv.datasets import simulate_panel
from attraktiv.drivers import DriverAnalysis
from attraktiv.errors import DataError, InvalidOptionError, PeriodError
from attraktiv.factors import (
    BUILTIN_FACTORS,
    ColumnFactor,
    Factor,
    FactorRegistry,
    available_factors,
    factor_values,
    get_factor,
    register_factor,
)
from attraktiv.periods import Period

NINE = (
    "job_growth",
    "labour_market_integration",
    "size",
    "neighbour_growth",
    "culture_index",
    "cafe_density",
    "education_level",
    "university",
    "housing_construction",
)
COLUMNS = {"size": "log_population", "neighbour_growth": "neighbour_job_growth"}
PERIOD = Period(2008, 2010)


@pytest.fixture(scope="module")
def panel() -> attraktiv.Panel:
    return simulate_panel(120, rng=5)


@pytest.fixture
def registry() -> FactorRegistry:
    """A registry of the test's own: its registrations are seen nowhere else."""
    return FactorRegistry()


def with_column(
    panel: attraktiv.Panel, name: str, values: np.ndarray
) -> attraktiv.Panel:
    data = panel.data
    data[name] = values
    return attraktiv.Panel(data, panel.hierarchy)


def without_column(panel: attraktiv.Panel, name: str) -> attraktiv.Panel:
    return attraktiv.Panel(panel.data.drop(columns=[name]), panel.hierarchy)


# --- built-ins ------------------------------------------------------------------------


def test_the_nine_builtins_are_registered_in_published_order() -> None:
    assert available_factors()[:9] == NINE
    assert tuple(f.name for f in BUILTIN_FACTORS) == NINE
    for name in NINE:
        factor = get_factor(name)
        assert isinstance(factor, Factor)
        assert factor.name == name
        assert factor.description
        # every description states a unit of measure in brackets
        assert re.search(r"\(.+\)", factor.description), name


PLURAL = {"region": "regions", "county": "counties"}


@pytest.mark.parametrize("level", ["municipality", "region", "county"])
@pytest.mark.parametrize("name", NINE)
def test_builtin_equals_period_table_column(
    panel: attraktiv.Panel, name: str, level: str
) -> None:
    table = period_table(panel, PERIOD, level)
    factor = get_factor(name)
    assert set(factor.inputs) <= set(panel.columns)
    if name == "labour_market_integration" and level != "municipality":
        # summed commuters would count commuting inside the region or county
        assert name not in table.columns
        with pytest.raises(
            DataError,
            match=re.escape(
                "factor 'labour_market_integration' is defined at the municipality "
                f"level only, not for {PLURAL[level]} in period {PERIOD}: commuters "
                "summed over the lowest-level units count commuting between them too"
            ),
        ):
            factor.compute(panel, PERIOD, level)
        return
    values = factor.compute(panel, PERIOD, level)
    expected = table[COLUMNS.get(name, name)]
    np.testing.assert_array_equal(values.to_numpy(), expected.to_numpy())
    assert values.index.equals(table.index)
    assert values.name == name


def test_builtin_inputs_are_what_the_period_table_needs(
    panel: attraktiv.Panel,
) -> None:
    # Removing any declared input of a period-table factor removes its column.
    for factor in BUILTIN_FACTORS:
        for column in factor.inputs:
            if column in ("jobs", "population_jan1"):
                continue  # the panel cannot exist without them
            reduced = without_column(panel, column)
            with pytest.raises(DataError, match=re.escape(repr(column))):
                factor.compute(reduced, PERIOD, "municipality")


# --- errors ---------------------------------------------------------------------------


def test_unknown_factor_lists_the_available_ones() -> None:
    names = ", ".join(repr(n) for n in NINE)
    message = (
        f"unknown factor 'distance'; the available factors are {names}. Define your "
        "own (see attraktiv.factors.Factor) and pass it, or register it with "
        "register_factor"
    )
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        get_factor("distance")
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        DriverAnalysis(["job_growth", "distance"])


def test_missing_input_names_factor_column_and_period(
    panel: attraktiv.Panel,
) -> None:
    reduced = without_column(panel, "cafe_jobs")
    message = (
        "factor 'cafe_density' cannot be computed for period 2008-2010: the panel "
        "has no input column 'cafe_jobs' (it has: " + ", ".join(reduced.columns) + ")"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        factor_values("cafe_density", reduced, "2008-2010", "municipality")
    analysis = DriverAnalysis(["job_growth", "cafe_density"])
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        analysis.fit(reduced, periods=["2008-2010", "2011-2013"])


def test_missing_values_name_factor_level_period_and_units(
    panel: attraktiv.Panel,
) -> None:
    data = panel.data
    gone = data["code"].isin(["0003", "0017"]) & (data["year"] == 2008)
    data.loc[gone, "culture_index"] = np.nan
    holes = attraktiv.Panel(data, panel.hierarchy)
    message = (
        "factor 'culture_index' has no value (NaN or infinite) at level "
        "'municipality' in period 2008-2010 for 2 units: '0003', '0017'; complete "
        "its input data, or leave the factor out"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        factor_values("culture_index", holes, "2008-2010", "municipality")
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        DriverAnalysis(["job_growth", "culture_index"]).fit(holes, periods="2008-2010")
    # The regions holding those municipalities have no value either.
    parent = holes.hierarchy.mapping("municipality", "region")
    regions = ", ".join(repr(r) for r in sorted({parent["0003"], parent["0017"]}))
    with pytest.raises(
        DataError, match=re.escape(f"in period 2008-2010 for 2 units: {regions};")
    ):
        factor_values("culture_index", holes, "2008-2010", "region")
    # Other periods are unaffected.
    assert factor_values("culture_index", holes, "2011-2013", "region").notna().all()


def test_many_missing_units_are_counted(panel: attraktiv.Panel) -> None:
    @dataclass(frozen=True)
    class Sparse:
        name: str = "sparse"
        description: str = "defined for the first three units only (score)"
        inputs: tuple[str, ...] = ()

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            return pd.Series(1.0, index=panel.units(level)[:3])

    n = len(panel.units("municipality"))
    message = (
        f"factor 'sparse' has no value (NaN or infinite) at level 'municipality' in "
        f"period 2008-2010 for {n - 3} units: '0004', '0005', '0006', '0007', '0008' "
        f"and {n - 8} more; complete its input data, or leave the factor out"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        factor_values(Sparse(), panel, PERIOD, "municipality")


def test_bad_compute_results_are_refused(panel: attraktiv.Panel) -> None:
    @dataclass(frozen=True)
    class Returns:
        value: object
        name: str = "odd"
        description: str = "a broken factor (nothing)"
        inputs: tuple[str, ...] = ()

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            return self.value  # type: ignore[return-value]

    codes = panel.units("municipality")
    where = "at level 'municipality' in period 2008-2010"
    cases = [
        (
            np.ones(len(codes)),
            f"factor 'odd' returned ndarray {where}; compute must return a pandas "
            "Series indexed by unit code",
        ),
        (
            pd.Series("x", index=codes),
            f"factor 'odd' returned non-numeric values (dtype str) {where}",
        ),
        (
            pd.Series(1.0, index=[*codes, "9999"]),
            f"factor 'odd' returned values for codes that are not municipality units: "
            f"'9999' ({where})",
        ),
        (
            pd.Series(1.0, index=[*codes, codes[0]]),
            f"factor 'odd' returned several values for unit(s) '0001' {where}",
        ),
    ]
    for value, message in cases:
        with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
            factor_values(Returns(value), panel, PERIOD, "municipality")


def test_values_come_back_in_unit_order(panel: attraktiv.Panel) -> None:
    shuffled = get_factor("size").compute(panel, PERIOD, "region").iloc[::-1]

    @dataclass(frozen=True)
    class Backwards:
        name: str = "backwards"
        description: str = "size, listed backwards (log persons)"
        inputs: tuple[str, ...] = ()

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            return shuffled

    values = factor_values(Backwards(), panel, PERIOD, "region")
    assert values.index.equals(panel.units("region"))
    np.testing.assert_array_equal(
        values.to_numpy(), period_table(panel, PERIOD, "region")["log_population"]
    )


def test_not_a_factor() -> None:
    message = (
        "42 is not a factor: it lacks name, description, inputs, compute (a factor "
        "needs name, description, inputs and compute(panel, period, level); see "
        "attraktiv.factors.Factor)"
    )
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        DriverAnalysis([42])  # type: ignore[list-item]
    reserved = ColumnFactor("Intercept", "x", "reserved (nothing)")
    message = "'Intercept' is reserved and cannot name a factor"
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        register_factor(reserved)
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        DriverAnalysis([reserved])


# --- user factors ---------------------------------------------------------------------


def test_column_factor_distance_to_city(panel: attraktiv.Panel) -> None:
    codes = panel.data["code"].astype(int).to_numpy()
    distance = 5.0 + 3.0 * (codes % 7)
    augmented = with_column(panel, "distance_km", distance)
    factor = ColumnFactor(
        "distance_to_city", "distance_km", "road distance to the nearest city (km)"
    )
    assert isinstance(factor, Factor)
    assert factor.inputs == ("distance_km", "population_jan1")
    municipal = factor.compute(augmented, PERIOD, "municipality")
    np.testing.assert_array_equal(
        municipal.to_numpy(), 5.0 + 3.0 * (municipal.index.astype(int) % 7)
    )
    # regions: population-weighted mean of their municipalities, first year (2008)
    data = augmented.data
    first = data[data["year"] == 2008].set_index("code")
    parent = augmented.hierarchy.mapping("municipality", "region")
    weighted = (first["distance_km"] * first["population_jan1"]).groupby(parent).sum()
    expected = weighted / first["population_jan1"].groupby(parent).sum()
    regional = factor.compute(augmented, PERIOD, "region")
    np.testing.assert_allclose(regional.to_numpy(), expected.to_numpy(), rtol=1e-14)

    # ... and it works in an analysis, registered or not.
    direct = DriverAnalysis(["job_growth", factor]).fit(augmented, periods="2008-2010")
    assert direct.factors == ("job_growth", "distance_to_city")
    assert np.isfinite(direct.table().to_numpy()).all()


def test_column_factor_sum_and_period_options(panel: attraktiv.Panel) -> None:
    dwellings_total = ColumnFactor(
        "dwellings",
        "dwellings_completed",
        "dwellings completed (dwellings)",
        over_period="sum",
        aggregate="sum",
    )
    region_table = period_table(panel, PERIOD, "region")
    # housing_construction = 100 * sum of dwellings / P0
    np.testing.assert_allclose(
        dwellings_total.compute(panel, PERIOD, "region").to_numpy(),
        region_table["housing_construction"] * region_table["population_start"] / 100,
        rtol=1e-12,
    )
    mean_staff = ColumnFactor(
        "staff",
        "university_staff",
        "university staff (persons)",
        over_period="mean",
        aggregate="sum",
    )
    counts = panel.aggregate("county").set_index(["code", "year"])["university_staff"]
    expected = counts.unstack()[list(PERIOD.years)].mean(axis=1)
    np.testing.assert_allclose(
        mean_staff.compute(panel, PERIOD, "county").to_numpy(), expected.to_numpy()
    )
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "over_period='last' is not valid; choose one of 'first', 'mean', 'sum'"
        ),
    ):
        ColumnFactor("x", "jobs", "jobs (jobs)", over_period="last")  # type: ignore[arg-type]
    with pytest.raises(
        PeriodError,
        match=re.escape(
            "factor 'staff' needs year 2017 of period 2016-2018, but the panel has "
            "years 2002-2016"
        ),
    ):
        mean_staff.compute(panel, Period(2016, 2018), "county")


def test_a_hand_written_factor_class(panel: attraktiv.Panel) -> None:
    class RelativeGrowth:
        """Own job growth minus the neighbours' (percentage points)."""

        name = "relative_growth"
        description = "own minus neighbours' job growth (percentage points)"
        inputs = ("jobs",)

        def compute(
            self, panel: attraktiv.Panel, period: Period, level: str
        ) -> pd.Series:
            table = period_table(panel, period, level)
            return table["job_growth"] - table["neighbour_job_growth"]

    assert isinstance(RelativeGrowth(), Factor)
    result = DriverAnalysis([RelativeGrowth(), "size"]).fit(
        panel, periods=["2008-2010"], level="region"
    )
    data = result.data("2008-2010")
    table = period_table(panel, PERIOD, "region")
    np.testing.assert_array_equal(
        data["relative_growth"], table["job_growth"] - table["neighbour_job_growth"]
    )


def test_register_and_replace(panel: attraktiv.Panel, registry: FactorRegistry) -> None:
    factor = ColumnFactor("ferry", "jobs", "jobs, standing in for ferry time (jobs)")
    assert registry.register(factor) is factor
    assert registry.get("ferry") is factor
    assert registry.names()[-1] == "ferry"
    assert "ferry" not in available_factors()  # the default registry is untouched
    assert registry.register(factor) is factor  # the same object again is fine
    other = ColumnFactor("ferry", "jobs", "something else (jobs)")
    message = (
        "a factor named 'ferry' is already registered; pass replace=True to replace "
        "it, or choose another name"
    )
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        registry.register(other)
    registry.register(other, replace=True)
    assert registry.get("ferry") is other
    result = DriverAnalysis(["ferry", "size"], registry=registry).fit(
        panel, periods="2008-2010"
    )
    assert result.factors == ("ferry", "size")
    with pytest.raises(InvalidOptionError, match=r"^unknown factor 'ferry'"):
        DriverAnalysis(["ferry"])  # not in the default registry
    assert registry.unregister("ferry") is other
    assert "ferry" not in registry


def test_register_factor_uses_the_default_registry() -> None:
    factor = ColumnFactor("ferry", "jobs", "jobs, standing in for ferry time (jobs)")
    try:
        assert register_factor(factor) is factor
        assert get_factor("ferry") is factor
        assert available_factors()[-1] == "ferry"
    finally:
        attraktiv.factors.DEFAULT_REGISTRY.unregister("ferry")
    assert "ferry" not in available_factors()


def test_the_driver_path_builds_one_table_per_period_with_only_its_factors(
    panel: attraktiv.Panel, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attraktiv.drivers import analysis

    calls: list[tuple[str, str, tuple[str, ...]]] = []
    original = analysis.period_columns

    def counting(panel, period, level=None, *, factors=None, **options):  # type: ignore[no-untyped-def]
        counts, columns = original(panel, period, level, factors=factors, **options)
        calls.append((str(period), str(level), tuple(columns)))
        return counts, columns

    monkeypatch.setattr(analysis, "period_columns", counting)
    DriverAnalysis(["size", "cafe_density"]).fit(
        panel, periods=["2005-2007", "2008-2010"]
    )
    columns = (
        "name",
        "population_start",
        "net_migration",
        "job_growth",
        "log_population",
        "cafe_density",
    )
    assert calls == [
        ("2005-2007", "municipality", columns),
        ("2008-2010", "municipality", columns),
    ]


def test_factors_known_asks_about_the_units_a_dropping_panel_keeps() -> None:
    from attraktiv.factors import factors_known
    from attraktiv.panel import Panel

    simulated = simulate_panel(30, rng=1)
    data = simulated.data
    first = simulated.units("municipality")[0]
    hole = (data["code"] == first) & (data["year"] == 2009)
    data.loc[hole, "jobs"] = np.nan
    names = ["job_growth", "size", "neighbour_growth"]
    strict = Panel(data, simulated.hierarchy, components=())
    dropping = Panel(data, simulated.hierarchy, components=(), missing="drop")
    kept, dropped = factors_known(strict, names, "2007-2009")
    assert kept == ("size",)
    kept, dropped = factors_known(dropping, names, "2007-2009")
    # the unit without jobs is left out; its neighbours read its jobs
    assert kept == ("job_growth", "size")
    assert dropped["neighbour_growth"].startswith(
        "it is unknown (NaN) for some municipalities kept in the period"
    )
    # a period that does not read the hole keeps every factor
    assert factors_known(dropping, names, "2011-2013")[0] == tuple(names)

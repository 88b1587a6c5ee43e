"""Tests of attraktiv.panel.Panel: schema validation, period tables, aggregation."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import period_table
from attraktiv.core import rates
from attraktiv.datasets import simulate_panel
from attraktiv.errors import DataError, FlowError, InvalidOptionError, PeriodError
from attraktiv.geography import Hierarchy
from attraktiv.panel import Panel
from attraktiv.periods import Period

# --- a small hand-made panel ------------------------------------------------------
# Region R3 has one member (0301) and is alone in county C2, so its neighbours come
# from further up; region R1 has three members, R2 two.
CODES = ("0101", "0102", "0103", "0201", "0202", "0301")
REGIONS = ("R1", "R1", "R1", "R2", "R2", "R3")
COUNTIES = ("C1", "C1", "C1", "C1", "C1", "C2")
YEARS = (2008, 2009, 2010, 2011)


def small_hierarchy() -> Hierarchy:
    return Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": CODES,
                "municipality_name": [f"Town {c}" for c in CODES],
                "region_code": REGIONS,
                "region_name": [f"Region {r}" for r in REGIONS],
                "county_code": COUNTIES,
                "county_name": [f"County {c}" for c in COUNTIES],
            }
        )
    )


def small_data() -> pd.DataFrame:
    """2008 holds only jobs (like load_norway's 2002); 2009-2011 are complete."""
    rows = []
    for i, code in enumerate(CODES):
        for year in YEARS:
            k = year - 2009
            full = year > 2008
            rows.append(
                {
                    "code": code,
                    "year": year,
                    "population_jan1": 1000.0 * (i + 1) + 25 * k if full else None,
                    "natural_increase": float(i - 2) if full else None,
                    "net_migration": float(3 * i - 4 + k) if full else None,
                    "jobs": 400.0 * (i + 1) + 10 * (year - 2008) * (i - 2),
                }
            )
    return pd.DataFrame(rows)


def small_panel(**kwargs: object) -> Panel:
    return Panel(small_data(), small_hierarchy(), **kwargs)  # type: ignore[arg-type]


def expect(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    return pytest.raises(error, match=re.escape(message))


# --- construction and attributes ----------------------------------------------------


def test_attributes() -> None:
    panel = small_panel(metadata={"source": "made up"})
    assert panel.years == YEARS
    assert panel.levels == ("municipality", "region", "county")
    assert panel.components == ()
    assert list(panel.units("region")) == ["R1", "R2", "R3"]
    assert panel.units("municipality").name == "code"
    assert panel.metadata["source"] == "made up"
    assert panel.columns == (
        "population_jan1",
        "natural_increase",
        "net_migration",
        "jobs",
    )
    data = panel.data
    assert list(data.columns[:2]) == ["code", "year"]
    assert len(data) == len(CODES) * len(YEARS)
    assert data["population_jan1"].dtype == np.float64
    assert repr(panel) == (
        "<Panel: 6 municipality units, years 2008-2011, levels municipality, "
        "region, county, components []>"
    )


def test_metadata_is_read_only() -> None:
    panel = small_panel(metadata={"source": "made up"})
    with pytest.raises(TypeError):
        panel.metadata["source"] = "changed"  # type: ignore[index]


def test_data_and_aggregates_cannot_be_changed_from_outside() -> None:
    panel = small_panel()
    before = period_table(panel, "2009-2011")
    data = panel.data
    data.loc[0, "jobs"] = -1.0
    data["extra"] = 1.0
    region = panel.aggregate("region")
    region.loc[0, "net_migration"] = 1e9
    pd.testing.assert_frame_equal(period_table(panel, "2009-2011"), before)
    assert "extra" not in panel.data.columns
    assert panel.aggregate("region").loc[0, "net_migration"] != 1e9


def test_rows_may_come_in_any_order_and_missing_rows_become_nan() -> None:
    data = small_data()
    shuffled = data.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(
        period_table(Panel(shuffled, small_hierarchy()), "2009-2011"),
        period_table(small_panel(), "2009-2011"),
    )
    # Dropping the 2008 row of 0101 leaves a NaN, which only a period needing it
    # rejects.
    dropped = data[~((data["code"] == "0101") & (data["year"] == 2008))]
    panel = Panel(dropped, small_hierarchy())
    assert math.isnan(panel.data.loc[0, "jobs"])
    period_table(panel, "2010-2011")
    with expect(
        DataError,
        "municipality '0101' has no value (NaN) for 'jobs' in 2008, needed for "
        "period 2009-2011",
    ):
        period_table(panel, "2009-2011")


def test_integer_codes_are_text() -> None:
    hierarchy = Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": ["1", "2"],
                "region_code": ["R", "R"],
                "county_code": ["C", "C"],
            }
        )
    )
    data = pd.DataFrame(
        {
            "code": [1, 1, 2, 2],
            "year": [2000, 2001, 2000, 2001],
            "population_jan1": [10.0, 11.0, 20.0, 21.0],
            "net_migration": [1.0, 1.0, 1.0, 1.0],
            "jobs": [5.0, 6.0, 7.0, 8.0],
        }
    )
    table = period_table(Panel(data, hierarchy), "2001-2001")
    assert list(table.index) == ["1", "2"]


def test_in_and_out_migration_give_net_migration() -> None:
    data = small_data()
    data["in_migration"] = data["net_migration"] + 100.0
    data["out_migration"] = 100.0
    without_net = data.drop(columns="net_migration")
    panel = Panel(without_net, small_hierarchy())
    pd.testing.assert_series_equal(
        panel.data["net_migration"], small_panel().data["net_migration"]
    )
    # Both given and consistent: fine; inconsistent: a FlowError.
    Panel(data, small_hierarchy())
    data.loc[5, "out_migration"] = 101.0
    with expect(
        FlowError,
        "in_migration - out_migration do not add up to net_migration for unit "
        "'0102' in 2009: they sum to -2 persons, net_migration is -1 (gap -1 persons)",
    ):
        Panel(data, small_hierarchy())


# --- validation errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            lambda d: d.drop(columns="code"),
            DataError,
            "data has no unit column 'code'; columns are: year, population_jan1, "
            "natural_increase, net_migration, jobs",
        ),
        (
            lambda d: d.drop(columns="year"),
            DataError,
            "data has no year column 'year'; columns are: code, population_jan1, ",
        ),
        (
            lambda d: d.drop(columns="jobs"),
            DataError,
            "data has no column 'jobs'; the panel needs population_jan1, jobs and "
            "net_migration (or in_migration and out_migration)",
        ),
        (
            lambda d: d.drop(columns=["net_migration", "natural_increase"]),
            DataError,
            "data has no column 'net_migration'; the panel needs net_migration, or "
            "in_migration and out_migration, or natural_increase (net migration is "
            "then the population change less natural increase)",
        ),
        (
            lambda d: d.drop(columns="net_migration").assign(in_migration=1.0),
            DataError,
            "data has no column 'out_migration' to go with the other; the panel "
            "needs net_migration, or in_migration and out_migration",
        ),
        (
            lambda d: pd.concat([d, d.iloc[[5]]]),
            DataError,
            "duplicate rows for unit '0102' in 2009; give one row per unit and year",
        ),
        (
            lambda d: d.assign(name="x"),
            DataError,
            "column 'name' is not numeric (dtype str); the panel holds counts and "
            "scores only (unit names come from the hierarchy)",
        ),
        (
            lambda d: d.assign(year=d["year"] + 0.5),
            DataError,
            "year column 'year' holds 2008.5, not a whole year",
        ),
        (
            lambda d: d.assign(year=d["year"].where(d.index != 3)),
            DataError,
            "year column 'year' has no year for unit '0101' (row 3); every row needs "
            "a whole year such as 2008",
        ),
        (
            lambda d: d.assign(**{"7": 1.0}).rename(columns={"7": 7}),
            DataError,
            "column names must be text; got 7",
        ),
        (
            lambda d: d.assign(code=d["code"].replace({"0301": "0399"})),
            DataError,
            "1 unit(s) in data are not municipality units of the hierarchy: '0399' "
            "(codes are compared as text, so '301' is not '0301')",
        ),
        (
            lambda d: d[d["code"] != "0202"],
            DataError,
            "1 municipality unit(s) of the hierarchy have no rows in data: '0202'; "
            "give the panel a hierarchy of exactly the units it covers",
        ),
        (
            lambda d: d.assign(
                population_jan1=d["population_jan1"].where(d.index != 6, 0.0)
            ),
            DataError,
            "population_jan1 must be positive: unit '0102' in 2010 it is 0",
        ),
        (
            lambda d: d.assign(jobs=d["jobs"].where(d.index < 20, -1.0)),
            DataError,
            "jobs must not be negative: unit '0301' in 2008 it is -1 (and 3 more)",
        ),
        (
            lambda d: d.assign(jobs=d["jobs"].where(d.index != 2, np.inf)),
            DataError,
            "column 'jobs' is infinite for unit '0101' in 2010",
        ),
        (
            lambda d: d.assign(cafe_jobs=-2.0),
            DataError,
            "cafe_jobs must not be negative: unit '0101' in 2008 it is -2 "
            "(and 23 more)",
        ),
    ],
)
def test_bad_data_is_rejected(
    change: Callable[[pd.DataFrame], pd.DataFrame], error: type[Exception], message: str
) -> None:
    with expect(error, message):
        Panel(change(small_data()), small_hierarchy())


def test_wrong_argument_types() -> None:
    with expect(DataError, "data must be a pandas DataFrame, got dict"):
        Panel({}, small_hierarchy())  # type: ignore[arg-type]
    with expect(
        DataError, "hierarchy must be an attraktiv.geography.Hierarchy, got str"
    ):
        Panel(small_data(), "geo")  # type: ignore[arg-type]


# --- flow components ----------------------------------------------------------------


def with_components(data: pd.DataFrame) -> pd.DataFrame:
    net = data["net_migration"]
    return data.assign(
        net_migration_immigration=net * 0.5,
        net_migration_domestic_immigrant=2.0,
        net_migration_domestic_other=net * 0.5 - 2.0,
    )


def test_default_components_are_found_and_add_up() -> None:
    panel = Panel(with_components(small_data()), small_hierarchy())
    assert panel.components == ("immigration", "domestic_immigrant", "domestic_other")
    table = period_table(panel, "2009-2011", level="region")
    parts = table[[f"net_migration_{c}" for c in panel.components]].sum(axis=1)
    np.testing.assert_allclose(parts, table["net_migration"], rtol=1e-12)
    assert list(table.columns[:6]) == [
        "name",
        "population_start",
        "net_migration",
        "net_migration_immigration",
        "net_migration_domestic_immigrant",
        "net_migration_domestic_other",
    ]


def test_components_that_do_not_add_up_are_rejected() -> None:
    data = with_components(small_data())
    data.loc[9, "net_migration_domestic_other"] += 0.5
    with expect(
        FlowError,
        "the flow components immigration + domestic_immigrant + domestic_other do "
        "not add up to net_migration for unit '0103' in 2009: they sum to 2.5 "
        "persons, net_migration is 2 (gap 0.5 persons)",
    ):
        Panel(data, small_hierarchy())
    # Ignoring the components is allowed.
    assert Panel(data, small_hierarchy(), components=()).components == ()


def test_user_defined_components() -> None:
    data = small_data()
    net = data["net_migration"]
    data = data.assign(
        net_migration_age_0_19=net * 0.25,
        net_migration_age_20_64=net * 0.5,
        net_migration_age_65=net * 0.25,
    )
    ages = ["age_0_19", "age_20_64", "age_65"]
    panel = Panel(data, small_hierarchy(), components=ages)
    table = period_table(panel, "2009-2011")
    np.testing.assert_allclose(
        table["net_migration_age_20_64"], table["net_migration"] * 0.5, rtol=1e-12
    )
    with expect(DataError, "component 'age_80' has no column 'net_migration_age_80'"):
        Panel(data, small_hierarchy(), components=[*ages, "age_80"])
    with expect(DataError, "components are repeated: ['age_65', 'age_65']"):
        Panel(data, small_hierarchy(), components=["age_65", "age_65"])
    with expect(DataError, "components must be a sequence of names, got the string"):
        Panel(data, small_hierarchy(), components="age_65")


def test_tiny_float_gaps_are_tolerated() -> None:
    data = with_components(small_data())
    data.loc[9, "net_migration_domestic_other"] += 1e-9
    Panel(data, small_hierarchy())


# --- period tables ------------------------------------------------------------------


def test_period_table_by_hand() -> None:
    panel = small_panel()
    table = period_table(panel, "2009-2011")
    assert table.index.name == "code"
    assert list(table.index) == list(CODES)
    assert list(table.columns) == [
        "name",
        "population_start",
        "net_migration",
        "job_growth",
        "log_population",
        "neighbour_job_growth",
    ]
    assert table.attrs == {}
    row = table.loc["0102"]  # i = 1
    assert row["name"] == "Town 0102"
    assert row["population_start"] == 2000.0
    # net migration 3i - 4 + k for k = 0, 1, 2: -1 + 0 + 1 = 0
    assert row["net_migration"] == 0.0
    # jobs 800 + 10 * (year - 2008) * (i - 2): 800 at 2008 -> 770 at 2011
    assert row["job_growth"] == pytest.approx(100 * (770 - 800) / 800)
    assert row["log_population"] == pytest.approx(math.log(2000))
    # neighbours 0101 (400 -> 400 - 60) and 0103 (1200 -> 1200)
    assert row["neighbour_job_growth"] == pytest.approx(100 * (1540 - 1600) / 1600)
    last = table.loc["0301"]  # i = 5, alone in R3 and C2: the rest of the country
    others_start = sum(400.0 * (i + 1) for i in range(5))
    others_end = sum(400.0 * (i + 1) + 30 * (i - 2) for i in range(5))
    assert last["neighbour_job_growth"] == pytest.approx(
        100 * (others_end - others_start) / others_start
    )
    assert last["net_migration"] == pytest.approx(100 * (11 + 12 + 13) / 6000)


def test_period_accepts_text_tuple_and_period() -> None:
    panel = small_panel()
    expected = period_table(panel, "2009-2011")
    for period in ("2009–2011", (2009, 2011), Period(2009, 2011)):
        pd.testing.assert_frame_equal(period_table(panel, period), expected)


def test_period_errors() -> None:
    panel = small_panel()
    with expect(
        PeriodError,
        "period 2008-2010 needs 2007 (jobs at the end of the year before the "
        "period), but the panel has years 2008-2011",
    ):
        period_table(panel, "2008-2010")
    with expect(
        PeriodError,
        "period 2010-2012 needs 2012 (a year of the period), but the panel has "
        "years 2008-2011",
    ):
        period_table(panel, "2010-2012")
    gappy = Panel(small_data().query("year != 2010"), small_hierarchy())
    with expect(
        PeriodError,
        "period 2009-2011 needs 2010 (a year of the period), but the panel has "
        "years 2008-2009, 2011",
    ):
        period_table(gappy, "2009-2011")
    with expect(InvalidOptionError, "level='nation' is not valid; choose one of"):
        period_table(panel, "2009-2011", level="nation")


def test_nan_in_a_needed_cell() -> None:
    data = small_data()
    data.loc[(data["code"] == "0202") & (data["year"] == 2010), "net_migration"] = None
    panel = Panel(data, small_hierarchy())
    message = (
        "municipality '0202' has no value (NaN) for 'net_migration' in 2010, needed "
        "for period 2009-2011"
    )
    with expect(DataError, message):
        period_table(panel, "2009-2011")
    # At a higher level the member at fault is named.
    with expect(DataError, message):
        period_table(panel, "2009-2011", level="county")
    period_table(panel, "2011-2011")


def test_zero_jobs_at_the_start() -> None:
    data = small_data()
    data.loc[(data["code"] == "0103") & (data["year"] == 2008), "jobs"] = 0.0
    panel = Panel(data, small_hierarchy())
    with expect(
        DataError,
        "municipality '0103' has 0 jobs at the end of 2008, so its job growth over "
        "2009-2011 is undefined",
    ):
        period_table(panel, "2009-2011")
    period_table(panel, "2009-2011", level="region")


def test_periods_available() -> None:
    panel = small_panel()
    assert panel.periods_available() == [Period(2009, 2011)]
    assert [p.label for p in panel.periods_available(length=1)] == [
        "2009-2009",
        "2010-2010",
        "2011-2011",
    ]
    with expect(PeriodError, "period length must be an integer >= 1, got 0"):
        panel.periods_available(0)


def test_factors_from_their_inputs() -> None:
    data = small_data().assign(
        in_commuters=30.0,
        out_commuters=20.0,
        employed_residents=100.0,
        cafe_jobs=5.0,
        higher_education=40.0,
        education_known=80.0,
        university_staff=0.0,
        dwellings_completed=3.0,
        culture_index=2.0,
    )
    panel = Panel(data, small_hierarchy())
    table = period_table(panel, "2009-2011")
    # built-in factors in the order of the registry (size and neighbours first
    # after labour-market integration, as in BUILTIN_FACTORS)
    assert list(table.columns[4:]) == [
        "labour_market_integration",
        "log_population",
        "neighbour_job_growth",
        "culture_index",
        "cafe_density",
        "education_level",
        "university",
        "housing_construction",
    ]
    row = table.loc["0101"]  # jobs filled: 100 employed - 20 out + 30 in = 110
    assert row["labour_market_integration"] == pytest.approx(100 * 30 / 110 + 20.0)
    assert row["cafe_density"] == pytest.approx(0.5)
    assert row["education_level"] == pytest.approx(50.0)  # 40 of 80 known
    assert row["university"] == 0.0
    assert row["housing_construction"] == pytest.approx(0.9)
    assert row["culture_index"] == 2.0


def test_factor_inputs_with_nan_give_nan_not_an_error() -> None:
    data = small_data().assign(cafe_jobs=5.0)
    data.loc[(data["code"] == "0201") & (data["year"] == 2009), "cafe_jobs"] = None
    table = period_table(Panel(data, small_hierarchy()), "2009-2011")
    assert math.isnan(table.loc["0201", "cafe_density"])
    assert table["cafe_density"].notna().sum() == len(CODES) - 1


def test_culture_index_is_a_population_weighted_mean() -> None:
    data = small_data()
    data["culture_index"] = data["code"].map({c: float(i) for i, c in enumerate(CODES)})
    panel = Panel(data, small_hierarchy())
    region = period_table(panel, "2009-2011", level="region")
    population = np.array([1000.0, 2000.0, 3000.0])
    expected = (population * [0.0, 1.0, 2.0]).sum() / population.sum()
    assert region.loc["R1", "culture_index"] == pytest.approx(expected)


def test_a_column_that_is_not_a_count_is_aggregated_only_as_declared() -> None:
    data = small_data()
    data["price"] = 10.0 + data.index % 6  # a price level: never to be summed
    panel = Panel(data, small_hierarchy())
    # undeclared: left out above the lowest level, and refused when read, by name
    assert "price" not in panel.aggregate("region").columns
    message = (
        "column 'price' has no declared aggregation, so it has no region values "
        "(period 2009-2011): only counts are summed from municipality to region "
        "without being asked. Declare how it aggregates: aggregation={'price': "
        "'population_mean'} (a price, rate or score) or 'sum' (a count), e.g. "
        "ColumnFactor(..., aggregate='population_mean')"
    )
    with expect(DataError, message):
        panel.counts("2009-2011", "region").start("price")
    lowest = panel.counts("2009-2011", "municipality").start("price")
    first = data[data["year"] == 2009].set_index("code")
    np.testing.assert_array_equal(lowest, first["price"].to_numpy())
    # declared: the population-weighted mean, by hand with pandas
    declared = panel.counts(
        "2009-2011", "region", aggregation={"price": "population_mean"}
    )
    parent = pd.Series(REGIONS, index=CODES)
    weighted = (first["price"] * first["population_jan1"]).groupby(parent).sum()
    expected = weighted / first["population_jan1"].groupby(parent).sum()
    np.testing.assert_allclose(declared.start("price"), expected.to_numpy(), rtol=1e-15)
    region = panel.aggregate("region", {"price": "sum"}).set_index(["code", "year"])
    summed = first["price"].groupby(parent).sum()
    np.testing.assert_array_equal(
        region["price"].xs(2009, level="year").to_numpy(), summed.to_numpy()
    )
    with expect(
        InvalidOptionError,
        "aggregation of column 'price'='median' is not valid; choose one of 'sum', "
        "'population_mean'",
    ):
        panel.counts("2009-2011", "region", aggregation={"price": "median"})  # type: ignore[dict-item]


# --- aggregation and neighbours -------------------------------------------------------


def test_aggregate_matches_hierarchy_aggregate() -> None:
    panel = simulate_panel(80, rng=5)
    summed = [c for c in panel.columns if c != "culture_index"]
    for level in panel.levels:
        ours = panel.aggregate(level)
        theirs = panel.hierarchy.aggregate(panel.data, level, columns=summed)
        ours = ours.sort_values(["year", "code"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(ours[theirs.columns], theirs)


def test_aggregate_keeps_nan_within_its_group() -> None:
    region = small_panel().aggregate("region")
    in_2008 = region[region["year"] == 2008]
    assert in_2008["population_jan1"].isna().all()
    assert in_2008["jobs"].tolist() == [2400.0, 3600.0, 2400.0]


def reference_neighbours(hierarchy: Hierarchy, code: str, level: str) -> list[str]:
    """METHOD section 1 with the documented fallback, unit by unit."""
    position = hierarchy.levels.index(level)
    for ancestor in hierarchy.levels[position + 1 :]:
        parent = hierarchy.parent(code, level, ancestor)
        others = [u for u in hierarchy.members(parent, ancestor, level) if u != code]
        if others:
            return others
    return [u for u in hierarchy.units(level) if u != code]


def reference_table(panel: Panel, period: Period, level: str) -> pd.DataFrame:
    """A slow, loop-based period table built from Hierarchy.aggregate."""
    counts = panel.hierarchy.aggregate(panel.data, level).set_index(["code", "year"])
    first, last, before = period.first, period.last, period.first - 1
    rows = {}
    for code in panel.hierarchy.units(level):
        p0 = counts.loc[(code, first), "population_jan1"]
        flows = {
            column: sum(counts.loc[(code, y), column] for y in period.years)
            for column in ["net_migration"]
            + [f"net_migration_{c}" for c in panel.components]
        }
        neighbours = reference_neighbours(panel.hierarchy, code, level)
        n_start = sum(counts.loc[(u, before), "jobs"] for u in neighbours)
        n_end = sum(counts.loc[(u, last), "jobs"] for u in neighbours)
        j_start, j_end = (
            counts.loc[(code, before), "jobs"],
            counts.loc[(code, last), "jobs"],
        )
        rows[code] = {
            "population_start": p0,
            **{column: 100 * total / p0 for column, total in flows.items()},
            "job_growth": 100 * (j_end - j_start) / j_start,
            "log_population": math.log(p0),
            "neighbour_job_growth": (
                100 * (n_end - n_start) / n_start if neighbours else math.nan
            ),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    end=st.integers(2006, 2012),
    level=st.sampled_from(["municipality", "region", "county"]),
)
def test_period_table_matches_a_loop_reference(seed: int, end: int, level: str) -> None:
    panel = simulate_panel(40, range(2003, 2013), rng=seed)
    period = Period(end - 2, end)
    table = period_table(panel, period, level=level)
    reference = reference_table(panel, period, level)
    for column in reference.columns:
        np.testing.assert_allclose(
            table[column].to_numpy(),
            reference[column].to_numpy(),
            rtol=1e-10,
            atol=1e-10,
        )


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    end=st.integers(2005, 2016),
    level=st.sampled_from(["municipality", "region", "county"]),
)
def test_flows_add_up_to_the_total(seed: int, end: int, level: str) -> None:
    panel = simulate_panel(50, rng=seed)
    table = period_table(panel, Period(end - 2, end), level=level)
    parts = table[[f"net_migration_{c}" for c in panel.components]].sum(axis=1)
    np.testing.assert_allclose(parts, table["net_migration"], rtol=1e-9, atol=1e-9)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16), end=st.integers(2005, 2016))
def test_region_rates_come_from_summed_counts(seed: int, end: int) -> None:
    panel = simulate_panel(60, rng=seed)
    period = Period(end - 2, end)
    municipalities = period_table(panel, period)
    regions = period_table(panel, period, level="region")
    persons = municipalities["net_migration"] * municipalities["population_start"] / 100
    region_of = panel.hierarchy.mapping("municipality", "region")
    grouped = pd.DataFrame(
        {"persons": persons, "p0": municipalities["population_start"]}
    ).groupby(region_of)
    expected = 100 * grouped["persons"].sum() / grouped["p0"].sum()
    np.testing.assert_allclose(
        regions["net_migration"].to_numpy(), expected.to_numpy(), rtol=1e-12
    )
    # ... which is not the mean of the members' rates.
    means = municipalities["net_migration"].groupby(region_of).mean()
    assert not np.allclose(regions["net_migration"].to_numpy(), means.to_numpy())


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.5, 3.0, 1000.0]))
def test_rates_do_not_depend_on_the_unit_of_count(seed: int, scale: float) -> None:
    panel = simulate_panel(30, rng=seed)
    data = panel.data
    counts = [c for c in panel.columns if c != "culture_index"]
    data[counts] = data[counts] * scale
    scaled = Panel(data, panel.hierarchy)
    for level in panel.levels:
        original = period_table(panel, "2010-2012", level=level)
        rescaled = period_table(scaled, "2010-2012", level=level)
        rates = [c for c in original.columns if c not in ("name", "population_start")]
        rates.remove("log_population")
        np.testing.assert_allclose(
            rescaled[rates], original[rates], rtol=1e-9, atol=1e-12
        )
        np.testing.assert_allclose(
            rescaled["log_population"], original["log_population"] + math.log(scale)
        )


def test_neighbours_where_levels_do_not_nest() -> None:
    # Region R2 straddles counties: two members in C1, one in C2. It belongs to C1
    # for its neighbours, where R1 is the other region.
    hierarchy = Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": ["a", "b", "c", "d", "e", "f"],
                "region_code": ["R1", "R1", "R2", "R2", "R2", "R3"],
                "county_code": ["C1", "C1", "C1", "C1", "C2", "C2"],
            }
        ),
        nested=False,
    )
    data = pd.DataFrame(
        {
            "code": np.repeat(list("abcdef"), 2),
            "year": [2000, 2001] * 6,
            "population_jan1": 100.0,
            "net_migration": 1.0,
            # a, b grow by 10 %; c, d, e stay; f shrinks from 50 to 40.
            "jobs": [10.0, 11.0] * 2 + [10.0, 10.0] * 3 + [50.0, 40.0],
        }
    )
    table = period_table(Panel(data, hierarchy), "2001-2001", level="region")
    assert table.loc["R2", "neighbour_job_growth"] == pytest.approx(10.0)  # R1
    assert table.loc["R1", "neighbour_job_growth"] == pytest.approx(0.0)  # R2
    assert table.loc["R3", "neighbour_job_growth"] == pytest.approx(100 * 2 / 50)


def test_rates_module_matches_the_table() -> None:
    panel = small_panel()
    table = period_table(panel, "2009-2011", level="county")
    county = panel.aggregate("county").set_index(["code", "year"])
    jobs = county["jobs"]
    expected = rates.growth_rate(
        jobs.xs(2008, level="year").to_numpy(), jobs.xs(2011, level="year").to_numpy()
    )
    np.testing.assert_allclose(table["job_growth"].to_numpy(), expected)


def test_net_migration_from_population_change() -> None:
    # METHOD section 3: where only population and natural increase are known, net
    # migration = population change - natural increase.
    from attraktiv.datasets import load_norway

    norway = load_norway()
    derived = Panel(
        norway.data.drop(columns=["net_migration", "net_migration_residual"]),
        norway.hierarchy,
        components=(),
        derive_net_migration=True,
    )
    for period in ("2003-2005", "2008-2010", "2013-2015"):
        pd.testing.assert_frame_equal(
            period_table(derived, period), period_table(norway, period)
        )
    # the last year has no next January population: its net migration is unknown
    assert str(derived.periods_available()[-1]) == "2013-2015"
    with pytest.raises(DataError, match="'net_migration' in 2016"):
        period_table(derived, "2014-2016")


def test_flow_tolerance_allows_a_documented_gap_and_no_more() -> None:
    from attraktiv.datasets import simulate_panel
    from attraktiv.errors import FlowError, InvalidOptionError

    panel = simulate_panel(30, rng=1)
    data = panel.data
    population = data["population_jan1"].to_numpy()
    # a gap of 4 persons per 100,000 residents: within 5e-5, beyond exact
    data["net_migration_immigration"] += 4e-5 * np.nan_to_num(population)
    with pytest.raises(FlowError, match="do not add up to net_migration"):
        Panel(data, panel.hierarchy)
    loose = Panel(data, panel.hierarchy, flow_tolerance=5e-5)
    assert loose.components == panel.components
    with pytest.raises(FlowError, match="do not add up to net_migration"):
        Panel(data, panel.hierarchy, flow_tolerance=3e-5)
    for bad in (-1e-6, 0.01, float("nan"), True, "0.1"):
        with pytest.raises(InvalidOptionError, match="flow_tolerance="):
            Panel(data, panel.hierarchy, flow_tolerance=bad)  # type: ignore[arg-type]


def test_a_derivation_not_asked_for_is_said_and_a_misnamed_column_named() -> None:
    from attraktiv.datasets import load_norway
    from attraktiv.errors import AttraktivWarning

    norway = load_norway()
    flows = [c for c in norway.data.columns if c.startswith("net_migration_")]
    data = norway.data.drop(columns=flows).rename(columns={"net_migration": "netmig"})
    with pytest.warns(AttraktivWarning) as caught:
        panel = Panel(data, norway.hierarchy)
    messages = [str(w.message) for w in caught]
    assert messages[0] == (
        "column 'netmig' is not in the panel's schema and is kept as an extra "
        "column; did you mean 'net_migration'?"
    )
    assert messages[1] == (
        "data has no column 'net_migration', so net migration is derived as the "
        "population change less natural_increase; the columns 'netmig' are not in "
        "the panel's schema (pass derive_net_migration=True to say this is meant, "
        "or rename the column that holds net migration)"
    )
    assert "netmig" in panel.columns
    with (
        pytest.warns(AttraktivWarning, match="did you mean"),
        pytest.raises(DataError, match="derive_net_migration=False"),
    ):
        Panel(data, norway.hierarchy, derive_net_migration=False)
    with pytest.raises(DataError, match="not both"):
        Panel(norway.data, norway.hierarchy, derive_net_migration=True)


def test_empty_data_and_repeated_columns_are_named() -> None:
    from attraktiv.datasets import load_norway

    norway = load_norway()
    with pytest.raises(DataError, match=r"^data has no rows \(only a header\?\)"):
        Panel(norway.data.iloc[:0], norway.hierarchy)
    doubled = pd.concat([norway.data, norway.data[["jobs"]]], axis=1)
    with pytest.raises(
        DataError, match=r"^data has more than one column named 'jobs'; give each"
    ):
        Panel(doubled, norway.hierarchy)


# --- missing="drop": units lacking a value are left out of the period --------------


def holed_data() -> pd.DataFrame:
    """0102 lacks net migration in 2010; 0301 lacks jobs at the end of 2008."""
    data = small_data()
    data.loc[(data["code"] == "0102") & (data["year"] == 2010), "net_migration"] = None
    data.loc[(data["code"] == "0301") & (data["year"] == 2008), "jobs"] = None
    return data


def test_missing_raise_names_the_cell_and_drop_leaves_the_unit_out() -> None:
    hierarchy = small_hierarchy()
    with expect(DataError, "municipality '0102' has no value (NaN) for"):
        period_table(Panel(holed_data(), hierarchy), "2009-2011")
    panel = Panel(holed_data(), hierarchy, missing="drop")
    assert panel.missing == "drop"
    table = period_table(panel, "2009-2011", factors=())
    full = period_table(small_panel(), "2009-2011", factors=())
    assert table.index.tolist() == ["0101", "0103", "0201", "0202"]
    # the units kept have exactly the numbers of the complete panel
    pd.testing.assert_frame_equal(table, full.loc[table.index])
    assert panel.left_out("2009-2011").tolist() == ["0102", "0301"]
    # a region is left out when any member is: R1 holds 0102, R3 is 0301
    assert panel.left_out("2009-2011", "region").tolist() == ["R1", "R3"]
    assert period_table(panel, "2009-2011", "region").index.tolist() == ["R2"]


def test_kept_units_read_the_whole_level_at_their_positions() -> None:
    panel = Panel(holed_data(), small_hierarchy(), missing="drop")
    for level, kept in (("municipality", [0, 2, 3, 4]), ("region", [1])):
        counts = panel.period_counts("2009-2011", level)
        full = panel.counts("2009-2011", level)
        assert counts.positions.tolist() == kept
        assert not counts.positions.flags.writeable
        with pytest.raises(ValueError, match="WRITEABLE"):
            counts.positions.flags.writeable = True
        assert counts.codes.equals(panel.units(level)[kept])
        for read in (
            lambda c: c.start("population_jan1"),
            lambda c: c.before("jobs"),
            lambda c: c.end("jobs"),
            lambda c: c.total("net_migration"),
        ):
            # the kept units' rows and sums, taken from the whole level's
            np.testing.assert_array_equal(read(counts), read(full)[kept])
        with pytest.raises(ValueError, match="read-only"):
            counts.start("population_jan1")[0] = 0.0
    # a panel without holes keeps every unit, in order
    every = small_panel().period_counts("2009-2011", "region").positions
    assert every.tolist() == [0, 1, 2]


def test_missing_note_counts_units_per_top_level_unit() -> None:
    panel = Panel(holed_data(), small_hierarchy(), missing="drop")
    assert panel.missing_note("2009-2011") == (
        "period 2009-2011: 2 of 6 municipalities left out for want of "
        "population, net migration or jobs (C1 1, C2 1)"
    )
    assert panel.missing_note("2009-2011", "county") == (
        "period 2009-2011: 2 of 2 counties left out for want of population, "
        "net migration or jobs (C1, C2)"
    )
    assert small_panel().missing_note("2009-2011") == ""


def test_missing_option_and_empty_periods_are_refused_by_name() -> None:
    with expect(InvalidOptionError, "missing='skip' is not valid; choose one of"):
        small_panel(missing="skip")
    panel = Panel(holed_data(), small_hierarchy(), missing="drop")
    with expect(DataError, "no county has every value period 2009-2011 needs"):
        period_table(panel, "2009-2011", "county")

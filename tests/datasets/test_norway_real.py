"""The bundled Norwegian data against the raw files: flows, education, commuting, 2024.

Every expected number here is computed from the raw CSV files shipped with the
package (``attraktiv/datasets/data``) or kept beside the tests
(``tests/data/norway``), not copied from the loader's output.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv import AttractivenessModel, DriverAnalysis, period_table
from attraktiv.cli import main
from attraktiv.datasets import load_norway
from attraktiv.datasets._norway import (
    _changes_to_2017,
    _education_2017,
    _flows_2017,
)
from attraktiv.errors import FlowError, InvalidOptionError
from attraktiv.factors import factors_known, published_factors
from attraktiv.panel import Panel

DATA = files("attraktiv.datasets").joinpath("data")
TEST_DATA = Path(__file__).parents[1] / "data" / "norway"
THREE = ["immigration", "domestic_immigrant", "domestic_other"]
FOUR = [*THREE, "residual"]
FIVE_REAL = (
    "job_growth",
    "labour_market_integration",
    "size",
    "neighbour_growth",
    "education_level",
)
OUTSIDE = (
    "the flows (immigration, domestic_immigrant, domestic_other, residual) are "
    "known only in 2013-2014, not in every year of period 2008-2010; choose a "
    "period inside those years"
)


def _raw(name: str, dtype: dict[str, str]) -> pd.DataFrame:
    with DATA.joinpath(name).open("rb") as handle:
        if name.endswith(".gz"):
            return pd.read_csv(handle, compression="gzip", dtype=dtype)
        return pd.read_csv(handle, dtype=dtype)


@pytest.fixture(scope="module")
def norway() -> Panel:
    return load_norway()


@pytest.fixture(scope="module")
def norway_2024() -> Panel:
    return load_norway(borders=2024)


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    return _raw("flows_2013_2014.csv.gz", dtype={"code": "str"})


@pytest.fixture(scope="module")
def education() -> pd.DataFrame:
    return _raw("education_2009_2014.csv.gz", dtype={"code": "str"})


@pytest.fixture(scope="module")
def commuting() -> pd.DataFrame:
    return _raw("commuting_2017.csv.gz", dtype={"work": "str", "home": "str"})


def _row(frame: pd.DataFrame, code: str, year: int) -> pd.Series:
    rows = frame[(frame["code"] == code).to_numpy() & (frame["year"] == year)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- flows ------------------------------------------------------------------------


def test_ullensaker_2013_from_flows_and_from_population(
    norway: Panel, flows: pd.DataFrame
) -> None:
    rows = flows[(flows["code"] == "0235") & (flows["year"] == 2013)]
    everyone = rows[rows["group"] == "all"].iloc[0]
    from_flows = (
        everyone["immigration"]
        - everyone["emigration"]
        + everyone["domestic_in"]
        - everyone["domestic_out"]
    )
    assert from_flows == 475
    municipalities = _raw("municipalities_2003_2016.csv", dtype={"code": "str"})
    y2013 = _row(municipalities, "0235", 2013)
    y2014 = _row(municipalities, "0235", 2014)
    change = y2014["population_jan1"] - y2013["population_jan1"]
    derived = change - y2013["natural_increase_pct"] / 100 * y2013["population_jan1"]
    assert round(derived, 2) == 475.97
    cell = _row(norway.data, "0235", 2013)
    # The panel rounds natural increase to whole persons: 476, one more than the
    # flows; the residual component holds that person.
    assert cell["net_migration"] == 476
    assert cell["net_migration_residual"] == 1
    assert cell["net_migration_immigration"] == (
        everyone["immigration"] - everyone["emigration"]
    )


def test_components_are_the_raw_counts(norway: Panel, flows: pd.DataFrame) -> None:
    data = norway.data.set_index(["code", "year"])
    by_group = {
        group: part.set_index(["code", "year"])
        for group, part in flows.groupby("group")
    }
    unchanged = by_group["all"].index[
        ~by_group["all"].index.get_level_values("code").isin(["0706", "0719", "0720"])
    ]
    assert len(unchanged) == 2 * 425
    expected = {
        "immigration": by_group["all"]["immigration"] - by_group["all"]["emigration"],
        "domestic_immigrant": by_group["immigrants"]["domestic_in"]
        - by_group["immigrants"]["domestic_out"],
        "domestic_other": by_group["others"]["domestic_in"]
        - by_group["others"]["domestic_out"],
    }
    for component, values in expected.items():
        np.testing.assert_array_equal(
            data.loc[unchanged, f"net_migration_{component}"],
            values.loc[unchanged].astype(float),
        )
    # Sandefjord of 2017 is the sum of Sandefjord, Andebu and Stokke.
    old = by_group["others"].loc[["0706", "0719", "0720"]]
    for year in (2013, 2014):
        part = old.xs(year, level="year")
        assert data.loc[("0710", year), "net_migration_domestic_other"] == (
            part["domestic_in"].sum() - part["domestic_out"].sum()
        )
    # Outside 2013-2014 the flows are unknown.
    outside = data.index.get_level_values("year").isin([2013, 2014])
    for component in FOUR:
        assert data.loc[~outside, f"net_migration_{component}"].isna().all()
    assert norway.flow_years() == (2013, 2014)


def test_harmonization_conserves_every_national_total_exactly(
    flows: pd.DataFrame, education: pd.DataFrame
) -> None:
    moved = _flows_2017()
    assert len(moved) == 2 * 426
    for group in ("all", "immigrants", "others"):
        raw = flows[flows["group"] == group].groupby("year")
        for count in ("immigration", "emigration", "domestic_in", "domestic_out"):
            np.testing.assert_array_equal(
                moved.groupby("year")[f"{count}_{group}"].sum(), raw[count].sum()
            )
    moved_education = _education_2017()
    assert len(moved_education) == 6 * 426
    raw_years = education.groupby("year")
    np.testing.assert_array_equal(
        moved_education.groupby("year")["higher_education"].sum(),
        raw_years["higher"].sum(),
    )
    known = education[["primary", "none", "upper_secondary", "higher"]].sum(axis=1)
    np.testing.assert_array_equal(
        moved_education.groupby("year")["education_known"].sum(),
        known.groupby(education["year"]).sum(),
    )


def test_merges_are_the_classifications(
    flows: pd.DataFrame, education: pd.DataFrame
) -> None:
    pairs = [
        *zip(flows["code"], flows["year"], strict=True),
        *zip(education["code"], education["year"], strict=True),
    ]
    table = _changes_to_2017(pairs).frame
    assert (table["weight"] == 1.0).all()
    merged = table[table["original"] != table["target"]]
    found = {
        (o, int(y)): t for o, y, t in merged[["original", "year", "target"]].to_numpy()
    }
    # 2013-2014: the one merger before 2017, checked against an independent list
    # (every 2020 code with the codes of 2013-2019 that went into it).
    changes = pd.read_csv(
        TEST_DATA / "code_changes_2013_2020.csv", sep=";", dtype=str, encoding="utf-8"
    )
    code_2020 = changes.set_index("historisk_nummer")["kommunenummer_2020"]
    codes_2017 = set(
        pd.read_csv(TEST_DATA / "hierarchy_2017.csv", dtype=str)["municipality_code"]
    )
    for year in (2013, 2014):
        gone = set(flows.loc[flows["year"] == year, "code"]) - codes_2017
        assert gone == {"0706", "0719", "0720"}
        for code in gone:
            target = found[(code, year)]
            assert target in codes_2017
            assert code_2020[code] == code_2020[target] == "3804"
    assert {k: v for k, v in found.items() if k[1] >= 2012} == {
        (c, y): "0710" for c in ("0706", "0719", "0720") for y in (2012, 2013, 2014)
    }
    # Before 2012-2013: Mosvik and Inderøy (2012) and Harstad and Bjarkøy (2013).
    early = {k: v for k, v in found.items() if k[1] < 2012 and v != "0710"}
    assert early == {
        ("1723", 2009): "1756",
        ("1723", 2010): "1756",
        ("1729", 2009): "1756",
        ("1729", 2010): "1756",
        ("1901", 2009): "1903",
        ("1901", 2010): "1903",
        ("1901", 2011): "1903",
        ("1915", 2009): "1903",
        ("1915", 2010): "1903",
        ("1915", 2011): "1903",
    }


@pytest.mark.parametrize("level", ["municipality", "region", "county"])
def test_flow_decomposition_2013_2014(norway: Panel, level: str) -> None:
    table = period_table(norway, "2013-2014", level, factors=(), flows=True)
    parts = table[[f"net_migration_{c}" for c in FOUR]].sum(axis=1)
    np.testing.assert_allclose(parts, table["net_migration"], rtol=0, atol=1e-12)
    result = AttractivenessModel().fit(norway, "2013-2014", level)
    indices = result.flows
    assert indices is not None
    assert list(indices.columns) == FOUR
    np.testing.assert_allclose(indices.sum(axis=1), result.index, rtol=0, atol=1e-10)
    # The three flows add up to the index of their own sum.
    summed = table.drop(columns=["net_migration_residual"]).assign(
        net_migration=table[[f"net_migration_{c}" for c in THREE]].sum(axis=1)
    )
    of_sum = AttractivenessModel().fit_table(summed, period="2013-2014", level=level)
    three = indices[THREE].sum(axis=1)
    np.testing.assert_allclose(three, of_sum.index, rtol=0, atol=1e-10)


def test_how_far_the_three_flows_are_from_the_total(norway: Panel) -> None:
    # The numbers the load_norway docstring gives.
    gaps = {}
    for level in ("municipality", "region"):
        result = AttractivenessModel().fit(norway, "2013-2014", level)
        indices = result.flows
        assert indices is not None
        gaps[level] = (result.index - indices[THREE].sum(axis=1)).abs()
    municipal = gaps["municipality"]
    assert round(municipal.median(), 2) == 0.03
    assert round(municipal.quantile(0.9), 2) == 0.13
    assert round(municipal.max(), 1) == 3.7
    assert municipal.idxmax() == "1227"  # Jondal
    assert round(gaps["region"].median(), 3) == 0.015
    assert round(gaps["region"].max(), 2) == 0.18
    data = norway.data
    years = data[data["year"].isin([2013, 2014])]
    share = (years["net_migration_residual"] / years["population_jan1"]).abs()
    assert round(100 * share.median(), 3) == 0.015
    assert (share <= 0.001).mean() >= 0.9
    assert int((share > 0.003).sum()) == 10
    assert round(100 * share.max(), 1) == 3.9
    national = years.groupby("year")["net_migration_residual"].sum()
    assert national.tolist() == [-24.0, -115.0]
    jondal = years[years["code"].isin(["1224", "1227"]) & (years["year"] == 2013)]
    assert sorted(jondal["net_migration_residual"].tolist()) == [-41.0, 41.0]


def test_flows_outside_their_years_name_the_years(
    norway: Panel, capsys: pytest.CaptureFixture[str]
) -> None:
    exact = f"^{re.escape(OUTSIDE)}$"
    with pytest.raises(FlowError, match=exact):
        period_table(norway, "2008-2010", flows=True)
    result = AttractivenessModel().fit(norway, "2008-2010")
    with pytest.raises(FlowError, match=exact):
        _ = result.flows
    assert "attractiveness" in result.ranking().columns
    with pytest.raises(FlowError, match=exact):
        DriverAnalysis(["size"], outcome="immigration").fit(norway, "2008-2010")
    assert main(["barometer", "--period", "2008-2010", "--flow", "immigration"]) == 2
    captured = capsys.readouterr()
    # The command names the same years and a --period that works.
    assert captured.err == (
        "attraktiv barometer: error: --flow immigration: the flows (immigration, "
        "domestic_immigrant, domestic_other, residual) are known only in "
        "2013-2014, not in every year of 2008-2010; give --period 2013-2014 or "
        "leave --period out\n"
    )
    # The barometer shows flows where they are known, and only there.
    tidy = attraktiv.barometer(norway, periods=["2008-2010", "2013-2014"])
    shown = tidy.groupby("period", observed=True)["flow"].unique()
    assert set(shown["2008-2010"]) == {"total"}
    assert set(shown["2013-2014"]) == {"total", *FOUR}


def test_driver_analysis_of_immigration_2013_2014(norway: Panel) -> None:
    result = DriverAnalysis(["job_growth", "size"], outcome="immigration").fit(
        norway, periods=[(2013, 2014)], level="region"
    )
    data = result.data("2013-2014")
    z = (data - data.mean()) / data.std()
    fit = sm.OLS(z.iloc[:, 0], sm.add_constant(z.iloc[:, 1:])).fit()
    np.testing.assert_allclose(result.table().iloc[:, 0], fit.params[1:], atol=1e-12)


# --- education and commuting --------------------------------------------------------


def test_education_level_by_hand(norway: Panel, education: pd.DataFrame) -> None:
    table = period_table(norway, "2012-2014")
    for code in ("0235", "1151"):  # Ullensaker, Utsira
        row = _row(education, code, 2012)
        known = row["primary"] + row["none"] + row["upper_secondary"] + row["higher"]
        assert table.loc[code, "education_level"] == pytest.approx(
            100 * row["higher"] / known, rel=1e-14
        )
    # Sandefjord 2017 = Sandefjord + Andebu + Stokke of 2012.
    old = education[education["code"].isin(["0706", "0719", "0720"])]
    old = old[old["year"] == 2012]
    known = old[["primary", "none", "upper_secondary", "higher"]].to_numpy().sum()
    assert table.loc["0710", "education_level"] == pytest.approx(
        100 * old["higher"].sum() / known, rel=1e-14
    )
    assert period_table(norway, "2008-2010")["education_level"].isna().all()


def test_labour_market_integration_by_hand(
    norway: Panel, commuting: pd.DataFrame
) -> None:
    table = period_table(norway, "2012-2014")
    for code in ("0301", "0235", "1151"):  # Oslo, Ullensaker, Utsira
        jobs = commuting.loc[commuting["work"] == code, "employed"].sum()
        residents = commuting.loc[commuting["home"] == code, "employed"].sum()
        staying = commuting.loc[
            (commuting["work"] == code) & (commuting["home"] == code), "employed"
        ].sum()
        expected = (
            100 * (jobs - staying) / jobs + 100 * (residents - staying) / residents
        )
        assert table.loc[code, "labour_market_integration"] == pytest.approx(
            expected, rel=1e-14
        )
    oslo = commuting[commuting["work"] == "0301"]["employed"].sum()
    assert oslo == 468_375
    # One year, used for every year: the same in 2003-2005.
    early = period_table(norway, "2003-2005")
    np.testing.assert_array_equal(
        early["labour_market_integration"], table["labour_market_integration"]
    )


def test_driver_analysis_has_five_real_factors(norway: Panel) -> None:
    names = published_factors(norway)
    kept, dropped = factors_known(norway, names, "2012-2014")
    assert kept == FIVE_REAL
    assert set(dropped) == {"culture_index", "cafe_density", "housing_construction"}
    result = DriverAnalysis(list(kept)).fit(norway, periods="2012-2014")
    assert tuple(result.table().index) == FIVE_REAL
    data = result.data("2012-2014")
    z = (data - data.mean()) / data.std()
    fit = sm.OLS(z.iloc[:, 0], sm.add_constant(z.iloc[:, 1:])).fit()
    np.testing.assert_allclose(result.table().iloc[:, 0], fit.params[1:], atol=1e-12)
    # Before 2009 education is unknown: dropped, with the years it covers.
    kept, dropped = factors_known(norway, names, "2008-2010")
    assert kept == tuple(n for n in FIVE_REAL if n != "education_level")
    assert dropped["education_level"] == (
        "its inputs are unknown (NaN) for all municipalities in the years its "
        "formula reads; the panel knows higher_education in 2009-2014, "
        "education_known in 2009-2014"
    )
    # Labour-market integration is for municipalities only.
    kept, dropped = factors_known(norway, FIVE_REAL, "2012-2014", "region")
    assert "labour_market_integration" not in kept
    assert dropped["labour_market_integration"].startswith(
        "defined at the municipality level only: commuters summed over"
    )


# --- 2024 borders -------------------------------------------------------------------


def test_2024_borders(norway: Panel, norway_2024: Panel) -> None:
    assert len(norway_2024.units("municipality")) == 357
    assert len(norway_2024.units("county")) == 15
    assert norway_2024.metadata["borders"] == 2024
    counties = norway_2024.aggregate("county")
    in_2010 = counties.loc[counties["year"] == 2010, "population_jan1"].sum()
    assert in_2010 == pytest.approx(4_858_199, abs=1e-6)
    # Every count is conserved (commuters between merged units are not commuters).
    old = norway.data.groupby("year").sum(numeric_only=True, min_count=1)
    new = norway_2024.data.groupby("year").sum(numeric_only=True, min_count=1)
    for column in old.columns:
        if column in ("in_commuters", "out_commuters"):
            assert (new[column] <= old[column]).loc[2003:].all()
            continue
        np.testing.assert_allclose(new[column], old[column], rtol=1e-12, err_msg=column)
    # Haram (1580) is the Haram of 2017 (1534); Ålesund (1508) the other four.
    data = norway.data.set_index(["code", "year"])["population_jan1"]
    moved = norway_2024.data.set_index(["code", "year"])["population_jan1"]
    assert moved[("1580", 2014)] == data[("1534", 2014)]
    assert moved[("1508", 2014)] == sum(
        data[(c, 2014)] for c in ("1504", "1523", "1529", "1546")
    )


def test_2024_hierarchy(norway: Panel, norway_2024: Panel) -> None:
    reference = pd.read_csv(TEST_DATA / "hierarchy_b2024.csv", dtype=str)
    reference = reference.dropna(subset=["municip_code"]).drop_duplicates(
        "municip_code"
    )
    county_of = pd.Series(
        reference["county_code"].str.removeprefix("county_nor").to_numpy(),
        index=reference["municip_code"].str.removeprefix("municip_nor").to_numpy(),
    )
    hierarchy = norway_2024.hierarchy
    mapping = hierarchy.mapping("municipality", "county")
    pd.testing.assert_series_equal(
        mapping.sort_index().astype(str),
        county_of.reindex(mapping.index).sort_index().astype(str),
        check_names=False,
    )
    # Each region of 2024 is a union of whole regions of 2017.
    old_regions = norway.hierarchy.mapping("municipality", "region")
    new_regions = hierarchy.mapping("municipality", "region")
    for code in new_regions.unique():
        parts = set(str(code).split("+"))
        assert parts <= set(old_regions)
    assert len(new_regions.unique()) == 81
    assert norway_2024.periods_available()[-1].label == "2014-2016"
    assert norway_2024.flow_years() == (2013, 2014)
    with pytest.raises(
        InvalidOptionError, match=r"^borders must be 2017 or 2024; got 2020$"
    ):
        load_norway(borders=2020)  # type: ignore[arg-type]


def test_shipped_2017_counts_are_rebuilt_identically_from_the_raw_files() -> None:
    # load_norway reads precomputed 2017-border counts; they must be exactly what
    # the raw shipped files give when re-based again (every value, dtype and row).
    from attraktiv.datasets import _norway

    rebuilt = _norway._build_counts_2017().reset_index(drop=True)
    shipped = _norway._read_counts_2017()
    pd.testing.assert_frame_equal(rebuilt, shipped, check_exact=True)


def test_each_load_is_an_independent_panel() -> None:
    first, second = load_norway(), load_norway()
    assert first is not second
    frame = first.data
    frame.loc[0, "net_migration"] = -1e9
    assert second.data.loc[0, "net_migration"] != -1e9
    assert first.data.loc[0, "net_migration"] != -1e9
    pd.testing.assert_frame_equal(first.data, second.data, check_exact=True)
    today = load_norway(borders=2024)
    assert today.metadata["borders"] == 2024
    assert load_norway().metadata["borders"] == 2017

"""The bundled European data (Eurostat NUTS 3) against an independent computation.

Expected numbers come from the raw Eurostat files in the shared data folder when it
exists (the package files are rebuilt from them and compared), else from the
package files read with plain pandas, never from the loader's output; the fits are
checked against statsmodels.
"""

from __future__ import annotations

import gzip
import warnings
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import attraktiv
from attraktiv import AttractivenessModel, period_table
from attraktiv.datasets import (
    europe_hierarchy,
    europe_map,
    europe_regions,
    load_europe,
)
from attraktiv.datasets._build_europe import (
    COUNTS_FILE,
    GEOMETRY_FILE,
    UNITS_FILE,
    outputs,
)
from attraktiv.errors import AttraktivWarning, FlowError
from attraktiv.panel import Panel

DATA = files("attraktiv.datasets").joinpath("data")
RAW = Path("/work/shared/data/europe")
SHIPPED = (COUNTS_FILE, UNITS_FILE, GEOMETRY_FILE)


def _shipped(name: str) -> bytes:
    data = DATA.joinpath(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def _raw_counts() -> pd.DataFrame:
    with DATA.joinpath(COUNTS_FILE).open("rb") as handle:
        return pd.read_csv(handle, compression="gzip", dtype={"code": "str"})


def _quiet(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        return call(*args, **kwargs)


@pytest.fixture(scope="module")
def europe() -> Panel:
    return load_europe()


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return _raw_counts()


# --- the package files -----------------------------------------------------------


@pytest.mark.skipif(not RAW.is_dir(), reason="the raw Eurostat files are not here")
def test_package_files_are_rebuilt_exactly_from_the_raw_files() -> None:
    rebuilt = outputs(RAW)
    assert sorted(rebuilt) == sorted(SHIPPED)
    for name in SHIPPED:
        assert rebuilt[name] == _shipped(name), name
    # the boundary file ships byte for byte
    assert (
        _shipped(GEOMETRY_FILE)
        == (RAW / "NUTS_RG_60M_2016_4326_LEVL_3.geojson").read_bytes()
    )


def test_package_files_stay_small() -> None:
    sizes = [len(DATA.joinpath(name).read_bytes()) for name in SHIPPED]
    assert sum(sizes) <= 2_000_000


def test_map_holds_every_unit_of_the_panel(europe: Panel) -> None:
    import json

    with europe_map().open("rb") as handle:
        features = json.loads(gzip.decompress(handle.read()))["features"]
    codes = sorted(f["properties"]["NUTS_ID"] for f in features)
    assert codes == europe.units("nuts3").tolist()


# --- the panel --------------------------------------------------------------------


def test_units_levels_and_extra_regio(europe: Panel, raw: pd.DataFrame) -> None:
    codes = europe.units("nuts3")
    assert len(codes) == 1522
    assert not any(code.endswith("Z") for code in codes)  # no extra-regio units
    assert set(codes) == set(raw["code"])
    hierarchy = europe_hierarchy()
    for level, width in (("nuts2", 4), ("nuts1", 3), ("country", 2)):
        mapping = hierarchy.mapping("nuts3", level)
        prefixes = codes.str[:width].to_series(index=codes)
        if level == "nuts2":
            # Northern Ireland's UKN10-UKN16 lie in UKN0, like UKN06-UKN09
            prefixes = prefixes.replace({"UKN1": "UKN0"})
        assert (mapping.to_numpy() == prefixes.to_numpy()).all()
    assert hierarchy.mapping("nuts3", "nuts2")["UKN16"] == "UKN0"
    assert len(hierarchy.units("nuts2")) == 332
    assert len(europe.units("country")) == 37
    assert hierarchy.names("country")["EL"] == "Greece"
    assert hierarchy.names("nuts3")["SE110"] == "Stockholms län"
    assert europe.missing == "drop"
    assert europe.components == ()


def test_regions_carry_the_typologies() -> None:
    regions = europe_regions()
    assert regions.loc["AT130", "urban_type"] == 1
    assert set(regions["urban_type"]) == {1, 2, 3}
    regions.loc["AT130", "name"] = "changed"  # a copy: the next call is untouched
    assert europe_regions().loc["AT130", "name"] == "Wien"


def test_vienna_2015(europe: Panel) -> None:
    row = europe.data.set_index(["code", "year"]).loc[("AT130", 2015)]
    assert row["population_jan1"] == 1_797_337
    assert row["natural_increase"] == 19_931 - 16_526
    assert row["net_migration"] == 39_484  # 42,889 change - 3,405 natural


def test_stockholm_from_the_raw_rows(europe: Panel, raw: pd.DataFrame) -> None:
    rows = raw[raw["code"] == "SE110"].set_index("year")
    panel = europe.data.set_index(["code", "year"]).loc["SE110"]
    expected = rows["population_change"] - (rows["live_births"] - rows["deaths"])
    assert panel.loc[2015, "net_migration"] == 33_395 - (29_381 - 15_830)
    np.testing.assert_array_equal(
        panel.loc[2000:2018, "net_migration"], expected.loc[2000:2018]
    )
    assert np.isnan(panel.loc[2018, "jobs"])  # employment ends in 2017


def test_berlin_across_the_census_break(europe: Panel, raw: pd.DataFrame) -> None:
    rows = raw[raw["code"] == "DE300"].set_index("year")
    jump = rows.loc[2011, "population_jan1"] - rows.loc[2010, "population_jan1"]
    assert jump == -164_329  # the 2011 census, not migration
    data = europe.data.set_index(["code", "year"]).loc["DE300"]
    assert data.loc[2010, "net_migration"] + data.loc[2010, "natural_increase"] == (
        18_050
    )
    # the index over 2009-2011 uses the change, so Berlin gains migrants
    table = _quiet(period_table, europe, "2009-2011", factors=())
    total = sum(
        rows.loc[y, "population_change"]
        - rows.loc[y, "live_births"]
        + rows.loc[y, "deaths"]
        for y in (2009, 2010, 2011)
    )
    assert table.loc["DE300", "net_migration"] == pytest.approx(
        100 * total / rows.loc[2009, "population_jan1"], rel=1e-12
    )
    assert table.loc["DE300", "net_migration"] > 0


def test_load_is_cached_but_independent() -> None:
    first, second = load_europe(), load_europe()
    assert first is not second
    frame = first.data
    frame.loc[0, "net_migration"] = -1.0
    assert second.data.loc[0, "net_migration"] != -1.0
    assert first.data.loc[0, "net_migration"] != -1.0


# --- the barometer against an independent computation ---------------------------


def _independent_table(raw: pd.DataFrame, first: int, width: int) -> pd.DataFrame:
    """Net migration and job growth (percent) of complete units, plain pandas."""
    last = first + 2
    data = raw.assign(
        unit=raw["code"].str[:width],
        migration=raw["population_change"] - raw["live_births"] + raw["deaths"],
    )
    units = data["unit"].unique()

    def at(column: str, year: int) -> pd.Series:
        rows = data[data["year"] == year]
        summed = rows.groupby("unit")[column].sum(min_count=1)
        # a unit is known only when every member is known
        members = data.groupby("unit")["code"].nunique()
        known = rows.dropna(subset=[column]).groupby("unit")["code"].nunique()
        summed[
            known.reindex(summed.index).fillna(0) < members.reindex(summed.index)
        ] = np.nan
        return summed.reindex(units)

    migration = sum(at("migration", y) for y in range(first, last + 1))
    population = at("population_jan1", first)
    jobs_before, jobs_end = at("jobs", first - 1), at("jobs", last)
    table = pd.DataFrame(
        {
            "net_migration": 100 * migration / population,
            "job_growth": 100 * (jobs_end - jobs_before) / jobs_before,
        }
    ).dropna()
    table["country"] = table.index.str[:2]
    return table.sort_index()


@pytest.mark.parametrize(
    ("period", "level", "width"),
    [("2014-2016", "nuts3", 5), ("2009-2011", "nuts3", 5), ("2014-2016", "nuts2", 4)],
)
def test_pooled_index_matches_statsmodels(
    europe: Panel, raw: pd.DataFrame, period: str, level: str, width: int
) -> None:
    expected = _independent_table(raw, int(period[:4]), width)
    oracle = smf.ols("net_migration ~ job_growth", data=expected).fit()
    with pytest.warns(AttraktivWarning, match=f"period {period}: "):
        result = AttractivenessModel().fit(europe, period, level=level)
    assert result.index.index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(result.index, oracle.resid, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        result.regression.params.to_numpy(), oracle.params.to_numpy(), rtol=1e-10
    )


def test_within_country_index_matches_statsmodels(
    europe: Panel, raw: pd.DataFrame
) -> None:
    expected = _independent_table(raw, 2014, 5)
    oracle = smf.ols("net_migration ~ job_growth + C(country)", data=expected).fit()
    model = AttractivenessModel("net_migration ~ job_growth + C(country)")
    result = _quiet(model.fit, europe, "2014-2016")
    np.testing.assert_allclose(result.index, oracle.resid, atol=1e-9)
    # one intercept per country: the index sums to 0 within every country
    by_country = result.index.groupby(result.index.index.str[:2]).sum()
    np.testing.assert_allclose(by_country.to_numpy(), 0.0, atol=1e-8)


def test_one_note_per_period_naming_countries(europe: Panel) -> None:
    periods = ["2013-2015", "2014-2016"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tidy = attraktiv.barometer(europe, levels=["nuts3", "nuts2"], periods=periods)
    notes = [str(w.message) for w in caught]
    assert len(notes) == 2
    assert notes[1] == (
        "period 2014-2016: 349 of 1522 NUTS 3 regions left out for want of population, "
        "net migration or jobs (FR 101, TR 81, PL 73, UK 27, CH 26, RS 25, AL 12, "
        "IS 2, LI 1, ME 1)"
    )
    sizes = tidy.groupby(["level", "period"], observed=True).size()
    assert sizes[("nuts3", "2014-2016")] == 1522 - 349
    assert sizes[("nuts2", "2014-2016")] == len(europe.units("nuts2")) - len(
        europe.left_out("2014-2016", "nuts2")
    )
    # the tidy table holds the same numbers as one fit
    one = _quiet(AttractivenessModel().fit, europe, "2014-2016", "nuts2").index
    rows = tidy[(tidy["level"] == "nuts2") & (tidy["period"] == "2014-2016")]
    np.testing.assert_allclose(
        rows.set_index("code")["attractiveness"].astype(float).sort_index(),
        one.sort_index(),
        atol=1e-12,
    )


def test_top_and_bottom_lists(europe: Panel) -> None:
    result = _quiet(AttractivenessModel().fit, europe, "2014-2016")
    ranking = result.ranking()
    assert result.top(10).index.tolist() == ranking.index[:10].tolist()
    assert result.bottom(10)["attractiveness"].is_monotonic_decreasing
    assert result.top(1).index[0] == result.index.idxmax()


def test_flows_are_refused_by_name(europe: Panel) -> None:
    with pytest.raises(FlowError, match="no flow components"):
        _quiet(period_table, europe, "2014-2016", flows=True)
    result = _quiet(AttractivenessModel().fit, europe, "2014-2016")
    assert result.flows is None


def test_a_level_in_the_formula_must_be_above_the_fitted_one(europe: Panel) -> None:
    from attraktiv.errors import ModelError

    model = AttractivenessModel("net_migration ~ job_growth + C(country)")
    with pytest.raises(ModelError) as caught:
        _quiet(model.fit, europe, "2014-2016", "country")
    assert str(caught.value) == (
        "formula 'net_migration ~ job_growth + C(country)' names the level "
        "'country', but a fit at level 'country' can use only the levels above it "
        "as columns (none); fit a lower level"
    )
    # at NUTS 2 the country is a column: one intercept per country
    result = _quiet(model.fit, europe, "2014-2016", "nuts2")
    by_country = result.index.groupby(result.index.index.str[:2]).sum()
    np.testing.assert_allclose(by_country.to_numpy(), 0.0, atol=1e-8)


# --- drivers from the typologies --------------------------------------------------


def test_typology_columns_come_from_the_boundary_file(europe: Panel) -> None:
    import json

    with europe_map().open("rb") as handle:
        features = json.loads(gzip.decompress(handle.read()))["features"]
    properties = {f["properties"]["NUTS_ID"]: f["properties"] for f in features}
    first = europe.data[europe.data["year"] == 2010].set_index("code")
    for code in ("AT130", "EL411", "ITC20", "SE110"):
        p = properties[code]
        assert first.loc[code, "urban_region"] == float(p["URBN_TYPE"] == 1)
        assert first.loc[code, "rural_region"] == float(p["URBN_TYPE"] == 3)
        assert first.loc[code, "coastal_region"] == float(p["COAST_TYPE"] in (1, 2))
        assert first.loc[code, "mountain_region"] == float(p["MOUNT_TYPE"] != 4)


def test_typology_factor_is_a_population_share_above_nuts3(europe: Panel) -> None:
    from attraktiv.datasets import EUROPE_FACTORS
    from attraktiv.factors import aggregation_of

    # each typology declares its aggregation: a population-weighted mean
    assert {aggregation_of(f) for f in EUROPE_FACTORS} == {"population_mean"}
    urban = next(f for f in EUROPE_FACTORS if f.name == "urban")
    values = urban.compute(europe, attraktiv.Period(2014, 2016), "nuts2")
    rows = europe.data[europe.data["year"] == 2014]
    members = rows[rows["code"].str.startswith("AT13")]  # Vienna: one urban region
    assert values["AT13"] == 1.0
    members = rows[rows["code"].str[:4] == "AT12"]  # Lower Austria
    share = (members["population_jan1"] * members["urban_region"]).sum() / members[
        "population_jan1"
    ].sum()
    assert values["AT12"] == pytest.approx(share, rel=1e-12)


def test_drivers_with_the_typologies_match_statsmodels(europe: Panel) -> None:
    from attraktiv.datasets import europe_registry
    from attraktiv.drivers import DriverAnalysis

    names = ["job_growth", "size", "urban", "rural", "coastal", "mountain"]
    registry = europe_registry()
    analysis = DriverAnalysis(names, registry=registry)
    result = _quiet(analysis.fit, europe, ["2014-2016"], "nuts3")
    table = _quiet(
        period_table, europe, "2014-2016", factors=names[1:], registry=registry
    )
    assert len(table) == 1522 - 349
    table = table.rename(columns={"log_population": "size"})
    oracle = smf.ols(f"net_migration ~ {' + '.join(names)}", data=table).fit()
    frame = result.to_frame().set_index("factor")
    np.testing.assert_allclose(
        frame.loc[names, "coefficient"].to_numpy(),
        oracle.params[names].to_numpy(),
        rtol=1e-9,
    )


def test_contiguous_job_growth_by_brute_force(europe: Panel) -> None:
    from attraktiv.datasets import ContiguousJobGrowth, europe_layer, europe_registry
    from attraktiv.factors import aggregation_of
    from attraktiv.geography import layer_contiguity

    factor = europe_registry().get("contiguous_job_growth")
    assert isinstance(factor, ContiguousJobGrowth)
    assert aggregation_of(factor) == "lowest_only"
    values = factor.compute(europe, attraktiv.Period(2014, 2016), "nuts3")
    contiguity = layer_contiguity(europe_layer()).link_islands()
    jobs = europe.data.set_index(["code", "year"])["jobs"]
    for code in ("AT130", "DE300", "MT001", "FRK26", "DEF0C"):
        neighbours = [
            n
            for n in contiguity.neighbours(code)
            if np.isfinite(jobs[(n, 2013)]) and np.isfinite(jobs[(n, 2016)])
        ]
        if not neighbours:
            assert np.isnan(values[code])
            continue
        before = sum(jobs[(n, 2013)] for n in neighbours)
        end = sum(jobs[(n, 2016)] for n in neighbours)
        assert values[code] == pytest.approx(100 * (end - before) / before, rel=1e-12)
    # Malta's neighbour is the nearest region across the sea (an island link)
    assert len(contiguity.neighbours("MT001")) >= 1

"""The panel's cached level groups against a brute-force sum by pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from attraktiv.geography import Hierarchy
from attraktiv.panel import Panel

# Members of a region are not side by side in code order (0101 and 0103 are in R1,
# 0102 in R2), so the groups need a gather; the counties' members are contiguous.
CODES = ("0101", "0102", "0103", "0104", "0105")
REGIONS = ("R1", "R2", "R1", "R2", "R3")
COUNTIES = ("C1", "C1", "C1", "C1", "C2")
YEARS = (2009, 2010, 2011)


def _panel() -> Panel:
    hierarchy = Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": CODES,
                "region_code": REGIONS,
                "county_code": COUNTIES,
            }
        )
    )
    rows = [
        {
            "code": code,
            "year": year,
            "population_jan1": 1000.0 * (i + 1) + 7 * (year - 2009),
            "net_migration": float(3 * i - 5 + year - 2009),
            "jobs": np.nan if (code, year) == ("0104", 2010) else 300.0 * (i + 1),
            "culture_index": 0.5 + 0.25 * i,
        }
        for i, code in enumerate(CODES)
        for year in YEARS
    ]
    return Panel(pd.DataFrame(rows), hierarchy)


def _brute_force(level: str, column: str) -> pd.Series:
    """Sums by (unit, year) with pandas: NaN if any member is NaN."""
    parent = dict(zip(CODES, REGIONS if level == "region" else COUNTIES, strict=True))
    data = _panel().data
    data["unit"] = data["code"].map(parent)
    summed = data.groupby(["unit", "year"])[column].agg(lambda s: s.to_numpy().sum())
    return summed.sort_index()


def test_group_sums_match_pandas_for_each_level() -> None:
    panel = _panel()
    first = {
        level: panel.aggregate(level).set_index(["code", "year"])
        for level in ("region", "county")
    }
    for level in ("region", "county"):
        for column in ("population_jan1", "net_migration", "jobs"):
            expected = _brute_force(level, column)
            got = first[level][column]
            np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
    # the one missing job count makes only its own region and county unknown
    jobs = first["region"]["jobs"]
    assert jobs.isna().sum() == 1
    assert np.isnan(jobs.loc[("R2", 2010)])


def test_groups_are_computed_once_and_reused_across_levels() -> None:
    panel = _panel()
    region = panel._groups("region")
    county = panel._groups("county")
    assert panel._groups("region") is region
    assert not region.in_order
    assert county.in_order
    assert region.codes.tolist() == ["R1", "R2", "R3"]
    assert region.group.tolist() == [0, 1, 0, 1, 2]
    assert region.order.tolist() == [0, 2, 1, 3, 4]
    assert region.starts.tolist() == [0, 2, 4]
    # a fresh panel, levels used in the other order, gives the same arrays
    other = _panel()
    other.aggregate("county")
    np.testing.assert_array_equal(other._groups("region").order, region.order)
    np.testing.assert_array_equal(
        other.aggregate("region")["population_jan1"],
        panel.aggregate("region")["population_jan1"],
    )


def test_declared_population_mean_uses_the_same_groups() -> None:
    panel = _panel()
    counties = panel.aggregate("county", {"culture_index": "population_mean"})
    year = counties[counties["year"] == 2009].set_index("code")["culture_index"]
    population = np.array([1000.0, 2000.0, 3000.0, 4000.0])
    culture = np.array([0.5, 0.75, 1.0, 1.25])
    assert year["C1"] == (culture * population).sum() / population.sum()
    assert year["C2"] == 1.5

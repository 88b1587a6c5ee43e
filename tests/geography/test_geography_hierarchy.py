"""Tests of attraktiv.geography.Hierarchy: units on levels, parents, members, sums."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv.errors import DataError, GeographyError
from attraktiv.geography import Hierarchy

DATA = Path(__file__).parents[1] / "data" / "norway"
HIERARCHY_2017 = DATA / "hierarchy_2017.csv"

# The 2017 economic regions that straddle county borders (checked against the file).
STRADDLING_REGIONS = {
    "3005": ("02", "06"),
    "3007": ("01", "02"),
    "3020": ("06", "07"),
    "3037": ("09", "10"),
    "3054": ("15", "16"),
    "3057": ("14", "15"),
    "3059": ("16", "17"),
    "3079": ("18", "19"),
}


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    """pytest.raises matching the whole message literally."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


# -- a small hand-made hierarchy ----------------------------------------------


def toy_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": ["0101", "0102", "0103", "0201", "0202"],
            "municipality_name": ["Aby", "Bby", "Cby", "Dby", "Eby"],
            "region_code": ["1001", "1001", "1002", "2001", "2001"],
            "region_name": ["North", "North", "South", "East", "East"],
            "county_code": ["01", "01", "01", "02", "02"],
            "county_name": ["One", "One", "One", "Two", "Two"],
        }
    )


@pytest.fixture
def toy() -> Hierarchy:
    return Hierarchy(toy_frame())


@pytest.fixture(scope="module")
def norway() -> Hierarchy:
    return Hierarchy.from_csv(HIERARCHY_2017, nested=False)


def index_list(index: pd.Index) -> list[str]:
    return [str(code) for code in index]


class TestHierarchyBasics:
    def test_levels(self, toy: Hierarchy) -> None:
        assert toy.levels == ("municipality", "region", "county")
        assert toy.lowest_level == "municipality"
        assert toy.nested
        assert repr(toy) == "Hierarchy(municipality: 5, region: 3, county: 2)"

    def test_units(self, toy: Hierarchy) -> None:
        units = toy.units("region")
        assert index_list(units) == ["1001", "1002", "2001"]
        assert units.name == "code"

    def test_names(self, toy: Hierarchy) -> None:
        names = toy.names("region")
        assert names.to_dict() == {"1001": "North", "1002": "South", "2001": "East"}
        assert names.index.name == "code"

    def test_names_default_to_codes(self) -> None:
        frame = toy_frame().drop(columns=["county_name", "region_name"])
        geo = Hierarchy(frame)
        assert geo.names("county").to_dict() == {"01": "01", "02": "02"}
        assert geo.names("municipality")["0103"] == "Cby"

    def test_custom_columns(self) -> None:
        frame = pd.DataFrame({"kommune": ["0101", "0102"], "fylke": ["01", "02"]})
        geo = Hierarchy(
            frame,
            ("municipality", "county"),
            code_columns={"municipality": "kommune", "county": "fylke"},
            name_columns={"county": "kommune"},
        )
        assert geo.names("county").to_dict() == {"01": "0101", "02": "0102"}

    def test_integer_codes_become_text(self) -> None:
        frame = pd.DataFrame({"municipality_code": [301, 1001], "county_code": [3, 10]})
        geo = Hierarchy(frame, ("municipality", "county"))
        assert index_list(geo.units("municipality")) == ["1001", "301"]
        assert geo.parent("301", "municipality") == "3"

    def test_one_level(self) -> None:
        geo = Hierarchy(pd.DataFrame({"unit_code": ["a", "b", "c"]}), ["unit"])
        assert index_list(geo.neighbours("b", "unit")) == ["a", "c"]
        assert geo.mapping("unit", "unit").to_dict() == {"a": "a", "b": "b", "c": "c"}

    def test_units_returns_a_copy(self, toy: Hierarchy) -> None:
        names = toy.names("county")
        names.iloc[0] = "changed"
        assert toy.names("county").iloc[0] == "One"

    def test_from_csv_keeps_leading_zeros(self, tmp_path: Path) -> None:
        path = tmp_path / "units.csv"
        toy_frame().to_csv(path, index=False)
        geo = Hierarchy.from_csv(path)
        assert index_list(geo.units("county")) == ["01", "02"]


class TestParentsAndMembers:
    def test_parent(self, toy: Hierarchy) -> None:
        assert toy.parent("0103", "municipality") == "1002"
        assert toy.parent("0103", "municipality", "county") == "01"
        assert toy.parent("1002", "region") == "01"

    def test_members(self, toy: Hierarchy) -> None:
        assert index_list(toy.members("01", "county")) == ["0101", "0102", "0103"]
        assert index_list(toy.members("01", "county", "region")) == ["1001", "1002"]
        assert index_list(toy.members("1001", "region", "region")) == ["1001"]
        assert toy.members("2001", "region").name == "code"

    def test_mapping(self, toy: Hierarchy) -> None:
        mapping = toy.mapping("municipality", "region")
        assert mapping.to_dict() == {
            "0101": "1001",
            "0102": "1001",
            "0103": "1002",
            "0201": "2001",
            "0202": "2001",
        }
        assert mapping.index.name == "code"
        assert toy.mapping("region", "county").to_dict() == {
            "1001": "01",
            "1002": "01",
            "2001": "02",
        }

    def test_neighbours(self, toy: Hierarchy) -> None:
        assert index_list(toy.neighbours("0101", "municipality")) == ["0102"]
        # alone in its region: the rest of its county (METHOD 1, extended)
        assert index_list(toy.neighbours("0103", "municipality")) == ["0101", "0102"]
        assert index_list(toy.neighbours("1001", "region")) == ["1002"]
        assert index_list(toy.neighbours("02", "county")) == ["01"]

    def test_unknown_level(self, toy: Hierarchy) -> None:
        message = (
            "unknown level 'kommune'; levels are 'municipality', 'region', 'county'"
        )
        with raises(GeographyError, message):
            toy.units("kommune")
        with raises(GeographyError, message):
            toy.parent("0101", "kommune")
        with raises(GeographyError, message):
            toy.mapping("municipality", "kommune")

    def test_unknown_code(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "'9999' is not a municipality code of this hierarchy "
            "(level='municipality')",
        ):
            toy.parent("9999", "municipality")
        with raises(
            GeographyError,
            "'0101' is not a region code of this hierarchy (level='region')",
        ):
            toy.members("0101", "region")
        with raises(
            GeographyError,
            "101 is not a municipality code of this hierarchy (level='municipality')",
        ):
            toy.neighbours(101, "municipality")  # type: ignore[arg-type]

    def test_top_level_has_no_parent(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError, "'county' is the top level; it has no parent level"
        ):
            toy.parent("01", "county")

    def test_parent_level_not_above(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "parent_level 'municipality' is not above 'region'; "
            "levels from lowest are 'municipality', 'region', 'county'",
        ):
            toy.parent("1001", "region", "municipality")

    def test_mapping_downwards(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "cannot map 'county' onto 'region': 'region' is below 'county'; "
            "levels from lowest are 'municipality', 'region', 'county'",
        ):
            toy.mapping("county", "region")

    def test_member_level_above(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "member_level 'county' is above 'region'; "
            "levels from lowest are 'municipality', 'region', 'county'",
        ):
            toy.members("1001", "region", "county")


class TestValidation:
    def test_no_levels(self) -> None:
        with raises(
            GeographyError, "levels is empty; a hierarchy needs at least one level"
        ):
            Hierarchy(toy_frame(), ())

    def test_levels_as_string(self) -> None:
        with raises(
            GeographyError,
            "levels must be a sequence of level names, not the string 'municipality'",
        ):
            Hierarchy(toy_frame(), "municipality")

    def test_repeated_level(self) -> None:
        with raises(GeographyError, "level name(s) 'region' appear twice"):
            Hierarchy(toy_frame(), ("municipality", "region", "region"))

    def test_unknown_level_in_options(self) -> None:
        with raises(
            GeographyError,
            "code_columns names unknown level(s) 'kommune'; "
            "levels are 'municipality', 'region', 'county'",
        ):
            Hierarchy(toy_frame(), code_columns={"kommune": "municipality_code"})

    def test_missing_column(self) -> None:
        frame = toy_frame().drop(columns=["region_code"])
        with raises(
            DataError,
            "the hierarchy table (frame) has no code column for level(s) 'region': "
            "'region_code' not among its columns 'municipality_code', "
            "'municipality_name', 'region_name', 'county_code', 'county_name'; "
            "levels, lowest first, are 'municipality', 'region', 'county' with code "
            "columns 'municipality_code', 'region_code', 'county_code' (pass levels "
            "or code_columns to change them)",
        ):
            Hierarchy(frame)

    def test_missing_name_column(self) -> None:
        frame = toy_frame().drop(columns=["county_name"])
        with raises(
            DataError,
            "column(s) 'navn' not in the frame; its columns are 'municipality_code', "
            "'municipality_name', 'region_code', 'region_name', 'county_code'",
        ):
            Hierarchy(frame, name_columns={"county": "navn"})

    @pytest.mark.parametrize("missing", [None, np.nan, ""])
    def test_missing_code(self, missing: object) -> None:
        frame = toy_frame().astype(object)
        frame.loc[3, "region_code"] = missing
        with raises(
            GeographyError,
            "column 'region_code' (level 'region') has 1 missing code(s), in row(s) 3",
        ):
            Hierarchy(frame)

    def test_missing_name(self) -> None:
        frame = toy_frame()
        frame.loc[[1, 2], "county_name"] = None
        with raises(
            GeographyError,
            "column 'county_name' (level 'county') has missing name(s), in row(s) 1, 2",
        ):
            Hierarchy(frame)

    def test_float_codes(self) -> None:
        frame = pd.DataFrame({"municipality_code": [301.0, 1001.0]})
        with raises(
            DataError,
            "column 'municipality_code' holds floats; read codes as text "
            "(dtype=str) so that leading zeros survive",
        ):
            Hierarchy(frame, ["municipality"])

    def test_mixed_object_codes(self) -> None:
        frame = pd.DataFrame({"municipality_code": ["0301", 1.5]}, dtype=object)
        with raises(
            DataError,
            "column 'municipality_code' must hold codes as text or integers, got mixed",
        ):
            Hierarchy(frame, ["municipality"])

    def test_lowest_codes_unique(self) -> None:
        frame = pd.concat([toy_frame(), toy_frame().iloc[[1, 1]]], ignore_index=True)
        with raises(
            GeographyError,
            "municipality code(s) on more than one row: '0102' (3 rows); "
            "the table needs one row per municipality, the lowest of the levels "
            "'municipality', 'region', 'county'; if the rows are units of a lower "
            "level, its code column is missing: add it and name the level first "
            "in levels",
        ):
            Hierarchy(frame)

    def test_region_in_two_counties(self) -> None:
        frame = toy_frame()
        frame.loc[4, "county_code"] = "01"
        frame.loc[4, "county_name"] = "One"
        with raises(
            GeographyError,
            "region unit(s) in more than one county: '2001' (in '01' and '02'); "
            "every region must lie in exactly one county "
            "(pass nested=False if the levels do not nest)",
        ):
            Hierarchy(frame)

    def test_code_on_two_levels(self) -> None:
        frame = toy_frame()
        frame.loc[2, "region_code"] = "0103"
        frame.loc[2, "region_name"] = "Cby"
        with raises(
            GeographyError,
            "code(s) used on more than one level: '0103' (municipality and region); "
            "a code must name one unit on one level",
        ):
            Hierarchy(frame)

    def test_inconsistent_names(self) -> None:
        frame = toy_frame()
        frame.loc[1, "region_name"] = "Nord"
        with raises(
            GeographyError,
            "unit(s) with more than one name: region '1001' is called 'Nord' and "
            "'North'; a code needs one name",
        ):
            Hierarchy(frame)

    def test_not_a_frame(self) -> None:
        with raises(
            DataError, "the hierarchy table must be a pandas DataFrame, got dict"
        ):
            Hierarchy({"municipality_code": ["0101"]})  # type: ignore[arg-type]


class TestAggregate:
    def counts(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "year": [2010, 2010, 2010, 2010, 2010, 2011],
                "code": ["0101", "0102", "0103", "0201", "0202", "0101"],
                "name": ["a", "b", "c", "d", "e", "a"],
                "population": np.array([1, 2, 4, 8, 16, 32], dtype=np.int64),
                "jobs": [0.5, 0.25, 1.0, 2.0, 4.0, 8.0],
            }
        )

    def test_to_region(self, toy: Hierarchy) -> None:
        result = toy.aggregate(self.counts(), "region")
        expected = pd.DataFrame(
            {
                "year": [2010, 2010, 2010, 2011],
                "code": ["1001", "1002", "2001", "1001"],
                "population": np.array([3, 4, 24, 32], dtype=np.int64),
                "jobs": [0.75, 1.0, 6.0, 8.0],
            }
        )
        pd.testing.assert_frame_equal(result, expected, check_index_type=False)

    def test_integers_stay_exact(self, toy: Hierarchy) -> None:
        big = 2**62
        counts = pd.DataFrame(
            {"code": ["0101", "0102"], "year": [2010, 2010], "n": [big, 1]}
        )
        result = toy.aggregate(counts, "county")
        assert result["n"].dtype == np.int64
        assert int(result["n"].iloc[0]) == big + 1

    def test_from_region(self, toy: Hierarchy) -> None:
        regions = toy.aggregate(self.counts(), "region")
        direct = toy.aggregate(self.counts(), "county")
        via = toy.aggregate(regions, "county", from_level="region")
        pd.testing.assert_frame_equal(via, direct)

    def test_no_by_and_chosen_columns(self, toy: Hierarchy) -> None:
        result = toy.aggregate(self.counts(), "county", by=(), columns=["population"])
        assert result.to_dict("list") == {"code": ["01", "02"], "population": [39, 24]}

    def test_nan_propagates(self, toy: Hierarchy) -> None:
        counts = self.counts()
        counts.loc[1, "jobs"] = np.nan
        result = toy.aggregate(counts, "region").set_index(["year", "code"])
        assert np.isnan(result.loc[(2010, "1001"), "jobs"])
        assert result.loc[(2010, "1002"), "jobs"] == 1.0

    def test_nullable_missing_propagates(self, toy: Hierarchy) -> None:
        counts = self.counts()
        counts["population"] = counts["population"].astype("Int64")
        counts.loc[0, "population"] = pd.NA
        result = toy.aggregate(counts, "county").set_index(["year", "code"])
        assert result.loc[(2010, "01"), "population"] is pd.NA
        assert result.loc[(2010, "02"), "population"] == 24

    def test_unknown_codes(self, toy: Hierarchy) -> None:
        counts = pd.concat(
            [
                self.counts(),
                pd.DataFrame({"code": [f"9{i:03d}" for i in range(7)], "year": 2010}),
            ],
            ignore_index=True,
        )
        with raises(
            GeographyError,
            "7 code(s) in column 'code' are not municipality codes of the hierarchy: "
            "'9000', '9001', '9002', '9003', '9004' and 2 more (7 in all)",
        ):
            toy.aggregate(counts, "region")

    def test_missing_codes(self, toy: Hierarchy) -> None:
        counts = self.counts()
        counts.loc[2, "code"] = None
        with raises(DataError, "column 'code' has 1 missing code(s), in row(s) 2"):
            toy.aggregate(counts, "region")

    def test_missing_columns(self, toy: Hierarchy) -> None:
        with raises(
            DataError,
            "column(s) 'kommune' not in the frame (unit_column); its columns are "
            "'year', 'code', 'name', 'population', 'jobs'",
        ):
            toy.aggregate(self.counts(), "region", unit_column="kommune")

    def test_non_numeric_column(self, toy: Hierarchy) -> None:
        with raises(DataError, "column(s) 'name' are not numeric"):
            toy.aggregate(self.counts(), "region", columns=["name"])

    def test_key_as_column(self, toy: Hierarchy) -> None:
        with raises(
            DataError,
            "column(s) 'year' are keys ('code', 'year'), not counts to sum",
        ):
            toy.aggregate(self.counts(), "region", columns=["year"])

    def test_downwards(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "cannot map 'region' onto 'municipality': 'municipality' is below "
            "'region'; levels from lowest are 'municipality', 'region', 'county'",
        ):
            toy.aggregate(self.counts(), "municipality", from_level="region")


class TestParentTotals:
    def test_series(self, toy: Hierarchy) -> None:
        own = pd.Series(
            [1, 2, 4, 8, 16],
            index=["0202", "0101", "0102", "0103", "0201"],
            name="jobs",
        )
        totals = toy.parent_totals(own, "municipality")
        expected = pd.Series(
            [17, 6, 6, 8, 17], index=own.index, name="jobs", dtype=np.int64
        )
        pd.testing.assert_series_equal(totals, expected)

    def test_frame_and_top_level(self, toy: Hierarchy) -> None:
        own = pd.DataFrame({"a": [1.0, 2.0], "b": [3, 5]}, index=["02", "01"])
        totals = toy.parent_totals(own, "county")
        expected = pd.DataFrame({"a": [3.0, 3.0], "b": [8, 8]}, index=own.index)
        pd.testing.assert_frame_equal(totals, expected)

    def test_neighbour_totals(self, toy: Hierarchy) -> None:
        own = pd.Series([5.0, 7.0, 11.0], index=["1001", "1002", "2001"])
        neighbours = toy.parent_totals(own, "region") - own
        assert neighbours.to_dict() == {"1001": 7.0, "1002": 5.0, "2001": 0.0}

    def test_nan_propagates(self, toy: Hierarchy) -> None:
        own = pd.Series([np.nan, 7.0, 11.0], index=["1001", "1002", "2001"])
        totals = toy.parent_totals(own, "region")
        assert totals.isna().tolist() == [True, True, False]

    def test_absent_units(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "values lack 1 region unit(s) of the hierarchy: '2001'; "
            "parent totals need every unit",
        ):
            toy.parent_totals(pd.Series([1, 2], index=["1001", "1002"]), "region")

    def test_unknown_units(self, toy: Hierarchy) -> None:
        with raises(
            GeographyError,
            "1 code(s) in the index of values are not region codes of the "
            "hierarchy: '3001'",
        ):
            toy.parent_totals(pd.Series([1, 2], index=["1001", "3001"]), "region")

    def test_repeated_units(self, toy: Hierarchy) -> None:
        with raises(
            DataError, "region code(s) repeated in the index of values: '1001'"
        ):
            toy.parent_totals(
                pd.Series([1, 2, 3, 4], index=["1001", "1001", "1002", "2001"]),
                "region",
            )

    def test_not_numeric(self, toy: Hierarchy) -> None:
        with raises(DataError, "parent_totals needs numeric values"):
            toy.parent_totals(pd.Series(["a", "b"], index=["01", "02"]), "county")


# -- properties on random hierarchies -------------------------------------------


@st.composite
def hierarchies(draw: st.DrawFn) -> pd.DataFrame:
    """One row per municipality; 1-3 counties, 1-3 regions each, 1-4 units each."""
    rows = []
    n_counties = draw(st.integers(1, 3))
    for county in range(n_counties):
        for region in range(draw(st.integers(1, 3))):
            for _ in range(draw(st.integers(1, 4))):
                rows.append(
                    {
                        "municipality_code": f"0{len(rows):03d}",
                        "region_code": f"R{county}{region}",
                        "county_code": f"C{county:02d}",
                    }
                )
    return pd.DataFrame(rows)


@st.composite
def hierarchy_and_counts(draw: st.DrawFn) -> tuple[Hierarchy, pd.DataFrame]:
    frame = draw(hierarchies())
    codes = frame["municipality_code"].tolist()
    years = draw(st.lists(st.integers(2000, 2005), min_size=1, max_size=3, unique=True))
    keys = [(code, year) for code in codes for year in years]
    kept = draw(
        st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True)
    )
    values = st.integers(-(10**12), 10**12)
    counts = pd.DataFrame(
        {
            "code": [code for code, _ in kept],
            "year": [year for _, year in kept],
            "population": draw(
                st.lists(values, min_size=len(kept), max_size=len(kept))
            ),
            "jobs": draw(st.lists(values, min_size=len(kept), max_size=len(kept))),
        }
    )
    return Hierarchy(frame), counts


class TestProperties:
    @given(hierarchy_and_counts(), st.randoms(use_true_random=False))
    @settings(max_examples=60, deadline=None)
    def test_aggregate_conserves_and_ignores_order(
        self, case: tuple[Hierarchy, pd.DataFrame], random: object
    ) -> None:
        geo, counts = case
        yearly = counts.groupby("year")[["population", "jobs"]].sum()
        for level in geo.levels:
            result = geo.aggregate(counts, level)
            assert result["population"].dtype == np.int64
            pd.testing.assert_frame_equal(
                result.groupby("year")[["population", "jobs"]].sum(), yearly
            )
            # every higher unit is the sum of its own members, computed by hand
            mapping = geo.mapping("municipality", level).to_dict()
            by_hand: dict[tuple[int, str], int] = {}
            for code, year, population in counts[
                ["code", "year", "population"]
            ].itertuples(index=False):
                key = (year, mapping[code])
                by_hand[key] = by_hand.get(key, 0) + population
            got = {
                (year, code): population
                for year, code, population in result[
                    ["year", "code", "population"]
                ].itertuples(index=False)
            }
            assert got == by_hand
            shuffled = counts.sample(frac=1.0, random_state=np.random.default_rng(7))
            pd.testing.assert_frame_equal(geo.aggregate(shuffled, level), result)

    @given(hierarchies(), st.data())
    @settings(max_examples=40, deadline=None)
    def test_parent_totals_are_own_plus_neighbours(
        self, frame: pd.DataFrame, data: st.DataObject
    ) -> None:
        geo = Hierarchy(frame)
        for level in geo.levels:
            units = geo.units(level)
            values = pd.Series(
                data.draw(
                    st.lists(
                        st.integers(-1000, 1000),
                        min_size=len(units),
                        max_size=len(units),
                    )
                ),
                index=units,
            )
            totals = geo.parent_totals(values, level)
            around = geo.neighbour_totals(values.to_numpy(dtype=float)[:, None], level)[
                :, 0
            ]
            for position, code in enumerate(units):
                neighbours = geo.neighbours(code, level)
                assert code not in neighbours
                if len(units) > 1:
                    assert around[position] == values[neighbours].sum()
                assert set(neighbours) <= set(units)
                siblings = (
                    len(
                        geo.members(
                            geo.parent(code, level),
                            geo.levels[geo.levels.index(level) + 1],
                            level,
                        )
                    )
                    if level != geo.levels[-1]
                    else len(units)
                )
                if siblings > 1:
                    # sharing a parent, the neighbours are exactly the parent's rest
                    assert totals[code] == values[code] + values[neighbours].sum()


# -- the real Norwegian hierarchy of 2017 ------------------------------------------


class TestNorway:
    def test_sizes(self, norway: Hierarchy) -> None:
        assert repr(norway) == "Hierarchy(municipality: 426, region: 85, county: 19)"
        assert len(norway.units("municipality")) == 426
        assert len(norway.units("region")) == 85
        assert len(norway.units("county")) == 19

    def test_codes_keep_leading_zeros(self, norway: Hierarchy) -> None:
        assert norway.units("municipality")[0] == "0101"
        assert norway.units("county")[0] == "01"
        assert norway.names("municipality")["0301"] == "Oslo"

    def test_oslo(self, norway: Hierarchy) -> None:
        assert norway.parent("0301", "municipality") == "3009"
        assert norway.parent("0301", "municipality", "county") == "03"
        assert index_list(norway.members("3009", "region")) == ["0301"]
        # alone in its region and its county: the rest of the country
        neighbours = norway.neighbours("0301", "municipality")
        assert len(neighbours) == 425
        assert "0301" not in neighbours

    def test_straddling_region_has_neighbours(self, norway: Hierarchy) -> None:
        # Nedre Romerike lies mostly in Akershus (02): its neighbours are the rest
        # of Akershus's regions, by the majority rule the panel uses too.
        neighbours = norway.neighbours("3007", "region")
        assert "3007" not in neighbours
        assert len(neighbours) > 0

    def test_neighbours_are_rest_of_region(self, norway: Hierarchy) -> None:
        region = norway.parent("0235", "municipality")  # Ullensaker
        assert region == "3008"
        members = norway.members(region, "region")
        neighbours = norway.neighbours("0235", "municipality")
        assert index_list(neighbours) == [c for c in members if c != "0235"]
        assert len(neighbours) == len(members) - 1 == 5

    def test_regions_straddle_counties(self) -> None:
        # The file's economic regions cross county borders: a nested hierarchy
        # municipality -> region -> county does not hold.
        with raises(
            GeographyError,
            "region unit(s) in more than one county: '3005' (in '02' and '06'), "
            "'3007' (in '01' and '02'), '3020' (in '06' and '07'), "
            "'3037' (in '09' and '10'), '3054' (in '15' and '16') "
            "and 3 more (8 in all); every region must lie in exactly one county "
            "(pass nested=False if the levels do not nest)",
        ):
            Hierarchy.from_csv(HIERARCHY_2017)

    def test_straddlers_match_the_file(self, norway: Hierarchy) -> None:
        frame = pd.read_csv(HIERARCHY_2017, dtype=str)
        counties = frame.groupby("region_code")["county_code"].unique()
        straddling = {
            region: tuple(sorted(c)) for region, c in counties.items() if len(c) > 1
        }
        assert straddling == STRADDLING_REGIONS
        with pytest.raises(GeographyError, match="'3005' lies in more than one county"):
            norway.parent("3005", "region")

    def test_each_pair_of_levels_nests(self) -> None:
        for levels in [("municipality", "region"), ("municipality", "county")]:
            geo = Hierarchy.from_csv(HIERARCHY_2017, levels)
            assert geo.nested

    def test_aggregate_to_regions_and_counties(self, norway: Hierarchy) -> None:
        ones = pd.DataFrame(
            {"code": norway.units("municipality"), "year": 2017, "municipalities": 1}
        )
        regions = norway.aggregate(ones, "region")
        counties = norway.aggregate(ones, "county")
        assert len(regions) == 85
        assert len(counties) == 19
        assert (
            regions["municipalities"].sum() == counties["municipalities"].sum() == 426
        )
        assert counties.set_index("code").loc["18", "municipalities"] == 44
        with pytest.raises(GeographyError, match="they have no single county"):
            norway.aggregate(regions, "county", from_level="region")

    def test_parent_totals_for_municipalities(self, norway: Hierarchy) -> None:
        units = norway.units("municipality")
        ones = pd.Series(1, index=units)
        sizes = norway.parent_totals(ones, "municipality")
        assert sizes["0301"] == 1
        assert sizes["0235"] == 6

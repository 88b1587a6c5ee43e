"""Bad input to attraktiv.geography is refused by name, never read silently.

Each test gives one malformed input and checks the library error and its whole
message: the unit, year, column or option at fault and what would be valid.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attraktiv.errors import DataError, GeographyError
from attraktiv.geography import ChangeTable, Hierarchy, read_code_csv, rebase

HIERARCHY_2017 = Path(__file__).parents[1] / "data" / "norway" / "hierarchy_2017.csv"


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    """pytest.raises matching the whole message literally."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


def toy_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": ["0101", "0102", "0201"],
            "region_code": ["1001", "1001", "2001"],
            "county_code": ["01", "01", "02"],
        }
    )


def change_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "original": ["0101", "0102", "0103", "0103"],
            "year": [2017, 2017, 2017, 2017],
            "target": ["3101", "3101", "3102", "3103"],
            "weight": [1.0, 1.0, 0.25, 0.75],
        }
    )


# -- the hierarchy table -------------------------------------------------------


class TestHierarchyTable:
    def test_no_units(self) -> None:
        with raises(
            GeographyError,
            "the hierarchy table has no rows; it needs one row per municipality "
            "unit, at least one",
        ):
            Hierarchy(toy_frame().iloc[:0])

    def test_no_units_and_no_dtype(self) -> None:
        # Empty columns come out as floats; the empty table is what is wrong.
        empty = pd.DataFrame({"municipality_code": [], "region_code": []})
        with raises(
            GeographyError,
            "the hierarchy table has no rows; it needs one row per municipality "
            "unit, at least one",
        ):
            Hierarchy(empty, levels=("municipality", "region"))

    def test_lowest_code_column_missing(self) -> None:
        with raises(
            DataError,
            "the hierarchy table (frame) has no code column for level(s) "
            "'municipality': "
            "'municipality_code' not among its columns 'region_code', "
            "'county_code'; levels, lowest first, are 'municipality', 'region', "
            "'county' with code columns 'municipality_code', 'region_code', "
            "'county_code' (pass levels or code_columns to change them)",
        ):
            Hierarchy(toy_frame().drop(columns="municipality_code"))

    def test_rows_of_a_lower_level_without_its_codes(self) -> None:
        # Municipality rows whose code column is absent: the regions repeat.
        frame = toy_frame().drop(columns="municipality_code")
        with raises(
            GeographyError,
            "region code(s) on more than one row: '1001' (2 rows); the table needs "
            "one row per region, the lowest of the levels 'region', 'county'; if "
            "the rows are units of a lower level, its code column is missing: add "
            "it and name the level first in levels",
        ):
            Hierarchy(frame, levels=("region", "county"))

    def test_rows_of_a_lower_level_left_out_of_levels(self) -> None:
        with raises(
            GeographyError,
            "region code(s) on more than one row: '1001' (2 rows); the table needs "
            "one row per region, the lowest of the levels 'region', 'county'; "
            "column(s) 'municipality_code' hold codes of no level: if the rows are "
            "units of a lower level, name it first in levels",
        ):
            Hierarchy(toy_frame(), levels=("region", "county"))

    @pytest.mark.parametrize(
        ("levels", "shown"), [(None, "NoneType None"), (3, "int 3")]
    )
    def test_levels_not_a_sequence(self, levels: object, shown: str) -> None:
        with raises(
            GeographyError,
            f"levels must be a sequence of level names, lowest first, got {shown}",
        ):
            Hierarchy(toy_frame(), levels=levels)  # type: ignore[arg-type]

    def test_levels_not_text(self) -> None:
        with raises(
            GeographyError, "levels must hold level names as non-empty text, got 1"
        ):
            Hierarchy(toy_frame(), levels=[1, 2])  # type: ignore[list-item]

    def test_code_columns_not_a_mapping(self) -> None:
        with raises(
            GeographyError,
            "code_columns must map level names to column names, got list "
            "['municipality_code']",
        ):
            Hierarchy(toy_frame(), code_columns=["municipality_code"])  # type: ignore[arg-type]

    def test_nested_not_a_bool(self) -> None:
        with raises(GeographyError, "nested must be True or False, got 'no'"):
            Hierarchy(toy_frame(), nested="no")  # type: ignore[arg-type]

    def test_repeated_column_name(self) -> None:
        frame = toy_frame()
        frame.columns = pd.Index(["municipality_code", "region_code", "region_code"])
        with raises(
            DataError,
            "the hierarchy table has more than one column named 'region_code'; "
            "every column needs a name of its own",
        ):
            Hierarchy(frame, levels=("municipality", "region"))

    def test_header_read_with_the_wrong_delimiter(self) -> None:
        # What a tab-separated file looks like when read with commas.
        text = "municipality_code\tregion_code\n0101\t1001\n0102\t1001\n"
        frame = pd.read_csv(io.StringIO(text), dtype=str)
        with raises(
            DataError,
            "the hierarchy table has one column, 'municipality_code\\tregion_code', "
            "whose name holds tab: the file was read with the wrong delimiter; read "
            "it with Hierarchy.from_csv or attraktiv.geography.read_code_csv, which "
            "detect ',', ';' and tab",
        ):
            Hierarchy(frame, levels=["municipality_code\tregion"])


# -- reading hierarchies from CSV ----------------------------------------------


class TestDelimiters:
    @pytest.mark.parametrize("delimiter", [";", "\t"])
    def test_norway_with_any_delimiter(self, delimiter: str, tmp_path: Path) -> None:
        text = HIERARCHY_2017.read_text(encoding="utf-8")
        assert "," in text
        assert delimiter not in text
        path = tmp_path / "hierarchy.csv"
        path.write_text(text.replace(",", delimiter), encoding="utf-8")
        expected = Hierarchy.from_csv(HIERARCHY_2017, nested=False)
        read = Hierarchy.from_csv(path, nested=False)
        assert repr(read) == "Hierarchy(municipality: 426, region: 85, county: 19)"
        pd.testing.assert_frame_equal(read.to_frame(), expected.to_frame())

    def test_semicolon_buffer(self) -> None:
        text = "municipality_code;region_code\n0101;3001\n0104;3003\n0105;3003\n"
        geo = Hierarchy.from_csv(io.StringIO(text), levels=("municipality", "region"))
        assert list(geo.members("3003", "region")) == ["0104", "0105"]

    def test_one_column(self) -> None:
        text = "municipality_code region_code\n0101 3001\n"
        with raises(
            DataError,
            "the input (path) has one column, 'municipality_code region_code'; a "
            "hierarchy "
            "of the levels 'municipality', 'region' needs a code column per level, "
            "separated by one of the delimiters tried: ',', ';' and tab",
        ):
            Hierarchy.from_csv(io.StringIO(text), levels=("municipality", "region"))

    def test_one_column_is_enough_for_one_level(self) -> None:
        geo = Hierarchy.from_csv(io.StringIO("county_code\n03\n46\n"), ["county"])
        assert list(geo.units("county")) == ["03", "46"]

    def test_one_column_file_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "units.csv"
        path.write_text("municipality_code\n0101\n", encoding="utf-8")
        with raises(
            DataError,
            f"{str(path)!r} has one column, 'municipality_code'; a hierarchy of the "
            "levels 'municipality', 'region', 'county' needs a code column per "
            "level, separated by one of the delimiters tried: ',', ';' and tab",
        ):
            Hierarchy.from_csv(path)

    def test_no_file(self, tmp_path: Path) -> None:
        path = tmp_path / "absent.csv"
        with raises(
            DataError, f"no file at {str(path)!r}; source must name an existing file"
        ):
            Hierarchy.from_csv(path)

    def test_empty_file(self) -> None:
        with raises(DataError, "the input is empty; expected a CSV file with a header"):
            Hierarchy.from_csv(io.StringIO(""))

    def test_rows_longer_than_the_header(self) -> None:
        # pandas would quietly make the first two fields an index.
        text = "municipality_code;region_code\n0101;3001;x;y\n0102;3001;z;w\n"
        with raises(
            DataError,
            "cannot read the input as CSV delimited by ';': its rows have more "
            "fields than its header has columns (2)",
        ):
            read_code_csv(io.StringIO(text))

    def test_one_row_longer_than_the_others(self) -> None:
        text = "municipality_code;region_code\n0101;3001\n0102;3001;x\n"
        with raises(
            DataError,
            "cannot read the input as CSV delimited by ';': Error tokenizing data. "
            "C error: Expected 2 fields in line 3, saw 3",
        ):
            read_code_csv(io.StringIO(text))

    def test_read_code_csv_keeps_codes_as_text(self) -> None:
        frame = read_code_csv(io.StringIO("code\tname\n0301\tNA\n0101\t\n"))
        assert frame["code"].tolist() == ["0301", "0101"]
        assert frame["name"].iloc[0] == "NA"
        assert pd.isna(frame["name"].iloc[1])

    def test_comma_wins_when_the_header_has_commas(self) -> None:
        # A semicolon inside a comma-separated header is part of a name.
        frame = read_code_csv(io.StringIO("code,name;alias\n0301,Oslo\n"))
        assert frame.columns.tolist() == ["code", "name;alias"]


# -- methods of a hierarchy ----------------------------------------------------


@pytest.fixture
def geo() -> Hierarchy:
    return Hierarchy(toy_frame())


class TestHierarchyMethods:
    def test_code_as_a_list(self, geo: Hierarchy) -> None:
        with raises(
            GeographyError,
            "['0101'] is not a municipality code of this hierarchy "
            "(level='municipality')",
        ):
            geo.parent(["0101"], "municipality")  # type: ignore[arg-type]

    def test_neighbour_totals_of_an_unknown_level(self, geo: Hierarchy) -> None:
        with raises(
            GeographyError,
            "unknown level 'kommune'; levels are 'municipality', 'region', 'county'",
        ):
            geo.neighbour_totals(np.ones((3, 1)), "kommune")

    def test_neighbour_totals_of_text(self, geo: Hierarchy) -> None:
        with raises(
            DataError,
            "values must be numbers, one row per municipality unit; got ndarray "
            "that does not convert to floats",
        ):
            geo.neighbour_totals(np.array([["a"], ["b"], ["c"]]), "municipality")

    def test_aggregate_by_none(self, geo: Hierarchy) -> None:
        counts = pd.DataFrame({"code": ["0101"], "jobs": [1]})
        with raises(DataError, "by must be a sequence of column names, got None"):
            geo.aggregate(counts, "county", by=None)  # type: ignore[arg-type]

    def test_aggregate_columns_as_a_string(self, geo: Hierarchy) -> None:
        counts = pd.DataFrame({"code": ["0101"], "year": [2017], "jobs": [1]})
        with raises(
            DataError,
            "columns must be a sequence of column names, not the string 'jobs'",
        ):
            geo.aggregate(counts, "county", columns="jobs")

    def test_aggregate_unit_column_as_a_list(self, geo: Hierarchy) -> None:
        counts = pd.DataFrame({"code": ["0101"], "year": [2017], "jobs": [1]})
        with raises(DataError, "unit_column must be one column name, got ['code']"):
            geo.aggregate(counts, "county", unit_column=["code"])  # type: ignore[arg-type]


# -- change tables and rebase --------------------------------------------------


class TestChangeTableInput:
    def test_no_rows(self) -> None:
        with raises(
            GeographyError,
            "the change table has no rows; it needs a row (original, year, target, "
            "weight) for every code and year it places",
        ):
            ChangeTable(change_frame().iloc[:0])

    def test_year_outside_the_table(self) -> None:
        with raises(
            GeographyError,
            "the change table has no row for code '0101' in 2024; year(s) 2024 are "
            "outside it (its years run from 2017 to 2017)",
        ):
            ChangeTable(change_frame()).targets("0101", 2024)

    def test_unknown_code_in_a_year_of_the_table(self) -> None:
        with raises(
            GeographyError, "the change table has no row for code '0104' in 2017"
        ):
            ChangeTable(change_frame()).targets("0104", 2017)

    def test_year_as_text(self) -> None:
        with raises(DataError, "year must be an integer, got '2017'"):
            ChangeTable(change_frame()).targets("0101", "2017")  # type: ignore[arg-type]

    def test_weights_not_summing_to_one(self) -> None:
        frame = change_frame()
        frame.loc[3, "weight"] = 0.5
        with raises(
            GeographyError,
            "weights of an original code and year must sum to 1; '0103' in 2017 "
            "sum to 0.75",
        ):
            ChangeTable(frame)

    def test_missing_code(self) -> None:
        frame = change_frame()
        frame.loc[2, "target"] = None
        with raises(DataError, "column 'target' has missing codes, in row(s) 2"):
            ChangeTable(frame)


def csdata(current: list[str | None], granularity: str = "municip") -> pd.DataFrame:
    n = len(current)
    return pd.DataFrame(
        {
            "location_code_current": current,
            "location_code_original": [f"municip_nor{i:04d}" for i in range(n)],
            "calyear": ["2017.0"] * n,
            "weighting": ["1.0"] * n,
            "granularity_geo": [granularity] * n,
        }
    )


class TestFromCsdata:
    def test_missing_code(self) -> None:
        with raises(
            DataError, "column 'location_code_current' has missing codes, in row(s) 1"
        ):
            ChangeTable.from_csdata(csdata(["municip_nor4204", None]))

    def test_no_rows(self) -> None:
        with raises(
            GeographyError,
            "no rows of granularity 'municip'; the table has no rows with a "
            "granularity",
        ):
            ChangeTable.from_csdata(csdata([]))

    def test_tab_separated_file(self, tmp_path: Path) -> None:
        path = tmp_path / "changes.tsv"
        csdata(["municip_nor4204", "municip_nor4204"]).to_csv(
            path, sep="\t", index=False
        )
        assert ChangeTable.from_csdata(path).frame.to_dict("list") == {
            "original": ["0000", "0001"],
            "year": [2017, 2017],
            "target": ["4204", "4204"],
            "weight": [1.0, 1.0],
        }


class TestRebaseInput:
    def counts(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"code": ["0101", "0102"], "year": [2017, 2017], "population": [1, 2]}
        )

    def test_columns_as_a_string(self) -> None:
        with raises(
            DataError,
            "columns must be a sequence of column names, not the string 'population'",
        ):
            rebase(self.counts(), ChangeTable(change_frame()), columns="population")

    def test_year_column_as_a_list(self) -> None:
        with raises(DataError, "year_column must be one column name, got ['year']"):
            rebase(
                self.counts(),
                ChangeTable(change_frame()),
                year_column=["year"],  # type: ignore[arg-type]
            )

    def test_repeated_count_column(self) -> None:
        counts = pd.concat([self.counts(), self.counts()["population"]], axis=1)
        with raises(
            DataError,
            "data has more than one column named 'population'; every column needs "
            "a name of its own",
        ):
            rebase(counts, ChangeTable(change_frame()))

    def test_year_outside_the_table(self) -> None:
        counts = self.counts().assign(year=[2017, 2030])
        with raises(
            GeographyError,
            "1 unit-year(s) in column 'code' are not in the change table: '0102' in "
            "2030; year(s) 2030 are outside it (its years run from 2017 to 2017)",
        ):
            rebase(counts, ChangeTable(change_frame()))

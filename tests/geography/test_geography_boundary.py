"""Bad arguments at the geography package's boundary: the class and the culprit.

Each case names the callable, the bad argument and what the message must name
(issue 21: the public-API walker's gaps in geography, closed at the boundary).
Valid neighbours of the refused values are checked to still work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attraktiv.datasets import norway_layer, norway_topology
from attraktiv.errors import (
    AttraktivError,
    DataError,
    GeographyError,
    InvalidOptionError,
)
from attraktiv.geography import (
    ChangeTable,
    Hierarchy,
    layer_contiguity,
    read_geojson,
    read_topojson,
    rebase,
    ring_area,
    topology_contiguity,
    unique_names,
)
from attraktiv.geography.changes import load_change_table, target_names
from helpers import refused


def toy() -> Hierarchy:
    return Hierarchy(
        pd.DataFrame(
            {
                "municipality_code": ["0101", "0102", "0201"],
                "region_code": ["1001", "1001", "2001"],
                "county_code": ["01", "01", "02"],
            }
        )
    )


def changes() -> ChangeTable:
    return ChangeTable.from_frame(
        pd.DataFrame(
            {
                "original": ["0101", "0102"],
                "year": [2017, 2017],
                "target": ["3101", "3101"],
                "weight": [1.0, 1.0],
            }
        )
    )


def square(code: str, **extra: object) -> dict[str, Any]:
    ring = [[0.0, 60.0], [1.0, 60.0], [1.0, 61.0], [0.0, 61.0], [0.0, 60.0]]
    return {
        "type": "Feature",
        "properties": {"id": code, **extra},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def collection() -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [square("A1", label="One")]}


@cache
def county_layer() -> Any:
    return norway_layer("county")


# Values that are not one line of text, each with how the message shows it.
NOT_TEXT: list[tuple[object, str]] = [
    (None, "None"),
    (7, "7"),
    ({"a": 1}, "a dict"),
    (["Nr"], "a list"),
    (pd.DataFrame({"a": [1]}), "a DataFrame"),
    (b"Nr", "b'Nr'"),
    ("", "''"),
    ("x" * 300, "300 characters"),
    (float("nan"), "nan"),
]
NOT_TEXT_IDS = [
    "none",
    "int",
    "dict",
    "list",
    "frame",
    "bytes",
    "empty",
    "long",
    "nan",
]


# --- map readers -----------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT, ids=NOT_TEXT_IDS)
def test_read_topojson_object_name_must_be_text(value: object, shown: str) -> None:
    refused(
        lambda: read_topojson(norway_topology_source(), value),  # type: ignore[arg-type]
        InvalidOptionError,
        "object_name=",
        shown,
    )


def norway_topology_source() -> Any:
    from attraktiv.datasets import norway_map

    return norway_map()


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT, ids=NOT_TEXT_IDS)
def test_topology_layer_code_property_must_be_text(value: object, shown: str) -> None:
    refused(
        lambda: norway_topology().layer("fylke", code_property=value),  # type: ignore[arg-type]
        InvalidOptionError,
        "code_property=",
        shown,
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [case for case in NOT_TEXT if case[0] is not None],
    ids=[
        i for i, case in zip(NOT_TEXT_IDS, NOT_TEXT, strict=True) if case[0] is not None
    ],
)
def test_topology_layer_name_property_must_be_text_or_none(
    value: object, shown: str
) -> None:
    refused(
        lambda: norway_topology().layer("fylke", name_property=value),  # type: ignore[arg-type]
        InvalidOptionError,
        "name_property=",
        shown,
    )


def test_name_property_none_names_units_by_code() -> None:
    layer = norway_topology().layer("fylke", name_property=None, code_width=2)
    assert layer.names == layer.codes
    assert layer.name_of("03") == "03"


@pytest.mark.parametrize(
    ("option", "culprit"),
    [
        ("code_property", "code_property='municipality'"),
        ("name_property", "name_property='municipality'"),
    ],
)
def test_absent_property_names_the_option(option: str, culprit: str) -> None:
    message = refused(
        lambda: norway_topology().layer("fylke", **{option: "municipality"}),
        DataError,
        "geometry 0 of 'fylke' has no property 'municipality'",
        culprit,
    )
    assert message.endswith("it has 'Nr', 'Navn'")


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT[:6], ids=NOT_TEXT_IDS[:6])
def test_topology_geometries_object_name_must_be_text(
    value: object, shown: str
) -> None:
    refused(
        lambda: norway_topology().geometries(value),  # type: ignore[arg-type]
        InvalidOptionError,
        "object_name=",
        shown,
    )


def test_unknown_object_lists_those_the_map_has() -> None:
    refused(
        lambda: norway_topology().geometries("municipality"),
        InvalidOptionError,
        "object_name='municipality' is not in the map",
        "its objects are 'region', 'kommune', 'fylke'",
    )


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT, ids=NOT_TEXT_IDS)
def test_read_geojson_code_property_must_be_text(value: object, shown: str) -> None:
    refused(
        lambda: read_geojson(collection(), code_property=value),  # type: ignore[arg-type]
        InvalidOptionError,
        "code_property=",
        shown,
    )


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT, ids=NOT_TEXT_IDS)
def test_read_geojson_layer_name_must_be_text(value: object, shown: str) -> None:
    refused(
        lambda: read_geojson(collection(), code_property="id", name=value),  # type: ignore[arg-type]
        InvalidOptionError,
        "name=",
        shown,
    )


def test_read_geojson_names_the_option_of_an_absent_property() -> None:
    refused(
        lambda: read_geojson(collection(), code_property="id", name_property="navn"),
        DataError,
        "feature 0 has no property 'navn' (name_property='navn'); it has 'id', 'label'",
    )


def test_read_geojson_layer_name_and_units() -> None:
    layer = read_geojson(
        collection(), code_property="id", name_property="label", name="nuts3"
    )
    assert (layer.name, layer.codes, layer.names) == ("nuts3", ("A1",), ("One",))


@pytest.mark.parametrize(
    "source",
    [{"type": "Feature"}, {"features": []}, {"type": "FeatureCollection"}],
    ids=["feature", "no-type", "no-features"],
)
def test_read_geojson_source_that_is_not_a_collection_is_named(
    source: dict[str, Any],
) -> None:
    refused(
        lambda: read_geojson(source, code_property="id"),
        DataError,
        "the map (source) is not a GeoJSON FeatureCollection",
    )


def test_topology_read_source_that_is_not_a_topology_is_named() -> None:
    from attraktiv.geography import Topology

    refused(
        lambda: Topology.read({"type": "FeatureCollection"}),
        DataError,
        "the map (source) is not a TopoJSON topology",
    )


# --- ring_area ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ring", "shown"),
    [
        (None, "ring=None"),
        (7, "ring=7"),
        (float("inf"), "ring=inf"),
        ({"a": 1}, "ring=a dict"),
        ("municipality", "ring='municipality'"),
        (b"\x00\x01", "ring=b'\\x00\\x01'"),
        ([], "ring=a list"),
        (pd.DataFrame({"a": [1.0, 2.0]}), "ring=a DataFrame"),
        (np.zeros((4, 3)), "ring=a ndarray"),
        ([[0.0, 0.0], [1.0]], "ring=a list"),
    ],
    ids=[
        "none",
        "int",
        "inf",
        "dict",
        "text",
        "bytes",
        "empty",
        "one-column",
        "three-columns",
        "ragged",
    ],
)
def test_ring_area_needs_an_m_by_2_array(ring: object, shown: str) -> None:
    refused(
        lambda: ring_area(ring),  # type: ignore[arg-type]
        InvalidOptionError,
        shown,
        "give an (m, 2) array of longitude and latitude in degrees",
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf")], ids=["nan", "inf"])
def test_ring_area_refuses_positions_that_are_not_finite(bad: float) -> None:
    ring = [[0.0, 0.0], [1.0, 0.0], [1.0, bad], [0.0, 0.0]]
    refused(
        lambda: ring_area(ring),  # type: ignore[arg-type]
        InvalidOptionError,
        "ring has a position that is not a finite number",
    )


def test_ring_area_of_a_list_equals_that_of_the_array() -> None:
    points = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    assert ring_area(points) == ring_area(np.asarray(points))  # type: ignore[arg-type]
    # The degree square at the equator: R² (π/180) sin(1°), km².
    expected = 6371.0088**2 * np.radians(1.0) * np.sin(np.radians(1.0))
    assert ring_area(np.asarray(points)) == pytest.approx(expected, rel=1e-12)
    # Fewer than three positions enclose nothing.
    assert ring_area(np.zeros((2, 2))) == 0.0


# --- contiguity --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decimals", "shown"),
    [
        (None, "decimals=None"),
        (2.5, "decimals=2.5"),
        (float("nan"), "decimals=nan"),
        ("7", "decimals='7'"),
        (True, "decimals=True"),
        (-1, "at least 0"),
        (16, "at most 15"),
        (10**12, "at most 15"),
    ],
    ids=["none", "float", "nan", "text", "bool", "negative", "16", "huge"],
)
def test_layer_contiguity_decimals_is_a_whole_number_to_15(
    decimals: object, shown: str
) -> None:
    refused(
        lambda: layer_contiguity(county_layer(), decimals=decimals),  # type: ignore[arg-type]
        InvalidOptionError,
        shown,
    )


def test_layer_contiguity_at_the_decimal_bounds() -> None:
    # 15 decimals keeps the shared vertices equal: the same links as the default;
    # 0 decimals (whole degrees) merges vertices and links more units, never fewer.
    default = layer_contiguity(county_layer())
    fine = layer_contiguity(county_layer(), decimals=15)
    coarse = layer_contiguity(county_layer(), decimals=0)
    assert (fine.matrix != default.matrix).nnz == 0
    assert coarse.matrix.nnz >= default.matrix.nnz


@pytest.mark.parametrize(("value", "shown"), NOT_TEXT[:6], ids=NOT_TEXT_IDS[:6])
def test_topology_contiguity_object_name_must_be_text(
    value: object, shown: str
) -> None:
    refused(
        lambda: topology_contiguity(norway_topology(), value),  # type: ignore[arg-type]
        InvalidOptionError,
        "object_name=",
        shown,
    )


def test_topology_contiguity_names_the_code_property() -> None:
    refused(
        lambda: topology_contiguity(
            norway_topology(), "fylke", code_property="municipality"
        ),
        DataError,
        "has no property 'municipality' (code_property='municipality')",
    )
    refused(
        lambda: topology_contiguity(norway_topology(), "fylke", code_property=""),
        InvalidOptionError,
        "code_property='' is not valid",
    )


@pytest.mark.parametrize(
    ("code", "error", "shown"),
    [
        (None, InvalidOptionError, "code=None"),
        (3, InvalidOptionError, "code=3"),
        (["03"], InvalidOptionError, "code=a list"),
        ("municipality", DataError, "code='municipality' is not a unit on the map"),
        ("3", DataError, "code='3' is not a unit on the map"),
    ],
    ids=["none", "int", "list", "word", "unpadded"],
)
def test_contiguity_neighbours_names_the_code(
    code: object, error: type[AttraktivError], shown: str
) -> None:
    contiguity = layer_contiguity(county_layer())
    refused(lambda: contiguity.neighbours(code), error, shown)  # type: ignore[arg-type]


# --- change tables and rebase --------------------------------------------------------


@pytest.mark.parametrize("option", ["original", "year", "target", "weight"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [({"a": 1}, "{'a': 1}"), ([], "[]"), (pd.DataFrame({"a": [1]}), "a DataFrame")],
    ids=["dict", "list", "frame"],
)
def test_change_table_column_options_must_name_one_column(
    option: str, value: object, shown: str
) -> None:
    frame = changes().frame
    refused(
        lambda: ChangeTable.from_frame(frame, **{option: value}),
        DataError,
        f"{option} must be one column name, got {shown}",
    )


def test_change_table_absent_column_names_the_option() -> None:
    refused(
        lambda: ChangeTable.from_frame(changes().frame, weight="share"),
        DataError,
        "column(s) 'share' not in the frame (weight); its columns are 'original', "
        "'year', 'target', 'weight'",
    )


@pytest.mark.parametrize(
    ("granularity", "error", "culprit"),
    [
        ({"a": 1}, InvalidOptionError, "granularity=a dict"),
        ([], InvalidOptionError, "granularity=a list"),
        (pd.DataFrame({"a": [1]}), InvalidOptionError, "granularity=a DataFrame"),
        ("", InvalidOptionError, "granularity=''"),
        ("fylke", GeographyError, "no rows of granularity 'fylke'"),
    ],
    ids=["dict", "list", "frame", "empty", "unknown"],
)
def test_from_csdata_granularity_is_checked(
    granularity: object, error: type[AttraktivError], culprit: str
) -> None:
    raw = pd.DataFrame(
        {
            "location_code_current": ["municip_nor4204"],
            "location_code_original": ["municip_nor1001"],
            "calyear": ["2017.0"],
            "weighting": ["1.0"],
            "granularity_geo": ["municip"],
        }
    )
    refused(
        lambda: ChangeTable.from_csdata(raw, granularity=granularity),  # type: ignore[arg-type]
        error,
        culprit,
    )


@pytest.mark.parametrize(
    ("source", "error", "culprit"),
    [
        (None, InvalidOptionError, "path_or_frame=None is not valid"),
        (7, InvalidOptionError, "path_or_frame=7 is not valid"),
        ({"a": 1}, InvalidOptionError, "path_or_frame=a dict is not valid"),
        ("", InvalidOptionError, "path_or_frame='' is not valid"),
        ("nowhere.csv", DataError, "path_or_frame must name an existing file"),
        (
            pd.DataFrame({"a": [1]}),
            DataError,
            "not in path_or_frame; its columns are 'a'",
        ),
    ],
    ids=["none", "int", "dict", "empty", "missing", "frame"],
)
def test_from_csdata_names_path_or_frame(
    source: object,
    error: type[AttraktivError],
    culprit: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    refused(lambda: ChangeTable.from_csdata(source), error, culprit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "error", "culprit"),
    [
        (None, InvalidOptionError, "code=None"),
        (101, InvalidOptionError, "code=101"),
        (["0101"], InvalidOptionError, "code=a list"),
        (pd.DataFrame({"a": [1]}), InvalidOptionError, "code=a DataFrame"),
        ("0103", GeographyError, "no row for code '0103' in 2017"),
    ],
    ids=["none", "int", "list", "frame", "unknown"],
)
def test_change_table_targets_names_the_code(
    code: object, error: type[AttraktivError], culprit: str
) -> None:
    refused(lambda: changes().targets(code, 2017), error, culprit)  # type: ignore[arg-type]


def counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"code": ["0101", "0102"], "year": [2017, 2017], "jobs": [3, 4]}
    )


@pytest.mark.parametrize(
    ("options", "culprit"),
    [
        ({"columns": 7}, "columns must be a sequence of column names, got 7"),
        ({"columns": float("nan")}, "columns must be a sequence of column names"),
        ({"columns": {"jobs": 1}}, "got {'jobs': 1}"),
        ({"columns": b"jobs"}, "got b'jobs'"),
        ({"columns": []}, "columns is empty; give the count columns to sum"),
        ({"columns": ["work"]}, "column(s) 'work' not in the frame (columns)"),
        ({"unit_column": "kode"}, "column(s) 'kode' not in data (unit_column)"),
        ({"year_column": None}, "column(s) 'None' not in data (year_column)"),
        (
            {"unit_column": "a", "year_column": "b"},
            "column(s) 'a', 'b' not in data (unit_column, year_column)",
        ),
    ],
    ids=[
        "columns-int",
        "columns-nan",
        "columns-dict",
        "columns-bytes",
        "columns-empty",
        "columns-absent",
        "unit-column",
        "year-column-none",
        "both",
    ],
)
def test_rebase_names_the_column_option(options: dict[str, Any], culprit: str) -> None:
    refused(lambda: rebase(counts(), changes(), **options), DataError, culprit)


def test_rebase_names_data_without_its_columns() -> None:
    refused(
        lambda: rebase(pd.DataFrame({"a": [1.0]}), changes()),
        DataError,
        "column(s) 'code', 'year' not in data (unit_column, year_column); its "
        "columns are 'a'",
    )


def test_rebase_with_named_columns_sums_exactly() -> None:
    out = rebase(counts(), changes(), columns=["jobs"])
    assert out.to_dict("list") == {"code": ["3101"], "year": [2017], "jobs": [7]}


# --- the hierarchy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "culprit"),
    [
        ([], "levels is empty; a hierarchy needs at least one level"),
        (
            b"municipality",
            "levels must be a sequence of level names as text, not bytes",
        ),
        ([7], "levels must hold level names as non-empty text, got 7"),
        ([""], "levels must hold level names as non-empty text, got ''"),
    ],
    ids=["empty", "bytes", "int", "empty-name"],
)
def test_hierarchy_levels_are_named(levels: object, culprit: str) -> None:
    frame = toy().to_frame()
    refused(lambda: Hierarchy(frame, levels), GeographyError, culprit)  # type: ignore[arg-type]


def test_hierarchy_frame_without_code_columns_is_named() -> None:
    refused(
        lambda: Hierarchy(pd.DataFrame({"a": [1.0]})),
        DataError,
        "the hierarchy table (frame) has no code column for level(s) 'municipality'",
    )


@pytest.mark.parametrize(
    ("level", "error", "culprit"),
    [
        ({"a": 1}, GeographyError, "unknown level a dict"),
        ([], GeographyError, "unknown level a list"),
        (pd.DataFrame({"a": [1]}), GeographyError, "unknown level a DataFrame"),
        ("kommune", GeographyError, "unknown level 'kommune'"),
    ],
    ids=["dict", "list", "frame", "unknown"],
)
def test_ancestor_groups_names_the_level(
    level: object, error: type[AttraktivError], culprit: str
) -> None:
    refused(lambda: toy().ancestor_groups(level), error, culprit)  # type: ignore[arg-type]


def test_members_of_a_code_of_another_level_names_the_level() -> None:
    refused(
        lambda: toy().members("01", "municipality"),
        GeographyError,
        "'01' is not a municipality code of this hierarchy (level='municipality')",
    )


@pytest.mark.parametrize(
    ("options", "culprit"),
    [
        ({"by": {"year": 1}}, "by must be a sequence of column names, got {'year': 1}"),
        ({"by": b"year"}, "by must be a sequence of column names, got b'year'"),
        ({"by": pd.DataFrame({"a": [1]})}, "got a DataFrame"),
        ({"by": ["month"]}, "column(s) 'month' not in the frame (by)"),
        ({"columns": 7}, "columns must be a sequence of column names, got 7"),
        ({"columns": []}, "columns is empty"),
        ({"unit_column": "kode"}, "column(s) 'kode' not in the frame (unit_column)"),
        ({"unit_column": 7}, "column(s) '7' not in the frame (unit_column)"),
    ],
    ids=[
        "by-dict",
        "by-bytes",
        "by-frame",
        "by-absent",
        "columns-int",
        "columns-empty",
        "unit-column",
        "unit-column-int",
    ],
)
def test_aggregate_names_the_option(options: dict[str, Any], culprit: str) -> None:
    refused(lambda: toy().aggregate(counts(), "region", **options), DataError, culprit)


def test_aggregate_by_nothing_sums_a_cross_section() -> None:
    # by=[]: one row per unit, no year; the region's total is the members' sum.
    cross_section = pd.DataFrame({"code": ["0101", "0102", "0201"], "jobs": [3, 4, 5]})
    out = toy().aggregate(cross_section, "region", by=[])
    assert out.to_dict("list") == {"code": ["1001", "2001"], "jobs": [7, 5]}


# --- the bundled change table, and names ---------------------------------------


@pytest.mark.parametrize("load", [load_change_table, target_names])
@pytest.mark.parametrize(
    ("level", "shown"),
    [({"a": 1}, "a dict"), ([], "a list"), (pd.DataFrame(), "a DataFrame"), (7, "7")],
    ids=["dict", "list", "frame", "int"],
)
def test_bundled_tables_name_the_level(
    load: Callable[[Any], object], level: object, shown: str
) -> None:
    refused(
        lambda: load(level),
        InvalidOptionError,
        f"level must be one of 'municipality', 'county'; got {shown}",
    )


@pytest.mark.parametrize(
    ("level", "shown"),
    [(7, "level=7"), ({"a": 1}, "level=a dict"), ("", "level=''"), ("x" * 300, "300")],
    ids=["int", "dict", "empty", "long"],
)
def test_unique_names_level_must_be_text(level: object, shown: str) -> None:
    names = pd.Series(["Våler", "Våler"], index=["0137", "0426"])
    refused(lambda: unique_names(names, level), InvalidOptionError, shown)  # type: ignore[arg-type]


def test_unique_names_checks_the_level_even_when_names_are_unique() -> None:
    names = pd.Series(["Halden", "Moss"], index=["0101", "0104"])
    refused(
        lambda: unique_names(names, "kommune", toy()),
        GeographyError,
        "level='kommune' is not a level of the hierarchy",
    )
    # A level without a hierarchy is only checked to be text: names by code.
    assert unique_names(names, "municipality").tolist() == ["Halden", "Moss"]

"""Hostile map files for read_geojson, read_topojson and Topology.

Every case is a corruption of a GeoJSON feature collection or a TopoJSON
topology, with the exact error class and the culprit the message must name:
the unit, feature, arc, position or key at fault.
"""

from __future__ import annotations

import codecs
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from attraktiv import DataError
from attraktiv.geography.maps import read_geojson, read_topojson
from helpers import refused

RING = [[16.2, 48.1], [16.5, 48.1], [16.5, 48.3], [16.2, 48.1]]
COLLECTION: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"NUTS_ID": "AT130", "NAME_LATN": "Wien"},
            "geometry": {"type": "Polygon", "coordinates": [RING]},
        }
    ],
}


def _feature(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    collection = copy.deepcopy(COLLECTION)
    change(collection["features"][0])
    return collection


def _position(index: int, value: Any) -> dict[str, Any]:
    return _feature(lambda f: f["geometry"]["coordinates"][0].__setitem__(index, value))


GEOJSON_REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (
        "lon-nan",
        _position(0, [float("nan"), 48.1]),
        "position 0 is [nan, 48.1], not finite",
    ),
    (
        "lat-inf",
        _position(1, [16.5, float("inf")]),
        "position 1 is [16.5, inf], not finite",
    ),
    ("lon-as-text", _position(0, ["16.2", 48.1]), "position 0 is ['16.2', 48.1]"),
    ("lon-as-bool", _position(2, [True, False]), "position 2 is [True, False]"),
    ("one-number", _position(0, [16.2]), "position 0 is [16.2], not [longitude"),
    ("position-null", _position(1, None), "position 1 is None"),
    ("position-object", _position(1, {"x": 1}), "position 1 is {'x': 1}"),
    ("huge-integer", _position(1, [10**400, 48.1]), "position 1 is [1000"),
    (
        "projected-metres",
        _feature(
            lambda f: f["geometry"].__setitem__(
                "coordinates",
                [[[4.8e6, 2.8e6], [4.9e6, 2.8e6], [4.9e6, 2.9e6], [4.8e6, 2.8e6]]],
            )
        ),
        "the map must be in degrees (EPSG:4326), not projected",
    ),
    ("latitude-200", _position(1, [16.5, 200.0]), "position 1 is (16.5, 200)"),
    (
        "ring-as-text",
        _feature(lambda f: f["geometry"]["coordinates"].__setitem__(0, "ring")),
        "unit AT130: a ring is 'ring', not a list",
    ),
    (
        "coordinates-as-text",
        _feature(lambda f: f["geometry"].__setitem__("coordinates", "abc")),
        "the Polygon 'coordinates' is 'abc'",
    ),
    (
        "multipolygon-one-level-short",
        _feature(
            lambda f: f.__setitem__(
                "geometry", {"type": "MultiPolygon", "coordinates": [RING]}
            )
        ),
        "unit AT130: a ring: position 0 is 16.2",
    ),
    (
        "coordinates-missing",
        _feature(lambda f: f["geometry"].pop("coordinates")),
        "the Polygon 'coordinates' is None",
    ),
    (
        "geometry-as-text",
        _feature(lambda f: f.__setitem__("geometry", "Polygon")),
        "unit AT130: its geometry is 'Polygon', not a JSON object",
    ),
    (
        "properties-as-list",
        _feature(lambda f: f.__setitem__("properties", ["AT130"])),
        "feature 0 has properties ['AT130'], not a JSON object",
    ),
    (
        "code-blank",
        _feature(lambda f: f["properties"].__setitem__("NUTS_ID", "  ")),
        "has an empty code '  '",
    ),
    (
        "code-as-list",
        _feature(lambda f: f["properties"].__setitem__("NUTS_ID", ["AT130"])),
        "has code ['AT130']; expected a number or text",
    ),
    (
        "code-as-object",
        _feature(lambda f: f["properties"].__setitem__("NUTS_ID", {"id": 1})),
        "has code {'id': 1}",
    ),
    (
        "name-as-object",
        _feature(lambda f: f["properties"].__setitem__("NAME_LATN", {"de": "Wien"})),
        "unit AT130 has the name {'de': 'Wien'}; expected text",
    ),
    (
        "name-null",
        _feature(lambda f: f["properties"].__setitem__("NAME_LATN", None)),
        "unit AT130 has the name None",
    ),
    (
        "name-bool",
        _feature(lambda f: f["properties"].__setitem__("NAME_LATN", True)),
        "unit AT130 has the name True",
    ),
]


@pytest.mark.parametrize(
    ("collection", "culprit"),
    [pytest.param(c, culprit, id=name) for name, c, culprit in GEOJSON_REFUSED],
)
def test_geojson_refuses(collection: dict[str, Any], culprit: str) -> None:
    refused(
        lambda: read_geojson(
            collection, code_property="NUTS_ID", name_property="NAME_LATN"
        ),
        DataError,
        culprit,
    )


def test_geojson_feature_that_is_not_an_object_is_named() -> None:
    collection = copy.deepcopy(COLLECTION)
    collection["features"].append("AT130")
    refused(
        lambda: read_geojson(collection, code_property="NUTS_ID"),
        DataError,
        "feature 1 is 'AT130', not a JSON object",
    )


TEXT = json.dumps(COLLECTION)

GEOJSON_FILES_REFUSED: list[tuple[str, bytes, str]] = [
    (
        "repeated-key",
        b'{"type": "FeatureCollection", "features": [], "features": []}',
        "repeats the key 'features'",
    ),
    ("nan-literal", TEXT.replace("16.2", "NaN").encode(), "holds NaN"),
    ("infinity-literal", TEXT.replace("16.2", "-Infinity").encode(), "holds -Infinity"),
    ("nested-too-deep", b"[" * 70 + b"]" * 70, "more than 64 levels deep"),
    (
        "long-number",
        TEXT.replace("16.2", "1" * 100).encode(),
        "a number of 100 characters",
    ),
    ("cut-short", TEXT[:-30].encode(), "is not JSON"),
    ("empty", b"", "is not JSON (line 1, column 1"),
    ("utf16-without-bom", TEXT.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    (
        "latin1-behind-a-utf8-bom",
        codecs.BOM_UTF8 + TEXT.replace("Wien", "Wïen").encode("latin-1"),
        "starts with a UTF-8 byte-order mark but byte 0xef",
    ),
    ("not-an-object", b"[1, 2]", "not a JSON object"),
]


@pytest.mark.parametrize(
    ("data", "culprit"),
    [pytest.param(d, culprit, id=name) for name, d, culprit in GEOJSON_FILES_REFUSED],
)
def test_geojson_file_refuses(data: bytes, culprit: str, tmp_path: Path) -> None:
    path = tmp_path / "nuts.geojson"
    path.write_bytes(data)
    refused(lambda: read_geojson(path, code_property="NUTS_ID"), DataError, culprit)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), id="utf8-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf16-bom"),
        pytest.param(
            TEXT.replace("16.2, 48.1]", "16.2, 48.1, 180.0]").encode(), id="altitude"
        ),
        pytest.param(TEXT.replace(", ", ",\r\n").encode(), id="crlf"),
    ],
)
def test_geojson_file_reads_every_faithful_spelling(
    data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "nuts.geojson"
    path.write_bytes(data)
    layer = read_geojson(path, code_property="NUTS_ID", name_property="NAME_LATN")
    assert (layer.codes, layer.names) == (("AT130",), ("Wien",))
    expected = read_geojson(COLLECTION, code_property="NUTS_ID")
    np.testing.assert_allclose(
        layer.areas().to_numpy(), expected.areas().to_numpy(), rtol=1e-12
    )


def test_geojson_numeric_names_are_text() -> None:
    collection = _feature(lambda f: f["properties"].__setitem__("NAME_LATN", 1130))
    layer = read_geojson(collection, code_property="NUTS_ID", name_property="NAME_LATN")
    assert layer.names == ("1130",)


# TopoJSON -------------------------------------------------------------------------

TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10.0, 60.0]},
    "objects": {
        "kommune": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "arcs": [[0]],
                    "properties": {"Nr": "0301", "Navn": "Oslo"},
                }
            ],
        }
    },
    "arcs": [[[0, 0], [2, 0], [0, 2], [-2, -2]]],
}


def _topology(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    topology = copy.deepcopy(TOPOLOGY)
    change(topology)
    return topology


def _geometry(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    return _topology(lambda t: change(t["objects"]["kommune"]["geometries"][0]))


def _arc_point(index: int, value: Any) -> dict[str, Any]:
    return _topology(lambda t: t["arcs"][0].__setitem__(index, value))


TOPOJSON_REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (
        "arc-index-fraction",
        _geometry(lambda g: g.__setitem__("arcs", [[0.5]])),
        "unit 0301: arc index 0.5 is not a whole number",
    ),
    (
        "arc-index-text",
        _geometry(lambda g: g.__setitem__("arcs", [["0"]])),
        "arc index '0' is not a whole number",
    ),
    (
        "arc-index-bool",
        _geometry(lambda g: g.__setitem__("arcs", [[True]])),
        "arc index True is not a whole number",
    ),
    (
        "arc-index-null",
        _geometry(lambda g: g.__setitem__("arcs", [[None]])),
        "arc index None is not a whole number",
    ),
    (
        "arc-index-past-the-end",
        _geometry(lambda g: g.__setitem__("arcs", [[5]])),
        "arc index 5 is outside the map's 1 arcs",
    ),
    (
        "ring-as-number",
        _geometry(lambda g: g.__setitem__("arcs", [0])),
        "unit 0301: a ring is 0, not a list of arc indices",
    ),
    (
        "polygon-arcs-as-text",
        _geometry(lambda g: g.__setitem__("arcs", "0")),
        "the Polygon 'arcs' is '0'",
    ),
    (
        "multipolygon-one-level-short",
        _geometry(lambda g: g.__setitem__("type", "MultiPolygon")),
        "unit 0301: a ring is 0, not a list of arc indices",
    ),
    (
        "geometry-as-text",
        _topology(lambda t: t["objects"]["kommune"]["geometries"].__setitem__(0, "x")),
        "geometry 0 of 'kommune' is 'x', not a JSON object",
    ),
    (
        "properties-as-text",
        _geometry(lambda g: g.__setitem__("properties", "0301")),
        "has properties '0301', not a JSON object",
    ),
    (
        "name-as-list",
        _geometry(lambda g: g["properties"].__setitem__("Navn", ["Oslo"])),
        "unit 0301 has the name ['Oslo']",
    ),
    ("point-as-text", _arc_point(1, "x"), "arc 0 of the map: position 1 is 'x'"),
    ("point-one-number", _arc_point(1, [2]), "position 1 is [2], not [longitude"),
    (
        "point-nan",
        _arc_point(1, [float("nan"), 0]),
        "position 1 is [nan, 0], not finite",
    ),
    ("point-huge-integer", _arc_point(2, [10**400, 0]), "arc 0 of the map: position 2"),
    ("point-bool", _arc_point(1, [True, 0]), "position 1 is [True, 0]"),
    (
        "arcs-as-object",
        _topology(lambda t: t.__setitem__("arcs", {"0": []})),
        "the map's 'arcs' is dict, not a list of arcs",
    ),
    (
        "arc-as-number",
        _topology(lambda t: t["arcs"].__setitem__(0, 7)),
        "arc 0 of the map is 7, not a list",
    ),
    (
        "scale-zero",
        _topology(lambda t: t["transform"].__setitem__("scale", [0, 0])),
        "scale [0, 0]; a zero scale",
    ),
    (
        "scale-nan",
        _topology(lambda t: t["transform"].__setitem__("scale", [float("nan"), 1])),
        "transform 'scale' is [nan, 1]; give two finite numbers",
    ),
    (
        "scale-one-number",
        _topology(lambda t: t["transform"].__setitem__("scale", [1])),
        "transform 'scale' is [1]",
    ),
    (
        "translate-text",
        _topology(lambda t: t["transform"].__setitem__("translate", "10,60")),
        "transform 'translate' is '10,60'",
    ),
    (
        "translate-missing",
        _topology(lambda t: t["transform"].pop("translate")),
        "transform 'translate' is None",
    ),
    (
        "transform-as-list",
        _topology(lambda t: t.__setitem__("transform", [1, 2])),
        "the map's 'transform' is [1, 2]",
    ),
    (
        "projected-metres",
        _topology(lambda t: t["transform"].__setitem__("translate", [4.8e6, 2.8e6])),
        "arc 0 of the map: position 0 is (4.8e+06, 2.8e+06)",
    ),
]


@pytest.mark.parametrize(
    ("topology", "culprit"),
    [pytest.param(t, culprit, id=name) for name, t, culprit in TOPOJSON_REFUSED],
)
def test_topojson_refuses(topology: dict[str, Any], culprit: str) -> None:
    refused(lambda: read_topojson(topology, "kommune"), DataError, culprit)


def test_topojson_file_with_a_bom_reads(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.topojson"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(TOPOLOGY).encode())
    layer = read_topojson(path, "kommune")
    assert (layer.codes, layer.names) == (("0301",), ("Oslo",))
    # Quantized deltas (0,0) (2,0) (0,2) (-2,-2) scaled by 0.5 from (10, 60).
    np.testing.assert_allclose(
        layer.polygons[0][0][0], [[10, 60], [11, 60], [11, 61], [10, 60]]
    )


def test_topojson_file_with_a_repeated_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.topojson"
    text = json.dumps(TOPOLOGY).replace(
        '"type": "Topology"', '"type": "Topology", "type": "x"'
    )
    path.write_text(text, encoding="utf-8")
    refused(lambda: read_topojson(path, "kommune"), DataError, "repeats the key 'type'")

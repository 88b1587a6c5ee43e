"""GeoJSON reading and contiguity from shared edges (attraktiv.geography)."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from attraktiv.datasets import NORWAY_OBJECTS, norway_layer, norway_topology
from attraktiv.errors import DataError, InvalidOptionError
from attraktiv.geography import (
    Contiguity,
    layer_contiguity,
    read_geojson,
    ring_area,
    topology_contiguity,
)
from attraktiv.spatial import contiguity_weights

IRELAND = (
    Path(__file__).parents[1] / "data" / "europe" / "nuts3_ireland_2021_20m.geojson"
)

# --- a hand-made GeoJSON -------------------------------------------------------------
#
# A 2 x 2 grid of one-degree squares A B / C D (A north-west), each written out in
# full as GeoJSON does, so every shared border appears twice. A is clockwise (the
# reader must turn it). E is an island to the south-east. F is a square with a hole,
# and G fills the hole exactly: an enclave whose only neighbour is F.


def _square(x: float, y: float, size: float = 1.0) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def _feature(code: str, kind: str, coordinates: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"id": code, "label": f"Unit {code}"},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _toy() -> dict[str, Any]:
    return _collection(
        _feature("D", "Polygon", [_square(1, 60)]),
        _feature("A", "Polygon", [_square(0, 61)[::-1]]),
        _feature("B", "Polygon", [_square(1, 61)]),
        _feature("C", "Polygon", [_square(0, 60)]),
        _feature("E", "MultiPolygon", [[_square(5, 58)]]),
        _feature("F", "Polygon", [_square(10, 60, 3), _square(11, 61)[::-1]]),
        _feature("G", "Polygon", [_square(11, 61)]),
    )


def _pairs(contiguity: Contiguity) -> set[tuple[str, str]]:
    coo = contiguity.matrix.tocoo()
    return {
        (contiguity.codes[i], contiguity.codes[j])
        for i, j in zip(coo.row, coo.col, strict=True)
        if contiguity.codes[i] < contiguity.codes[j]
    }


def test_geojson_layer_codes_names_and_areas() -> None:
    layer = read_geojson(_toy(), code_property="id", name_property="label")
    assert layer.codes == ("A", "B", "C", "D", "E", "F", "G")
    assert layer.name_of("F") == "Unit F"
    # Every exterior counter-clockwise and every hole clockwise, whatever the file.
    for unit in layer.polygons:
        for polygon in unit:
            assert ring_area(polygon[0]) > 0
            assert all(ring_area(hole) < 0 for hole in polygon[1:])
    areas = layer.areas()
    # F is nine squares less the hole; G fills the hole: together nine squares.
    nine = sum(
        ring_area(np.asarray(_square(10 + i, 60 + j)))
        for i in range(3)
        for j in range(3)
    )
    assert areas["F"] + areas["G"] == pytest.approx(nine, rel=1e-12)
    assert areas["G"] == pytest.approx(
        ring_area(np.asarray(_square(11, 61))), rel=1e-12
    )
    # Without a name property, units are named by code.
    assert read_geojson(_toy(), code_property="id").name_of("A") == "A"


def test_rook_needs_a_shared_edge_queen_a_shared_point() -> None:
    layer = read_geojson(_toy(), code_property="id")
    rook = layer_contiguity(layer)
    assert _pairs(rook) == {("A", "B"), ("A", "C"), ("B", "D"), ("C", "D"), ("F", "G")}
    assert rook.islands == ("E",)
    assert rook.neighbours("G") == ("F",)
    queen = layer_contiguity(layer, criterion="queen")
    assert _pairs(queen) == _pairs(rook) | {("A", "D"), ("B", "C")}
    assert (rook.matrix != rook.matrix.T).nnz == 0
    assert rook.matrix.diagonal().sum() == 0


def test_rounding_joins_a_border_written_with_noise() -> None:
    noisy = _toy()
    ring = noisy["features"][2]["geometry"]["coordinates"][0]  # B
    noisy["features"][2]["geometry"]["coordinates"][0] = [
        [x + 3e-9, y - 3e-9] for x, y in ring
    ]
    layer = read_geojson(noisy, code_property="id")
    assert _pairs(layer_contiguity(layer)) == _pairs(
        layer_contiguity(read_geojson(_toy(), code_property="id"))
    )
    # Compared to 9 decimals the noise shows, and B loses its neighbours.
    assert layer_contiguity(layer, decimals=9).neighbours("B") == ()


def test_island_linked_to_the_nearest_unit() -> None:
    rook = layer_contiguity(read_geojson(_toy(), code_property="id"))
    linked = rook.link_islands()
    # E's corner (5, 59) is nearest to D's corner (2, 60), a vertex of D alone; F's
    # nearest corner (10, 60) is 5 degrees of longitude away.
    assert linked.neighbours("E") == ("D",)
    assert "E" in linked.neighbours("D")
    assert linked.islands == ()


def test_layer_contiguity_equals_topology_contiguity_on_the_bundled_map() -> None:
    for level, (object_name, width) in NORWAY_OBJECTS.items():
        for criterion in ("rook", "queen"):
            from_edges = layer_contiguity(norway_layer(level), criterion=criterion)
            from_arcs = topology_contiguity(
                norway_topology(), object_name, criterion=criterion, code_width=width
            )
            assert from_edges.codes == from_arcs.codes
            assert (from_edges.matrix != from_arcs.matrix).nnz == 0


# --- an excerpt of Eurostat's GISCO NUTS 3 map ---------------------------------------


def test_ireland_nuts3_neighbours() -> None:
    layer = read_geojson(IRELAND, code_property="NUTS_ID", name_property="NAME_LATN")
    assert layer.name_of("IE061") == "Dublin"
    rook = layer_contiguity(layer)
    # Read off a map of Ireland's NUTS 3 regions.
    assert rook.neighbours("IE061") == ("IE062",)  # Dublin: Mid-East
    assert rook.neighbours("IE053") == ("IE051", "IE052")  # South-West
    assert rook.neighbours("IE041") == ("IE042", "IE062", "IE063")  # Border
    assert rook.matrix.nnz == 26
    assert rook.islands == ()
    # The Republic is about 70,000 km²; the 1:20 million map is generalised.
    assert layer.areas().sum() == pytest.approx(70_000, rel=0.02)


def test_ireland_contiguity_matches_libpysal() -> None:
    shapely = pytest.importorskip("shapely")
    libpysal = pytest.importorskip("libpysal")
    layer = read_geojson(IRELAND, code_property="NUTS_ID")
    polygons = [
        shapely.MultiPolygon([shapely.Polygon(p[0], p[1:]) for p in unit])
        for unit in layer.polygons
    ]
    for criterion, builder in (
        ("rook", libpysal.weights.Rook),
        ("queen", libpysal.weights.Queen),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = builder.from_iterable(polygons, ids=list(layer.codes))
        ours = layer_contiguity(layer, criterion=criterion)  # type: ignore[arg-type]
        assert {code: ours.neighbours(code) for code in layer.codes} == {
            code: tuple(sorted(expected.neighbors[code])) for code in layer.codes
        }


def test_spatial_weights_from_a_geojson_layer() -> None:
    layer = read_geojson(IRELAND, code_property="NUTS_ID")
    weights = contiguity_weights(layer=layer)
    assert list(weights.codes) == list(layer.codes)
    assert list(weights.neighbours("IE061")) == ["IE062"]
    assert weights.is_symmetric


def test_geojson_from_a_path_equals_from_the_mapping() -> None:
    parsed = json.loads(IRELAND.read_text(encoding="utf-8"))
    from_path = read_geojson(IRELAND, code_property="NUTS_ID")
    from_text = read_geojson(str(IRELAND), code_property="NUTS_ID")
    from_mapping = read_geojson(parsed, code_property="NUTS_ID")
    for other in (from_text, from_mapping):
        assert other.codes == from_path.codes
        for mine, theirs in zip(from_path.polygons, other.polygons, strict=True):
            for a, b in zip(mine, theirs, strict=True):
                for ring_a, ring_b in zip(a, b, strict=True):
                    np.testing.assert_array_equal(ring_a, ring_b)


# --- bad input ------------------------------------------------------------------------


def _with(geometry: dict[str, Any] | None) -> dict[str, Any]:
    return _collection(
        {"type": "Feature", "properties": {"id": "X1"}, "geometry": geometry}
    )


def test_bad_geojson_is_refused_with_the_unit_named() -> None:
    with pytest.raises(
        DataError,
        match=re.escape(
            "the map (source) is not a GeoJSON FeatureCollection: it needs type "
            "'FeatureCollection' and a list of 'features'"
        ),
    ):
        read_geojson({"type": "Topology", "arcs": []}, code_property="id")
    with pytest.raises(
        DataError,
        match=re.escape(
            "feature 0 has no property 'id' (code_property='id'); it has 'label'"
        ),
    ):
        read_geojson(
            _collection(
                {"type": "Feature", "properties": {"label": "x"}, "geometry": None}
            ),
            code_property="id",
        )
    with pytest.raises(
        DataError,
        match=re.escape(
            "unit X1 is a 'LineString' geometry; only 'Polygon' and 'MultiPolygon' "
            "are supported"
        ),
    ):
        read_geojson(
            _with({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
            code_property="id",
        )
    with pytest.raises(DataError, match=re.escape("unit X1 is a None geometry")):
        read_geojson(_with(None), code_property="id")
    with pytest.raises(
        DataError, match=re.escape("unit X1: a ring has fewer than four positions")
    ):
        read_geojson(
            _with({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}),
            code_property="id",
        )
    with pytest.raises(
        DataError, match=re.escape("unit X1: a ring does not close on itself")
    ):
        read_geojson(
            _with(
                {"type": "Polygon", "coordinates": [[*_square(0, 0)[:-1], [0, 0.5]]]}
            ),
            code_property="id",
        )
    with pytest.raises(
        DataError,
        match=re.escape(
            "unit X1: a ring: position 0 is 0, not [longitude, latitude] as two numbers"
        ),
    ):
        read_geojson(
            _with({"type": "Polygon", "coordinates": [[0, 1, 2, 3]]}),
            code_property="id",
        )
    twice = _toy()
    twice["features"][1]["properties"]["id"] = "D"
    with pytest.raises(
        DataError, match=re.escape("map layer 'features': duplicate unit codes D")
    ):
        read_geojson(twice, code_property="id")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "source=int is not valid; give a path, an importlib.resources file or "
            "the parsed GeoJSON FeatureCollection"
        ),
    ):
        read_geojson(42, code_property="id")  # type: ignore[arg-type]


def test_bad_contiguity_options() -> None:
    layer = read_geojson(_toy(), code_property="id")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "criterion='bishop' is not valid; choose one of 'rook', 'queen'"
        ),
    ):
        layer_contiguity(layer, criterion="bishop")  # type: ignore[arg-type]
    with pytest.raises(DataError, match=re.escape("code='Z' is not a unit on the map")):
        layer_contiguity(layer).neighbours("Z")

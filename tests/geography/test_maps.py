"""Tests of the map readers of attraktiv.geography.maps (numpy only, no matplotlib)."""

from __future__ import annotations

import itertools
import json
import math
import re
from importlib.resources import as_file
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attraktiv.datasets import norway_hierarchy, norway_layer, norway_map
from attraktiv.errors import DataError, InvalidOptionError
from attraktiv.geography import (
    EARTH_RADIUS_KM,
    MapLayer,
    read_topojson,
    ring_area,
)

# --- a hand-made quantized topology ------------------------------------------------
#
# Two squares side by side on the integer grid, sharing the border x = 4 (arc 1),
# quantized with scale 0.25 and translate (10, 60): grid x 4 is longitude 11. Unit
# 7 (west) has a square hole; unit 12 (east) walks the shared arc backwards (~1)
# and is a MultiPolygon with an island. Both squares are stored clockwise, so the
# decoder must turn them; the hole is clockwise and the island counter-clockwise
# already.

ARCS_ON_GRID = [
    [(4, 0), (0, 0), (0, 4), (4, 4)],  # 0: west square, all but the shared border
    [(4, 4), (4, 0)],  # 1: the shared border, southwards
    [(4, 4), (8, 4), (8, 0), (4, 0)],  # 2: east square, all but the shared border
    [(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)],  # 3: hole in the west square
    [(10, 0), (12, 0), (12, 2), (10, 2), (10, 0)],  # 4: island of the east unit
]


def _delta(points: list[tuple[int, int]]) -> list[list[int]]:
    """Delta-encode grid positions, as a quantized TopoJSON stores its arcs."""
    encoded = [list(points[0])]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        encoded.append([x1 - x0, y1 - y0])
    return encoded


def _toy_topology() -> dict[str, Any]:
    return {
        "type": "Topology",
        "transform": {"scale": [0.25, 0.25], "translate": [10.0, 60.0]},
        "arcs": [_delta(arc) for arc in ARCS_ON_GRID],
        "objects": {
            "units": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, 1], [3]],
                        "properties": {"Nr": 7, "Navn": "West"},
                    },
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[~1, 2]], [[4]]],
                        "properties": {"Nr": 12, "Navn": "East"},
                    },
                ],
            }
        },
    }


def _to_lonlat(points: list[tuple[int, int]]) -> np.ndarray:
    return np.array(points, dtype=np.float64) * 0.25 + np.array([10.0, 60.0])


def _quadrangle_area(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Exact area in km² of a longitude-latitude box on the sphere."""
    return (
        EARTH_RADIUS_KM**2
        * math.radians(lon1 - lon0)
        * (math.sin(math.radians(lat1)) - math.sin(math.radians(lat0)))
    )


def test_toy_topology_decodes_arcs_reversal_holes_and_islands() -> None:
    layer = read_topojson(_toy_topology(), "units", code_width=4)

    assert layer.codes == ("0007", "0012")
    assert layer.names == ("West", "East")
    (west,) = layer.polygons[0]
    exterior, hole = west
    # Arcs 0 and 1 joined without repeating (4, 4), then turned counter-clockwise.
    np.testing.assert_array_equal(
        exterior, _to_lonlat([(4, 0), (4, 4), (0, 4), (0, 0), (4, 0)])
    )
    np.testing.assert_array_equal(
        hole, _to_lonlat([(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)])
    )
    (east_main,), (east_island,) = layer.polygons[1]
    # ~1 walks the shared border northwards, then arc 2; turned counter-clockwise.
    np.testing.assert_array_equal(
        east_main, _to_lonlat([(4, 0), (8, 0), (8, 4), (4, 4), (4, 0)])
    )
    np.testing.assert_array_equal(
        east_island, _to_lonlat([(10, 0), (12, 0), (12, 2), (10, 2), (10, 0)])
    )


def test_toy_areas_are_exact_on_the_sphere_with_holes_subtracted() -> None:
    areas = read_topojson(_toy_topology(), "units").areas()

    west = _quadrangle_area(10.0, 60.0, 11.0, 61.0) - _quadrangle_area(
        10.25, 60.25, 10.5, 60.5
    )
    east = _quadrangle_area(11.0, 60.0, 12.0, 61.0) + _quadrangle_area(
        12.5, 60.0, 13.0, 60.5
    )
    assert areas.name == "area_km2"
    assert list(areas.index) == ["12", "7"]
    assert areas["7"] == pytest.approx(west, rel=1e-12)
    assert areas["12"] == pytest.approx(east, rel=1e-12)


def test_ring_area_of_a_thin_sliver_keeps_its_precision() -> None:
    # 70 + 2**-30 degrees is exact in binary: a strip 1e-4 m wide at 70°N, whose
    # area is some 1e3 times below the rounding error of sin(70°) * R².
    top = 70.0 + 2.0**-30
    ring = np.array([[5.0, 70.0], [6.0, 70.0], [6.0, top], [5.0, top]])
    half = math.radians(top - 70.0) / 2.0
    exact = (
        EARTH_RADIUS_KM**2
        * math.radians(1.0)
        * 2.0
        * math.cos(math.radians(70.0) + half)
        * math.sin(half)
    )
    assert ring_area(ring) == pytest.approx(exact, rel=1e-9)
    assert ring_area(ring[::-1]) == pytest.approx(-exact, rel=1e-9)


def test_unquantized_topology_reads_absolute_positions() -> None:
    topology = {
        "type": "Topology",
        "arcs": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]],
        "objects": {
            "o": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0]],
                        "properties": {"id": "A", "n": "a"},
                    }
                ],
            }
        },
    }
    layer = read_topojson(topology, "o", code_property="id", name_property="n")
    np.testing.assert_allclose(
        layer.polygons[0][0][0], [[0, 0], [1, 0], [1, 1], [0, 0]]
    )


@pytest.mark.parametrize(
    ("level", "units", "code"),
    [("municipality", 426, "0301"), ("region", 85, "3001"), ("county", 19, "03")],
)
def test_bundled_map_has_every_unit_of_the_hierarchy(
    level: str, units: int, code: str
) -> None:
    layer = norway_layer(level)  # type: ignore[arg-type]
    hierarchy = norway_hierarchy()

    assert len(layer) == units
    assert list(layer.codes) == list(hierarchy.units(level))
    names = hierarchy.names(level)
    assert list(layer.names) == [names[c] for c in layer.codes]
    assert code in layer.codes
    assert all(len(unit) >= 1 for unit in layer.polygons)


def test_bundled_municipalities_decode_into_closed_finite_rings() -> None:
    layer = norway_layer("municipality")
    rings = [ring for unit in layer.polygons for poly in unit for ring in poly]

    assert all(np.array_equal(ring[0], ring[-1]) for ring in rings)
    assert all(np.isfinite(ring).all() for ring in rings)
    lon_min, lat_min, lon_max, lat_max = layer.bounds
    assert 4.0 < lon_min < lon_max < 32.0
    assert 57.5 < lat_min < lat_max < 71.5
    assert (layer.areas() > 0).all()
    # Exteriors counter-clockwise, holes clockwise (GeoJSON's right-hand rule).
    for unit in layer.polygons:
        for polygon in unit:
            assert ring_area(polygon[0]) > 0
            assert all(ring_area(hole) < 0 for hole in polygon[1:])
    with pytest.raises(ValueError, match="read-only"):
        rings[0][0, 0] = 0.0


@pytest.mark.parametrize("level", ["region", "county"])
def test_municipality_areas_add_up_to_region_and_county_areas(level: str) -> None:
    # Eight regions straddle a county border, so each level is reached from the
    # municipalities directly, never through another level.
    municipality_areas = norway_layer("municipality").areas()
    parents = norway_hierarchy().mapping("municipality", level)
    summed = municipality_areas.groupby(parents.reindex(municipality_areas.index)).sum()
    direct = norway_layer(level).areas()  # type: ignore[arg-type]

    assert set(summed.index) == set(direct.index)
    relative = (summed.reindex(direct.index) - direct).abs() / direct
    assert relative.max() < 0.01
    # Norway without Svalbard is about 324,000 km²; the simplified map a bit less.
    assert 300_000 < direct.sum() < 330_000


def test_sources_path_traversable_and_mapping_agree() -> None:
    traversable = norway_map()
    from_traversable = read_topojson(traversable, "fylke", code_width=2)
    with as_file(traversable) as path:
        from_path = read_topojson(path, "fylke", code_width=2)
        from_text_path = read_topojson(str(path), "fylke", code_width=2)
    parsed = json.loads(traversable.read_text(encoding="utf-8"))
    from_mapping = read_topojson(parsed, "fylke", code_width=2)

    for layer in (from_path, from_text_path, from_mapping):
        assert layer.codes == from_traversable.codes
        pd.testing.assert_series_equal(layer.areas(), from_traversable.areas())
    assert from_traversable.codes == norway_layer("county").codes


def test_norway_layer_is_cached_and_checks_the_level() -> None:
    assert norway_layer("region") is norway_layer("region")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "level='kommune' is not valid; choose one of 'municipality', 'region', "
            "'county'"
        ),
    ):
        norway_layer("kommune")  # type: ignore[arg-type]


def test_map_layer_name_of_and_repr() -> None:
    layer = norway_layer("municipality")
    assert repr(layer) == "MapLayer(name='kommune', units=426)"
    assert layer.name_of("1201") == "Bergen"
    with pytest.raises(
        DataError,
        match=re.escape(
            "no unit '301' on map layer 'kommune'; codes look like '0101', '0104', "
            "'0105'"
        ),
    ):
        layer.name_of("301")


def test_unknown_object_names_the_objects_there_are() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "object_name='kommuner' is not in the map; its objects are 'region', "
            "'kommune', 'fylke'"
        ),
    ):
        read_topojson(norway_map(), "kommuner")


def _with_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    topology = _toy_topology()
    topology["objects"] = {
        "units": {"type": "GeometryCollection", "geometries": [geometry]}
    }
    return topology


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (
            {
                "type": "Point",
                "coordinates": [0, 0],
                "properties": {"Nr": 1, "Navn": "P"},
            },
            "unit 1 of 'units' is a 'Point' geometry; only 'Polygon' and "
            "'MultiPolygon' are supported",
        ),
        (
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"Navn": "No code"}},
            "geometry 0 of 'units' has no property 'Nr' (code_property='Nr'); it "
            "has 'Navn'",
        ),
        (
            {"type": "Polygon", "arcs": [[0, 9]], "properties": {"Nr": 5, "Navn": "X"}},
            "unit 5: arc index 9 is outside the map's 5 arcs",
        ),
        (
            {"type": "Polygon", "arcs": [[0]], "properties": {"Nr": 5, "Navn": "X"}},
            "unit 5: a ring does not close on itself",
        ),
    ],
)
def test_malformed_geometries_are_named(geometry: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        read_topojson(_with_geometry(geometry), "units")


def test_duplicate_codes_and_non_topologies_are_rejected() -> None:
    topology = _toy_topology()
    geometries = topology["objects"]["units"]["geometries"]
    geometries[1]["properties"]["Nr"] = 7
    with pytest.raises(
        DataError, match=re.escape("map layer 'units': duplicate unit codes 7")
    ):
        read_topojson(topology, "units")
    with pytest.raises(DataError, match="not a TopoJSON topology"):
        read_topojson({"type": "FeatureCollection", "features": []}, "units")
    with pytest.raises(InvalidOptionError, match=r"source=int is not valid"):
        read_topojson(42, "units")  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"they must be aligned"):
        MapLayer(name="x", codes=("1",), names=(), polygons=())

"""dissolve: units of a map merged into their parents, borders they share removed."""

from __future__ import annotations

import numpy as np
import pytest

from attraktiv.datasets import europe_hierarchy, europe_layer, norway_layer
from attraktiv.errors import DataError
from attraktiv.geography import MapLayer, dissolve, layer_contiguity, ring_area


def _square(x: float, y: float) -> np.ndarray:
    """A closed counter-clockwise unit square with its lower left corner at x, y."""
    return np.array(
        [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]], dtype=np.float64
    )


def _grid(cells: list[tuple[int, int]]) -> MapLayer:
    codes = tuple(f"C{x}{y}" for x, y in cells)
    return MapLayer(
        name="grid",
        codes=codes,
        names=codes,
        polygons=tuple(((_square(x, y),),) for x, y in cells),
    )


def test_two_squares_become_one_rectangle() -> None:
    layer = _grid([(0, 0), (1, 0)])
    merged = dissolve(layer, {"C00": "A", "C10": "A"}, names={"A": "Both"})
    assert merged.codes == ("A",)
    assert merged.names == ("Both",)
    (polygon,) = merged.polygons[0]
    (ring,) = polygon
    # the shared edge x = 1 is gone: six corners, two of them on the old border
    corners = {tuple(point) for point in ring[:-1]}
    assert corners == {(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)}
    assert np.array_equal(ring[0], ring[-1])
    assert ring_area(ring) == pytest.approx(
        ring_area(_square(0, 0)) + ring_area(_square(1, 0))
    )


def test_a_ring_of_eight_squares_keeps_its_hole() -> None:
    cells = [(x, y) for x in range(3) for y in range(3) if (x, y) != (1, 1)]
    layer = _grid(cells)
    merged = dissolve(layer, dict.fromkeys(layer.codes, "R"))
    (polygon,) = merged.polygons[0]
    exterior, hole = polygon
    assert ring_area(exterior) > 0 > ring_area(hole)  # hole clockwise
    assert {tuple(p) for p in hole[:-1]} == {(1, 1), (2, 1), (2, 2), (1, 2)}
    assert merged.areas()["R"] == pytest.approx(layer.areas().sum())


def test_units_apart_stay_apart_and_units_without_parent_are_left_out() -> None:
    layer = _grid([(0, 0), (5, 0), (9, 9)])
    merged = dissolve(layer, {"C00": "A", "C50": "A"})
    assert merged.codes == ("A",)
    assert len(merged.polygons[0]) == 2  # two islands, one unit
    with pytest.raises(DataError, match="no unit of map layer 'grid' has a parent"):
        dissolve(layer, {"X": "A"})


def test_norway_counties_from_municipalities() -> None:
    municipalities = norway_layer("municipality")
    counties = dissolve(municipalities, {c: c[:2] for c in municipalities.codes})
    assert counties.codes == norway_layer("county").codes
    # areas add up exactly, county by county
    sums = municipalities.areas().groupby(lambda code: code[:2]).sum()
    assert np.allclose(counties.areas().to_numpy(), sums.to_numpy(), rtol=1e-9)
    # the merged outlines have the neighbours of the county map's own
    merged, drawn = layer_contiguity(counties), layer_contiguity(norway_layer("county"))
    assert merged.codes == drawn.codes
    assert (merged.matrix != drawn.matrix).nnz == 0


def test_europe_countries_from_nuts3() -> None:
    hierarchy = europe_hierarchy()
    countries = dissolve(
        europe_layer(), hierarchy.mapping("nuts3", "country"), name="country"
    )
    assert len(countries) == 37
    # GISCO's borders match point for point: Austria and Czechia are one polygon
    # each, without a line inside; Greece is its mainland and its islands.
    position = {code: i for i, code in enumerate(countries.codes)}
    assert len(countries.polygons[position["AT"]]) == 1
    assert len(countries.polygons[position["CZ"]]) == 1
    assert len(countries.polygons[position["EL"]]) > 10
    assert sum(len(unit) for unit in countries.polygons) == 121

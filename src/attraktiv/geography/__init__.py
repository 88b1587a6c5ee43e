"""Units on levels, their neighbours, and border changes.

A :class:`Hierarchy` holds the units of a country on ordered levels, lowest first
(for Norway: municipality, region, county). It lists units, finds parents and
members, sums additive counts from one level to a higher one, and gives every
unit's neighbours: the rest of its parent.

Borders change. A :class:`ChangeTable` maps the codes valid in a year onto the
codes of a target vintage, with weights for splits, and :func:`rebase`
re-expresses a unit-year table of counts in the target borders, conserving every
yearly total.

Maps give the units' polygons: :func:`read_topojson` and :func:`read_geojson` read
TopoJSON and GeoJSON into a :class:`MapLayer` (numpy only), :func:`dissolve` merges
units into their parents, and
:func:`topology_contiguity` and :func:`layer_contiguity` find which units share a
border, from shared arcs or shared edges.

The package's modules follow these seams: ``hierarchy`` (the class), ``neighbours``
(the one neighbour rule), ``sums`` (counts summed up the levels), ``borders``
(border changes), ``changes`` (the change tables of Norway's codes), ``maps`` (map
readers), ``contiguity`` (shared borders), ``naming`` (unit names that tell places
apart) and ``reading`` (:func:`read_code_csv`: CSV tables of codes delimited by
commas, semicolons or tabs).

Examples
--------
>>> import pandas as pd
>>> from attraktiv.geography import Hierarchy
>>> units = pd.DataFrame({
...     "municipality_code": ["0101", "0102", "0103", "0201"],
...     "region_code": ["1001", "1001", "1002", "2001"],
...     "county_code": ["01", "01", "01", "02"],
... })
>>> geo = Hierarchy(units)
>>> geo
Hierarchy(municipality: 4, region: 3, county: 2)
>>> geo.parent("0102", "municipality")
'1001'
>>> list(geo.neighbours("0101", "municipality"))
['0102']

Maps of Europe are drawn in Lambert's azimuthal equal-area projection (EPSG:3035),
computed by formula: :func:`lambert_europe`.

Norway's change table from 2017 codes to 2024 borders (in the format of
``redistricting_b2024.csv``; the file ships with the tests) is read with
:meth:`ChangeTable.from_csdata`:

>>> from attraktiv.geography import ChangeTable, rebase
>>> changes = ChangeTable.from_csdata(
...     "tests/data/norway/redistricting_b2024.csv"
... )  # doctest: +SKIP
>>> changes.targets("1001", 2017)  # doctest: +SKIP
target
4204    1.0
Name: weight, dtype: float64
"""

from __future__ import annotations

from .borders import ChangeTable, rebase
from .contiguity import (
    CRITERIA,
    Contiguity,
    Criterion,
    layer_contiguity,
    topology_contiguity,
)
from .hierarchy import Hierarchy
from .maps import (
    EARTH_RADIUS_KM,
    MapLayer,
    MapSource,
    Polygon,
    Topology,
    dissolve,
    read_geojson,
    read_topojson,
    ring_area,
)
from .naming import unique_names
from .projection import EPSG_3035, lambert_europe
from .reading import read_code_csv

__all__ = [
    "CRITERIA",
    "EARTH_RADIUS_KM",
    "EPSG_3035",
    "ChangeTable",
    "Contiguity",
    "Criterion",
    "Hierarchy",
    "MapLayer",
    "MapSource",
    "Polygon",
    "Topology",
    "dissolve",
    "lambert_europe",
    "layer_contiguity",
    "read_code_csv",
    "read_geojson",
    "read_topojson",
    "rebase",
    "ring_area",
    "topology_contiguity",
    "unique_names",
]

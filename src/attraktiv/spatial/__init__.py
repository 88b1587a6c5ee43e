"""Spatial structure: whether attractiveness clusters in space.

Neighbours come from the shared borders of a TopoJSON map (no geopandas needed);
Moran's I says whether neighbouring units have similar values, and the local
Moran statistics (LISA) say where the clusters are.

- :func:`contiguity_weights`, :class:`SpatialWeights` — rook or queen contiguity
  of the bundled map of Norway (or your own TopoJSON) as a sparse matrix.
- :func:`hierarchy_weights` — neighbours as the other units of the same parent
  (region, county), the rule of the panel's neighbour job growth.
- :func:`morans_i` — global Moran's I with its moments under normality and
  randomization and a permutation p-value.
- :func:`local_morans` — local Moran's I with conditional permutation p-values
  and the quadrants HH, LH, LL, HL.
- :func:`clustering_by_period` — Moran's I of the attractiveness index in every
  period of a panel.

The figures are :func:`attraktiv.plot.moran_scatter` and
:func:`attraktiv.plot.lisa_map`.

Examples
--------
>>> from attraktiv.spatial import contiguity_weights
>>> w = contiguity_weights("county")
>>> w, w.neighbours("03").tolist()
(SpatialWeights(units=19, links=64, islands=0), ['02', '05', '06'])
"""

from __future__ import annotations

from ._moran import (
    QUADRANTS,
    Alternative,
    IslandPolicy,
    LocalMoransResult,
    MoransIResult,
    local_morans,
    morans_i,
)
from ._periods import clustering_by_period
from ._weights import (
    Criterion,
    SpatialWeights,
    contiguity_weights,
    hierarchy_weights,
)

__all__ = [
    "QUADRANTS",
    "Alternative",
    "Criterion",
    "IslandPolicy",
    "LocalMoransResult",
    "MoransIResult",
    "SpatialWeights",
    "clustering_by_period",
    "contiguity_weights",
    "hierarchy_weights",
    "local_morans",
    "morans_i",
]

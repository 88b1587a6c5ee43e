"""The bundled map of Norway (2017 borders), decoded once: layers and topology."""

from __future__ import annotations

from functools import lru_cache
from typing import Final, Literal, TypeAlias

from ..core.validation import check_option
from ..geography.maps import MapLayer, Topology
from ._norway import norway_map

__all__ = ["MAP_LEVELS", "MapLevel", "norway_layer", "norway_topology"]

MapLevel: TypeAlias = Literal["municipality", "region", "county"]
MAP_LEVELS: Final[tuple[MapLevel, ...]] = ("municipality", "region", "county")

#: The TopoJSON object and zero-padded code width of each level of the bundled map.
NORWAY_OBJECTS: Final[dict[MapLevel, tuple[str, int]]] = {
    "municipality": ("kommune", 4),
    "region": ("region", 4),
    "county": ("fylke", 2),
}


@lru_cache(maxsize=1)
def norway_topology() -> Topology:
    """The bundled map of Norway as a decoded :class:`~attraktiv.geography.Topology`.

    Returns
    -------
    Topology
        Parsed and decoded once, then cached; objects ``kommune``, ``region`` and
        ``fylke`` (codes in the property ``Nr``, names in ``Navn``).

    Examples
    --------
    >>> from attraktiv.datasets import norway_topology
    >>> norway_topology()
    Topology(objects=['region', 'kommune', 'fylke'], arcs=1918)
    """
    return Topology.read(norway_map())


@lru_cache(maxsize=len(MAP_LEVELS))
def _norway_layer(level: MapLevel) -> MapLayer:
    object_name, width = NORWAY_OBJECTS[level]
    return norway_topology().layer(
        object_name, code_property="Nr", name_property="Navn", code_width=width
    )


def norway_layer(level: MapLevel = "municipality") -> MapLayer:
    """The bundled map of Norway (2017 borders) at one level.

    Parameters
    ----------
    level : {"municipality", "region", "county"}, default "municipality"
        426 municipalities (codes "0101"...), 85 labour-market regions
        ("3001"..."3085") or 19 counties ("01"...), with the codes of
        :func:`attraktiv.datasets.norway_hierarchy`.

    Returns
    -------
    MapLayer
        Decoded once and cached; its arrays are read-only.

    Raises
    ------
    InvalidOptionError
        If ``level`` is not one of the three.

    Notes
    -----
    Boundaries: the Norwegian Mapping Authority (Kartverket), CC BY 4.0,
    simplified for display.

    Examples
    --------
    >>> from attraktiv.datasets import norway_layer
    >>> [len(norway_layer(level)) for level in ("municipality", "region", "county")]
    [426, 85, 19]
    """
    return _norway_layer(check_option("level", level, MAP_LEVELS))

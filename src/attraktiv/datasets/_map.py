"""The bundled maps: Norway's (2017 borders) decoded once, and which map a level has.

:func:`bundled_map` is the one place that says which bundled map draws a level of a
bundled dataset, and how: Norway's municipalities, regions and counties on
Kartverket's map, Europe's NUTS levels on GISCO's NUTS 3 boundaries (merged into
the higher levels) in Lambert's equal-area projection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, TypeAlias

from ..core.typing import FloatArray
from ..core.validation import check_option
from ..geography.maps import MapLayer, Topology
from ..geography.projection import lambert_europe
from ._norway import norway_map

__all__ = [
    "BUNDLED_MAP_LEVELS",
    "MAP_LEVELS",
    "NORWAY_CREDIT",
    "BundledMap",
    "MapLevel",
    "bundled_map",
    "norway_layer",
    "norway_topology",
]

#: The credit a map drawn from the bundled map of Norway carries.
NORWAY_CREDIT: Final = "Map: © Kartverket (CC BY 4.0)"

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


#: Longitude and latitude (degrees) to plane coordinates, arrays to arrays.
Projection: TypeAlias = Callable[
    [FloatArray, FloatArray], tuple[FloatArray, FloatArray]
]


@dataclass(frozen=True, eq=False)
class BundledMap:
    """The bundled map of one level, and how to draw it.

    Attributes
    ----------
    level : str
        The level, as the bundled dataset names it.
    layer : MapLayer
        Its units' polygons, with the dataset's codes and names.
    projection : callable or None
        Longitude and latitude to the plane the map is drawn in
        (:func:`attraktiv.geography.lambert_europe`); None draws degrees.
    extent : (xmin, ymin, xmax, ymax) or None
        The frame of the map in the projection's coordinates; None: the whole
        layer.
    inset : bool
        Whether a map draws the Oslo area enlarged.
    credit : str
        The line a map of it carries.
    caption : str
        What a caption says about the frame ("Oslo and Akershus enlarged").
    about : str
        A sentence on where the map comes from, for a page that shows it.
    neighbours_from_layer : bool
        Whether contiguity comes from the layer's shared edges
        (``contiguity_weights(level, layer=layer)``); False: from the shared arcs
        of the bundled TopoJSON (``contiguity_weights(level)``).
    legend_loc : str
        The corner of the map free for the legend ("lower right": over Sweden
        beside Norway; "upper right": north of Finland, clear of Turkey).
    """

    level: str
    layer: MapLayer
    projection: Projection | None
    extent: tuple[float, float, float, float] | None
    inset: bool
    credit: str
    caption: str
    about: str
    neighbours_from_layer: bool
    legend_loc: str


def _norway_map(level: str) -> BundledMap:
    return BundledMap(
        level=level,
        layer=norway_layer(check_option("level", level, MAP_LEVELS)),
        projection=None,
        extent=None,
        inset=True,
        credit=NORWAY_CREDIT,
        caption="Oslo and Akershus enlarged",
        about=(
            f"{NORWAY_CREDIT}: the Norwegian Mapping Authority's borders of 2017, "
            "simplified for display."
        ),
        neighbours_from_layer=False,
        legend_loc="lower right",
    )


def _europe_map(level: str) -> BundledMap:
    from ._europe import EUROPE_CREDIT, EUROPE_EXTENT, europe_level_layer

    return BundledMap(
        level=level,
        layer=europe_level_layer(level),
        projection=lambert_europe,
        extent=EUROPE_EXTENT,
        inset=False,
        credit=EUROPE_CREDIT,
        caption=(
            "Europe from Iceland to eastern Turkey in Lambert's equal-area "
            "projection; the Azores, Madeira, the Canary Islands and France's "
            "overseas regions lie outside the frame"
        ),
        about=(
            "Maps of Europe: GISCO's NUTS 2016 boundaries at 1:60 million (© "
            "EuroGeographics for the administrative boundaries), the NUTS 3 regions "
            "merged into NUTS 2 and NUTS 1 regions and countries, drawn in Lambert's "
            "azimuthal equal-area projection (EPSG:3035) and cut to Europe from "
            "Iceland to eastern Turkey: the Azores, Madeira, the Canary Islands and "
            "France's overseas regions lie outside the frame."
        ),
        neighbours_from_layer=True,
        legend_loc="upper right",
    )


#: Which bundled map draws each level of the bundled datasets.
_PROVIDERS: Final[dict[str, Callable[[str], BundledMap]]] = {
    **dict.fromkeys(MAP_LEVELS, _norway_map),
    **dict.fromkeys(("nuts3", "nuts2", "nuts1", "country"), _europe_map),
}

#: The levels that have a bundled map.
BUNDLED_MAP_LEVELS: Final = tuple(_PROVIDERS)


def bundled_map(level: str) -> BundledMap:
    """The bundled map of a level of a bundled dataset, and how to draw it.

    Parameters
    ----------
    level : str
        ``"municipality"``, ``"region"`` or ``"county"`` (Norway, 2017 borders:
        :func:`norway_layer`), or ``"nuts3"``, ``"nuts2"``, ``"nuts1"`` or
        ``"country"`` (Europe, NUTS 2016: :func:`attraktiv.datasets.europe_layer`
        merged into the level's regions).

    Returns
    -------
    BundledMap
        The layer with the level's codes and names, its projection, frame,
        credit and caption.

    Raises
    ------
    InvalidOptionError
        If no bundled map has the level (the message lists those that do).

    Examples
    --------
    >>> from attraktiv.datasets import bundled_map
    >>> europe = bundled_map("nuts2")
    >>> europe.layer, europe.layer.name_of("AT13")
    (MapLayer(name='nuts2', units=332), 'Wien')
    >>> bundled_map("county").layer
    MapLayer(name='fylke', units=19)
    """
    return _PROVIDERS[check_option("level", level, BUNDLED_MAP_LEVELS)](level)

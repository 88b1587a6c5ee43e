"""A small TopoJSON decoder (numpy only): polygons of map units, and their areas.

TopoJSON stores each shared border once, as an *arc*; a polygon ring is a list of
arc indices, where ``~i`` (that is ``-i - 1``) means arc ``i`` walked backwards. In
a quantized topology the arcs are delta-encoded integers: the first position of an
arc is absolute, every later one is the difference from its predecessor, and
``transform`` maps integers to longitude and latitude,
``lon = x * scale[0] + translate[0]``. This module decodes ``Polygon`` and
``MultiPolygon`` geometries into :class:`MapLayer` objects; geopandas and shapely
are not needed.

Examples
--------
>>> from attraktiv.plot import norway_layer
>>> counties = norway_layer("county")
>>> len(counties), counties.codes[:3]
(19, ('01', '02', '03'))
>>> round(float(counties.areas()["03"]))  # Oslo, km² on the simplified map
498
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias

import numpy as np
import pandas as pd

from .._typing import FloatArray
from .._validation import check_count, check_option, check_path, shown
from ..errors import DataError, InvalidOptionError

__all__ = [
    "EARTH_RADIUS_KM",
    "MapLayer",
    "MapLevel",
    "Polygon",
    "norway_layer",
    "read_topojson",
    "ring_area",
]

MapLevel: TypeAlias = Literal["municipality", "region", "county"]
MAP_LEVELS: Final[tuple[MapLevel, ...]] = ("municipality", "region", "county")

Polygon: TypeAlias = tuple[FloatArray, ...]
"""One polygon: its exterior ring, then its holes; each ring an (m, 2) lon/lat array."""

TopoJSONSource: TypeAlias = str | os.PathLike[str] | Traversable | Mapping[str, Any]

#: Mean Earth radius (IUGG), the sphere :meth:`MapLayer.areas` measures on.
EARTH_RADIUS_KM: Final = 6371.0088

# The bundled map: TopoJSON object and zero-padded code width for each level.
_NORWAY_OBJECTS: Final[dict[MapLevel, tuple[str, int]]] = {
    "municipality": ("kommune", 4),
    "region": ("region", 4),
    "county": ("fylke", 2),
}
_SHOWN: Final = 5


def ring_area(ring: FloatArray) -> float:
    """Signed area in km² of a ring of longitude/latitude points, on the sphere.

    Parameters
    ----------
    ring : numpy.ndarray
        An (m, 2) array of longitude and latitude in degrees; closed or not.

    Returns
    -------
    float
        Positive for a counter-clockwise ring (east of north when seen on a map),
        negative for a clockwise one.

    Notes
    -----
    The edges are taken as straight lines in longitude and latitude, as a plotted
    map draws them. By Green's theorem the area on a sphere of radius :math:`R` of
    the region they enclose is

    .. math:: A = R^2 \\iint \\cos\\varphi \\, d\\lambda \\, d\\varphi
              = -R^2 \\oint \\sin\\varphi \\, d\\lambda ,

    and on an edge from :math:`(\\lambda_1, \\varphi_1)` to
    :math:`(\\lambda_2, \\varphi_2)` the mean of :math:`\\sin\\varphi` is
    :math:`\\sin\\bar\\varphi \\cdot \\operatorname{sinc}(\\Delta\\varphi / 2)`,
    exactly. The result is therefore an equal-area measure, with no projection
    distortion, and additive over units that share their borders. Edges must not
    cross the antimeridian.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> round(ring_area(square))  # one degree square at the equator, km²
    12364
    >>> round(ring_area(square[::-1]))
    -12364
    """
    degrees = np.asarray(ring, dtype=np.float64)
    if len(degrees) < 3:
        return 0.0
    following = np.roll(degrees, -1, axis=0)
    # Differences are taken in degrees, before converting: converting first would
    # round each latitude and lose the difference of nearby ones.
    d_lon = np.radians(following[:, 0] - degrees[:, 0])
    d_lat = np.radians(following[:, 1] - degrees[:, 1])
    mean_lat_degrees = 0.5 * (degrees[:, 1] + following[:, 1])
    mean_lat = np.radians(mean_lat_degrees)
    # The closed integral of a constant vanishes, so measure sin(lat) from the first
    # vertex's: the terms then scale with the ring, not with the globe, and small
    # or thin rings keep their relative precision.
    reference = degrees[0, 1]
    half_gap = np.radians(0.5 * (mean_lat_degrees - reference))
    sin_from_reference = (
        2.0 * np.cos(np.radians(reference) + half_gap) * np.sin(half_gap)
    )
    # np.sinc(x) = sin(pi x) / (pi x): the mean of sin(lat) along the edge is
    # sin(mean_lat) * sinc(d_lat / 2pi), with no 0/0 for edges along a parallel.
    curvature = (np.sinc(d_lat / (2.0 * np.pi)) - 1.0) * np.sin(mean_lat)
    return float(
        -(EARTH_RADIUS_KM**2) * np.sum((sin_from_reference + curvature) * d_lon)
    )


def _read_only(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class MapLayer:
    """The polygons of every unit of one level, as decoded from a map.

    Created by :func:`read_topojson` or :func:`norway_layer`.

    Attributes
    ----------
    name : str
        The TopoJSON object the layer comes from (``"kommune"``, ...).
    codes : tuple of str
        Unit codes, sorted.
    names : tuple of str
        Unit names, aligned with ``codes``.
    polygons : tuple of tuple of Polygon
        For each unit, its polygons; a polygon is a tuple of closed rings (exterior
        first, counter-clockwise; then holes, clockwise), each an (m, 2) read-only
        array of longitude and latitude in degrees.

    Examples
    --------
    >>> from attraktiv.plot import norway_layer
    >>> municipalities = norway_layer("municipality")
    >>> municipalities
    MapLayer(name='kommune', units=426)
    >>> municipalities.name_of("0301")
    'Oslo'
    """

    name: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    polygons: tuple[tuple[Polygon, ...], ...]

    def __post_init__(self) -> None:
        if not len(self.codes) == len(self.names) == len(self.polygons):
            raise DataError(
                f"map layer {self.name!r}: {len(self.codes)} codes, "
                f"{len(self.names)} names and {len(self.polygons)} polygon sets; "
                "they must be aligned"
            )
        repeated = sorted(c for c, n in Counter(self.codes).items() if n > 1)
        if repeated:
            raise DataError(
                f"map layer {self.name!r}: duplicate unit codes "
                f"{', '.join(repeated[:_SHOWN])}"
            )

    def __repr__(self) -> str:
        return f"MapLayer(name={self.name!r}, units={len(self.codes)})"

    def __len__(self) -> int:
        return len(self.codes)

    def name_of(self, code: str) -> str:
        """The name of the unit with ``code``.

        Raises
        ------
        DataError
            If no unit of the layer has that code.
        """
        try:
            return self.names[self.codes.index(code)]
        except ValueError:
            raise DataError(
                f"no unit {code!r} on map layer {self.name!r}; codes look like "
                f"{', '.join(repr(c) for c in self.codes[:3])}"
            ) from None

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(lon_min, lat_min, lon_max, lat_max)`` over every unit, in degrees."""
        points = np.concatenate(
            [ring for unit in self.polygons for polygon in unit for ring in polygon]
        )
        lon_min, lat_min = points.min(axis=0)
        lon_max, lat_max = points.max(axis=0)
        return float(lon_min), float(lat_min), float(lon_max), float(lat_max)

    def areas(self) -> pd.Series:
        """The area of each unit in km², holes subtracted.

        Returns
        -------
        pandas.Series
            ``area_km2`` by unit code (index named ``"code"``).

        Notes
        -----
        Each ring's area comes from :func:`ring_area`: exact on a sphere of radius
        :data:`EARTH_RADIUS_KM` for edges straight in longitude and latitude.
        Holes are clockwise, so their signed areas subtract.
        """
        values = [
            sum(ring_area(ring) for polygon in unit for ring in polygon)
            for unit in self.polygons
        ]
        return pd.Series(
            values,
            index=pd.Index(self.codes, name="code", dtype="str"),
            name="area_km2",
            dtype=np.float64,
        )


#: The widest code a map's code property is padded to (unit codes have 2-8 digits).
MAX_CODE_WIDTH = 16


def _load(source: TopoJSONSource) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    if isinstance(source, str | os.PathLike):
        readable: Path | Traversable = check_path("source", source)
    elif isinstance(source, Traversable):
        readable = source
    else:
        raise InvalidOptionError(
            f"source={type(source).__name__} is not valid; give a path, an "
            "importlib.resources file or a parsed TopoJSON mapping"
        )
    try:
        text = readable.read_text(encoding="utf-8")
    except OSError as err:
        # A missing file, a folder, no permission: one typed error naming the file.
        raise DataError(
            f"cannot read the map source={shown(str(readable))}: {err.strerror or err}"
        ) from None
    except UnicodeDecodeError as err:
        raise DataError(
            f"the map source={shown(str(readable))} is not UTF-8 text: {err.reason}"
        ) from None
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"the map is not valid JSON: {err}") from err
    except RecursionError:
        raise DataError(
            "the map is not a TopoJSON topology: its JSON is nested too deeply"
        ) from None
    if not isinstance(topology, dict):
        raise DataError("the map is not a TopoJSON topology (not a JSON object)")
    return topology


def _decode_arcs(topology: Mapping[str, Any]) -> list[FloatArray]:
    """Every arc as an (m, 2) array of longitude and latitude."""
    if topology.get("type") != "Topology" or "arcs" not in topology:
        raise DataError(
            "the map is not a TopoJSON topology: it needs type 'Topology' and 'arcs'"
        )
    transform = topology.get("transform")
    arcs: list[FloatArray] = []
    for number, arc in enumerate(topology["arcs"]):
        positions = np.asarray([point[:2] for point in arc], dtype=np.float64)
        if positions.ndim != 2 or len(positions) < 2:
            raise DataError(f"arc {number} of the map has fewer than two positions")
        if transform is not None:
            # Quantized: integer deltas from the previous position.
            positions = np.cumsum(positions, axis=0)
            positions = positions * np.asarray(transform["scale"], dtype=np.float64)
            positions += np.asarray(transform["translate"], dtype=np.float64)
        arcs.append(positions)
    return arcs


def _ring(indices: Sequence[int], arcs: Sequence[FloatArray], unit: str) -> FloatArray:
    pieces: list[FloatArray] = []
    for position, index in enumerate(indices):
        arc_number = index if index >= 0 else ~index
        if not 0 <= arc_number < len(arcs):
            raise DataError(
                f"unit {unit}: arc index {index} is outside the map's {len(arcs)} arcs"
            )
        arc = arcs[arc_number] if index >= 0 else arcs[arc_number][::-1]
        # Consecutive arcs share their end and start position; keep it once.
        pieces.append(arc if position == 0 else arc[1:])
    if not pieces:
        raise DataError(f"unit {unit}: a ring with no arcs")
    ring = np.concatenate(pieces)
    if not np.allclose(ring[0], ring[-1], rtol=0.0, atol=1e-9):
        raise DataError(f"unit {unit}: a ring does not close on itself")
    return ring


def _polygon(
    rings: Sequence[Sequence[int]], arcs: Sequence[FloatArray], unit: str
) -> Polygon:
    decoded: list[FloatArray] = []
    for position, indices in enumerate(rings):
        ring = _ring(indices, arcs, unit)
        # GeoJSON's right-hand rule: exterior counter-clockwise, holes clockwise,
        # so signed areas add up and the non-zero fill rule leaves holes empty.
        wanted_positive = position == 0
        if (ring_area(ring) > 0) != wanted_positive:
            ring = ring[::-1].copy()
        decoded.append(_read_only(ring))
    return tuple(decoded)


def _code_text(value: object, width: int | None, unit: int) -> str:
    if isinstance(value, bool) or value is None:
        raise DataError(
            f"geometry {unit} has code {value!r}; expected a number or text"
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise DataError(
                f"geometry {unit} has code {value!r}; expected a whole number"
            )
        value = int(value)
    text = str(value).strip()
    if width is not None and text.isdigit():
        text = text.zfill(width)
    return text


def read_topojson(
    source: TopoJSONSource,
    object_name: str,
    *,
    code_property: str = "Nr",
    name_property: str = "Navn",
    code_width: int | None = None,
) -> MapLayer:
    """Decode the polygons of one object of a TopoJSON topology.

    Parameters
    ----------
    source : path, importlib.resources file or mapping
        The TopoJSON file (a path, or a ``Traversable`` such as
        :func:`attraktiv.datasets.norway_map`), or the topology already parsed.
    object_name : str
        The object to decode (a ``GeometryCollection``), e.g. ``"kommune"``.
    code_property, name_property : str, default "Nr", "Navn"
        The geometry properties holding each unit's code and name.
    code_width : int, optional
        Pad numeric codes with leading zeros to this many digits (the bundled map
        stores 301 for Oslo, whose code is "0301").

    Returns
    -------
    MapLayer
        One entry per geometry, sorted by code.

    Raises
    ------
    InvalidOptionError
        If the topology has no object ``object_name`` (the message lists those it
        has).
    DataError
        If the file is not a TopoJSON topology, a geometry is not a ``Polygon`` or
        ``MultiPolygon``, lacks the code or name property, refers to an arc that
        does not exist, has a ring that does not close, or two units share a code.

    Examples
    --------
    >>> from attraktiv.datasets import norway_map
    >>> from attraktiv.plot import read_topojson
    >>> layer = read_topojson(norway_map(), "fylke", code_width=2)
    >>> layer.codes[0], layer.names[0]
    ('01', 'Østfold')
    """
    if code_width is not None:
        # Codes are a few digits; a width of 10**12 would pad each to a terabyte.
        check_count("code_width", code_width, minimum=1, maximum=MAX_CODE_WIDTH)
    topology = _load(source)
    return _layer(
        topology,
        _decode_arcs(topology),
        object_name,
        code_property=code_property,
        name_property=name_property,
        code_width=code_width,
    )


def _layer(
    topology: Mapping[str, Any],
    arcs: Sequence[FloatArray],
    object_name: str,
    *,
    code_property: str,
    name_property: str,
    code_width: int | None,
) -> MapLayer:
    objects = topology.get("objects", {})
    if object_name not in objects:
        available = ", ".join(repr(name) for name in objects) or "none"
        raise InvalidOptionError(
            f"object_name={object_name!r} is not in the map; its objects are "
            f"{available}"
        )
    collection = objects[object_name]
    geometries = collection.get("geometries")
    if collection.get("type") != "GeometryCollection" or geometries is None:
        raise DataError(f"map object {object_name!r} is not a GeometryCollection")
    codes: list[str] = []
    names: list[str] = []
    polygons: list[tuple[Polygon, ...]] = []
    for number, geometry in enumerate(geometries):
        properties = geometry.get("properties") or {}
        for key in (code_property, name_property):
            if key not in properties:
                raise DataError(
                    f"geometry {number} of {object_name!r} has no property {key!r}; "
                    f"it has {', '.join(repr(p) for p in properties) or 'none'}"
                )
        code = _code_text(properties[code_property], code_width, number)
        kind = geometry.get("type")
        if kind == "Polygon":
            parts = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            raise DataError(
                f"unit {code} of {object_name!r} is a {kind!r} geometry; only "
                "'Polygon' and 'MultiPolygon' are supported"
            )
        codes.append(code)
        names.append(str(properties[name_property]))
        polygons.append(tuple(_polygon(rings, arcs, code) for rings in parts))
    order = sorted(range(len(codes)), key=codes.__getitem__)
    return MapLayer(
        name=object_name,
        codes=tuple(codes[i] for i in order),
        names=tuple(names[i] for i in order),
        polygons=tuple(polygons[i] for i in order),
    )


@lru_cache(maxsize=1)
def _norway_topology() -> tuple[Mapping[str, Any], tuple[FloatArray, ...]]:
    source = files("attraktiv.datasets").joinpath("data", "map_2017.topojson")
    topology = _load(source)
    return topology, tuple(_read_only(arc) for arc in _decode_arcs(topology))


@lru_cache(maxsize=len(MAP_LEVELS))
def _norway_layer(level: MapLevel) -> MapLayer:
    topology, arcs = _norway_topology()
    object_name, width = _NORWAY_OBJECTS[level]
    return _layer(
        topology,
        arcs,
        object_name,
        code_property="Nr",
        name_property="Navn",
        code_width=width,
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
    >>> from attraktiv.plot import norway_layer
    >>> [len(norway_layer(level)) for level in ("municipality", "region", "county")]
    [426, 85, 19]
    """
    return _norway_layer(check_option("level", level, MAP_LEVELS))

"""Maps of units, read with numpy only: TopoJSON and GeoJSON to polygons and areas.

A map gives, for every unit of one level, its polygons: an exterior ring and its
holes, each ring an (m, 2) array of longitude and latitude in degrees. Two formats are
read, with no geopandas or shapely:

- **TopoJSON** (:class:`Topology`, :func:`read_topojson`) stores each shared border
  once, as an *arc*; a polygon ring is a list of arc indices, where ``~i`` (that is
  ``-i - 1``) means arc ``i`` walked backwards. In a quantized topology the arcs are
  delta-encoded integers: the first position of an arc is absolute, every later one
  is the difference from its predecessor, and ``transform`` maps integers to
  longitude and latitude, ``lon = x * scale[0] + translate[0]``.
- **GeoJSON** (:func:`read_geojson`) stores every feature's rings in full: a shared
  border appears twice, once in each unit (Eurostat's GISCO NUTS files are GeoJSON).

Both give a :class:`MapLayer`. Which units share a border is found by
:mod:`attraktiv.geography.contiguity`: from shared arcs for a topology, from shared
edges for any layer.

Examples
--------
>>> from attraktiv.datasets import norway_layer
>>> counties = norway_layer("county")
>>> len(counties), counties.codes[:3]
(19, ('01', '02', '03'))
>>> round(float(counties.areas()["03"]))  # Oslo, km² on the simplified map
498
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pandas as pd

from ..core.source import decode_text, load_json
from ..core.source import shown as quoted
from ..core.typing import FloatArray
from ..core.validation import (
    check_count,
    check_instance,
    check_name_map,
    check_path,
    check_text,
    shown,
)
from ..errors import DataError, InvalidOptionError

__all__ = [
    "EARTH_RADIUS_KM",
    "MapLayer",
    "MapSource",
    "Polygon",
    "Topology",
    "dissolve",
    "read_geojson",
    "read_topojson",
    "ring_area",
]

Polygon: TypeAlias = tuple[FloatArray, ...]
"""One polygon: its exterior ring, then its holes; each ring an (m, 2) lon/lat array."""

MapSource: TypeAlias = str | os.PathLike[str] | Traversable | Mapping[str, Any]
"""A map file (a path or an ``importlib.resources`` file), or its parsed JSON."""

#: Mean Earth radius (IUGG), the sphere :meth:`MapLayer.areas` measures on.
EARTH_RADIUS_KM: Final = 6371.0088

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
    return _ring_area(_ring_points("ring", ring))


def _ring_points(name: str, ring: object) -> FloatArray:
    """A ring given by the user as an (m, 2) array of finite degrees, or an error."""
    if isinstance(ring, str | bytes | Mapping | pd.DataFrame):
        degrees = None
    else:
        try:
            degrees = np.asarray(ring, dtype=np.float64)
        except (TypeError, ValueError):
            degrees = None
    if degrees is None or degrees.ndim != 2 or degrees.shape[1] != 2:
        raise InvalidOptionError(
            f"{name}={shown(ring)} is not valid; give an (m, 2) array of longitude "
            "and latitude in degrees"
        )
    if not np.isfinite(degrees).all():
        raise InvalidOptionError(
            f"{name} has a position that is not a finite number; give longitude and "
            "latitude in degrees"
        )
    return degrees


def _ring_area(degrees: FloatArray) -> float:
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

    Created by :func:`read_topojson`, :func:`read_geojson` or
    :func:`attraktiv.datasets.norway_layer`.

    Attributes
    ----------
    name : str
        The TopoJSON object the layer comes from (``"kommune"``, ...), or the name
        given to a GeoJSON feature collection.
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
    >>> from attraktiv.datasets import norway_layer
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


def _load(source: MapSource, kind: str) -> Mapping[str, Any]:
    """The parsed JSON object of a map file, or the mapping given."""
    if isinstance(source, Mapping):
        return source
    if isinstance(source, str | os.PathLike):
        readable: Path | Traversable = check_path("source", source)
    elif isinstance(source, Traversable):
        readable = source
    else:
        raise InvalidOptionError(
            f"source={type(source).__name__} is not valid; give a path, an "
            f"importlib.resources file or the parsed {kind}"
        )
    where = f"the map source={shown(str(readable))}"
    try:
        data = readable.read_bytes()
    except OSError as err:
        # A missing file, a folder, no permission: one typed error naming the file.
        raise DataError(f"cannot read {where}: {err.strerror or err}") from None
    # UTF-8 with or without a byte-order mark (or UTF-16/32 with one); JSON
    # with a repeated key, NaN or a number of a thousand digits refused.
    text, _ = decode_text(data, where)
    parsed = load_json(text, where, f"expected a {kind}")
    if not isinstance(parsed, dict):
        raise DataError(f"the map is not a {kind} (not a JSON object)")
    return parsed


def _decode_arcs(topology: Mapping[str, Any]) -> list[FloatArray]:
    """Every arc as an (m, 2) array of longitude and latitude."""
    if topology.get("type") != "Topology" or "arcs" not in topology:
        raise DataError(
            "the map (source) is not a TopoJSON topology: it needs type 'Topology' "
            "and 'arcs'"
        )
    transform = topology.get("transform")
    scale = translate = None
    if transform is not None:
        if not isinstance(transform, Mapping):
            raise DataError(
                f"the map's 'transform' is {quoted(transform)}, not an object with "
                "'scale' and 'translate'"
            )
        scale = _pair(transform.get("scale"), "scale")
        translate = _pair(transform.get("translate"), "translate")
        if not np.all(scale != 0):
            raise DataError(
                f"the map's transform has scale {quoted(transform.get('scale'))}; "
                "a zero scale puts every position of an arc on one point"
            )
    if not isinstance(topology["arcs"], list):
        raise DataError(
            f"the map's 'arcs' is {type(topology['arcs']).__name__}, not a list of arcs"
        )
    arcs: list[FloatArray] = []
    for number, arc in enumerate(topology["arcs"]):
        positions = _positions(arc, f"arc {number} of the map")
        if len(positions) < 2:
            raise DataError(f"arc {number} of the map has fewer than two positions")
        if scale is not None and translate is not None:
            # Quantized: integer deltas from the previous position.
            positions = np.cumsum(positions, axis=0) * scale + translate
        _check_degrees(positions, f"arc {number} of the map")
        arcs.append(_read_only(positions))
    return arcs


def _pair(value: object, key: str) -> FloatArray:
    """A transform's ``scale`` or ``translate``: two finite numbers."""
    numbers = (
        [float(v) for v in value]
        if isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        else []
    )
    if not numbers or not all(np.isfinite(numbers)):
        raise DataError(
            f"the map's transform {key!r} is {quoted(value)}; give two finite "
            "numbers [x, y]"
        )
    return np.asarray(numbers, dtype=np.float64)


def _positions(points: object, what: str) -> FloatArray:
    """``points`` as an (m, 2) array: each a list of two or more finite numbers.

    The fast path takes a clean numeric array as it is; anything else is
    looked at position by position, so the message names the first bad one.
    """
    if not isinstance(points, list):
        raise DataError(
            f"{what} is {quoted(points)}, not a list of [longitude, latitude] positions"
        )
    try:
        array = np.asarray(points)
    except (ValueError, OverflowError):  # ragged, or numbers past float64
        array = np.asarray([], dtype=object)
    # NumPy turns true and false among numbers into 1 and 0: look for them.
    clean = array.dtype.kind in "iuf" and array.ndim == 2 and array.shape[1] >= 2
    if clean and not any(type(v) is bool for point in points for v in point[:2]):
        positions = array[:, :2].astype(np.float64)
    else:
        for index, point in enumerate(points):
            numeric = isinstance(point, list) and len(point) >= 2
            if not numeric or not all(
                isinstance(v, int | float) and not isinstance(v, bool)
                for v in point[:2]
            ):
                raise DataError(
                    f"{what}: position {index} is {quoted(point)}, not "
                    "[longitude, latitude] as two numbers"
                )
        positions = np.full((len(points), 2), np.inf)
        for index, point in enumerate(points):
            # An integer past float64 stays infinite, and is named below.
            with contextlib.suppress(OverflowError):
                positions[index] = [float(point[0]), float(point[1])]
    finite = np.isfinite(positions).all(axis=1)
    if not finite.all():
        index = int(np.flatnonzero(~finite)[0])
        raise DataError(
            f"{what}: position {index} is {quoted(points[index])}, not finite"
        )
    return positions


def _check_degrees(positions: FloatArray, what: str) -> None:
    """Longitude and latitude in degrees: a projected map (metres) is refused."""
    outside = (np.abs(positions[:, 0]) > 180.0) | (np.abs(positions[:, 1]) > 90.0)
    if outside.any():
        index = int(np.flatnonzero(outside)[0])
        lon, lat = positions[index]
        raise DataError(
            f"{what}: position {index} is ({lon:g}, {lat:g}), outside longitude "
            "-180 to 180 and latitude -90 to 90; the map must be in degrees "
            "(EPSG:4326), not projected"
        )


def _ring(indices: Sequence[int], arcs: Sequence[FloatArray], unit: str) -> FloatArray:
    pieces: list[FloatArray] = []
    if not isinstance(indices, list):
        raise DataError(
            f"unit {unit}: a ring is {quoted(indices)}, not a list of arc indices"
        )
    for position, index in enumerate(indices):
        if not isinstance(index, int) or isinstance(index, bool):
            raise DataError(
                f"unit {unit}: arc index {quoted(index)} is not a whole number"
            )
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
    return np.concatenate(pieces)


def _oriented(rings: Sequence[FloatArray], unit: str) -> Polygon:
    """Closed, read-only rings: exterior counter-clockwise, holes clockwise."""
    decoded: list[FloatArray] = []
    for position, ring in enumerate(rings):
        if len(ring) == 0 or not np.allclose(ring[0], ring[-1], rtol=0.0, atol=1e-9):
            raise DataError(f"unit {unit}: a ring does not close on itself")
        # GeoJSON's right-hand rule: exterior counter-clockwise, holes clockwise,
        # so signed areas add up and the non-zero fill rule leaves holes empty.
        wanted_positive = position == 0
        if (_ring_area(ring) > 0) != wanted_positive:
            ring = ring[::-1]
        decoded.append(_read_only(np.array(ring, dtype=np.float64)))
    return tuple(decoded)


def _code_text(value: object, width: int | None, unit: int) -> str:
    if width is not None:
        # Codes are a few digits; a width of 10**12 would pad each to a terabyte.
        check_count("code_width", width, minimum=1, maximum=MAX_CODE_WIDTH)
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
    if not isinstance(value, str | int):
        raise DataError(
            f"geometry {unit} has code {quoted(value)}; expected a number or text"
        )
    text = str(value).strip()
    if not text:
        raise DataError(f"geometry {unit} has an empty code {value!r}")
    if width is not None and text.isdigit():
        text = text.zfill(width)
    return text


def _name_text(value: object, code: str) -> str:
    """A unit's name: text, or a number written as text; nothing else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise DataError(
            f"unit {code} has the name {quoted(value)}; expected text such as 'Oslo'"
        )
    return str(value).strip() or code


def _parts(geometry: Mapping[str, Any], key: str, code: str) -> list[Any]:
    """The polygons of a Polygon or MultiPolygon, each a list of rings."""
    kind = geometry.get("type")
    value = geometry.get(key)
    parts = [value] if kind == "Polygon" else value
    if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
        raise DataError(
            f"unit {code}: the {kind} {key!r} is {quoted(value)}, not a list of "
            "polygons' rings"
        )
    return parts


def _properties(
    properties: Mapping[str, Any], options: Mapping[str, str], where: str
) -> None:
    """Every property the options name is there; else an error naming the option."""
    for option, key in options.items():
        if key not in properties:
            raise DataError(
                f"{where} has no property {key!r} ({option}={key!r}); it has "
                f"{', '.join(repr(p) for p in properties) or 'none'}"
            )


def _property_options(code_property: object, name_property: object) -> dict[str, str]:
    """The code and name property options checked: one line of text each.

    ``name_property`` may be None (units are then named by their code) and is left
    out of the result then.
    """
    options = {"code_property": check_text("code_property", code_property)}
    if name_property is not None:
        options["name_property"] = check_text("name_property", name_property)
    return options


def _sorted_layer(
    name: str,
    codes: Sequence[str],
    names: Sequence[str],
    polygons: Sequence[tuple[Polygon, ...]],
) -> MapLayer:
    order = sorted(range(len(codes)), key=codes.__getitem__)
    return MapLayer(
        name=name,
        codes=tuple(codes[i] for i in order),
        names=tuple(names[i] for i in order),
        polygons=tuple(polygons[i] for i in order),
    )


@dataclass(frozen=True, eq=False)
class Topology:
    """A TopoJSON topology with its arcs decoded once, ready to give layers.

    Parameters
    ----------
    objects : Mapping
        The topology's ``objects`` (``GeometryCollection`` mappings by name).
    arcs : tuple of numpy.ndarray
        Every arc as an (m, 2) read-only array of longitude and latitude.

    Examples
    --------
    >>> from attraktiv.datasets import norway_map
    >>> from attraktiv.geography.maps import Topology
    >>> topology = Topology.read(norway_map())
    >>> sorted(topology.objects)
    ['fylke', 'kommune', 'region']
    >>> topology.layer("fylke", code_width=2).name_of("03")
    'Oslo'
    """

    objects: Mapping[str, Any]
    arcs: tuple[FloatArray, ...]

    def __repr__(self) -> str:
        return f"Topology(objects={list(self.objects)}, arcs={len(self.arcs)})"

    @classmethod
    def read(cls, source: MapSource) -> Topology:
        """Parse a TopoJSON file (or mapping) and decode its arcs.

        Raises
        ------
        DataError
            If the source is not JSON or not a TopoJSON topology, or an arc has
            fewer than two positions.
        """
        parsed = _load(source, "TopoJSON topology")
        arcs = _decode_arcs(parsed)
        objects = parsed.get("objects", {})
        if not isinstance(objects, Mapping):
            raise DataError("the map's 'objects' is not a JSON object")
        return cls(objects=objects, arcs=tuple(arcs))

    def geometries(self, object_name: str) -> list[Mapping[str, Any]]:
        """The geometries of one ``GeometryCollection`` object.

        Raises
        ------
        InvalidOptionError
            If the topology has no object ``object_name`` (the message lists those
            it has).
        DataError
            If the object is not a ``GeometryCollection``.
        """
        check_text("object_name", object_name)
        if object_name not in self.objects:
            available = ", ".join(repr(name) for name in self.objects) or "none"
            raise InvalidOptionError(
                f"object_name={object_name!r} is not in the map; its objects are "
                f"{available}"
            )
        collection = self.objects[object_name]
        geometries = collection.get("geometries")
        if collection.get("type") != "GeometryCollection" or geometries is None:
            raise DataError(f"map object {object_name!r} is not a GeometryCollection")
        return list(geometries)

    def layer(
        self,
        object_name: str,
        *,
        code_property: str = "Nr",
        name_property: str | None = "Navn",
        code_width: int | None = None,
    ) -> MapLayer:
        """The polygons of one object, as :func:`read_topojson` decodes them."""
        codes: list[str] = []
        names: list[str] = []
        polygons: list[tuple[Polygon, ...]] = []
        options = _property_options(code_property, name_property)
        for number, geometry in enumerate(self.geometries(object_name)):
            if not isinstance(geometry, Mapping):
                raise DataError(
                    f"geometry {number} of {object_name!r} is {quoted(geometry)}, "
                    "not a JSON object"
                )
            properties = geometry.get("properties") or {}
            if not isinstance(properties, Mapping):
                raise DataError(
                    f"geometry {number} of {object_name!r} has properties "
                    f"{quoted(properties)}, not a JSON object"
                )
            _properties(properties, options, f"geometry {number} of {object_name!r}")
            code = _code_text(properties[code_property], code_width, number)
            kind = geometry.get("type")
            if kind in ("Polygon", "MultiPolygon"):
                parts = _parts(geometry, "arcs", code)
            else:
                raise DataError(
                    f"unit {code} of {object_name!r} is a {kind!r} geometry; only "
                    "'Polygon' and 'MultiPolygon' are supported"
                )
            codes.append(code)
            names.append(
                _name_text(properties[name_property], code) if name_property else code
            )
            polygons.append(
                tuple(
                    _oriented([_ring(r, self.arcs, code) for r in rings], code)
                    for rings in parts
                )
            )
        return _sorted_layer(object_name, codes, names, polygons)


def read_topojson(
    source: MapSource,
    object_name: str,
    *,
    code_property: str = "Nr",
    name_property: str | None = "Navn",
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
    code_property : str, default "Nr"
        The geometry property holding each unit's code.
    name_property : str or None, default "Navn"
        The geometry property holding each unit's name; None names units by code.
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

    See Also
    --------
    Topology : decode the arcs once, then read several objects.
    read_geojson : the same for GeoJSON features.

    Examples
    --------
    >>> from attraktiv.datasets import norway_map
    >>> from attraktiv.geography import read_topojson
    >>> layer = read_topojson(norway_map(), "fylke", code_width=2)
    >>> layer.codes[0], layer.names[0]
    ('01', 'Østfold')
    """
    return Topology.read(source).layer(
        object_name,
        code_property=code_property,
        name_property=name_property,
        code_width=code_width,
    )


def _geojson_rings(coordinates: Any, code: str) -> list[FloatArray]:
    rings: list[FloatArray] = []
    for ring in coordinates:
        positions = _positions(ring, f"unit {code}: a ring")
        _check_degrees(positions, f"unit {code}: a ring")
        if len(positions) < 4:
            raise DataError(
                f"unit {code}: a ring has fewer than four positions (GeoJSON "
                "repeats the first position at the end)"
            )
        rings.append(positions)
    return rings


def read_geojson(
    source: MapSource,
    *,
    code_property: str,
    name_property: str | None = None,
    code_width: int | None = None,
    name: str = "features",
) -> MapLayer:
    """Decode the polygons of the features of a GeoJSON ``FeatureCollection``.

    Parameters
    ----------
    source : path, importlib.resources file or mapping
        The GeoJSON file, or the feature collection already parsed.
    code_property : str
        The feature property holding each unit's code (``"NUTS_ID"`` in Eurostat's
        GISCO files).
    name_property : str, optional
        The feature property holding each unit's name (``"NAME_LATN"``); by default
        units are named by their code.
    code_width : int, optional
        Pad numeric codes with leading zeros to this many digits.
    name : str, default "features"
        The name the layer carries (:attr:`MapLayer.name`).

    Returns
    -------
    MapLayer
        One entry per feature, sorted by code. Coordinates are taken as longitude
        and latitude in degrees (the GeoJSON standard, EPSG:4326).

    Raises
    ------
    DataError
        If the file is not a ``FeatureCollection``, a feature's geometry is missing
        or not a ``Polygon`` or ``MultiPolygon``, it lacks the code or name
        property, a ring has fewer than four positions or does not close, or two
        features share a code.

    Notes
    -----
    Rings are turned to GeoJSON's right-hand rule (exterior counter-clockwise,
    holes clockwise), whatever their order in the file, so that
    :meth:`MapLayer.areas` subtracts holes.

    Examples
    --------
    >>> from attraktiv.geography import read_geojson
    >>> square = [[0.0, 60.0], [1.0, 60.0], [1.0, 61.0], [0.0, 61.0], [0.0, 60.0]]
    >>> collection = {"type": "FeatureCollection", "features": [{
    ...     "type": "Feature",
    ...     "properties": {"id": "A1", "label": "Square"},
    ...     "geometry": {"type": "Polygon", "coordinates": [square]},
    ... }]}
    >>> layer = read_geojson(collection, code_property="id", name_property="label")
    >>> layer.codes, layer.name_of("A1")
    (('A1',), 'Square')
    >>> round(float(layer.areas()["A1"]))  # km²: one degree square at 60°N
    6088
    """
    options = _property_options(code_property, name_property)
    name = check_text("name", name)
    collection = _load(source, "GeoJSON FeatureCollection")
    features = collection.get("features")
    if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise DataError(
            "the map (source) is not a GeoJSON FeatureCollection: it needs type "
            "'FeatureCollection' and a list of 'features'"
        )
    codes: list[str] = []
    names: list[str] = []
    polygons: list[tuple[Polygon, ...]] = []
    for number, feature in enumerate(features):
        if not isinstance(feature, Mapping):
            raise DataError(f"feature {number} is {quoted(feature)}, not a JSON object")
        properties = feature.get("properties") or {}
        if not isinstance(properties, Mapping):
            raise DataError(
                f"feature {number} has properties {quoted(properties)}, not a JSON "
                "object"
            )
        _properties(properties, options, f"feature {number}")
        code = _code_text(properties[code_property], code_width, number)
        geometry = feature.get("geometry") or {}
        if not isinstance(geometry, Mapping):
            raise DataError(
                f"unit {code}: its geometry is {quoted(geometry)}, not a JSON object"
            )
        kind = geometry.get("type")
        if kind in ("Polygon", "MultiPolygon"):
            parts = _parts(geometry, "coordinates", code)
        else:
            raise DataError(
                f"unit {code} is a {kind!r} geometry; only 'Polygon' and "
                "'MultiPolygon' are supported"
            )
        codes.append(code)
        names.append(
            _name_text(properties[name_property], code) if name_property else code
        )
        polygons.append(
            tuple(_oriented(_geojson_rings(rings, code), code) for rings in parts)
        )
    return _sorted_layer(name, codes, names, polygons)


def _chained(
    edges: list[tuple[bytes, bytes]], points: dict[bytes, FloatArray]
) -> list[FloatArray]:
    """Directed edges that form closed rings, walked into (m, 2) closed rings."""
    following: dict[bytes, list[bytes]] = {}
    for start, end in edges:
        following.setdefault(start, []).append(end)
    rings: list[FloatArray] = []
    for first in list(following):
        while following.get(first):
            ring = [first]
            current = following[first].pop()
            while current != first:
                ring.append(current)
                ends = following.get(current)
                if not ends:  # an open chain: the borders do not match exactly
                    break
                current = ends.pop()
            if current == first and len(ring) >= 3:
                rings.append(np.array([points[key] for key in [*ring, first]]))
    return rings


def _inside(point: FloatArray, ring: FloatArray) -> bool:
    """Whether ``point`` lies inside the closed ``ring`` (ray casting)."""
    x, y = point
    start, end = ring[:-1], ring[1:]
    crosses = (start[:, 1] > y) != (end[:, 1] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = start[:, 0] + (y - start[:, 1]) * (end[:, 0] - start[:, 0]) / (
            end[:, 1] - start[:, 1]
        )
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def _merged(polygons: Sequence[Polygon]) -> tuple[Polygon, ...]:
    """The polygons of several units as those of one: shared borders removed."""
    points: dict[bytes, FloatArray] = {}
    edges: Counter[tuple[bytes, bytes]] = Counter()
    for polygon in polygons:
        for ring in polygon:
            keys = [row.tobytes() for row in ring]
            for key, row in zip(keys, ring, strict=True):
                points.setdefault(key, row)
            for start, end in pairwise(keys):
                if start == end:
                    continue
                if edges[(end, start)]:
                    edges[(end, start)] -= 1  # a border two members share
                else:
                    edges[(start, end)] += 1
    kept = [edge for edge, count in edges.items() for _ in range(count)]
    rings = _chained(kept, points)
    exteriors = [ring for ring in rings if ring_area(ring) > 0]
    holes = [ring for ring in rings if ring_area(ring) <= 0]
    owned: list[list[FloatArray]] = [[] for _ in exteriors]
    for hole in holes:
        owner = next(
            (i for i, ring in enumerate(exteriors) if _inside(hole[0], ring)), None
        )
        if owner is not None:
            owned[owner].append(hole)
    return tuple(
        tuple(_read_only(ring) for ring in (exterior, *inner))
        for exterior, inner in zip(exteriors, owned, strict=True)
    )


def dissolve(
    layer: MapLayer,
    parent_of: Mapping[str, str] | pd.Series,
    *,
    names: Mapping[str, str] | pd.Series | None = None,
    name: str | None = None,
) -> MapLayer:
    """Merge the units of a map into their parents: a map of a higher level.

    Parameters
    ----------
    layer : MapLayer
        The map of the lower level, such as NUTS 3 regions.
    parent_of : mapping or pandas.Series
        Each unit's parent code, by unit code. Units of the map without a parent
        are left out.
    names : mapping or pandas.Series, optional
        The parents' names, by code; default their codes.
    name : str, optional
        The new layer's name; default ``layer.name``.

    Returns
    -------
    MapLayer
        One unit per parent, sorted by code. Its polygons are the outlines of its
        members: a border two members share (the same positions, walked each way
        once) is removed; the outer borders and islands stay, holes are kept
        inside the polygon that surrounds them.

    Raises
    ------
    InvalidOptionError
        If ``layer`` is not a MapLayer, ``parent_of`` or ``names`` not a mapping
        to text, or ``name`` not one line of text.
    DataError
        If no unit of the map has a parent.

    Notes
    -----
    The borders must match position for position, as they do where each unit's
    rings come from one topology (GISCO's GeoJSON files, TopoJSON arcs). A
    border drawn differently on each side is kept on both: the merged unit is
    still drawn whole, with a line inside. Areas add up exactly either way.

    Examples
    --------
    >>> from attraktiv.datasets import norway_layer
    >>> municipalities = norway_layer("municipality")
    >>> counties = dissolve(municipalities, {c: c[:2] for c in municipalities.codes})
    >>> counties
    MapLayer(name='kommune', units=19)
    >>> bool(abs(counties.areas()["03"] - municipalities.areas()["0301"]) < 1e-6)
    True
    """
    layer = check_instance("layer", layer, MapLayer, "from read_geojson, say")
    parents = pd.Series(check_name_map("parent_of", parent_of), dtype="object")
    labels = {} if names is None else check_name_map("names", names)
    title = layer.name if name is None else check_text("name", name)
    parents = parents[parents.index.isin(layer.codes)]
    if parents.empty:
        raise DataError(
            f"no unit of map layer {layer.name!r} has a parent in parent_of; its "
            f"codes look like {', '.join(repr(c) for c in layer.codes[:3])}"
        )
    position = {code: i for i, code in enumerate(layer.codes)}
    members: dict[str, list[Polygon]] = {}
    for code, parent in parents.items():
        members.setdefault(str(parent), []).extend(layer.polygons[position[str(code)]])
    codes = sorted(members)
    return MapLayer(
        name=title,
        codes=tuple(codes),
        names=tuple(str(labels.get(code, code)) for code in codes),
        polygons=tuple(_merged(members[code]) for code in codes),
    )

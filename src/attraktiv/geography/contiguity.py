"""Which units of a map share a border: contiguity from shared arcs or shared edges.

A TopoJSON topology stores each border once, as an arc both neighbours refer to, so
its contiguity needs no geometry (:func:`topology_contiguity`). A GeoJSON layer
stores each border twice, once in each unit; two units are neighbours when their
rings have an edge in common, after rounding the coordinates
(:func:`layer_contiguity`). Both give a :class:`Contiguity`, which
:func:`attraktiv.spatial.contiguity_weights` turns into spatial weights.

Examples
--------
>>> from attraktiv.datasets import norway_layer
>>> from attraktiv.geography.contiguity import layer_contiguity
>>> contiguity = layer_contiguity(norway_layer("county"))
>>> contiguity
Contiguity(units=19, links=64, islands=0)
>>> contiguity.neighbours("03")  # Oslo
('02', '05', '06')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import numpy as np

from ..core.typing import FloatArray, IntArray
from ..core.validation import check_count, check_instance, check_option, check_text
from ..errors import DataError
from .maps import MapLayer, Topology, _code_text, _properties, _property_options

if TYPE_CHECKING:  # SciPy is imported where first used: import attraktiv stays light
    import scipy.sparse as sp

__all__ = [
    "CRITERIA",
    "Contiguity",
    "Criterion",
    "layer_contiguity",
    "topology_contiguity",
]

Criterion: TypeAlias = Literal["rook", "queen"]
CRITERIA: Final[tuple[Criterion, ...]] = ("rook", "queen")
_SHOWN: Final = 10


@dataclass(frozen=True, eq=False)
class Contiguity:
    """Who shares a border with whom on a map, with each unit's border points.

    Attributes
    ----------
    codes : tuple of str
        The units, sorted; the rows and columns of ``matrix``.
    matrix : scipy.sparse.csr_array
        Binary (0/1), symmetric, zero diagonal: ``matrix[i, j] == 1`` when units
        ``i`` and ``j`` are neighbours.
    points : tuple of numpy.ndarray
        For each unit, the (m, 2) longitude and latitude of its border vertices:
        what :meth:`link_islands` measures distances between.
    """

    codes: tuple[str, ...]
    matrix: sp.csr_array
    points: tuple[FloatArray, ...]

    def __repr__(self) -> str:
        return (
            f"Contiguity(units={len(self.codes)}, links={self.matrix.nnz}, "
            f"islands={len(self.islands)})"
        )

    @property
    def islands(self) -> tuple[str, ...]:
        """The units with no neighbour."""
        rows = np.flatnonzero(np.diff(self.matrix.indptr) == 0)
        return tuple(self.codes[row] for row in rows)

    def neighbours(self, code: str) -> tuple[str, ...]:
        """The codes of the neighbours of unit ``code``, sorted.

        Raises
        ------
        InvalidOptionError
            If ``code`` is not one line of text.
        DataError
            If no unit has that code.
        """
        code = check_text("code", code)
        try:
            row = self.codes.index(code)
        except ValueError:
            raise DataError(f"code={code!r} is not a unit on the map") from None
        start, stop = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        return tuple(sorted(self.codes[j] for j in self.matrix.indices[start:stop]))

    def link_islands(self) -> Contiguity:
        """Each unit with no neighbour linked, both ways, to the nearest unit.

        Nearest is measured between border vertices, by the chord on the unit
        sphere (monotone in the great-circle distance).

        Examples
        --------
        >>> from attraktiv.datasets import norway_topology
        >>> from attraktiv.geography.contiguity import topology_contiguity
        >>> rook = topology_contiguity(norway_topology(), "kommune", code_width=4)
        >>> rook.neighbours("0111"), rook.link_islands().neighbours("0111")
        ((), ('0106',))
        """
        from scipy.spatial import cKDTree

        island_rows = np.flatnonzero(np.diff(self.matrix.indptr) == 0)
        if len(island_rows) == 0 or len(self.codes) < 2:
            return self
        owners = np.repeat(
            np.arange(len(self.points), dtype=np.int64),
            [len(p) for p in self.points],
        )
        degrees = np.radians(np.concatenate(self.points))
        xyz = np.column_stack(
            [
                np.cos(degrees[:, 1]) * np.cos(degrees[:, 0]),
                np.cos(degrees[:, 1]) * np.sin(degrees[:, 0]),
                np.sin(degrees[:, 1]),
            ]
        )
        links = self.matrix.tolil()
        for island in island_rows:
            others = owners != island
            tree = cKDTree(xyz[others])
            distance, nearest = tree.query(xyz[~others])
            closest = np.asarray(nearest, dtype=np.int64)[np.argmin(distance)]
            neighbour = int(owners[others][closest])
            links[island, neighbour] = 1.0
            links[neighbour, island] = 1.0
        from scipy.sparse import csr_array

        return Contiguity(self.codes, csr_array(links), self.points)


def _incidence(unit_items: Sequence[IntArray], width: int) -> sp.csr_array:
    from scipy.sparse import csr_array

    rows = np.repeat(np.arange(len(unit_items)), [len(u) for u in unit_items])
    columns = np.concatenate(unit_items) if unit_items else np.empty(0, np.int64)
    incidence = csr_array(
        (np.ones(len(columns)), (rows, columns)), shape=(len(unit_items), width)
    )
    incidence.data[:] = 1.0  # a unit that uses an item twice still counts once
    return incidence


def _adjacency(unit_items: Sequence[IntArray]) -> sp.csr_array:
    """Units sharing at least one item: :math:`[B B^\\top > 0]` off the diagonal."""
    width = max((int(u.max()) + 1 for u in unit_items if len(u)), default=0)
    incidence = _incidence(unit_items, width)
    from scipy.sparse import csr_array

    shared = csr_array(incidence @ incidence.T)
    shared.setdiag(0.0)
    shared.eliminate_zeros()
    shared.data[:] = 1.0
    return shared


def _ids(points: FloatArray) -> IntArray:
    """An id per row of ``points``: equal rows, equal ids."""
    if len(points) == 0:
        return np.empty(0, np.int64)
    _, inverse = np.unique(points, axis=0, return_inverse=True)
    return np.asarray(inverse.reshape(-1), dtype=np.int64)


def _split(flat: IntArray, lengths: Sequence[int]) -> list[IntArray]:
    bounds = np.cumsum([0, *lengths])
    return [np.unique(flat[bounds[k] : bounds[k + 1]]) for k in range(len(lengths))]


def _arc_numbers(arcs: Any, unit: str) -> Iterator[int]:
    """Every arc a geometry's (nested) arc lists refer to, as a non-negative index."""
    if isinstance(arcs, bool):
        raise DataError(f"unit {unit}: arc index {arcs!r} is not a whole number")
    if isinstance(arcs, int):
        yield arcs if arcs >= 0 else ~arcs
    elif isinstance(arcs, list):
        for item in arcs:
            yield from _arc_numbers(item, unit)
    else:
        raise DataError(f"unit {unit}: arc index {arcs!r} is not a whole number")


def _listed(codes: Sequence[str]) -> str:
    text = ", ".join(codes[:_SHOWN])
    if len(codes) > _SHOWN:
        text += f" and {len(codes) - _SHOWN} more"
    return text


def topology_contiguity(
    topology: Topology,
    object_name: str,
    *,
    criterion: Criterion = "rook",
    code_property: str = "Nr",
    code_width: int | None = None,
) -> Contiguity:
    """Neighbours on a TopoJSON object, from the arcs its geometries share.

    Parameters
    ----------
    topology : Topology
        The decoded topology, from
        :meth:`Topology.read <attraktiv.geography.Topology.read>`.
    object_name : str
        The ``GeometryCollection`` whose geometries are the units.
    criterion : {"rook", "queen"}, default "rook"
        ``"rook"``: neighbours share an arc (a border line); ``"queen"``: they
        share a vertex (possibly only a point).
    code_property : str, default "Nr"
        The geometry property holding each unit's code.
    code_width : int, optional
        Pad numeric codes with zeros to this many digits.

    Returns
    -------
    Contiguity
        Sorted by code.

    Raises
    ------
    InvalidOptionError
        If ``criterion`` is not one of its choices or the topology has no object
        ``object_name``.
    DataError
        If a geometry lacks the code property, refers to an arc that does not
        exist, or two geometries share a code.

    Notes
    -----
    Rook contiguity is exact and needs no geometry: units :math:`i \\neq j` are
    neighbours when their arc sets intersect, :math:`W = [B B^\\top > 0]` off the
    diagonal for the unit × arc incidence matrix :math:`B`. Queen contiguity uses
    the unit × vertex incidence instead (vertices are equal when their coordinates
    are). Rings need not close: only the arcs referred to matter.

    Examples
    --------
    >>> from attraktiv.datasets import norway_topology
    >>> from attraktiv.geography.contiguity import topology_contiguity
    >>> topology_contiguity(norway_topology(), "kommune", code_width=4)
    Contiguity(units=426, links=1766, islands=26)
    """
    topology = check_instance("topology", topology, Topology, "from Topology.read")
    criterion = check_option("criterion", criterion, CRITERIA)
    options = _property_options(code_property, None)
    arcs = topology.arcs
    codes: list[str] = []
    unit_arcs: list[IntArray] = []
    for number, geometry in enumerate(topology.geometries(object_name)):
        properties = geometry.get("properties") or {}
        _properties(properties, options, f"geometry {number} of {object_name!r}")
        code = _code_text(properties[code_property], code_width, number)
        numbers = np.unique(
            np.fromiter(_arc_numbers(geometry.get("arcs", []), code), dtype=np.int64)
        )
        if len(numbers) and numbers[-1] >= len(arcs):
            raise DataError(
                f"unit {code}: arc index {int(numbers[-1])} is outside the map's "
                f"{len(arcs)} arcs"
            )
        codes.append(code)
        unit_arcs.append(numbers)
    repeated = sorted(c for c, k in Counter(codes).items() if k > 1)
    if repeated:
        raise DataError(
            f"map object {object_name!r}: duplicate unit codes {_listed(repeated)}"
        )
    order = np.argsort(np.asarray(codes, dtype=object), kind="stable")
    unit_arcs = [unit_arcs[i] for i in order]
    points = tuple(
        np.concatenate([arcs[k] for k in numbers])
        if len(numbers)
        else np.empty((0, 2), dtype=np.float64)
        for numbers in unit_arcs
    )
    if criterion == "rook":
        matrix = _adjacency(unit_arcs)
    else:
        vertex_ids = _ids(np.concatenate(arcs)) if arcs else np.empty(0, np.int64)
        arc_ids = _split(vertex_ids, [len(a) for a in arcs])
        matrix = _adjacency(
            [
                np.unique(np.concatenate([arc_ids[k] for k in numbers]))
                if len(numbers)
                else np.empty(0, np.int64)
                for numbers in unit_arcs
            ]
        )
    return Contiguity(tuple(codes[i] for i in order), matrix, points)


def layer_contiguity(
    layer: MapLayer, *, criterion: Criterion = "rook", decimals: int = 7
) -> Contiguity:
    """Neighbours on any map layer, from the edges (or vertices) their rings share.

    Parameters
    ----------
    layer : MapLayer
        Units and their polygons, from GeoJSON or TopoJSON.
    criterion : {"rook", "queen"}, default "rook"
        ``"rook"``: neighbours have a ring edge in common (two consecutive vertices,
        in either direction); ``"queen"``: a vertex in common.
    decimals : int, default 7
        Coordinates are rounded to this many decimals of a degree before they are
        compared (7 decimals is about a centimetre), so that a border written
        twice compares equal despite printing noise. A whole number from 0 to 15.

    Returns
    -------
    Contiguity
        In the order of ``layer.codes`` (sorted).

    Raises
    ------
    InvalidOptionError
        If ``layer`` is not a :class:`MapLayer`, ``criterion`` is not one of its
        choices or ``decimals`` is not a whole number from 0 to 15.

    Notes
    -----
    The test is exact, not a tolerance search: a shared border is found where
    both units list the same vertices along it, as files cut from one topology
    (Eurostat's GISCO NUTS maps, a TopoJSON converted to GeoJSON) do. Borders
    digitised separately, with different vertices on the two sides, are not
    found. On a layer decoded from TopoJSON the result equals
    :func:`topology_contiguity`.

    Examples
    --------
    >>> from attraktiv.datasets import norway_layer
    >>> from attraktiv.geography.contiguity import layer_contiguity
    >>> layer_contiguity(norway_layer("municipality"))
    Contiguity(units=426, links=1766, islands=26)
    """
    layer = check_instance("layer", layer, MapLayer, "from read_topojson")
    criterion = check_option("criterion", criterion, CRITERIA)
    # A float64 holds 15-17 significant digits: more decimals than 15 compare noise.
    decimals = check_count("decimals", decimals, minimum=0, maximum=15)
    rings = [
        np.round(ring, decimals) for unit in layer.polygons for p in unit for ring in p
    ]
    ring_counts = [sum(len(p) for p in unit) for unit in layer.polygons]
    vertex_ids = _ids(np.concatenate(rings)) if rings else np.empty(0, np.int64)
    bounds = np.cumsum([0, *(len(r) for r in rings)])
    per_ring: list[IntArray] = []
    for k in range(len(rings)):
        ids = vertex_ids[bounds[k] : bounds[k + 1]]
        if criterion == "rook":
            edges = np.sort(np.column_stack([ids[:-1], ids[1:]]), axis=1)
            per_ring.append(edges[edges[:, 0] != edges[:, 1]])
        else:
            per_ring.append(ids)
    if criterion == "rook":
        stacked = np.concatenate(per_ring) if per_ring else np.empty((0, 2), np.int64)
        item_ids = _ids(stacked.astype(np.float64))
        lengths = [len(e) for e in per_ring]
    else:
        item_ids = np.concatenate(per_ring) if per_ring else np.empty(0, np.int64)
        lengths = [len(v) for v in per_ring]
    by_ring = _split(item_ids, lengths)
    unit_items: list[IntArray] = []
    unit_points: list[FloatArray] = []
    first = 0
    for count in ring_counts:
        pieces = by_ring[first : first + count]
        unit_items.append(
            np.unique(np.concatenate(pieces)) if pieces else np.empty(0, np.int64)
        )
        unit_points.append(
            np.concatenate(rings[first : first + count])
            if count
            else np.empty((0, 2), dtype=np.float64)
        )
        first += count
    return Contiguity(layer.codes, _adjacency(unit_items), tuple(unit_points))

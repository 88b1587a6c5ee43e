"""Spatial weights: which units are neighbours, from the shared borders of a map."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..core.frozen import hand_out_copies
from ..core.validation import (
    check_count,
    check_names,
    check_option,
    check_text,
    shown,
)
from ..errors import DataError, GeographyError, InvalidOptionError
from ..geography import Criterion

if TYPE_CHECKING:
    from ..geography import Hierarchy, MapLayer, MapSource

__all__ = ["Criterion", "SpatialWeights", "contiguity_weights", "hierarchy_weights"]

_SHOWN: Final = 10


def _listed(codes: Sequence[str]) -> str:
    text = ", ".join(codes[:_SHOWN])
    if len(codes) > _SHOWN:
        text += f" and {len(codes) - _SHOWN} more"
    return text


@dataclass(frozen=True, eq=False)
class SpatialWeights:
    """Spatial weights between units: who is whose neighbour, and how much.

    Created by :func:`contiguity_weights`, or directly from codes and a matrix.

    Parameters
    ----------
    codes : pandas.Index or sequence of str
        The units, in the order of the matrix rows and columns; unique.
    matrix : scipy.sparse array or matrix, or numpy.ndarray
        An n × n matrix of non-negative finite weights; entry ``(i, j)`` is the
        weight of unit ``j`` in unit ``i``'s neighbourhood. Stored as a
        ``scipy.sparse.csr_array`` of float64 with explicit zeros removed.

    Attributes
    ----------
    codes : pandas.Index
        Unit codes (text), named ``"code"``.
    matrix : scipy.sparse.csr_array
        The weights; row ``i`` holds the neighbours of ``codes[i]``.

    Raises
    ------
    DataError
        If the codes repeat, or the matrix is not square and of their length, or
        has negative or non-finite entries.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.spatial import SpatialWeights
    >>> chain = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> w = SpatialWeights(["a", "b", "c"], chain)
    >>> w
    SpatialWeights(units=3, links=4, islands=0)
    >>> w.neighbours("b").tolist()
    ['a', 'c']
    >>> w.row_standardized().matrix.toarray()[1].tolist()
    [0.5, 0.0, 0.5]
    """

    codes: pd.Index
    matrix: sp.csr_array

    def __post_init__(self) -> None:
        if isinstance(self.codes, str | bytes) or not isinstance(
            self.codes, Sequence | pd.Index | pd.Series | np.ndarray
        ):
            raise InvalidOptionError(
                f"codes={shown(self.codes)} is not valid; give the unit codes as a "
                "list or pandas Index"
            )
        codes = pd.Index([str(c) for c in self.codes], name="code", dtype="str")
        repeated = sorted(c for c, k in Counter(codes).items() if k > 1)
        if repeated:
            raise DataError(
                f"spatial weights: duplicate unit codes {_listed(repeated)}"
            )
        matrix = self.matrix
        if not (sp.issparse(matrix) or isinstance(matrix, np.ndarray)):
            raise DataError(
                f"spatial weights: matrix={type(matrix).__name__} is not valid; give a "
                "scipy.sparse array or a numpy array"
            )
        csr: sp.csr_array = sp.csr_array(matrix).astype(np.float64)
        if csr.shape != (len(codes), len(codes)):
            raise DataError(
                f"spatial weights: the matrix is {csr.shape[0]} × {csr.shape[1]} but "
                f"there are {len(codes)} codes; it must be square, one row per code"
            )
        csr.sum_duplicates()
        csr.eliminate_zeros()
        bad = ~np.isfinite(csr.data) | (csr.data < 0)
        if bad.any():
            rows = np.repeat(np.arange(len(codes)), np.diff(csr.indptr))[bad]
            raise DataError(
                "spatial weights: negative or non-finite weights in the rows of "
                f"{_listed([codes[r] for r in sorted(set(rows.tolist()))])}; weights "
                "must be finite and at least 0"
            )
        csr.sort_indices()
        for array in (csr.data, csr.indices, csr.indptr):
            array.flags.writeable = False
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "matrix", csr)

    def __repr__(self) -> str:
        return (
            f"SpatialWeights(units={len(self)}, links={self.matrix.nnz}, "
            f"islands={len(self.islands)})"
        )

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def cardinalities(self) -> pd.Series:
        """The number of neighbours of each unit (``neighbours`` by ``code``)."""
        return pd.Series(
            np.diff(self.matrix.indptr), index=self.codes, name="neighbours"
        )

    @property
    def islands(self) -> pd.Index:
        """Codes of the units with no neighbours (an empty row)."""
        islands: pd.Index = self.codes[np.diff(self.matrix.indptr) == 0]
        return islands

    @property
    def is_symmetric(self) -> bool:
        """Whether ``j`` weighs in ``i``'s neighbourhood as ``i`` does in ``j``'s."""
        difference = self.matrix - self.matrix.T
        return bool(difference.nnz == 0 or np.abs(difference.data).max() == 0.0)

    def neighbours(self, code: str) -> pd.Index:
        """The codes of the neighbours of unit ``code``, in the order of the codes.

        Raises
        ------
        InvalidOptionError
            If ``code`` is not a text.
        GeographyError
            If no unit has that code.
        """
        position = self._position(check_text("code", code))
        start, stop = self.matrix.indptr[position], self.matrix.indptr[position + 1]
        return self.codes[self.matrix.indices[start:stop]]

    def _position(self, code: str) -> int:
        positions = self.codes.get_indexer(pd.Index([code]))
        if positions[0] < 0:
            raise GeographyError(
                f"no unit {code!r} in the spatial weights; codes look like "
                f"{', '.join(repr(c) for c in self.codes[:3])}"
            )
        return int(positions[0])

    def row_standardized(self) -> SpatialWeights:
        """The weights scaled so that every unit's neighbours weigh 1 in total.

        Islands keep an empty row.

        Returns
        -------
        SpatialWeights
        """
        sums = np.asarray(self.matrix.sum(axis=1), dtype=np.float64)
        scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
        return SpatialWeights(
            self.codes, sp.csr_array(sp.diags_array(scale) @ self.matrix)
        )

    def subset(self, codes: Sequence[str] | pd.Index) -> SpatialWeights:
        """The weights among ``codes`` only (in that order); other links are cut.

        Raises
        ------
        GeographyError
            If a code is not a unit of the weights.
        """
        wanted = pd.Index(list(check_names("codes", codes, empty=True)), dtype="str")
        positions = self.codes.get_indexer(wanted)
        missing = [c for c, p in zip(wanted, positions, strict=True) if p < 0]
        if missing:
            raise GeographyError(
                f"{_listed(missing)} not among the {len(self)} units of the spatial "
                "weights"
            )
        return SpatialWeights(wanted, self.matrix[positions][:, positions])

    def to_frame(self) -> pd.DataFrame:
        """Every link as a row: ``code``, ``neighbour``, ``weight``.

        Examples
        --------
        >>> from attraktiv.spatial import contiguity_weights
        >>> links = contiguity_weights("county").to_frame()
        >>> links[links["code"] == "03"]["neighbour"].tolist()  # Oslo
        ['02', '05', '06']
        """
        coo = self.matrix.tocoo()
        return pd.DataFrame(
            {
                "code": self.codes[coo.row].astype("str"),
                "neighbour": self.codes[coo.col].astype("str"),
                "weight": coo.data,
            }
        )


# --- contiguity from a map ---------------------------------------------------------


hand_out_copies(SpatialWeights, "codes")


def contiguity_weights(
    level: str = "municipality",
    *,
    criterion: Criterion = "rook",
    link_islands: bool = False,
    topology: MapSource | None = None,
    object_name: str | None = None,
    code_property: str = "Nr",
    code_width: int | None = None,
    layer: MapLayer | None = None,
) -> SpatialWeights:
    """Neighbours from shared borders on a map: binary contiguity weights.

    Parameters
    ----------
    level : {"municipality", "region", "county"}, default "municipality"
        The level of the bundled map of Norway (2017 borders): 426 municipalities,
        85 regions or 19 counties, with the codes of the panel ("0301", "3001",
        "03"). Only a label when ``topology`` is given.
    criterion : {"rook", "queen"}, default "rook"
        ``"rook"``: two units are neighbours when they share a border line (a
        TopoJSON arc). ``"queen"``: also when they share only a point.
    link_islands : bool, default False
        Give each unit that has no neighbour (an island municipality) one: the
        unit with the nearest border point, as a link both ways.
    topology : path, importlib.resources file or mapping, optional
        Your own TopoJSON topology instead of the bundled map.
    object_name : str, optional
        The object of ``topology`` to use (a ``GeometryCollection``); required
        with ``topology``.
    code_property : str, default "Nr"
        With ``topology``: the geometry property holding each unit's code.
    code_width : int, optional
        With ``topology``: pad numeric codes with zeros to this many digits.
    layer : MapLayer, optional
        Any map layer instead, e.g. GeoJSON read by
        :func:`attraktiv.geography.read_geojson`: neighbours share a ring edge
        (rook) or vertex (queen), by :func:`attraktiv.geography.layer_contiguity`.

    Returns
    -------
    SpatialWeights
        Binary (0/1), symmetric weights sorted by code. Row-standardize them with
        :meth:`SpatialWeights.row_standardized` (the statistics here do so by
        default).

    Raises
    ------
    InvalidOptionError
        If ``level`` or ``criterion`` is not one of its choices, ``topology`` is
        given without ``object_name`` or the topology lacks that object, or
        ``object_name`` or ``code_property`` is not a text or ``code_width`` not
        a whole number from 1 to 16 (checked with or without ``topology``).
    DataError
        If the map is not a TopoJSON topology or a geometry is malformed (as
        :func:`attraktiv.geography.read_topojson`).

    Notes
    -----
    TopoJSON stores each border once, as an arc that both neighbours refer to
    (one of them backwards, as ``~i``). Rook contiguity is therefore exact and
    needs no geometry: units :math:`i \\neq j` are neighbours when their arc sets
    intersect, :math:`W = [B B^\\top > 0]` off the diagonal for the unit × arc
    incidence matrix :math:`B`. Queen contiguity uses the unit × vertex incidence
    instead (vertices are equal when their coordinates are). On the bundled map
    the two differ only where four or more units meet in a point.

    Municipalities that are islands have no shared border on the map: on the
    bundled map 26 municipalities (Hvaler, Askøy, Hitra, Røst, ...) and one
    region (Hitra/Frøya). ``link_islands=True`` joins each to the unit whose
    border comes nearest (measured between vertices, on the sphere).

    Examples
    --------
    >>> from attraktiv.spatial import contiguity_weights
    >>> w = contiguity_weights("municipality")
    >>> w
    SpatialWeights(units=426, links=1766, islands=26)
    >>> w.neighbours("0301").tolist()  # Oslo
    ['0213', '0217', '0219', '0229', '0230', '0231', '0233', '0533', '0605']
    >>> contiguity_weights("municipality", link_islands=True).neighbours("0111")
    Index(['0106'], dtype='str', name='code')
    """
    from ..datasets import MAP_LEVELS, NORWAY_OBJECTS, norway_topology
    from ..geography import CRITERIA, Topology, layer_contiguity, topology_contiguity
    from ..geography.maps import MAX_CODE_WIDTH

    criterion = check_option("criterion", criterion, CRITERIA)
    # The topology's options are checked with or without a topology: a bad one
    # must not pass unseen because the bundled map was drawn instead.
    if object_name is not None:
        object_name = check_text("object_name", object_name)
    code_property = check_text("code_property", code_property)
    if code_width is not None:
        code_width = check_count(
            "code_width", code_width, minimum=1, maximum=MAX_CODE_WIDTH
        )
    if not isinstance(link_islands, bool):
        raise InvalidOptionError(
            f"link_islands={link_islands!r} is not valid; give True or False"
        )
    if layer is not None:
        contiguity = layer_contiguity(layer, criterion=criterion)
    elif topology is None:
        name, width = NORWAY_OBJECTS[check_option("level", level, MAP_LEVELS)]
        if object_name is not None and object_name != name:
            raise InvalidOptionError(
                f"object_name={object_name!r} needs topology=; the bundled map's "
                f"{level} object is {name!r}"
            )
        contiguity = topology_contiguity(
            norway_topology(), name, criterion=criterion, code_width=width
        )
    else:
        if object_name is None:
            raise InvalidOptionError(
                "object_name=None is not valid with topology=; name the object, "
                "e.g. object_name='kommune'"
            )
        contiguity = topology_contiguity(
            Topology.read(topology),
            object_name,
            criterion=criterion,
            code_property=code_property,
            code_width=code_width,
        )
    if link_islands:
        contiguity = contiguity.link_islands()
    return SpatialWeights(pd.Index(contiguity.codes, dtype="str"), contiguity.matrix)


def hierarchy_weights(
    level: str = "municipality", hierarchy: Hierarchy | None = None
) -> SpatialWeights:
    """Neighbours from the hierarchy: the other units of the same parent.

    Parameters
    ----------
    level : str, default "municipality"
        A level of ``hierarchy`` below its top.
    hierarchy : Hierarchy, optional
        Default: :func:`attraktiv.datasets.norway_hierarchy` (2017).

    Returns
    -------
    SpatialWeights
        Binary weights sorted by code: row ``i`` holds
        :meth:`Hierarchy.neighbours <attraktiv.geography.Hierarchy.neighbours>`
        of unit ``i``, the rule the panel's neighbour job growth uses.

    Raises
    ------
    GeographyError
        If ``level`` is not a level of the hierarchy.

    Notes
    -----
    The neighbours of a municipality are the rest of its region; a unit alone in
    its parent takes the rest of its grandparent, and so on (Oslo, alone in its
    region and county, has the rest of the country). The weights are therefore
    not symmetric, and they need no map: use them where the administrative
    grouping, not the border, is what makes units neighbours.

    Examples
    --------
    >>> from attraktiv.spatial import hierarchy_weights
    >>> w = hierarchy_weights("region")
    >>> w.neighbours("3001").tolist()  # Halden: the rest of Østfold
    ['3002', '3003', '3004']
    """
    from ..geography import Hierarchy

    if hierarchy is None:
        from ..datasets import norway_hierarchy

        hierarchy = norway_hierarchy()
    elif not isinstance(hierarchy, Hierarchy):
        raise InvalidOptionError(
            f"hierarchy={type(hierarchy).__name__} is not valid; give a Hierarchy"
        )
    codes = hierarchy.units(level)
    position = {code: row for row, code in enumerate(codes)}
    rows: list[int] = []
    columns: list[int] = []
    for row, code in enumerate(codes):
        neighbours = [position[c] for c in hierarchy.neighbours(code, level)]
        rows += [row] * len(neighbours)
        columns += neighbours
    matrix = sp.csr_array(
        (np.ones(len(rows)), (np.asarray(rows), np.asarray(columns))),
        shape=(len(codes), len(codes)),
    )
    return SpatialWeights(pd.Index(codes, dtype="str"), matrix)

"""The :class:`Hierarchy`: units on ordered levels, their names and links.

Construction and its checks live in ``_build``; the neighbour rule in
``neighbours``; sums over the hierarchy in ``sums``. The class keeps the public
methods and their documentation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import IO

import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..core.validation import shown
from ..errors import DataError, GeographyError
from ._build import _build, _pairs_of, _straddling
from ._common import _few_repr, _quoted, _require_code, _SeriesOrFrame
from .neighbours import _ancestor_groups, _neighbour_totals, _neighbours
from .reading import _delimiters_tried, _where, read_code_csv
from .sums import _aggregate, _parent_totals

__all__ = ["Hierarchy"]


class Hierarchy:
    """Units on ordered levels, lowest first (Norway: municipality -> region -> county).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per unit of the lowest level, with a code column for every level
        and, optionally, a name column for every level.
    levels : sequence of str, default ("municipality", "region", "county")
        Level names, lowest first.
    code_columns : mapping of str to str, optional
        Code column of a level; default ``f"{level}_code"``. Codes are text (read
        files with ``dtype=str`` to keep leading zeros); integers are converted
        with :class:`str`.
    name_columns : mapping of str to str, optional
        Name column of a level; default ``f"{level}_name"`` where it exists, and
        the codes themselves otherwise.
    nested : bool, default True
        Whether every unit must lie in exactly one unit of each higher level. Set
        it to False for levels that each partition the lowest level but do not
        nest (Norway's economic regions of 2017 straddle county borders); then the
        methods that need a unique parent raise for the units that have none.

    Raises
    ------
    GeographyError
        If there is no level or no unit, a level name repeats, an option is not
        of its type, a code is missing, a lowest-level code repeats (the message
        says which level the rows would then belong to), a unit lies in two units
        of the level above (when ``nested``), a code is used on two levels, or a
        code has two names.
    DataError
        If a column is absent (the message lists the levels and their code
        columns) or holds floats or other non-code values, or the table is a
        single column whose name is a whole header joined by commas, semicolons
        or tabs (a file read with the wrong delimiter).

    See Also
    --------
    ChangeTable : Border changes between vintages.

    Notes
    -----
    Higher-level counts are sums of their members' counts,
    never averages of rates; :meth:`aggregate` does that summation. The
    neighbours of a unit are the other units of its parent; on the top level,
    all other units (the parent is the whole country).

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({
    ...     "municipality_code": ["0101", "0102", "0103", "0201"],
    ...     "municipality_name": ["Aby", "Bby", "Cby", "Dby"],
    ...     "region_code": ["1001", "1001", "1002", "2001"],
    ...     "county_code": ["01", "01", "01", "02"],
    ... })
    >>> geo = Hierarchy(units)
    >>> geo.levels, geo.lowest_level
    (('municipality', 'region', 'county'), 'municipality')
    >>> list(geo.units("region"))
    ['1001', '1002', '2001']
    >>> geo.names("municipality")["0103"]
    'Cby'
    >>> geo.names("county")["02"]  # no name column: the name is the code
    '02'
    >>> list(geo.members("01", "county"))
    ['0101', '0102', '0103']
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        levels: Sequence[str] = ("municipality", "region", "county"),
        *,
        code_columns: Mapping[str, str] | None = None,
        name_columns: Mapping[str, str] | None = None,
        nested: bool = True,
    ) -> None:
        built = _build(frame, levels, code_columns, name_columns, nested)
        self._levels = built.levels
        self._nested = built.nested
        self._table = built.table
        self._names = built.names
        self._units = built.units
        self._pairs_cache: dict[tuple[str, str], pd.DataFrame] = {}
        self._ancestor_cache: dict[str, tuple[IntArray, ...]] = {}
        self._mapping_cache: dict[tuple[str, str], pd.Series[str]] = {}

    # -- construction -----------------------------------------------------------

    @classmethod
    def from_csv(
        cls,
        path: str | os.PathLike[str] | IO[str],
        levels: Sequence[str] = ("municipality", "region", "county"),
        *,
        code_columns: Mapping[str, str] | None = None,
        name_columns: Mapping[str, str] | None = None,
        nested: bool = True,
    ) -> Hierarchy:
        """Read a hierarchy from a CSV file with one row per lowest-level unit.

        Parameters
        ----------
        path : str, path-like or text buffer
            The CSV file, delimited by commas, semicolons or tabs (see
            :func:`read_code_csv`). Every column is read as text, so codes keep
            leading zeros and a code such as ``"NA"`` stays a code.
        levels, code_columns, name_columns, nested
            As for :class:`Hierarchy`.

        Returns
        -------
        Hierarchy
            The validated hierarchy.

        Raises
        ------
        GeographyError, DataError
            As for :class:`Hierarchy`; also a DataError if the file is missing,
            empty or unreadable, or has a single column where the levels need
            several.

        Examples
        --------
        >>> import io
        >>> text = io.StringIO(
        ...     "municipality_code,region_code\\n0101,3001\\n0104,3003\\n0105,3003\\n"
        ... )
        >>> geo = Hierarchy.from_csv(text, levels=("municipality", "region"))
        >>> list(geo.members("3003", "region"))
        ['0104', '0105']

        Norway's municipalities of 2017 in their economic regions and counties
        (the regions straddle county borders, hence ``nested=False``):

        >>> Hierarchy.from_csv(
        ...     "tests/data/norway/hierarchy_2017.csv", nested=False
        ... )  # doctest: +SKIP
        Hierarchy(municipality: 426, region: 85, county: 19)
        """
        frame = read_code_csv(path)
        several = (
            isinstance(levels, Sequence)
            and not isinstance(levels, str)
            and len(levels) > 1
        )
        if frame.shape[1] == 1 and several:
            raise DataError(
                f"{_where(path, 'path')} has one column, {str(frame.columns[0])!r}; a "
                f"hierarchy of the levels {_quoted(map(str, levels))} needs a code "
                "column per level, separated by one of the delimiters tried: "
                f"{_delimiters_tried()}"
            )
        return cls(
            frame,
            levels,
            code_columns=code_columns,
            name_columns=name_columns,
            nested=nested,
        )

    # -- levels and units -------------------------------------------------------

    @property
    def levels(self) -> tuple[str, ...]:
        """Level names, lowest first."""
        return self._levels

    @property
    def lowest_level(self) -> str:
        """The lowest level, whose units make up all the others."""
        return self._levels[0]

    @property
    def nested(self) -> bool:
        """Whether every unit lies in exactly one unit of each higher level."""
        return self._nested

    def __repr__(self) -> str:
        sizes = ", ".join(
            f"{level}: {len(self._units[level])}" for level in self._levels
        )
        return f"Hierarchy({sizes})"

    def _position(self, level: str) -> int:
        # Only text can name a level (a frame compared with a name is no answer).
        if isinstance(level, str) and level in self._levels:
            return self._levels.index(level)
        raise GeographyError(
            f"unknown level {shown(level)}; levels are {_quoted(self._levels)}"
        )

    def _check_code(self, code: str, level: str) -> None:
        self._position(level)
        _require_code(code, self._units[level], level)

    def units(self, level: str) -> pd.Index:
        """Codes of the units of a level.

        Parameters
        ----------
        level : str
            A level name.

        Returns
        -------
        pandas.Index
            Sorted codes, named ``"code"``.

        Raises
        ------
        GeographyError
            If the level is unknown.
        """
        self._position(level)
        units: pd.Index = self._units[level].copy()
        return units

    def names(self, level: str) -> pd.Series[str]:
        """Names of the units of a level.

        Parameters
        ----------
        level : str
            A level name.

        Returns
        -------
        pandas.Series
            Name by code, indexed by sorted codes (index named ``"code"``).

        Raises
        ------
        GeographyError
            If the level is unknown.
        """
        self._position(level)
        return self._names[level].copy()

    # -- links between levels ---------------------------------------------------

    def _pairs(self, lower: str, upper: str) -> pd.DataFrame:
        """Distinct (lower, upper) code pairs, sorted; cached."""
        key = (lower, upper)
        if key not in self._pairs_cache:
            self._pairs_cache[key] = _pairs_of(
                self._table, lower, upper, self._units[lower], self._units[upper]
            )
        return self._pairs_cache[key]

    def _upper_level(self, level: str, upper: str | None, role: str) -> str:
        position = self._position(level)
        if upper is None:
            if position == len(self._levels) - 1:
                raise GeographyError(
                    f"{level!r} is the top level; it has no {role} level"
                )
            return self._levels[position + 1]
        if self._position(upper) <= position:
            raise GeographyError(
                f"{role}_level {upper!r} is not above {level!r}; "
                f"levels from lowest are {_quoted(self._levels)}"
            )
        return upper

    def to_frame(self) -> pd.DataFrame:
        """The hierarchy as a table: one row per lowest-level unit.

        Returns
        -------
        pandas.DataFrame
            Columns ``<level>_code`` and ``<level>_name`` for every level, lowest
            first: the layout :class:`Hierarchy` and
            :func:`attraktiv.io.read_hierarchy_csv` read.

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame(
        ...     {"municipality_code": ["a", "b"], "region_code": ["R", "R"]}
        ... )
        >>> h = Hierarchy(table, levels=("municipality", "region"))
        >>> h.to_frame()
          municipality_code municipality_name region_code region_name
        0                 a                 a           R           R
        1                 b                 b           R           R
        """
        lowest = self.units(self.lowest_level)
        columns: dict[str, object] = {}
        for level in self._levels:
            codes = (
                pd.Series(lowest, index=lowest)
                if level == self.lowest_level
                else self.mapping(self.lowest_level, level).reindex(lowest)
            )
            columns[f"{level}_code"] = codes.to_numpy()
            columns[f"{level}_name"] = self.names(level).reindex(codes).to_numpy()
        return pd.DataFrame(columns)

    def parent(self, code: str, level: str, parent_level: str | None = None) -> str:
        """The unit of a higher level that a unit lies in.

        Parameters
        ----------
        code : str
            A unit's code.
        level : str
            The unit's level.
        parent_level : str, optional
            A level above ``level``; default the next one up.

        Returns
        -------
        str
            The parent's code.

        Raises
        ------
        GeographyError
            If a level or the code is unknown, ``parent_level`` is not above
            ``level``, ``level`` is the top level (with no ``parent_level``), or the
            unit straddles several parents (a hierarchy built with
            ``nested=False``).

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "02"],
        ... }))
        >>> geo.parent("0201", "municipality")
        '2001'
        >>> geo.parent("0201", "municipality", "county")
        '02'
        """
        upper = self._upper_level(level, parent_level, "parent")
        self._check_code(code, level)
        pairs = self._pairs(level, upper)
        found = pairs.loc[pairs["lower"].eq(code).to_numpy(), "upper"].tolist()
        if len(found) > 1:
            raise GeographyError(
                f"{level} {code!r} lies in more than one {upper}: {_few_repr(found)}; "
                "the levels of this hierarchy do not nest"
            )
        return str(found[0])

    def mapping(self, from_level: str, to_level: str) -> pd.Series[str]:
        """The unit of ``to_level`` that each unit of ``from_level`` lies in.

        Parameters
        ----------
        from_level : str
            The lower level.
        to_level : str
            A level at or above ``from_level``.

        Returns
        -------
        pandas.Series
            Codes of ``to_level`` (series named ``to_level``), indexed by the sorted
            codes of ``from_level`` (index named ``"code"``). Computed once per pair
            of levels; each call returns its own copy, free to change.

        Raises
        ------
        GeographyError
            If a level is unknown, ``to_level`` is below ``from_level``, or some
            units straddle several units of ``to_level`` (``nested=False``).

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "02"],
        ... }))
        >>> geo.mapping("municipality", "county").to_dict()
        {'0101': '01', '0102': '01', '0201': '02'}
        """
        low, high = self._position(from_level), self._position(to_level)
        if high < low:
            raise GeographyError(
                f"cannot map {from_level!r} onto {to_level!r}: {to_level!r} is below "
                f"{from_level!r}; levels from lowest are {_quoted(self._levels)}"
            )
        if high == low:
            codes = self._units[from_level]
            return pd.Series(codes.to_numpy(), index=codes.copy(), name=to_level)
        cached = self._mapping_cache.get((from_level, to_level))
        if cached is None:
            cached = self._mapping(from_level, to_level)
            self._mapping_cache[from_level, to_level] = cached
        # Copy-on-write: the caller may change its copy (values, name, index name)
        # without the cached series, or the next caller's, changing.
        copied = cached.copy(deep=False)
        copied.index = cached.index.copy()
        return copied

    def _mapping(self, from_level: str, to_level: str) -> pd.Series[str]:
        pairs = self._pairs(from_level, to_level)
        straddling = _straddling(pairs)
        if straddling:
            raise GeographyError(
                f"{from_level} unit(s) in more than one {to_level}: {straddling}; "
                f"they have no single {to_level} (the levels do not nest)"
            )
        result: pd.Series[str] = pd.Series(
            pairs["upper"].to_numpy(),
            index=pd.Index(pairs["lower"].to_numpy(), name="code", dtype="str"),
            name=to_level,
            dtype="str",
        )
        return result

    def members(
        self, code: str, level: str, member_level: str | None = None
    ) -> pd.Index:
        """The units of a lower level that lie in a unit.

        Parameters
        ----------
        code : str
            A unit's code.
        level : str
            The unit's level.
        member_level : str, optional
            A level at or below ``level``; default the lowest level.

        Returns
        -------
        pandas.Index
            Sorted member codes, named ``"code"``.

        Raises
        ------
        GeographyError
            If a level or the code is unknown, ``member_level`` is above ``level``,
            or a member straddles several units of ``level`` (``nested=False``).

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "02"],
        ... }))
        >>> list(geo.members("1001", "region"))
        ['0101', '0102']
        >>> list(geo.members("01", "county", "region"))
        ['1001']
        """
        member_level = self.lowest_level if member_level is None else member_level
        position = self._position(level)
        if self._position(member_level) > position:
            raise GeographyError(
                f"member_level {member_level!r} is above {level!r}; "
                f"levels from lowest are {_quoted(self._levels)}"
            )
        self._check_code(code, level)
        if member_level == level:
            return pd.Index([code], name="code", dtype="str")
        pairs = self._pairs(member_level, level)
        inside = pairs["lower"][pairs["upper"].eq(code).to_numpy()]
        elsewhere = pairs["lower"].isin(inside) & pairs["upper"].ne(code)
        if elsewhere.any():
            straddlers = sorted(set(pairs["lower"][elsewhere.to_numpy()].tolist()))
            raise GeographyError(
                f"{member_level} unit(s) {_few_repr(straddlers)} lie only partly in "
                f"{level} {code!r}; the levels of this hierarchy do not nest"
            )
        found: pd.Index = pd.Index(inside.to_numpy(), name="code", dtype="str")
        return found

    def ancestor_groups(self, level: str) -> tuple[IntArray, ...]:
        """For each level above ``level``: a group number per unit of ``level``.

        Parameters
        ----------
        level : str

        Returns
        -------
        tuple of ndarray of int64
            One array per higher level, lowest first, aligned with
            :meth:`units` of ``level``: units with the same number share an
            ancestor there.

        Notes
        -----
        A unit's ancestor on a higher level is the unit that holds most of its
        lowest-level members (ties go to the smallest code). In a nested hierarchy
        this is simply its parent, grandparent, ...; where levels do not nest
        (8 of Norway's 85 regions of 2017 straddle county borders) it places each
        straddling unit where most of it lies.

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ... }), levels=("municipality", "region"))
        >>> [g.tolist() for g in geo.ancestor_groups("municipality")]
        [[0, 0, 1]]
        """
        self._position(level)  # an unknown level (or a list) is named first
        cached = self._ancestor_cache.get(level)
        if cached is None:
            cached = _ancestor_groups(self, level)
            self._ancestor_cache[level] = cached
        return cached

    def neighbour_totals(self, values: FloatArray, level: str) -> FloatArray:
        """For each unit of ``level``: the total of ``values`` over its neighbours.

        Parameters
        ----------
        values : ndarray, shape (units, k)
            Counts of every unit of ``level``, in the order of :meth:`units`.
        level : str

        Returns
        -------
        ndarray, shape (units, k)
            The sum over the unit's neighbours (see :meth:`neighbours`); NaN where
            the country has a single unit. A NaN among the neighbours makes the
            total NaN.

        Raises
        ------
        GeographyError
            If the level is unknown.
        DataError
            If ``values`` are not numbers or not one row per unit of ``level``.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ... }), levels=("municipality", "region"))
        >>> geo.neighbour_totals(np.array([[100.0], [50.0], [30.0]]), "municipality")
        array([[ 50.],
               [100.],
               [150.]])
        """
        return _neighbour_totals(self, values, level)

    def neighbours(self, code: str, level: str) -> pd.Index:
        """The neighbours of a unit: the other units of its parent.

        Parameters
        ----------
        code : str
            A unit's code.
        level : str
            The unit's level.

        Returns
        -------
        pandas.Index
            Sorted codes (named ``"code"``) of the other units of ``level`` that
            share the unit's parent; see Notes for units alone in their parent.

        Raises
        ------
        GeographyError
            If the level or the code is unknown.

        Notes
        -----
        The neighbours of a municipality are the rest of its
        region; of a region, the rest of its county. Two extensions make the rule
        total: a unit that is its parent's only member takes the next level up (the
        rest of its grandparent, ..., at last the rest of the country: Oslo, alone
        in its region and county, has the rest of Norway), and where levels do not
        nest the parent is the one holding most of the unit (:meth:`ancestor_groups`).
        The same rule gives :meth:`neighbour_totals` and the panel's neighbour job
        growth.

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0103", "0201"],
        ...     "region_code": ["1001", "1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "01", "02"],
        ... }))
        >>> list(geo.neighbours("0102", "municipality"))
        ['0101', '0103']
        >>> list(geo.neighbours("0201", "municipality"))
        ['0101', '0102', '0103']
        >>> list(geo.neighbours("01", "county"))
        ['02']
        """
        return _neighbours(self, code, level)

    # -- sums -------------------------------------------------------------------

    def aggregate(
        self,
        frame: pd.DataFrame,
        to_level: str,
        *,
        from_level: str | None = None,
        unit_column: str = "code",
        by: Sequence[str] = ("year",),
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Sum additive counts of units up to a higher level.

        Parameters
        ----------
        frame : pandas.DataFrame
            Counts by unit (and by the ``by`` columns), one unit code per row in
            ``unit_column``.
        to_level : str
            The level to sum to, at or above ``from_level``.
        from_level : str, optional
            The level of the codes in ``frame``; default the lowest level.
        unit_column : str, default "code"
            The column with the unit codes.
        by : sequence of str, default ("year",)
            Further keys to keep apart (years, say); may be empty.
        columns : sequence of str, optional
            The count columns to sum; default every numeric, non-boolean column
            other than the keys.

        Returns
        -------
        pandas.DataFrame
            One row per ``to_level`` unit and ``by`` group present, sorted by
            ``(*by, unit_column)``, with the key and count columns in their input
            order and the ``to_level`` codes in ``unit_column``.

        Raises
        ------
        DataError
            If a column is absent or not numeric, a column option is not a
            column name (or ``columns`` or ``by`` is a single string), or a code
            is missing.
        GeographyError
            If a level is unknown, ``to_level`` is below ``from_level``, or codes
            in ``frame`` are not units of ``from_level`` (the message names the
            first few and their number).

        Notes
        -----
        Sums are exact: integer columns stay integers. A missing value in a cell
        makes the sum of its group missing; it is never counted as zero.

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "02"],
        ... }))
        >>> counts = pd.DataFrame({
        ...     "code": ["0101", "0102", "0201", "0101", "0102", "0201"],
        ...     "year": [2009, 2009, 2009, 2010, 2010, 2010],
        ...     "population": [10, 20, 5, 11, 21, 6],
        ... })
        >>> geo.aggregate(counts, "county")
          code  year  population
        0   01  2009          30
        1   02  2009           5
        2   01  2010          32
        3   02  2010           6
        """
        return _aggregate(
            self,
            frame,
            to_level,
            from_level=from_level,
            unit_column=unit_column,
            by=by,
            columns=columns,
        )

    def parent_totals(self, values: _SeriesOrFrame, level: str) -> _SeriesOrFrame:
        """For every unit, the total of its parent's members on the same level.

        Parameters
        ----------
        values : pandas.Series or pandas.DataFrame
            Numeric values indexed by the codes of every unit of ``level``, once
            each.
        level : str
            The level of the codes.

        Returns
        -------
        pandas.Series or pandas.DataFrame
            Same type, index and columns as ``values``: the sum over the units of
            ``level`` that share the unit's parent, the unit itself included. On the
            top level the parent is the whole country (the sum over all units).

        Raises
        ------
        DataError
            If values are not numeric or a code repeats.
        GeographyError
            If the level is unknown, codes are not units of the level, units of the
            level are absent, or parents are not unique (``nested=False``).

        Notes
        -----
        ``parent_totals(x) - x`` is the neighbours' total for
        every unit that shares its parent; :meth:`neighbour_totals` also covers
        units alone in their parent. Where levels do not nest the parent is the one
        holding most of the unit. A missing value makes its parent's total missing.

        Examples
        --------
        >>> import pandas as pd
        >>> geo = Hierarchy(pd.DataFrame({
        ...     "municipality_code": ["0101", "0102", "0201"],
        ...     "region_code": ["1001", "1001", "2001"],
        ...     "county_code": ["01", "01", "02"],
        ... }))
        >>> jobs = pd.Series([100, 50, 30], index=["0101", "0102", "0201"])
        >>> geo.parent_totals(jobs, "municipality").tolist()
        [150, 150, 30]
        >>> (geo.parent_totals(jobs, "municipality") - jobs).tolist()
        [50, 100, 0]
        >>> geo.parent_totals(pd.Series([7, 3], index=["01", "02"]), "county").tolist()
        [10, 10]
        """
        return _parent_totals(self, values, level)

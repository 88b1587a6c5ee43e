"""Units on levels, their neighbours, and border changes.

A :class:`Hierarchy` holds the units of a country on ordered levels, lowest first
(for Norway: municipality, region, county). It lists units, finds parents and
members, sums additive counts from one level to a higher one, and gives every
unit's neighbours as METHOD section 1 defines them: the rest of its parent.

Borders change. A :class:`ChangeTable` maps the codes valid in a year onto the
codes of a target vintage, with weights for splits, and :func:`rebase`
re-expresses a unit-year table of counts in the target borders, conserving every
yearly total.

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

import itertools
import os
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import (
    infer_dtype,
    is_bool_dtype,
    is_float_dtype,
    is_integer_dtype,
    is_numeric_dtype,
    is_object_dtype,
    is_string_dtype,
)

from ._typing import FloatArray, IntArray
from .errors import DataError, GeographyError

__all__ = ["ChangeTable", "Hierarchy", "rebase"]

_SeriesOrFrame = TypeVar("_SeriesOrFrame", "pd.Series[Any]", pd.DataFrame)

# How many offending items an error message lists before it says "and N more".
_SHOWN = 5
_WEIGHT_TOLERANCE = 1e-9


def _few(items: Sequence[str]) -> str:
    """Join the first items of a list for an error message, counting the rest."""
    shown = ", ".join(items[:_SHOWN])
    if len(items) > _SHOWN:
        shown += f" and {len(items) - _SHOWN} more ({len(items)} in all)"
    return shown


def _few_repr(items: Iterable[object]) -> str:
    return _few([repr(item) for item in items])


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _as_codes(series: pd.Series[Any], what: str) -> pd.Series[str]:
    """Unit codes as text; integers become ``str(int)``, missing stays missing.

    Floats are refused: a code read as a float has lost its leading zeros.
    """
    dtype = series.dtype
    if is_bool_dtype(dtype):
        raise DataError(f"{what} must hold codes as text, not booleans")
    if is_float_dtype(dtype):
        raise DataError(
            f"{what} holds floats; read codes as text (dtype=str) "
            "so that leading zeros survive"
        )
    if is_object_dtype(dtype) or not (
        is_integer_dtype(dtype) or is_string_dtype(dtype)
    ):
        kind = infer_dtype(series, skipna=True)
        if kind not in ("string", "integer", "mixed-integer", "empty"):
            raise DataError(f"{what} must hold codes as text or integers, got {kind}")
    codes: pd.Series[str] = series.astype("str")
    return codes


def _missing_codes(codes: pd.Series[str]) -> pd.Series[bool]:
    return codes.isna() | codes.eq("")


def _as_years(series: pd.Series[Any], what: str) -> pd.Series[int]:
    """Years as int64; integral floats are accepted, anything else is refused."""
    if series.isna().any():
        rows = series.index[series.isna()].tolist()
        raise DataError(f"{what} has missing years, in row(s) {_few_repr(rows)}")
    dtype = series.dtype
    if is_integer_dtype(dtype) and not is_bool_dtype(dtype):
        years: pd.Series[int] = series.astype("int64")
        return years
    if is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64)
        fractional = values != np.round(values)
        if not fractional.any():
            return series.astype("int64")
        bad = series[fractional].tolist()
        raise DataError(f"{what} must hold whole years, got {_few_repr(bad)}")
    raise DataError(f"{what} must hold integer years, got dtype {dtype}")


def _require_frame(frame: object, what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"{what} must be a pandas DataFrame, got {type(frame).__name__}"
        )
    return frame


def _require_columns(frame: pd.DataFrame, columns: Iterable[Hashable]) -> None:
    absent = [column for column in columns if column not in frame.columns]
    if absent:
        raise DataError(
            f"column(s) {_quoted(map(str, absent))} not in the frame; "
            f"its columns are {_quoted(map(str, frame.columns))}"
        )


def _count_columns(
    frame: pd.DataFrame, columns: Sequence[str] | None, keys: Sequence[str]
) -> list[str]:
    """The additive columns to sum: given ones checked, else every numeric one."""
    if columns is None:
        return [
            str(column)
            for column in frame.columns
            if column not in keys
            and is_numeric_dtype(frame[column].dtype)
            and not is_bool_dtype(frame[column].dtype)
        ]
    chosen = list(columns)
    _require_columns(frame, chosen)
    clash = [column for column in chosen if column in keys]
    if clash:
        raise DataError(
            f"column(s) {_quoted(clash)} are keys ({_quoted(keys)}), not counts to sum"
        )
    not_numeric = [c for c in chosen if not is_numeric_dtype(frame[c].dtype)]
    if not_numeric:
        raise DataError(f"column(s) {_quoted(not_numeric)} are not numeric")
    return chosen


def _sum_groups(
    frame: pd.DataFrame, keys: list[str], columns: list[str]
) -> pd.DataFrame:
    """Sum ``columns`` per ``keys``; a missing cell makes its group's sum missing."""
    grouped = frame.groupby(keys, sort=True, dropna=False, observed=True)
    # skipna=False: a missing count must never be read as zero.
    totals = grouped[columns].sum(skipna=False)
    return totals.reset_index()


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
        If there is no level, a level name repeats, a code is missing, a
        lowest-level code repeats, a unit lies in two units of the level above
        (when ``nested``), a code is used on two levels, or a code has two names.
    DataError
        If a column is absent or holds floats or other non-code values.

    See Also
    --------
    ChangeTable : Border changes between vintages.

    Notes
    -----
    Higher-level counts are sums of their members' counts (METHOD section 1),
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
        frame = _require_frame(frame, "the hierarchy table")
        if isinstance(levels, str):
            raise GeographyError(
                f"levels must be a sequence of level names, not the string {levels!r}"
            )
        level_names = tuple(levels)
        if not level_names:
            raise GeographyError("a hierarchy needs at least one level")
        for level in level_names:
            if not isinstance(level, str) or not level:
                raise GeographyError(
                    f"level names must be non-empty text, got {level!r}"
                )
        repeated = sorted({lv for lv in level_names if level_names.count(lv) > 1})
        if repeated:
            raise GeographyError(f"level name(s) {_quoted(repeated)} appear twice")
        self._levels = level_names
        self._nested = bool(nested)
        code_columns = dict(code_columns or {})
        name_columns = dict(name_columns or {})
        for option, given in (
            ("code_columns", code_columns),
            ("name_columns", name_columns),
        ):
            unknown = [key for key in given if key not in level_names]
            if unknown:
                raise GeographyError(
                    f"{option} names unknown level(s) {_quoted(unknown)}; "
                    f"levels are {_quoted(level_names)}"
                )

        codes: dict[str, pd.Series[str]] = {}
        names: dict[str, pd.Series[str]] = {}
        for level in level_names:
            code_column = code_columns.get(level, f"{level}_code")
            _require_columns(frame, [code_column])
            level_codes = _as_codes(frame[code_column], f"column {code_column!r}")
            missing = _missing_codes(level_codes)
            if missing.any():
                rows = frame.index[missing.to_numpy()].tolist()
                raise GeographyError(
                    f"column {code_column!r} (level {level!r}) has "
                    f"{int(missing.sum())} missing code(s), in row(s) {_few_repr(rows)}"
                )
            codes[level] = level_codes.reset_index(drop=True)
            name_column = name_columns.get(level)
            if name_column is None and f"{level}_name" in frame.columns:
                name_column = f"{level}_name"
            if name_column is None:
                names[level] = codes[level]
                continue
            _require_columns(frame, [name_column])
            level_names_column = frame[name_column]
            if level_names_column.isna().any():
                rows = frame.index[level_names_column.isna().to_numpy()].tolist()
                raise GeographyError(
                    f"column {name_column!r} (level {level!r}) has missing name(s), "
                    f"in row(s) {_few_repr(rows)}"
                )
            names[level] = level_names_column.astype("str").reset_index(drop=True)

        table = pd.DataFrame(codes)
        self._check_lowest_unique(table)
        self._check_one_level_per_code(table)
        if self._nested:
            for lower, upper in itertools.pairwise(level_names):
                straddling = self._straddling(self._pairs_of(table, lower, upper))
                if straddling:
                    raise GeographyError(
                        f"{lower} unit(s) in more than one {upper}: {straddling}; "
                        f"every {lower} must lie in exactly one {upper} "
                        "(pass nested=False if the levels do not nest)"
                    )
        self._names = {
            level: self._check_names(codes[level], names[level], level)
            for level in level_names
        }
        self._table = table.sort_values(list(level_names)).reset_index(drop=True)
        self._units = {
            level: pd.Index(np.sort(table[level].unique()), name="code", dtype="str")
            for level in level_names
        }
        self._pairs_cache: dict[tuple[str, str], pd.DataFrame] = {}
        self._ancestor_cache: dict[str, tuple[IntArray, ...]] = {}

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
            The CSV file. Every column is read as text, so codes keep leading
            zeros and a code such as ``"NA"`` stays a code.
        levels, code_columns, name_columns, nested
            As for :class:`Hierarchy`.

        Returns
        -------
        Hierarchy
            The validated hierarchy.

        Raises
        ------
        GeographyError, DataError
            As for :class:`Hierarchy`.

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
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        return cls(
            frame,
            levels,
            code_columns=code_columns,
            name_columns=name_columns,
            nested=nested,
        )

    # -- validation helpers -----------------------------------------------------

    def _check_lowest_unique(self, table: pd.DataFrame) -> None:
        lowest = self._levels[0]
        counts = table[lowest].value_counts()
        repeated = counts[counts > 1].sort_index()
        if len(repeated):
            listed = [f"{code!r} ({n} rows)" for code, n in repeated.items()]
            raise GeographyError(
                f"{lowest} code(s) on more than one row: {_few(listed)}; "
                f"the table needs one row per {lowest}"
            )

    def _check_one_level_per_code(self, table: pd.DataFrame) -> None:
        if len(self._levels) < 2:
            return
        on_level = pd.concat(
            [
                pd.DataFrame({"code": table[level].unique(), "level": level})
                for level in self._levels
            ],
            ignore_index=True,
        )
        shared = on_level[on_level["code"].duplicated(keep=False)]
        if len(shared):
            listed = [
                f"{code!r} ({' and '.join(group['level'])})"
                for code, group in shared.groupby("code", sort=True)
            ]
            raise GeographyError(
                f"code(s) used on more than one level: {_few(listed)}; "
                "a code must name one unit on one level"
            )

    @staticmethod
    def _check_names(
        codes: pd.Series[str], names: pd.Series[str], level: str
    ) -> pd.Series[str]:
        pairs = pd.DataFrame({"code": codes, "name": names}).drop_duplicates()
        conflicting = pairs[pairs["code"].duplicated(keep=False)]
        if len(conflicting):
            listed = [
                f"{level} {code!r} is called "
                + " and ".join(repr(name) for name in sorted(group["name"]))
                for code, group in conflicting.groupby("code", sort=True)
            ]
            raise GeographyError(
                f"unit(s) with more than one name: {_few(listed)}; "
                "a code needs one name"
            )
        by_code = pairs.set_index("code")["name"].sort_index()
        by_code.index.name = "code"
        return by_code

    @staticmethod
    def _pairs_of(table: pd.DataFrame, lower: str, upper: str) -> pd.DataFrame:
        pairs = table[[lower, upper]].drop_duplicates()
        pairs.columns = pd.Index(["lower", "upper"])
        return pairs.sort_values(["lower", "upper"]).reset_index(drop=True)

    @staticmethod
    def _straddling(pairs: pd.DataFrame) -> str:
        """Describe the units that lie in more than one upper unit ("" if none)."""
        repeated = pairs[pairs["lower"].duplicated(keep=False)]
        if not len(repeated):
            return ""
        listed = [
            f"{code!r} (in " + " and ".join(repr(up) for up in group["upper"]) + ")"
            for code, group in repeated.groupby("lower", sort=True)
        ]
        return _few(listed)

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
        try:
            return self._levels.index(level)
        except ValueError:
            raise GeographyError(
                f"unknown level {level!r}; levels are {_quoted(self._levels)}"
            ) from None

    def _check_code(self, code: str, level: str) -> None:
        self._position(level)
        if code not in self._units[level]:
            raise GeographyError(f"{code!r} is not a {level} code of this hierarchy")

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
            self._pairs_cache[key] = self._pairs_of(self._table, lower, upper)
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
            codes of ``from_level`` (index named ``"code"``).

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
        pairs = self._pairs(from_level, to_level)
        straddling = self._straddling(pairs)
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
        cached = self._ancestor_cache.get(level)
        if cached is not None:
            return cached
        position = self._position(level)
        lowest = self.lowest_level
        codes = self._units[level]
        own = self.mapping(lowest, level).to_numpy(dtype=object)
        groups: list[IntArray] = []
        for ancestor in self._levels[position + 1 :]:
            above = self.mapping(lowest, ancestor).to_numpy(dtype=object)
            counts = (
                pd.DataFrame({"unit": own, "ancestor": above})
                .groupby(["unit", "ancestor"])
                .size()
                .rename("n")
                .reset_index()
                .sort_values(["unit", "n", "ancestor"], ascending=[True, False, True])
                .drop_duplicates("unit")
            )
            chosen = pd.Series(
                counts["ancestor"].to_numpy(), index=counts["unit"].to_numpy()
            ).reindex(codes)
            group, _ = pd.factorize(chosen)
            groups.append(np.asarray(group, dtype=np.int64))
        result = tuple(groups)
        for group in result:
            group.flags.writeable = False
        self._ancestor_cache[level] = result
        return result

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
        values = np.asarray(values, dtype=np.float64)
        n_units = len(self._units[level])
        if values.ndim != 2 or values.shape[0] != n_units:
            raise DataError(
                f"values must have one row per {level} unit ({n_units}), "
                f"got shape {values.shape}"
            )
        totals = np.full(values.shape, np.nan)
        unresolved = np.ones(n_units, dtype=np.bool_)
        for group in self.ancestor_groups(level):
            members = np.bincount(group)[group]
            take = unresolved & (members > 1)
            for j in range(values.shape[1]):
                sums = np.bincount(group, weights=values[:, j])
                totals[take, j] = sums[group][take]
            unresolved &= ~take
        if n_units > 1:
            totals[unresolved] = values.sum(axis=0)
        neighbours: FloatArray = totals - values
        return neighbours

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
        METHOD section 1: the neighbours of a municipality are the rest of its
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
        self._check_code(code, level)
        codes = self._units[level]
        where = int(codes.get_loc(code))
        everyone = codes
        for group in self.ancestor_groups(level):
            same = codes[group == group[where]]
            if len(same) > 1:
                everyone = same
                break
        others: pd.Index = pd.Index(
            everyone[everyone != code], name="code", dtype="str"
        )
        return others

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
            If a column is absent or not numeric, or a code is missing.
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
        frame = _require_frame(frame, "frame")
        from_level = self.lowest_level if from_level is None else from_level
        mapping = self.mapping(from_level, to_level)
        if isinstance(by, str):
            raise DataError(
                f"by must be a sequence of column names, not the string {by!r}"
            )
        keys = [*by]
        if unit_column in keys:
            raise DataError(f"unit_column {unit_column!r} is also in by")
        _require_columns(frame, [unit_column, *keys])
        counts = _count_columns(frame, columns, [unit_column, *keys])
        codes = self._locate(frame[unit_column], from_level, f"column {unit_column!r}")
        targets = mapping.iloc[mapping.index.get_indexer(pd.Index(codes))].to_numpy()
        work = frame.loc[:, [*keys, *counts]]
        work.insert(0, unit_column, targets)
        totals = _sum_groups(work, [*keys, unit_column], counts)
        order = [c for c in frame.columns if c in {unit_column, *keys, *counts}]
        return totals.loc[:, order]

    def _locate(
        self, values: pd.Series[Any] | pd.Index, level: str, what: str
    ) -> pd.Series[str]:
        """Codes of ``values`` checked against the units of ``level``."""
        codes = _as_codes(pd.Series(values), what)
        missing = _missing_codes(codes)
        if missing.any():
            rows = codes.index[missing.to_numpy()].tolist()
            raise DataError(
                f"{what} has {int(missing.sum())} missing code(s), "
                f"in row(s) {_few_repr(rows)}"
            )
        known = codes.isin(self._units[level])
        if not known.all():
            unknown = sorted(set(codes[~known].tolist()))
            raise GeographyError(
                f"{len(unknown)} code(s) in {what} are not {level} codes of the "
                f"hierarchy: {_few_repr(unknown)}"
            )
        return codes

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
        ``parent_totals(x) - x`` is the neighbours' total of METHOD section 1 for
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
        if not isinstance(values, pd.Series | pd.DataFrame):
            raise DataError(
                "values must be a pandas Series or DataFrame, "
                f"got {type(values).__name__}"
            )
        position = self._position(level)
        dtypes = (
            [values.dtype] if isinstance(values, pd.Series) else list(values.dtypes)
        )
        if not all(is_numeric_dtype(dtype) for dtype in dtypes):
            raise DataError("parent_totals needs numeric values")
        codes = self._locate(values.index, level, "the index of values")
        repeated = codes[codes.duplicated()]
        if len(repeated):
            raise DataError(
                f"{level} code(s) repeated in the index of values: "
                f"{_few_repr(sorted(set(repeated.tolist())))}"
            )
        absent = self._units[level].difference(pd.Index(codes))
        if len(absent):
            raise GeographyError(
                f"values lack {len(absent)} {level} unit(s) of the hierarchy: "
                f"{_few_repr(absent.tolist())}; parent totals need every unit"
            )
        if position == len(self._levels) - 1:
            groups: npt.NDArray[Any] = np.zeros(len(codes), dtype=np.int64)
        else:
            parents = self.ancestor_groups(level)[0]
            groups = parents[self._units[level].get_indexer(pd.Index(codes))]
        totals: _SeriesOrFrame = values.groupby(groups).transform("sum", skipna=False)
        return totals


def _few_unit_years(codes: pd.Series[str], years: pd.Series[int]) -> tuple[int, str]:
    """Count distinct (code, year) pairs and list the first few for a message."""
    pairs = pd.DataFrame({"code": codes.to_numpy(), "year": years.to_numpy()})
    pairs = pairs.drop_duplicates().sort_values(["year", "code"])
    listed = [f"{code!r} in {year}" for code, year in pairs.itertuples(index=False)]
    return len(listed), _few(listed)


@dataclass(frozen=True, eq=False)
class ChangeTable:
    """Maps codes valid in a year onto codes of a target vintage, with split weights.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``original`` (a code valid in ``year``), ``year``, ``target`` (a
        code of the target vintage) and ``weight`` (the share of the original
        unit that goes to the target). Stored normalised: codes as text, years as
        int64, weights as float64, sorted by ``(year, original, target)``.

    Raises
    ------
    DataError
        If a column is absent or a value is missing or of the wrong type.
    GeographyError
        If a weight is outside (0, 1], an (original, year, target) row repeats,
        or the weights of an original code in a year do not sum to 1 (within
        1e-9).

    See Also
    --------
    rebase : Re-express counts in the target borders.

    Notes
    -----
    The weights of one original unit and year sum to one, so a count split by
    them is conserved (METHOD section 1). A merge is a set of weight-1 rows with
    one target. Instances compare by identity; compare ``frame`` for content.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = ChangeTable.from_frame(pd.DataFrame({
    ...     "original": ["0101", "0102", "0103", "0103"],
    ...     "year": [2017, 2017, 2017, 2017],
    ...     "target": ["3101", "3101", "3102", "3103"],
    ...     "weight": [1.0, 1.0, 0.25, 0.75],
    ... }))
    >>> changes.targets("0103", 2017)
    target
    3102    0.25
    3103    0.75
    Name: weight, dtype: float64
    """

    frame: pd.DataFrame

    def __post_init__(self) -> None:
        frame = _require_frame(self.frame, "the change table")
        _require_columns(frame, ["original", "year", "target", "weight"])
        original = _as_codes(frame["original"], "column 'original'")
        target = _as_codes(frame["target"], "column 'target'")
        for name, codes in (("original", original), ("target", target)):
            missing = _missing_codes(codes)
            if missing.any():
                rows = frame.index[missing.to_numpy()].tolist()
                raise DataError(
                    f"column {name!r} has missing codes, in row(s) {_few_repr(rows)}"
                )
        year = _as_years(frame["year"], "column 'year'")
        if not is_numeric_dtype(frame["weight"].dtype) or is_bool_dtype(
            frame["weight"].dtype
        ):
            raise DataError("column 'weight' must be numeric")
        weight = frame["weight"].astype("float64")
        if weight.isna().any():
            rows = frame.index[weight.isna().to_numpy()].tolist()
            raise DataError(
                f"column 'weight' has missing values, in row(s) {_few_repr(rows)}"
            )
        table = pd.DataFrame(
            {
                "original": original.to_numpy(),
                "year": year.to_numpy(),
                "target": target.to_numpy(),
                "weight": weight.to_numpy(),
            }
        ).astype({"original": "str", "target": "str"})

        outside = ~((table["weight"] > 0) & (table["weight"] <= 1))
        if outside.any():
            listed = [
                f"{o!r} in {y} -> {t!r}: {w!r}"
                for o, y, t, w in table[outside].itertuples(index=False)
            ]
            raise GeographyError(f"weights must lie in (0, 1]; got {_few(listed)}")
        repeated = table.duplicated(["original", "year", "target"])
        if repeated.any():
            listed = [
                f"{o!r} in {y} -> {t!r}"
                for o, y, t, _ in table[repeated].itertuples(index=False)
            ]
            raise GeographyError(f"change table rows repeat: {_few(listed)}")
        sums = table.groupby(["original", "year"], sort=True)["weight"].sum()
        off = sums[(sums - 1.0).abs() > _WEIGHT_TOLERANCE]
        if len(off):
            listed = [
                f"{o!r} in {y} sum to {total!r}"
                for o, y, total in off.reset_index().itertuples(index=False)
            ]
            raise GeographyError(
                f"weights of an original code and year must sum to 1; {_few(listed)}"
            )
        table = table.sort_values(["year", "original", "target"]).reset_index(drop=True)
        object.__setattr__(self, "frame", table)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        original: str = "original",
        year: str = "year",
        target: str = "target",
        weight: str = "weight",
    ) -> ChangeTable:
        """Build a change table from a frame with any column names.

        Parameters
        ----------
        frame : pandas.DataFrame
            The table.
        original, year, target, weight : str
            The names of its columns.

        Returns
        -------
        ChangeTable
            The validated table.

        Raises
        ------
        DataError, GeographyError
            As for :class:`ChangeTable`.
        """
        frame = _require_frame(frame, "frame")
        _require_columns(frame, [original, year, target, weight])
        renamed = frame.loc[:, [original, year, target, weight]]
        renamed.columns = pd.Index(["original", "year", "target", "weight"])
        return cls(renamed)

    @classmethod
    def from_csdata(
        cls,
        path_or_frame: str | os.PathLike[str] | pd.DataFrame,
        *,
        granularity: str = "municip",
    ) -> ChangeTable:
        """Read a redistricting table in the csdata format of ``splverse``.

        Parameters
        ----------
        path_or_frame : str, path-like or pandas.DataFrame
            A CSV file, or its contents, with columns ``location_code_current``,
            ``location_code_original``, ``calyear``, ``weighting`` and
            ``granularity_geo``; codes look like ``"municip_nor0301"``.
        granularity : str, default "municip"
            The rows to keep (``"municip"``, ``"county"``, ...). The prefix
            ``f"{granularity}_nor"`` is stripped from the codes.

        Returns
        -------
        ChangeTable
            Original code and calendar year mapped onto the current code.

        Raises
        ------
        DataError
            If a column is absent or a value malformed.
        GeographyError
            If no row has the granularity, a code lacks the prefix, or the
            weights are invalid (see :class:`ChangeTable`).

        Notes
        -----
        The Norwegian table ``redistricting_b2024.csv`` maps the codes valid in
        each year from 1940 onto the borders of 2024.

        Examples
        --------
        >>> import pandas as pd
        >>> raw = pd.DataFrame({
        ...     "location_code_current": ["municip_nor4204"] * 2 + ["county_nor42"],
        ...     "location_code_original": ["municip_nor1001", "municip_nor1017",
        ...                                "county_nor10"],
        ...     "calyear": ["2017.0", "2017.0", "2017.0"],
        ...     "weighting": ["1.0", "1.0", "1.0"],
        ...     "granularity_geo": ["municip", "municip", "county"],
        ... })
        >>> ChangeTable.from_csdata(raw).frame
          original  year target  weight
        0     1001  2017   4204     1.0
        1     1017  2017   4204     1.0
        """
        if isinstance(path_or_frame, pd.DataFrame):
            raw = path_or_frame
        else:
            raw = pd.read_csv(
                path_or_frame, dtype=str, keep_default_na=False, na_values=[""]
            )
        columns = {
            "location_code_original": "original",
            "calyear": "year",
            "location_code_current": "target",
            "weighting": "weight",
        }
        _require_columns(raw, [*columns, "granularity_geo"])
        rows = raw.loc[raw["granularity_geo"].eq(granularity).to_numpy(), list(columns)]
        if not len(rows):
            present = sorted(set(raw["granularity_geo"].dropna().astype(str)))
            raise GeographyError(
                f"no rows of granularity {granularity!r}; the table has "
                f"{_quoted(present)}"
            )
        prefix = f"{granularity}_nor"
        table: dict[str, Any] = {}
        for column in ("location_code_original", "location_code_current"):
            codes = rows[column].astype("str")
            lacking = ~codes.str.startswith(prefix).fillna(False)
            if lacking.any():
                raise GeographyError(
                    f"codes in {column!r} without the prefix {prefix!r}: "
                    f"{_few_repr(sorted(set(codes[lacking].astype(str))))}"
                )
            table[columns[column]] = codes.str.slice(len(prefix)).to_numpy()
        for column in ("calyear", "weighting"):
            try:
                table[columns[column]] = pd.to_numeric(rows[column]).to_numpy()
            except (ValueError, TypeError) as err:
                raise DataError(f"column {column!r} is not numeric: {err}") from None
        return cls(pd.DataFrame(table)[["original", "year", "target", "weight"]])

    def targets(self, code: str, year: int) -> pd.Series[float]:
        """Where the unit ``code`` of ``year`` goes, with its weights.

        Parameters
        ----------
        code : str
            A code valid in ``year``.
        year : int
            The year the code is valid in.

        Returns
        -------
        pandas.Series
            Weight (named ``"weight"``) by target code (index named ``"target"``),
            sorted by target; the weights sum to one.

        Raises
        ------
        GeographyError
            If the table has no row for ``code`` in ``year``.
        """
        frame = self.frame
        rows = frame[(frame["original"].eq(code) & frame["year"].eq(year)).to_numpy()]
        if not len(rows):
            raise GeographyError(
                f"the change table has no row for {code!r} in {year!r}"
            )
        weights: pd.Series[float] = pd.Series(
            rows["weight"].to_numpy(),
            index=pd.Index(rows["target"].to_numpy(), name="target", dtype="str"),
            name="weight",
        )
        return weights


def rebase(
    data: pd.DataFrame,
    changes: ChangeTable,
    *,
    unit_column: str = "code",
    year_column: str = "year",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Re-express a unit-year table of counts in the borders of the target vintage.

    Parameters
    ----------
    data : pandas.DataFrame
        Counts, one row per unit and year, with the codes valid in that year.
    changes : ChangeTable
        Maps each (code, year) onto target codes with weights.
    unit_column : str, default "code"
        The column of unit codes.
    year_column : str, default "year"
        The column of years.
    columns : sequence of str, optional
        The count columns; default every numeric, non-boolean column other than
        the year (and the codes).

    Returns
    -------
    pandas.DataFrame
        One row per target code and year, sorted by ``(year, code)``, with the
        unit, year and count columns in their input order; other columns are
        dropped.

    Raises
    ------
    DataError
        If a column is absent or not numeric, a code or year is missing, or a
        unit-year repeats.
    GeographyError
        If some (code, year) pairs have no row in the change table (the message
        names the first few and their number).

    Notes
    -----
    Each original count :math:`x_{o,y}` is split by the weights and summed per
    target and year:

    .. math:: x'_{t,y} = \\sum_o w_{o,y,t}\\, x_{o,y}

    Since the weights of each original unit sum to one, every yearly total is
    conserved up to float rounding. When every weight used is 1 (merges and
    renamings only), integer columns stay integers and the sums are exact. A
    missing count makes its target's count missing.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = ChangeTable.from_frame(pd.DataFrame({
    ...     "original": ["0101", "0102", "0103", "0103"],
    ...     "year": [2017, 2017, 2017, 2017],
    ...     "target": ["3101", "3101", "3102", "3103"],
    ...     "weight": [1.0, 1.0, 0.25, 0.75],
    ... }))
    >>> counts = pd.DataFrame({
    ...     "code": ["0101", "0102", "0103"],
    ...     "year": [2017, 2017, 2017],
    ...     "population": [100, 50, 40],
    ... })
    >>> rebase(counts, changes)
       code  year  population
    0  3101  2017       150.0
    1  3102  2017        10.0
    2  3103  2017        30.0
    """
    data = _require_frame(data, "data")
    if not isinstance(changes, ChangeTable):
        raise DataError(f"changes must be a ChangeTable, got {type(changes).__name__}")
    if unit_column == year_column:
        raise DataError(f"unit_column and year_column are both {unit_column!r}")
    _require_columns(data, [unit_column, year_column])
    counts = _count_columns(data, columns, [unit_column, year_column])
    codes = _as_codes(data[unit_column], f"column {unit_column!r}")
    missing = _missing_codes(codes)
    if missing.any():
        rows = data.index[missing.to_numpy()].tolist()
        raise DataError(
            f"column {unit_column!r} has missing codes, in row(s) {_few_repr(rows)}"
        )
    years = _as_years(data[year_column], f"column {year_column!r}")
    keys = pd.DataFrame({"original": codes.to_numpy(), "year": years.to_numpy()})
    repeated = keys.duplicated(keep=False).to_numpy()
    if repeated.any():
        n, listed = _few_unit_years(codes[repeated], years[repeated])
        raise DataError(f"{n} unit-year(s) appear on more than one row: {listed}")

    keys["row"] = np.arange(len(keys))
    placed = keys.merge(changes.frame, on=["original", "year"], how="left", sort=False)
    unplaced = placed["target"].isna().to_numpy()
    if unplaced.any():
        n, listed = _few_unit_years(
            placed["original"][unplaced], placed["year"][unplaced]
        )
        raise GeographyError(
            f"{n} unit-year(s) in column {unit_column!r} are not in the change "
            f"table: {listed}"
        )
    source_rows = placed["row"].to_numpy()
    weights = placed["weight"].to_numpy(dtype=np.float64)
    # Merges and renamings (all weights 1) keep integer counts exact.
    whole = bool(np.all(weights == 1.0))
    parts: dict[str, Any] = {
        year_column: placed["year"].to_numpy(),
        unit_column: placed["target"].array,
    }
    for column in counts:
        values = data[column].iloc[source_rows].reset_index(drop=True)
        if whole and is_integer_dtype(values.dtype):
            parts[column] = values
        else:
            # Nullable columns stay nullable, so missing counts stay missing.
            nullable = isinstance(values.dtype, pd.api.extensions.ExtensionDtype)
            parts[column] = (
                values.astype("Float64" if nullable else "float64") * weights
            )
    work = pd.DataFrame(parts)
    totals = _sum_groups(work, [year_column, unit_column], counts)
    order = [c for c in data.columns if c in {unit_column, year_column, *counts}]
    return totals.loc[:, order]

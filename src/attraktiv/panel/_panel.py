"""The :class:`Panel`: validated unit × year counts and the sums of every level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Final, Literal

import numpy as np
import pandas as pd

from ..core.text import years_text as _years_text
from ..core.typing import BoolArray, FloatArray
from ..core.validation import check_flag, check_option, check_text, shown
from ..errors import (
    DataError,
    FlowError,
    InvalidOptionError,
    PeriodError,
)
from ..geography import Hierarchy
from ..periods import Period, as_period
from . import _checks
from ._groups import _Groups
from ._periods import PanelPeriods
from ._scans import _YearScans
from ._schema import (
    _COMPONENT_PREFIX,
    _CORE_COLUMNS,
    _COUNTS,
    _FLOW_TOLERANCE,
    _NON_NEGATIVE,
    _PART_OF,
    COLUMN_AGGREGATIONS,
    INPUT_COLUMNS,
    ColumnAggregation,
    _more,
    _read_only,
)
from .counts import PeriodCounts, _LevelArrays

__all__ = ["MISSING_OPTIONS", "MissingOption", "Panel", "require_panel"]

#: What a fit does with a unit that lacks a value it needs in a period.
MissingOption = Literal["raise", "drop"]
MISSING_OPTIONS: Final[tuple[MissingOption, ...]] = ("raise", "drop")


class Panel(PanelPeriods):
    """Validated unit × year counts at a hierarchy's lowest level.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit and year, in long format, with the columns below. Counts may
        be integers or floats; NaN means unknown and is allowed (a year may exist
        only for its job count, as the end-2002 jobs of
        :func:`attraktiv.datasets.load_norway` do) until a requested period needs
        the cell.
    hierarchy : Hierarchy
        The geography; every unit of ``data`` must be one of its lowest-level units,
        and every lowest-level unit must have data.
    components : sequence of str, optional
        Names of the flow components that split net migration (see :doc:`/method`); the
        column of component ``c`` is ``net_migration_<c>``. By default the components
        of :data:`DEFAULT_COMPONENTS` whose columns are present. Pass ``()`` to ignore
        them, or your own split (``["age_0_19", "age_20_64", "age_65"]``).
    unit_column, year_column : str, default "code", "year"
        Names of the unit code and year columns. Codes are compared as text.
    metadata : mapping, optional
        Free description (source, licence, notes); kept read-only.
    derive_net_migration : bool or None, default None
        Whether net migration is the population change less the natural increase.
        ``True`` asks for it (the data then must have ``natural_increase`` and no
        ``net_migration``, ``in_migration`` or ``out_migration``); ``False``
        forbids it (a missing ``net_migration`` is an error); ``None`` derives it
        only when the data have no migration column, and says so with an
        :class:`~attraktiv.errors.AttraktivWarning` that names the columns it did
        not recognise.
    flow_tolerance : float, default 0.0
        How far the flow components may miss ``net_migration`` in a unit-year, as a
        share of its population on 1 January (beyond rounding of the arithmetic).
        0 requires them to add up. Real data may need more: where net migration is
        population change less a natural increase published as a rounded percent,
        ``5e-5`` (half a person per 10,000 residents) covers that rounding.
    missing : {"raise", "drop"}, default "raise"
        What a period's fit does with a unit that lacks a value it needs there
        (population at the start, net migration in a year of the period, jobs
        before or at the end). ``"raise"`` refuses the fit with a
        :class:`~attraktiv.errors.DataError` naming the unit, year and column.
        ``"drop"`` leaves the unit out of that period's counts (at a higher
        level, every unit with such a member is left out: its sums are unknown),
        for data in which holes are the rule, such as Eurostat's regions
        (:func:`attraktiv.datasets.load_europe`); :meth:`left_out` lists them
        and :meth:`missing_note` says how many per top-level unit, the note a
        fit gives as an :class:`~attraktiv.errors.AttraktivWarning`.

    Attributes
    ----------
    data : pandas.DataFrame
        The validated data: every lowest-level unit × every panel year (absent rows
        become NaN), sorted by unit and year, counts as float64, with
        ``net_migration`` computed from in- and out-migration where needed.
    hierarchy : Hierarchy
        The geography.
    components : tuple of str
        The flow components.
    years : tuple of int
        The years present in ``data``.
    metadata : mapping
        Read-only description.
    levels : tuple of str
        The hierarchy's levels, lowest first.

    Raises
    ------
    DataError
        Missing unit, year or required columns; duplicate unit-years; non-numeric or
        infinite values; units not in the hierarchy (or hierarchy units without
        data); population not positive; negative counts. Each message names the unit
        and year or the column.
    FlowError
        Flow components that do not add up to net migration (or net migration that
        differs from in-migration minus out-migration) in some unit-year.

    See Also
    --------
    attraktiv.datasets.load_norway : the real Norwegian panel.
    attraktiv.datasets.simulate_panel : a synthetic panel with every input.

    Notes
    -----
    The schema (any other numeric column is kept, and reaches higher levels only as
    declared, see below):

    ==========================  ===================  ================================
    column                      unit of measure      meaning
    ==========================  ===================  ================================
    ``population_jan1``         persons              residents on 1 January (> 0)
    ``natural_increase``        persons              births minus deaths during the
                                                     year (optional)
    ``net_migration``           persons              in- minus out-migration during
                                                     the year, abroad included
    ``in_migration``            persons              moving in during the year
                                                     (with ``out_migration``,
                                                     instead of ``net_migration``)
    ``out_migration``           persons              moving out; net = in - out
    ``jobs``                    jobs                 jobs located in the unit (place
                                                     of work) at the END of the year
    ``net_migration_<c>``       persons              flow component ``c``; the
                                                     components add up to
                                                     ``net_migration``
    ``in_commuters``            persons              work in the unit, live elsewhere
    ``out_commuters``           persons              live in the unit, work elsewhere
    ``employed_residents``      persons              employed persons living there
    ``cafe_jobs``               jobs                 in cafés, restaurants and pubs
    ``higher_education``        persons              residents 16+ whose highest
                                                     completed education is at a
                                                     university or college
    ``education_known``         persons              residents 16+ with a known
                                                     education level
    ``university_staff``        persons              employees of universities and
                                                     colleges (0 where none)
    ``dwellings_completed``     dwellings            completed during the year
    ``culture_index``           score                an external score (its factor
                                                     declares it is averaged,
                                                     weighted by population)
    ==========================  ===================  ================================

    A higher level's counts are the sums of its members' counts (NaN if any member's
    is NaN); see :meth:`aggregate`. Rates are computed after aggregating, never by
    averaging rates. A column that is not a count of the schema (a score, a price, a
    rate, a column of your own) is never summed silently: whoever reads it above the
    lowest level declares how it aggregates (``aggregation=`` of :meth:`counts` and
    :meth:`aggregate`, as a factor's declaration does:
    :func:`attraktiv.factors.aggregation_of`), else reading it raises
    :class:`~attraktiv.errors.DataError` naming the column.

    Examples
    --------
    >>> import pandas as pd
    >>> from attraktiv.geography import Hierarchy
    >>> hierarchy = Hierarchy(pd.DataFrame({
    ...     "municipality_code": ["01", "02", "03"],
    ...     "municipality_name": ["Ask", "Bø", "Lom"],
    ...     "region_code": ["R1", "R1", "R2"],
    ...     "region_name": ["North", "North", "South"],
    ...     "county_code": ["C1", "C1", "C1"],
    ...     "county_name": ["Land", "Land", "Land"],
    ... }))
    >>> data = pd.DataFrame({
    ...     "code": ["01", "01", "02", "02", "03", "03"],
    ...     "year": [2009, 2010] * 3,
    ...     "population_jan1": [None, 1000, None, 2000, None, 500],
    ...     "net_migration": [None, 30, None, -10, None, 5],
    ...     "jobs": [400, 420, 900, 900, 100, 95],
    ... })
    >>> panel = Panel(data, hierarchy)
    >>> panel.years
    (2009, 2010)
    >>> from attraktiv import period_table
    >>> period_table(panel, "2010-2010", level="region")[
    ...     ["name", "population_start", "net_migration", "job_growth"]]
           name  population_start  net_migration  job_growth
    code
    R1    North            3000.0       0.666667    1.538462
    R2    South             500.0       1.000000   -5.000000
    """

    def __init__(
        self,
        data: pd.DataFrame,
        hierarchy: Hierarchy,
        *,
        components: Sequence[str] | None = None,
        unit_column: str = "code",
        year_column: str = "year",
        metadata: Mapping[str, object] | None = None,
        flow_tolerance: float = 0.0,
        derive_net_migration: bool | None = None,
        missing: MissingOption = "raise",
    ) -> None:
        self._missing = check_option("missing", missing, MISSING_OPTIONS)
        if not isinstance(data, pd.DataFrame):
            raise DataError(
                f"data must be a pandas DataFrame, got {type(data).__name__}"
            )
        if not isinstance(hierarchy, Hierarchy):
            raise DataError(
                "hierarchy must be an attraktiv.geography.Hierarchy, got "
                f"{type(hierarchy).__name__}"
            )
        self._hierarchy = hierarchy
        self._unit_column = unit_column
        self._year_column = year_column
        if metadata is not None and not isinstance(metadata, Mapping):
            raise DataError(
                f"metadata must be a mapping such as {{'source': 'SSB'}}, got "
                f"{type(metadata).__name__}"
            )
        self._metadata: Mapping[str, object] = MappingProxyType(dict(metadata or {}))
        if (
            isinstance(flow_tolerance, bool)
            or not isinstance(flow_tolerance, int | float)
            or not 0.0 <= flow_tolerance < 0.01
        ):
            raise InvalidOptionError(
                f"flow_tolerance={flow_tolerance!r} is not valid; give a share of the "
                "population from 0 (components add up exactly) to below 0.01"
            )
        self._flow_tolerance = float(flow_tolerance)

        for role, column in (("unit", unit_column), ("year", year_column)):
            if not isinstance(column, str):
                raise DataError(
                    f"{role}_column={shown(column)} is not valid; give the name of "
                    f"the {role} column of data as text"
                )
            if column not in data.columns:
                raise DataError(
                    f"data has no {role} column {column!r}; columns are: "
                    f"{', '.join(map(str, data.columns))}"
                )
        if data.columns.has_duplicates:
            repeated = list(dict.fromkeys(data.columns[data.columns.duplicated()]))
            raise DataError(
                f"data has more than one column named {repeated[0]!r}; give each "
                "column one name"
            )
        if len(data) == 0:
            raise DataError(
                "data has no rows (only a header?); give one row per unit and year"
            )
        value_columns = [c for c in data.columns if c not in (unit_column, year_column)]
        not_text = [c for c in value_columns if not isinstance(c, str)]
        if not_text:
            raise DataError(
                f"column names must be text; got {', '.join(map(repr, not_text))}"
            )
        if derive_net_migration is not None and not isinstance(
            derive_net_migration, bool
        ):
            raise InvalidOptionError(
                "derive_net_migration must be True, False or None, got "
                f"{derive_net_migration!r}"
            )
        _checks.check_numeric(data, value_columns)
        _checks.warn_unknown(value_columns)
        _checks.check_required(value_columns, derive_net_migration)
        self._components = _checks.resolve_components(components, value_columns)

        codes = data[unit_column].astype("str").to_numpy(dtype=object)
        year_ints = _checks.checked_years(data[year_column], codes, year_column)

        lowest = hierarchy.lowest_level
        unit_index = pd.Index(
            sorted(hierarchy.units(lowest).astype("str")), name="code"
        )
        unit_pos = unit_index.get_indexer(pd.Index(codes))
        if (unit_pos < 0).any():
            unknown = list(dict.fromkeys(codes[unit_pos < 0]))
            listed = ", ".join(repr(c) for c in unknown[:10])
            raise DataError(
                f"{len(unknown)} unit(s) in data are not {lowest} units of the "
                f"hierarchy: {listed}{' ...' if len(unknown) > 10 else ''} "
                "(codes are compared as text, so '301' is not '0301')"
                + _checks.near_codes(unknown[:10], unit_index)
            )
        present = np.zeros(len(unit_index), dtype=np.bool_)
        present[unit_pos] = True
        if not present.all():
            absent = list(unit_index[~present])
            listed = ", ".join(repr(c) for c in absent[:10])
            raise DataError(
                f"{len(absent)} {lowest} unit(s) of the hierarchy have no rows in "
                f"data: {listed}{' ...' if len(absent) > 10 else ''}; give the panel a "
                "hierarchy of exactly the units it covers"
            )

        years = np.unique(year_ints)
        year_pos = np.searchsorted(years, year_ints)
        n_units, n_years = len(unit_index), len(years)
        cell = unit_pos.astype(np.int64) * n_years + year_pos
        counts = np.bincount(cell, minlength=n_units * n_years)
        if (counts > 1).any():
            first = int(np.flatnonzero(counts > 1)[0])
            raise DataError(
                f"duplicate rows for unit {unit_index[first // n_years]!r} in "
                f"{int(years[first % n_years])}{_more(int((counts > 1).sum()))}; "
                "give one row per unit and year"
            )

        self._unit_index = unit_index
        self._years: tuple[int, ...] = tuple(int(y) for y in years)
        self._year_pos = {year: i for i, year in enumerate(self._years)}
        grid: dict[str, FloatArray] = {}
        for column in value_columns:
            array = np.full((n_units, n_years), np.nan)
            array[unit_pos, year_pos] = data[column].to_numpy(
                dtype=np.float64, na_value=np.nan
            )
            grid[column] = array
        self._check_values(grid)
        if "net_migration" not in grid and "in_migration" not in grid:
            grid["net_migration"] = _checks.from_population_change(grid, years)
        elif "net_migration" not in grid:
            grid["net_migration"] = grid["in_migration"] - grid["out_migration"]
        else:
            if "in_migration" in grid and "out_migration" in grid:
                self._check_adds_up(
                    grid,
                    "net_migration",
                    ("in_migration", "out_migration"),
                    grid["in_migration"] - grid["out_migration"],
                    "in_migration - out_migration",
                )
        if self._components:
            parts = [_COMPONENT_PREFIX + c for c in self._components]
            total = np.sum([grid[p] for p in parts], axis=0)
            self._check_adds_up(
                grid,
                "net_migration",
                tuple(parts),
                total,
                "the flow components " + " + ".join(self._components),
                allowed=self._flow_tolerance * grid["population_jan1"],
            )

        order = [c for c in (*_CORE_COLUMNS, *INPUT_COLUMNS) if c in grid]
        order += [_COMPONENT_PREFIX + c for c in self._components]
        order += [c for c in grid if c not in order]
        self._columns: tuple[str, ...] = tuple(order)
        lowest_arrays = self._level_arrays(
            unit_index,
            {c: np.ascontiguousarray(grid[c].T) for c in order},
            lowest,
        )
        self._levels: dict[str, _LevelArrays] = {lowest: lowest_arrays}
        self._frames: dict[tuple[str, tuple[tuple[str, str], ...]], pd.DataFrame] = {}
        self._declared: dict[tuple[str, str, str], FloatArray] = {}
        self._subsets: dict[
            tuple[Period, str, tuple[tuple[str, str], ...]], PeriodCounts
        ] = {}
        self._notes: dict[tuple[Period, str], str] = {}
        self._kept: dict[tuple[Period, str], BoolArray] = {}
        # shared by every PeriodCounts (read-only)
        self._year_view = MappingProxyType(self._year_pos)
        self._years_label = _years_text(self._years)
        self._unknown_cells: dict[tuple[str, str], BoolArray] = {}
        self._group_cache: dict[str, _Groups] = {}
        # per column, the years in which some lowest-level unit has no value
        self._scans = _YearScans(lowest_arrays.counts)
        self._data = self._to_frame(lowest_arrays)

    def _cell(self, unit: int, year: int) -> str:
        return f"unit {self._unit_index[unit]!r} in {self._years[year]}"

    def _refuse_cells(self, bad: BoolArray, problem: _checks.Problem) -> None:
        """Raise a DataError for the first bad cell: ``problem(cell, unit, year)``."""
        if bad.any():
            unit, year = np.argwhere(bad)[0]
            raise DataError(
                problem(self._cell(unit, year), unit, year) + _more(int(bad.sum()))
            )

    def _check_values(self, grid: Mapping[str, FloatArray]) -> None:
        for column, array in grid.items():
            self._refuse_cells(np.isinf(array), _checks.infinite_cell(column))
        population = grid["population_jan1"]
        with np.errstate(invalid="ignore"):
            self._refuse_cells(
                population <= 0,
                lambda cell, u, y: (
                    f"population_jan1 must be positive: {cell} it is "
                    f"{population[u, y]:g}"
                ),
            )
            for column in _NON_NEGATIVE:
                if column in grid:
                    values = grid[column]
                    self._refuse_cells(
                        values < 0,
                        _checks.negative_cell(column, values),
                    )
            for part, whole in _PART_OF:
                if part in grid and whole in grid:
                    low, high = grid[part], grid[whole]
                    self._refuse_cells(
                        low > high,
                        _checks.above_whole(part, whole, low, high),
                    )

    def _check_adds_up(
        self,
        grid: Mapping[str, FloatArray],
        total_column: str,
        part_columns: tuple[str, ...],
        parts_sum: FloatArray,
        description: str,
        allowed: FloatArray | float = 0.0,
    ) -> None:
        total = grid[total_column]
        scale = np.maximum(1.0, np.abs(total))
        for column in part_columns:
            scale = np.maximum(scale, np.abs(grid[column]))
        gap = parts_sum - total
        # NaN anywhere in a row means unknown, not wrong: only known rows are checked.
        with np.errstate(invalid="ignore"):
            bad = np.abs(gap) > _FLOW_TOLERANCE * scale + allowed
        if bad.any():
            unit, year = np.argwhere(bad)[0]
            raise FlowError(
                f"{description} do not add up to {total_column} for "
                f"{self._cell(unit, year)}: they sum to {parts_sum[unit, year]:.10g} "
                f"persons, {total_column} is {total[unit, year]:.10g} "
                f"(gap {gap[unit, year]:.6g} persons){_more(int(bad.sum()))}"
            )

    # --- public attributes ------------------------------------------------------

    @property
    def data(self) -> pd.DataFrame:
        """The validated data (a copy; changing it does not change the panel)."""
        return self._data.copy(deep=False)

    @property
    def hierarchy(self) -> Hierarchy:
        """The geography of the panel."""
        return self._hierarchy

    @property
    def components(self) -> tuple[str, ...]:
        """Names of the flow components; column ``net_migration_<name>`` each."""
        return self._components

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the panel, in order."""
        return self._years

    @property
    def metadata(self) -> Mapping[str, object]:
        """Read-only description of the data (source, licence, notes)."""
        return self._metadata

    @property
    def missing(self) -> MissingOption:
        """What a fit does with a unit lacking a needed value: "raise" or "drop"."""
        return self._missing

    @property
    def levels(self) -> tuple[str, ...]:
        """The hierarchy's levels, lowest first."""
        return tuple(self._hierarchy.levels)

    @property
    def columns(self) -> tuple[str, ...]:
        """The count and score columns of the panel, in schema order."""
        return self._columns

    def __repr__(self) -> str:
        lowest = self._hierarchy.lowest_level
        return (
            f"<Panel: {len(self._unit_index)} {lowest} units, years "
            f"{_years_text(self._years)}, levels {', '.join(self.levels)}, "
            f"components {list(self._components)}>"
        )

    def units(self, level: str) -> pd.Index:
        """The unit codes of ``level``, sorted.

        Parameters
        ----------
        level : str
            One of :attr:`levels`.

        Returns
        -------
        pandas.Index
            Codes (text), named ``"code"``.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> len(load_norway().units("region"))
        85
        """
        return self._level(level).codes

    # --- aggregation ------------------------------------------------------------

    def _level(self, level: str) -> _LevelArrays:
        level = check_option("level", level, self.levels)
        cached = self._levels.get(level)
        if cached is None:
            cached = self._aggregate_arrays(level)
            self._levels[level] = cached
        return cached

    def _level_arrays(
        self,
        codes: pd.Index,
        counts: Mapping[str, FloatArray],
        level: str,
        undeclared: frozenset[str] = frozenset(),
    ) -> _LevelArrays:
        names = self._hierarchy.names(level).reindex(codes).to_numpy(dtype=object)
        order = self._hierarchy.units(level).get_indexer(codes).astype(np.int64)
        return _LevelArrays(
            codes=codes,
            counts={c: _read_only(v) for c, v in counts.items()},
            names=names,
            order=order,
            undeclared=undeclared,
        )

    def _groups(self, level: str) -> _Groups:
        """How the lowest-level units gather into the units of ``level``; cached.

        Computed once per level (one mapping, one sort) and shared by every column
        and aggregation rule summed to that level.
        """
        cached = self._group_cache.get(level)
        if cached is None:
            cached = _Groups.of(self._hierarchy, level, self._unit_index)
            self._group_cache[level] = cached
        return cached

    def _is_count(self, column: str) -> bool:
        """Whether ``column`` is a count of the schema, summed without being asked."""
        return column in _COUNTS or any(
            column == _COMPONENT_PREFIX + c for c in self._components
        )

    def _aggregated(
        self, level: str, column: str, aggregation: ColumnAggregation
    ) -> FloatArray:
        """``column`` at ``level`` (years x units) by ``aggregation``; cached."""
        key = (level, column, aggregation)
        cached = self._declared.get(key)
        if cached is not None:
            return cached
        groups = self._groups(level)
        lowest = self._levels[self._hierarchy.lowest_level]
        total = groups.total

        array = lowest.counts[column]
        if aggregation == "sum":
            values = total(array)
        else:
            population = lowest.counts["population_jan1"]
            with np.errstate(invalid="ignore", divide="ignore"):
                values = total(array * population) / total(population)
        self._declared[key] = _read_only(values)
        return values

    def _aggregate_arrays(self, level: str) -> _LevelArrays:
        codes = self._groups(level).codes
        lowest = self._levels[self._hierarchy.lowest_level]
        counts = [c for c in lowest.counts if self._is_count(c)]
        values = {c: self._aggregated(level, c, "sum") for c in counts}
        undeclared = frozenset(c for c in lowest.counts if c not in values)
        return self._level_arrays(codes, values, level, undeclared)

    def _with_declared(
        self, level: str, aggregation: Mapping[str, ColumnAggregation] | None
    ) -> _LevelArrays:
        """The arrays of ``level`` with the declared columns aggregated as asked."""
        arrays = self._level(level)
        if not aggregation or level == self._hierarchy.lowest_level:
            return arrays
        extra = {
            column: self._aggregated(level, column, rule)
            for column, rule in aggregation.items()
            if column in self._columns
            and not (rule == "sum" and column in arrays.counts)
        }
        if not extra:
            return arrays
        merged = {**arrays.counts, **extra}
        return replace(
            arrays,
            counts={c: merged[c] for c in self._columns if c in merged},
            undeclared=arrays.undeclared - extra.keys(),
        )

    def _check_aggregation(
        self, aggregation: Mapping[str, ColumnAggregation] | None
    ) -> Mapping[str, ColumnAggregation] | None:
        if aggregation is None:
            return None
        if not isinstance(aggregation, Mapping):
            raise InvalidOptionError(
                f"aggregation={aggregation!r} is not valid; give a mapping of column "
                "to 'sum' or 'population_mean', such as {'price': 'population_mean'}"
            )
        checked: dict[str, ColumnAggregation] = {}
        for column, rule in aggregation.items():
            if not isinstance(column, str):
                raise InvalidOptionError(
                    f"aggregation: column names must be text, got {column!r}"
                )
            checked[column] = check_option(
                f"aggregation of column {column!r}", rule, COLUMN_AGGREGATIONS
            )
        return checked

    def _to_frame(self, arrays: _LevelArrays) -> pd.DataFrame:
        n_units, n_years = len(arrays.codes), len(self._years)
        frame = pd.DataFrame(
            {
                self._unit_column: np.repeat(
                    arrays.codes.to_numpy(dtype=object), n_years
                ),
                self._year_column: np.tile(
                    np.asarray(self._years, dtype=np.int64), n_units
                ),
            }
        )
        frame[self._unit_column] = frame[self._unit_column].astype("str")
        for column, array in arrays.counts.items():
            frame[column] = array.T.reshape(-1)
        return frame

    def aggregate(
        self,
        level: str,
        aggregation: Mapping[str, ColumnAggregation] | None = None,
    ) -> pd.DataFrame:
        """Unit × year values at ``level``: the counts summed, other columns declared.

        Parameters
        ----------
        level : str
            One of :attr:`levels`.
        aggregation : mapping of str to {"sum", "population_mean"}, optional
            How the columns that are not counts of the schema (scores, prices,
            rates, columns of your own) reach ``level``: the sum of the members'
            values, or their mean weighted by population on 1 January of the same
            year. A column left undeclared is left out above the lowest level,
            never summed.

        Returns
        -------
        pandas.DataFrame
            Columns ``[unit_column, year_column, *columns]``, one row per unit and
            panel year, sorted. A value is NaN if any member's value is NaN.
            Computed once per level and cached; the returned frame is a copy.

        Raises
        ------
        InvalidOptionError
            For an unknown level, or an aggregation other than the two above (naming
            the column).

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> counties = load_norway().aggregate("county")
        >>> int(counties.loc[counties["year"] == 2010, "population_jan1"].sum())
        4858199
        """
        level = check_option("level", level, self.levels)
        declared = self._check_aggregation(aggregation) or {}
        key = (level, tuple(sorted(declared.items())))
        frame = self._frames.get(key)
        if frame is None:
            frame = self._to_frame(self._with_declared(level, declared))
            self._frames[key] = frame
        return frame.copy(deep=False)

    # --- periods ------------------------------------------------------------------

    def resolve_level(self, level: str | None) -> str:
        """``level`` checked against :attr:`levels`; ``None`` is the lowest level.

        Parameters
        ----------
        level : str or None
            A level name, or None for the hierarchy's finest level.

        Returns
        -------
        str

        Raises
        ------
        InvalidOptionError
            If ``level`` is not one of :attr:`levels`, naming them.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> load_norway().resolve_level(None)
        'municipality'
        """
        if level is None:
            return self._hierarchy.lowest_level
        return check_option("level", level, self.levels)

    def _check_years(self, period: Period, *, jobs_before: bool) -> None:
        needed = [(year, "a year of the period") for year in period.years]
        if jobs_before:
            needed.insert(
                0, (period.first - 1, "jobs at the end of the year before the period")
            )
        for year, role in needed:
            if year not in self._year_pos:
                raise PeriodError(
                    f"period {period.label} needs {year} ({role}), but the panel has "
                    f"years {_years_text(self._years)}"
                )

    def _needed_cells(self, period: Period) -> list[tuple[str, tuple[int, ...]]]:
        return [
            ("population_jan1", (period.first,)),
            ("net_migration", period.years),
            ("jobs", (period.first - 1, period.last)),
        ]

    def _any_missing(self, column: str, years: Sequence[int]) -> bool:
        """Whether some unit has no value (NaN) in ``column`` in one of ``years``.

        A look-up once scanned: where only the answer is needed, building the
        error of :meth:`_missing_cell` cost some 40 us (a tenth of the barometer
        of the bundled panel, which asks for each level and period).
        """
        positions = tuple(self._year_pos[y] for y in years)
        return self._scans.any_missing(column, positions)

    def _missing_cell(
        self, column: str, years: Sequence[int], period: Period
    ) -> DataError | None:
        """The error for the first unknown cell of ``column`` in ``years``, if any."""
        positions = tuple(self._year_pos[y] for y in years)
        if not self._scans.any_missing(column, positions):
            return None
        # the scans are of these arrays: some cell at ``positions`` is NaN
        lowest = self._levels[self._hierarchy.lowest_level]
        rows = lowest.counts[column]
        missing = np.isnan(
            rows[positions[0]] if len(positions) == 1 else rows[list(positions)]
        )
        if missing.ndim == 1:
            year, unit = 0, int(np.flatnonzero(missing)[0])
        else:
            year, unit = np.argwhere(missing)[0]
        return DataError(
            f"{self._hierarchy.lowest_level} {lowest.codes[unit]!r} has no value (NaN) "
            f"for {column!r} in {years[year]}, needed for period {period.label}"
            f"{_more(int(missing.sum()))}"
        )

    def flows_known(self, period: Period | str | tuple[int, int]) -> bool:
        """Whether every flow component is known in every year of ``period``.

        Parameters
        ----------
        period : Period, str or tuple

        Returns
        -------
        bool
            False for a panel without components.

        Examples
        --------
        >>> from attraktiv.datasets import simulate_panel
        >>> simulate_panel(30, rng=1).flows_known("2008-2010")
        True
        """
        period = as_period(period)
        if not self._components or not all(y in self._year_pos for y in period.years):
            return False
        return not any(
            self._any_missing(_COMPONENT_PREFIX + c, period.years)
            for c in self._components
        )

    def flow_years(self) -> tuple[int, ...]:
        """The years in which every flow component is known for every unit.

        Returns
        -------
        tuple of int
            Empty for a panel without components.
        """
        if not self._components:
            return ()
        known = np.ones(len(self._years), dtype=np.bool_)
        for component in self._components:
            known &= ~self._scans.missing(_COMPONENT_PREFIX + component)
        return tuple(y for y, k in zip(self._years, known, strict=True) if k)

    def period_counts(
        self,
        period: Period | str | tuple[int, int],
        level: str | None = None,
        *,
        flows: bool = False,
        aggregation: Mapping[str, ColumnAggregation] | None = None,
    ) -> PeriodCounts:
        """The counts of one level for one period, checked for the barometer.

        Parameters
        ----------
        period : Period, str or tuple
            The period, e.g. ``"2008-2010"``.
        level : str, optional
            One of :attr:`levels`; by default the lowest.
        flows : bool, default False
            Also require every flow component in every year of the period.
        aggregation : mapping of str to {"sum", "population_mean"}, optional
            How columns that are not counts reach ``level``, as :meth:`counts`.

        Returns
        -------
        PeriodCounts
            Read-only arrays by unit of the level.

        Raises
        ------
        PeriodError
            If a year of the period, or the year before it (for its job count), is
            not in the panel; the message names the years available.
        DataError
            If a cell the barometer needs (population at the start, net migration
            in each year, jobs before and at the end; the flow components with
            ``flows=True``) is NaN, naming the unit, year and column.
        FlowError
            With ``flows=True``, if the panel has no flow components, or they are
            not known in the period (naming the years they cover).
        InvalidOptionError
            If ``level`` is not one of :attr:`levels`.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> counts = load_norway().period_counts("2008-2010", "county")
        >>> int(counts.start("population_jan1").sum())
        4737171
        """
        period = as_period(period)
        level = self.resolve_level(level)
        flows = check_flag("flows", flows)
        self._check_years(period, jobs_before=True)
        if self._missing == "drop":
            if flows:
                self._check_flows(period)
            return self._complete_counts(period, level, aggregation)
        for column, years in self._needed_cells(period):
            error = self._missing_cell(column, years, period)
            if error is not None:
                raise error
        if flows:
            self._check_flows(period)
        return self.counts(period, level, aggregation=aggregation)

    def _check_flows(self, period: Period) -> None:
        if not self._components:
            raise FlowError(
                "the panel has no flow components (columns net_migration_<flow>), so "
                f"there are no flow indices for period {period.label}"
            )
        covered = self.flow_years()
        for component in self._components:
            if self._any_missing(_COMPONENT_PREFIX + component, period.years):
                raise FlowError(
                    f"the flows ({', '.join(self._components)}) are known only in "
                    f"{_years_text(covered)}, not in every year of period "
                    f"{period.label}; choose a period inside those years"
                )

    def counts(
        self,
        period: Period | str | tuple[int, int],
        level: str | None = None,
        *,
        aggregation: Mapping[str, ColumnAggregation] | None = None,
    ) -> PeriodCounts:
        """Unchecked counts of one level for one period (for factors).

        Unlike :meth:`period_counts`, no cell is checked: a factor decides what its
        own inputs need. Only the years of the period must be in the panel.

        Parameters
        ----------
        period : Period, str or tuple
        level : str, optional
            By default the lowest level.
        aggregation : mapping of str to {"sum", "population_mean"}, optional
            How the columns that are not counts of the schema reach a higher level:
            the sum of the members' values, or their mean weighted by population on
            1 January of the same year. The schema's counts are summed unless
            declared otherwise; any other column (``culture_index``, a price, a
            rate, a column of your own) must be declared, else reading it above the
            lowest level raises :class:`~attraktiv.errors.DataError` naming it.

        Returns
        -------
        PeriodCounts

        Raises
        ------
        PeriodError
            If a year of the period is not in the panel.
        InvalidOptionError
            If an aggregation is not one of the two above (naming the column).

        Examples
        --------
        >>> import numpy as np
        >>> from attraktiv.datasets import simulate_panel
        >>> panel = simulate_panel(30, rng=1)
        >>> counts = panel.counts("2008-2010", "region",
        ...                       aggregation={"culture_index": "population_mean"})
        >>> bool(np.all(counts.start("culture_index") < 3))  # a mean, not a sum
        True
        >>> panel.counts("2008-2010", "region").start("culture_index")
        Traceback (most recent call last):
        ...
        attraktiv.errors.DataError: column 'culture_index' has no declared ...
        """
        period = as_period(period)
        level = self.resolve_level(level)
        declared = self._check_aggregation(aggregation)
        self._check_years(period, jobs_before=False)
        return self._period_counts(period, level, self._with_declared(level, declared))

    def _period_counts(
        self, period: Period, level: str, arrays: _LevelArrays
    ) -> PeriodCounts:
        return PeriodCounts(
            period=period,
            level=level,
            hierarchy=self._hierarchy,
            _arrays=arrays,
            _year_pos=self._year_view,
            _years_text=self._years_label,
        )


def require_panel(value: object, needs: str, alternative: str = "") -> Panel:
    """``value`` if it is a :class:`Panel`, else an error that says how to make one.

    Parameters
    ----------
    value : object
        What the caller was given.
    needs : str
        What needs the panel, as the message's start ("barometer needs a Panel").
    alternative : str, optional
        What to do instead, appended to the message.

    Returns
    -------
    Panel

    Raises
    ------
    DataError
        Naming the type given and how to build a panel.
    InvalidOptionError
        If ``needs`` or ``alternative`` is not a line of text.

    Examples
    --------
    >>> require_panel([], "barometer needs a Panel")
    Traceback (most recent call last):
    ...
    attraktiv.errors.DataError: barometer needs a Panel, got list; build one with ...
    """
    # Long enough for a factor's name in it ("factor '…' needs a Panel as panel").
    check_text("needs", needs, limit=2000)
    if not isinstance(alternative, str):
        raise InvalidOptionError(
            f"alternative={shown(alternative)} is not valid; give text (or leave it "
            "out)"
        )
    if alternative:
        check_text("alternative", alternative, limit=500)
    if not isinstance(value, Panel):
        raise DataError(
            f"{needs}, got {type(value).__name__}; build one with "
            f"attraktiv.Panel(data, hierarchy) or attraktiv.io.read_panel_csv"
            f"{alternative}"
        )
    return value

"""The periods a panel supports, and the units a period's fit can use.

A mixin of :class:`~attraktiv.panel.Panel`: which rolling periods have the cells
the barometer needs, and, for a panel built with ``missing="drop"``, which units
each period keeps and the one note on those it leaves out.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.text import years_text as _years_text
from ..core.typing import BoolArray, IntArray
from ..errors import AttraktivWarning, PeriodError
from ..periods import Period, as_period
from ._missing import complete_units, kept_arrays, left_out_note
from ._schema import ColumnAggregation, gap_text
from .counts import PeriodCounts

if TYPE_CHECKING:
    from ..geography import Hierarchy
    from ._groups import _Groups
    from ._scans import _YearScans
    from .counts import _LevelArrays

__all__ = ["PanelPeriods"]


class PanelPeriods:
    """The periods and period units of a :class:`~attraktiv.panel.Panel`."""

    if TYPE_CHECKING:  # what the panel provides
        _hierarchy: Hierarchy
        _years: tuple[int, ...]
        _year_pos: dict[int, int]
        _levels: dict[str, _LevelArrays]
        _subsets: dict[tuple[Period, str, tuple[tuple[str, str], ...]], PeriodCounts]
        _notes: dict[tuple[Period, str], str]
        _kept: dict[tuple[Period, str], BoolArray]
        _unknown_cells: dict[tuple[str, str], BoolArray]
        _scans: _YearScans

        @property
        def levels(self) -> tuple[str, ...]: ...

        def resolve_level(self, level: str | None) -> str: ...

        def _level(self, level: str) -> _LevelArrays: ...

        def _groups(self, level: str) -> _Groups: ...

        def _period_counts(
            self, period: Period, level: str, arrays: _LevelArrays
        ) -> PeriodCounts: ...

        def _check_years(self, period: Period, *, jobs_before: bool) -> None: ...

        def _needed_cells(
            self, period: Period
        ) -> list[tuple[str, tuple[int, ...]]]: ...

        def _check_aggregation(
            self, aggregation: Mapping[str, ColumnAggregation] | None
        ) -> Mapping[str, ColumnAggregation] | None: ...

        def _with_declared(
            self, level: str, aggregation: Mapping[str, ColumnAggregation] | None
        ) -> _LevelArrays: ...

        def counts(
            self,
            period: Period | str | tuple[int, int],
            level: str | None = None,
            *,
            aggregation: Mapping[str, ColumnAggregation] | None = None,
        ) -> PeriodCounts: ...

    def _complete_counts(
        self,
        period: Period,
        level: str,
        aggregation: Mapping[str, ColumnAggregation] | None = None,
    ) -> PeriodCounts:
        """The counts of the units of ``level`` that have every needed cell.

        Kept per period, level and declared aggregation: the counts are
        read-only, and the barometer asks for each of them once per flow, factor
        and fit.
        """
        declared = self._check_aggregation(aggregation)
        key = (period, level, tuple(sorted((declared or {}).items())))
        cached = self._subsets.get(key)
        if cached is None:
            keep = self._complete(period, level)
            arrays = self._with_declared(level, declared)
            if not keep.all():
                arrays = kept_arrays(arrays, keep, period, level)
            cached = self._period_counts(period, level, arrays)
            self._subsets[key] = cached
        return cached

    def _complete(self, period: Period, level: str) -> BoolArray:
        """Per unit of ``level``, whether it has every cell ``period`` needs; kept.

        A fit and its note on the units left out both ask for it.
        """
        cached = self._kept.get((period, level))
        if cached is None:
            cells = self._needed_cells(period)

            def unknown(column: str) -> BoolArray:
                return self._unknown(level, column)

            units = len(self._level(level).codes)
            cached = complete_units(unknown, cells, self._year_pos, units)
            cached.flags.writeable = False
            self._kept[(period, level)] = cached
        return cached

    def _unknown(self, level: str, column: str) -> BoolArray:
        """The NaN cells of ``column`` at ``level`` (years x units); kept."""
        cached = self._unknown_cells.get((level, column))
        if cached is None:
            cached = np.isnan(self._level(level).counts[column])
            cached.flags.writeable = False
            self._unknown_cells[(level, column)] = cached
        return cached

    def _top_positions(self, level: str) -> IntArray:
        """Per unit of ``level``, the position of its top-level unit.

        From the lowest-level units' positions in both levels, so that counting
        units per top-level unit is integer work.
        """
        top = self._groups(self.levels[-1])
        if level == self._hierarchy.lowest_level:
            return top.group
        groups = self._groups(level)
        positions = np.empty(len(groups.codes), dtype=np.int64)
        positions[groups.group] = top.group
        return positions

    def left_out(
        self, period: Period | str | tuple[int, int], level: str | None = None
    ) -> pd.Index:
        """The units of ``level`` lacking a value that ``period``'s fit needs.

        With ``missing="drop"`` these units are left out of the period's fit;
        with ``missing="raise"`` the fit refuses them.

        Parameters
        ----------
        period : Period, str or tuple
        level : str, optional
            By default the lowest level.

        Returns
        -------
        pandas.Index
            Their codes, sorted (named ``"code"``); empty when none.

        Raises
        ------
        PeriodError
            If a year of the period, or the year before it, is not in the panel.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> len(load_norway().left_out("2008-2010"))
        0
        """
        period = as_period(period)
        level = self.resolve_level(level)
        self._check_years(period, jobs_before=True)
        codes: pd.Index = self._level(level).codes[~self._complete(period, level)]
        return codes

    def missing_note(
        self, period: Period | str | tuple[int, int], level: str | None = None
    ) -> str:
        """How many units of ``level`` ``period``'s fit leaves out, per top unit.

        Parameters
        ----------
        period : Period, str or tuple
        level : str, optional
            By default the lowest level.

        Returns
        -------
        str
            Empty when no unit is left out; else one sentence naming the period,
            the count of units left out and how many of them lie in each unit of
            the top level (each country, for Europe), most first.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> load_norway().missing_note("2008-2010")
        ''
        """
        period = as_period(period)
        level = self.resolve_level(level)
        cached = self._notes.get((period, level))
        if cached is None:
            self._check_years(period, jobs_before=True)
            left = ~self._complete(period, level)
            codes = self._level(level).codes
            top = self.levels[-1]
            cached = left_out_note(
                period,
                level,
                codes[left],
                len(codes),
                None
                if level == top
                else (self._groups(top).codes, self._top_positions(level)[left]),
            )
            self._notes[(period, level)] = cached
        return cached

    def periods_available(self, length: int = 3) -> list[Period]:
        """The rolling periods of ``length`` years the data supports.

        A period is supported when its years and the year before it are in the
        panel and no column the barometer needs (population at the start, net
        migration in each year, jobs before and at the end) is unknown for *every*
        unit in a year it needs: such a column was not collected that year, so the
        period is left out. A value missing for *some* units does not leave the
        period out; fitting it raises :class:`~attraktiv.errors.DataError` naming
        the unit, year and column, so a default built on this list never skips a
        hole in the data quietly (with ``missing="drop"`` the fit leaves such
        units out and says so instead).

        Parameters
        ----------
        length : int, default 3
            Years per period.

        Returns
        -------
        list of Period
            Oldest first.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> periods = load_norway().periods_available()
        >>> len(periods), periods[0].label, periods[-1].label
        (12, '2003-2005', '2014-2016')
        """
        return self.periods_and_gaps(length)[0]

    def periods_and_gaps(
        self, length: int = 3
    ) -> tuple[list[Period], list[tuple[Period, str, int]]]:
        """The supported periods, and those left out with a column and year unknown.

        A period is left out when its years are in the panel but a needed column
        has no value for any unit in a needed year; the first such (column, year)
        is given for it, so that defaults can say what they skip.

        Parameters
        ----------
        length : int, default 3
            Years per period.

        Returns
        -------
        periods : list of Period
            As :meth:`periods_available`.
        gaps : list of (Period, str, int)
            Each period left out, with the column and year that have no value.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> periods, gaps = load_norway().periods_and_gaps()
        >>> periods[-1].label, [(p.label, column, year) for p, column, year in gaps]
        ('2014-2016', [])
        """
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            raise PeriodError(f"period length must be an integer >= 1, got {length!r}")
        available: list[Period] = []
        gaps: list[tuple[Period, str, int]] = []
        for end in self._years:
            if end - length < self._years[0]:
                continue  # it would start before the panel (with its year before)
            period = Period(end - length + 1, end)
            years = (period.first - 1, *period.years)
            if not all(year in self._year_pos for year in years):
                continue
            empty = [
                (column, year)
                for column, needed_years in self._needed_cells(period)
                for year in needed_years
                if not self._scans.known(column)[self._year_pos[year]]
            ]
            if empty:
                gaps.append((period, *empty[0]))
            else:
                available.append(period)
        return available, gaps

    def latest_period(self, length: int = 3) -> Period:
        """The latest period of :meth:`periods_available`: the default of every fit.

        Parameters
        ----------
        length : int, default 3
            Years per period.

        Returns
        -------
        Period

        Raises
        ------
        PeriodError
            If the panel supports no period of ``length`` years, naming its years.

        Warns
        -----
        AttraktivWarning
            When a later period's years are in the panel but a column it needs has
            no value for any unit in one of them (net migration of the last year,
            say): the warning names that period, column and year.

        Examples
        --------
        >>> from attraktiv.datasets import load_norway
        >>> load_norway().latest_period().label
        '2014-2016'
        """
        available, gaps = self.periods_and_gaps(length)
        later = [gap for gap in gaps if not available or gap[0] > available[-1]]
        if available and later:
            warnings.warn(
                f"{gap_text(*later[-1])}; the latest period with data is "
                f"{available[-1].label}",
                AttraktivWarning,
                stacklevel=2,
            )
        if not available:
            raise PeriodError(
                f"the panel (years {_years_text(self._years)}) supports no period of "
                f"{length:,} years (length={length:,}): a period needs its years and "
                "the year before it, with population, net migration and jobs known in "
                "them" + (f" ({gap_text(*gaps[-1])})" if gaps else "")
            )
        return available[-1]

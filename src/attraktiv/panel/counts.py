"""The counts of one level's units for one period, as read-only arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..core.validation import check_values, shown
from ..errors import DataError, PeriodError
from ..geography import Hierarchy
from ..periods import Period

__all__ = ["PeriodCounts"]


@dataclass(frozen=True)
class _LevelArrays:
    """Counts of one level as read-only ``years x units`` arrays.

    One row per year, so a year's values are a contiguous row: every rate reads
    whole rows, and a period's total is a sum of a few rows.
    """

    codes: pd.Index
    counts: Mapping[str, FloatArray]
    names: npt.NDArray[np.object_]
    # positions of the codes in the hierarchy's units of the level
    order: IntArray
    # columns of the panel with no declared way to reach this level (never summed)
    undeclared: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PeriodCounts:
    """The counts of one level's units for one period, as read-only arrays.

    What a formula needs to turn counts into rates: a column's value at the start,
    the end or the year before the period, its total over the period, and the totals
    of each unit's neighbours. Made by :meth:`Panel.period_counts` (checked for the
    barometer) or :meth:`Panel.counts` (unchecked, for factors). Every array has one
    element per unit, in the order of :attr:`codes`.

    Attributes
    ----------
    period : Period
    level : str
    hierarchy : Hierarchy

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> counts = load_norway().period_counts("2008-2010", "region")
    >>> len(counts.codes), counts.start("population_jan1")[:2].tolist()
    (85, [28092.0, 55647.0])
    """

    period: Period
    level: str
    hierarchy: Hierarchy
    _arrays: _LevelArrays
    _year_pos: Mapping[int, int]
    _years_text: str

    @property
    def codes(self) -> pd.Index:
        """The unit codes of the level, sorted (named ``"code"``)."""
        return self._arrays.codes.view()  # a new Index: renaming it reaches nothing

    @property
    def columns(self) -> tuple[str, ...]:
        """The panel's count and score columns."""
        return tuple(self._arrays.counts)

    @property
    def names(self) -> npt.NDArray[np.object_]:
        """The units' names, in the order of :attr:`codes` (read-only)."""
        names = self._arrays.names.view()
        names.flags.writeable = False
        return names

    def _column(self, column: str) -> FloatArray:
        if not isinstance(column, str):
            raise DataError(
                f"column={shown(column)} is not valid; give the name of a panel "
                f"column as text (the counts have: {', '.join(self._arrays.counts)})"
            )
        values = self._arrays.counts.get(column)
        if values is None and column in self._arrays.undeclared:
            lowest = self.hierarchy.lowest_level
            raise DataError(
                f"column {column!r} has no declared aggregation, so it has no "
                f"{self.level} values (period {self.period.label}): only counts are "
                f"summed from {lowest} to {self.level} without being asked. Declare "
                f"how it aggregates: aggregation={{{column!r}: 'population_mean'}} "
                "(a price, rate or score) or 'sum' (a count), e.g. "
                "ColumnFactor(..., aggregate='population_mean')"
            )
        if values is None:
            raise DataError(
                f"the panel has no column {column!r} (period {self.period.label}); it "
                f"has: {', '.join(self._arrays.counts)}"
            )
        return values

    def _position(self, year: int, role: str) -> int:
        if isinstance(year, bool) or not isinstance(year, int | np.integer):
            raise PeriodError(
                f"year={shown(year)} is not valid; give a whole year of the panel "
                f"({self._years_text})"
            )
        position = self._year_pos.get(year)
        if position is None:
            raise PeriodError(
                f"period {self.period.label} needs {year} ({role}), but the panel has "
                f"years {self._years_text}"
            )
        return position

    def at(self, column: str, year: int) -> FloatArray:
        """``column`` in ``year`` (any year of the panel)."""
        row: FloatArray = self._column(column)[
            self._position(year, "a year of the data")
        ]
        return row

    def start(self, column: str) -> FloatArray:
        """``column`` in the period's first year (1 January for stocks)."""
        return self.at(column, self.period.first)

    def end(self, column: str) -> FloatArray:
        """``column`` in the period's last year (end of year for jobs)."""
        return self.at(column, self.period.last)

    def before(self, column: str) -> FloatArray:
        """``column`` in the year before the period (end-of-year stocks: the start)."""
        year = self.period.first - 1
        position = self._position(year, "jobs at the end of the year before the period")
        row: FloatArray = self._column(column)[position]
        return row

    def total(self, column: str) -> FloatArray:
        """``column`` summed over the years of the period (flows)."""
        positions = [
            self._position(y, "a year of the period") for y in self.period.years
        ]
        rows = self._column(column)
        summed: FloatArray = rows[positions[0]].copy()
        for position in positions[1:]:
            summed += rows[position]
        return summed

    def neighbour_totals(self, values: FloatArray) -> FloatArray:
        """Totals of each unit's neighbours under the hierarchy's one rule.

        Parameters
        ----------
        values : ndarray, shape (units,) or (units, m)
            One row per unit of the level, in the order of :attr:`codes`.

        Returns
        -------
        ndarray
            The same shape: the sums over "the rest of the parent", or of the next
            level up for a unit alone in its parent
            (:meth:`attraktiv.geography.Hierarchy.neighbour_totals`).

        Raises
        ------
        DataError
            If ``values`` is not numbers with one row per unit.
        """
        values = check_values("values", values, ndim=(1, 2), finite=False)
        if values.shape[0] != len(self.codes):
            raise DataError(
                f"values has {values.shape[0]} rows; give one per unit of "
                f"{self.level} ({len(self.codes)}), in the order of codes"
            )
        n_units = len(self.hierarchy.units(self.level))
        order = self._arrays.order
        matrix = values.reshape(len(self.codes), -1)
        if len(order) == n_units and bool((order == np.arange(n_units)).all()):
            full = matrix  # the panel's units are the hierarchy's, in its order
        else:
            full = np.full((n_units, matrix.shape[1]), np.nan)
            full[order] = matrix
        totals = np.asarray(
            self.hierarchy.neighbour_totals(full, self.level), dtype=np.float64
        )
        if full is not matrix:
            totals = totals[order]
        return totals.reshape(values.shape)

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
    # for the units a period keeps (missing="drop"): their positions in the
    # columns of ``counts``, which then hold every unit of the level. A row is
    # read whole and only its kept units taken, so no column is copied.
    keep: IntArray | None = None


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
    def positions(self) -> IntArray:
        """Where each of :attr:`codes` stands among the level's units (read-only).

        The positions in ``panel.units(level)``: ``0, 1, 2, ...`` when every unit
        is there, the units the period keeps on a panel built with
        ``missing="drop"``. For putting a period's values back in place among all
        the level's units without looking codes up.

        Examples
        --------
        >>> from attraktiv.datasets import load_europe
        >>> panel = load_europe()
        >>> counts = panel.period_counts("2014-2016", "country")
        >>> counts.positions[:4].tolist(), len(panel.units("country"))
        ([1, 2, 3, 5], 37)
        >>> panel.units("country")[counts.positions].equals(counts.codes)
        True
        """
        keep = self._arrays.keep
        # a view of the panel's read-only array: it cannot be made writeable
        positions = (
            np.arange(len(self._arrays.codes), dtype=np.int64)
            if keep is None
            else keep.view()
        )
        positions.flags.writeable = False
        return positions

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

    def _row(self, column: str, position: int) -> FloatArray:
        """The values of ``column`` in the year at ``position``, one per unit."""
        row: FloatArray = self._column(column)[position]
        return row if self._arrays.keep is None else _kept(row, self._arrays.keep)

    def at(self, column: str, year: int) -> FloatArray:
        """``column`` in ``year`` (any year of the panel)."""
        return self._row(column, self._position(year, "a year of the data"))

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
        return self._row(column, position)

    def total(self, column: str) -> FloatArray:
        """``column`` summed over the years of the period (flows)."""
        positions = [
            self._position(y, "a year of the period") for y in self.period.years
        ]
        rows = self._column(column)
        summed: FloatArray = rows[positions[0]].copy()
        for position in positions[1:]:
            summed += rows[position]
        # the kept units' sums are those of the whole level, taken afterwards
        return summed if self._arrays.keep is None else summed[self._arrays.keep]

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


def _kept(row: FloatArray, keep: IntArray) -> FloatArray:
    """The kept units' values of ``row``, read-only as every row handed out is."""
    kept = row[keep]
    kept.flags.writeable = False
    return kept

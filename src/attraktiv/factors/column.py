"""Factors read from one input column of the panel: a user factor in one line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import pandas as pd

from ..core.text import plural
from ..core.validation import check_option, shown
from ..errors import DataError, InvalidOptionError, PeriodError
from ..periods import Period, as_period
from .base import checked_panel, missing_input

if TYPE_CHECKING:
    from ..panel import Panel

__all__ = ["Aggregation", "ColumnFactor", "OverPeriod"]


OverPeriod: TypeAlias = Literal["first", "mean", "sum", "growth"]
Aggregation: TypeAlias = Literal["population_mean", "sum", "lowest_only"]
_OVER_PERIOD: Final[tuple[OverPeriod, ...]] = ("first", "mean", "sum", "growth")
_AGGREGATIONS: Final[tuple[Aggregation, ...]] = (
    "population_mean",
    "sum",
    "lowest_only",
)


#: What each text member of a ColumnFactor holds, for messages.
_WHAT: Final = {
    "name": "the factor's name",
    "column": "the panel column's name",
    "description": "what the factor measures, in words",
}

#: The longest text each member may hold: a name and a column are identifiers, a
#: description one line of a table's notes.
_LONGEST: Final = {"name": 200, "column": 200, "description": 1000}


@dataclass(frozen=True)
class ColumnFactor:
    """A factor read from one input column of the panel: a user factor in one line.

    Parameters
    ----------
    name : str
        The factor's name.
    column : str
        The panel column (lowest-level units × years) holding the values.
    description : str
        What it measures, with its unit.
    over_period : {"first", "mean", "sum", "growth"}, default "first"
        The value at the start (the period's first year), the mean or the sum over
        its years, or its growth over the period: from the first year to the
        last, in % of the first.
    aggregate : {"population_mean", "sum", "lowest_only"}, default "population_mean"
        How a higher level's value comes from its members': the mean weighted by
        population on 1 January of the same year (for prices, scores, rates,
        distances, shares), the sum (for counts), or none (the factor is defined at
        the lowest level only, and refused above it).

    Attributes
    ----------
    inputs : tuple of str
        ``(column,)``, plus ``population_jan1`` for ``aggregate="population_mean"``.
    aggregation : str
        The declaration read by the registry and the tables
        (:func:`attraktiv.factors.aggregation_of`): ``aggregate``.

    Raises
    ------
    InvalidOptionError
        For an option not listed above, naming it and the choices, or an empty
        name, column or description.

    Notes
    -----
    For a unit :math:`u` of the level with lowest-level members :math:`m \\in u`,
    column values :math:`v_{m,y}` and populations :math:`P_{m,y}`, the yearly value
    is

    .. math::

        v_{u,y} = \\frac{\\sum_{m \\in u} P_{m,y} v_{m,y}}{\\sum_{m \\in u} P_{m,y}}
        \\quad\\text{or}\\quad v_{u,y} = \\sum_{m \\in u} v_{m,y},

    and the factor is :math:`v_{u,y_1}`, :math:`\\frac1L \\sum_y v_{u,y}`,
    :math:`\\sum_y v_{u,y}` or :math:`100 \\, (v_{u,y_L} - v_{u,y_1}) / v_{u,y_1}`
    over the period's :math:`L` years :math:`y_1 \\ldots y_L`. A member without a
    value makes its unit's value NaN (which an analysis reports as an error).
    The yearly values come from :meth:`attraktiv.Panel.counts` with the column's
    aggregation declared, the one place where columns reach higher levels.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv import Panel
    >>> from attraktiv.datasets import simulate_panel
    >>> panel = simulate_panel(30, rng=1)
    >>> data = panel.data
    >>> codes = data["code"].astype(int).to_numpy()
    >>> data["distance_km"] = 5.0 + 3.0 * (codes % 7)
    >>> panel = Panel(data, panel.hierarchy)
    >>> distance = ColumnFactor("distance_to_city", "distance_km",
    ...                         "road distance to the nearest city (km)")
    >>> distance.compute(panel, Period(2008, 2010), "municipality").head(3)
    code
    0001     8.0
    0002    11.0
    0003    14.0
    Name: distance_to_city, dtype: float64
    """

    name: str
    column: str
    description: str
    over_period: OverPeriod = "first"
    aggregate: Aggregation = "population_mean"

    def __post_init__(self) -> None:
        check_option("over_period", self.over_period, _OVER_PERIOD)
        check_option("aggregate", self.aggregate, _AGGREGATIONS)
        for member in ("name", "column", "description"):
            value = getattr(self, member)
            if not isinstance(value, str) or not value:
                raise InvalidOptionError(
                    f"ColumnFactor {member}={shown(value)} is not valid; give "
                    f"non-empty text ({_WHAT[member]})"
                )
            if len(value) > _LONGEST[member] or "\n" in value:
                raise InvalidOptionError(
                    f"ColumnFactor {member}={shown(value)} is not valid; give one "
                    f"line of at most {_LONGEST[member]} characters ({_WHAT[member]})"
                )

    @property
    def inputs(self) -> tuple[str, ...]:
        """The column, and the population when members are averaged."""
        if self.aggregate == "population_mean":
            return (self.column, "population_jan1")
        return (self.column,)

    @property
    def aggregation(self) -> Aggregation:
        """How the factor goes to higher levels: :attr:`aggregate`."""
        return self.aggregate

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The column's value per unit of ``level`` for ``period``.

        Parameters
        ----------
        panel : Panel
        period : Period
        level : str or None
            One of the panel's levels; None is its lowest level
            (:meth:`attraktiv.Panel.resolve_level`).

        Returns
        -------
        pandas.Series
            Indexed by unit code.

        Raises
        ------
        DataError
            If the panel lacks the column, or ``aggregate="lowest_only"`` and
            ``level`` is not the lowest.
        PeriodError
            If the panel does not cover the period's years.
        """
        panel = checked_panel(panel, f"factor {self.name!r}")
        period = as_period(period)
        level = panel.resolve_level(level)
        missing_input(self, panel, period)
        missing_years = [y for y in period.years if y not in panel.years]
        if missing_years:
            raise PeriodError(
                f"factor {self.name!r} needs year {missing_years[0]} of period "
                f"{period.label}, but the panel has years "
                f"{panel.years[0]}-{panel.years[-1]}"
            )
        lowest = panel.hierarchy.lowest_level
        if self.aggregate == "lowest_only" and level != lowest:
            raise DataError(
                f"factor {self.name!r} (column {self.column!r}) is defined at the "
                f"{lowest} level only (aggregate='lowest_only'), not for "
                f"{plural(level)}; declare aggregate='population_mean' or 'sum' to "
                "use it there"
            )
        declared = (
            {} if self.aggregate == "lowest_only" else {self.column: self.aggregate}
        )
        counts = panel.counts(period, level, aggregation=declared)
        first = counts.start(self.column)
        if self.over_period == "first":
            result = first.copy()
        elif self.over_period == "growth":
            with np.errstate(invalid="ignore", divide="ignore"):
                result = 100.0 * (counts.end(self.column) - first) / first
            result[~np.isfinite(result)] = np.nan
        else:
            result = counts.total(self.column)
            if self.over_period == "mean":
                result = result / len(period.years)
        return pd.Series(result, index=counts.codes.copy(), name=self.name)

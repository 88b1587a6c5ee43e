"""Factors read from one input column of the panel: a user factor in one line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import pandas as pd

from .._typing import FloatArray, IntArray
from .._validation import check_option
from ..errors import InvalidOptionError, PeriodError
from ..periods import Period, as_period
from .base import checked_panel, missing_input

if TYPE_CHECKING:
    from ..panel import Panel

__all__ = ["Aggregation", "ColumnFactor", "OverPeriod"]


OverPeriod: TypeAlias = Literal["first", "mean", "sum"]
Aggregation: TypeAlias = Literal["population_mean", "sum"]
_OVER_PERIOD: Final[tuple[OverPeriod, ...]] = ("first", "mean", "sum")
_AGGREGATIONS: Final[tuple[Aggregation, ...]] = ("population_mean", "sum")


#: What each text member of a ColumnFactor holds, for messages.
_WHAT: Final = {
    "name": "the factor's name",
    "column": "the panel column's name",
    "description": "what the factor measures, in words",
}


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
    over_period : {"first", "mean", "sum"}, default "first"
        The value in the period's first year, or the mean or sum over its years.
    aggregate : {"population_mean", "sum"}, default "population_mean"
        How a higher level's value comes from its members': the mean weighted by
        population on 1 January of the same year (for scores, distances, shares),
        or the sum (for counts).

    Attributes
    ----------
    inputs : tuple of str
        ``(column,)``, plus ``population_jan1`` for ``aggregate="population_mean"``.

    Notes
    -----
    For a unit :math:`u` of the level with lowest-level members :math:`m \\in u`,
    column values :math:`v_{m,y}` and populations :math:`P_{m,y}`, the yearly value
    is

    .. math::

        v_{u,y} = \\frac{\\sum_{m \\in u} P_{m,y} v_{m,y}}{\\sum_{m \\in u} P_{m,y}}
        \\quad\\text{or}\\quad v_{u,y} = \\sum_{m \\in u} v_{m,y},

    and the factor is :math:`v_{u,y_1}`, :math:`\\frac1L \\sum_y v_{u,y}` or
    :math:`\\sum_y v_{u,y}` over the period's :math:`L` years. A member without a
    value makes its unit's value NaN (which an analysis reports as an error).

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
                    f"ColumnFactor {member}={value!r} is not valid; give non-empty "
                    f"text ({_WHAT[member]})"
                )

    @property
    def inputs(self) -> tuple[str, ...]:
        """The column, and the population when members are averaged."""
        if self.aggregate == "population_mean":
            return (self.column, "population_jan1")
        return (self.column,)

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The column's value per unit of ``level`` for ``period``.

        Parameters
        ----------
        panel : Panel
        period : Period
        level : str

        Returns
        -------
        pandas.Series
            Indexed by unit code.

        Raises
        ------
        DataError
            If the panel lacks the column.
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
        data = panel.data
        lowest = panel.hierarchy.lowest_level
        members = panel.units(lowest)
        n_years = len(panel.years)
        # Panel.data holds every lowest-level unit x every year, sorted by both.
        positions = [panel.years.index(y) for y in period.years]
        if self.over_period == "first":
            positions = positions[:1]

        def block(column: str) -> FloatArray:
            values = data[column].to_numpy(dtype=np.float64, na_value=np.nan)
            return values.reshape(len(members), n_years)[:, positions]

        values = block(self.column)
        codes = panel.units(level)
        parents = panel.hierarchy.mapping(lowest, level).astype("str")
        parent_codes = pd.Index(parents.reindex(members).to_numpy(dtype=object))
        group = np.asarray(codes.get_indexer(parent_codes), dtype=np.int64)
        yearly = np.empty((len(codes), len(positions)))
        if level == lowest:
            yearly = values  # a unit of the lowest level is its only member
        elif self.aggregate == "sum":
            for j in range(len(positions)):
                yearly[:, j] = _group_sum(group, values[:, j], len(codes))
        else:
            population = block("population_jan1")
            for j in range(len(positions)):
                total = _group_sum(group, population[:, j], len(codes))
                weighted = _group_sum(
                    group, values[:, j] * population[:, j], len(codes)
                )
                with np.errstate(invalid="ignore", divide="ignore"):
                    yearly[:, j] = weighted / total
        result = yearly.sum(axis=1) if self.over_period == "sum" else yearly.mean(1)
        return pd.Series(result, index=codes.copy(), name=self.name)


def _group_sum(group: IntArray, values: FloatArray, size: int) -> FloatArray:
    """Sum per group that stays NaN when a member is NaN (bincount would not)."""
    sums = np.asarray(
        np.bincount(group, weights=np.nan_to_num(values), minlength=size),
        dtype=np.float64,
    )
    unknown = np.bincount(group, weights=np.isnan(values), minlength=size) > 0
    sums[unknown] = np.nan
    return sums

"""The nine factors of the published barometer, each one definition.

A built-in factor owns its inputs, its formula, how it aggregates to higher levels and
the published tables it belongs to: the formula turns the counts of a level's units
for a period (:class:`attraktiv.panel.PeriodCounts`, aggregated to the level first as
the factor declares) into one rate per unit, with the vectorised rate functions of
:mod:`attraktiv.core.rates`. Adding a built-in factor is adding one
:class:`BuiltinFactor` to :data:`BUILTIN_FACTORS`; the default registry
(:data:`attraktiv.factors.DEFAULT_REGISTRY`) holds them, and every table reads it.

Examples
--------
>>> from attraktiv.factors import BUILTIN_FACTORS
>>> [f.name for f in BUILTIN_FACTORS][:3]
['job_growth', 'labour_market_integration', 'size']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import pandas as pd

from ..core import rates
from ..core.deprecation import moved_name
from ..core.text import plural
from ..core.typing import FloatArray
from ..core.validation import check_instance, check_option
from ..errors import DataError, InvalidOptionError
from ..periods import Period, as_period
from .base import (
    FACTOR_AGGREGATIONS,
    FactorAggregation,
    checked_panel,
    input_aggregation,
    missing_input,
    panel_level,
)

if TYPE_CHECKING:
    from ..panel import Panel, PeriodCounts

__all__ = ["BUILTIN_FACTORS", "PUBLISHED_AT", "BuiltinFactor", "PublishedAt"]

#: The published tables a factor may belong to: the lowest level's, the higher ones'.
PublishedAt: TypeAlias = Literal["lowest", "higher"]
PUBLISHED_AT: Final[tuple[PublishedAt, ...]] = ("lowest", "higher")


@dataclass(frozen=True)
class BuiltinFactor:
    """A factor defined by a formula over the counts of a level's units.

    Parameters
    ----------
    name : str
        The factor's name (the regressor's name in every table).
    description : str
        What it measures, with its unit.
    inputs : tuple of str
        The panel columns the formula reads.
    formula : callable
        ``formula(counts) -> ndarray``: one value per unit of
        ``counts.codes`` (:class:`attraktiv.panel.PeriodCounts`). Non-finite
        results (a zero denominator) become NaN.
    column : str, optional
        Its column in :func:`attraktiv.period_table`; by default ``name``.
    lowest_only : str, optional
        If set, the factor is defined at the hierarchy's lowest level only, and
        this text says why (it ends the error for other levels); its
        ``aggregation`` is then ``"lowest_only"``.
    aggregation : {"ratio_of_sums", "sum", "population_mean", "lowest_only"}
        How the factor goes to higher levels (default ``"ratio_of_sums"``: the
        formula recomputed from the members' summed counts, never a mean of their
        rates); ``"population_mean"`` averages its inputs over the members,
        weighted by population.
    published : tuple of {"lowest", "higher"}, default ("lowest", "higher")
        The published tables that show it: the lowest level's, the higher
        levels' (where it is defined).

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> from attraktiv.factors import get_factor
    >>> values = get_factor("size").compute(simulate_panel(30, rng=1),
    ...                                     Period(2008, 2010), "region")
    >>> values.round(2).head(2)
    code
    R001    10.70
    R002    10.46
    Name: size, dtype: float64
    """

    name: str
    description: str
    inputs: tuple[str, ...]
    formula: Callable[[PeriodCounts], FloatArray] = field(repr=False)
    column: str = ""
    lowest_only: str | None = None
    aggregation: FactorAggregation = "ratio_of_sums"
    published: tuple[PublishedAt, ...] = PUBLISHED_AT

    def __post_init__(self) -> None:
        if not self.column:
            object.__setattr__(self, "column", self.name)
        check_option("aggregation", self.aggregation, FACTOR_AGGREGATIONS)
        if self.lowest_only is not None:
            object.__setattr__(self, "aggregation", "lowest_only")
        elif self.aggregation == "lowest_only":
            raise InvalidOptionError(
                f"built-in factor {self.name!r}: aggregation='lowest_only' needs "
                "lowest_only, the reason it is not defined above the lowest level"
            )
        for table in self.published:
            check_option("published", table, PUBLISHED_AT)

    def defined_at(self, panel: Panel, level: str) -> bool:
        """Whether the factor is defined for units of ``level`` (one of the panel's).

        Raises
        ------
        DataError, InvalidOptionError
            If ``panel`` is not a Panel or ``level`` is not one of its levels.
        """
        panel = checked_panel(panel, f"factor {self.name!r}")
        level = panel_level(panel, level)
        return self.lowest_only is None or level == panel.hierarchy.lowest_level

    def counts(self, panel: Panel, period: Period, level: str) -> PeriodCounts:
        """The counts its formula reads: its inputs aggregated as it declares.

        Raises
        ------
        DataError, InvalidOptionError, PeriodError
            If ``panel`` is not a Panel, ``level`` is not one of its levels, or the
            panel does not cover ``period``.
        """
        panel = checked_panel(panel, f"factor {self.name!r}")
        level = panel_level(panel, level)
        return panel.counts(period, level, aggregation=input_aggregation(self))

    def require(self, panel: Panel, period: Period, level: str) -> None:
        """Raise if the factor cannot be computed for ``level`` from ``panel``.

        Raises
        ------
        DataError
            If ``panel`` is not a Panel, the panel lacks one of :attr:`inputs`
            (naming it and the period), or the factor is not defined at ``level``
            (saying why).
        InvalidOptionError, PeriodError
            If ``level`` is not one of the panel's levels, or ``period`` is not a
            period.
        """
        panel = checked_panel(panel, f"factor {self.name!r}")
        period = as_period(period)
        level = panel_level(panel, level)
        missing_input(self, panel, period)
        if not self.defined_at(panel, level):
            raise DataError(
                f"factor {self.name!r} is defined at the {panel.hierarchy.lowest_level}"
                f" level only, not for {plural(level)} in period {period}: "
                f"{self.lowest_only}"
            )

    def values(self, counts: PeriodCounts) -> FloatArray:
        """The formula's values, NaN where not finite.

        Raises
        ------
        InvalidOptionError
            If ``counts`` is not a :class:`~attraktiv.panel.PeriodCounts`.
        """
        from ..panel import PeriodCounts  # the panel package imports factors

        check_instance(
            "counts", counts, PeriodCounts, "from Panel.counts(period, level)"
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.array(self.formula(counts), dtype=np.float64)
        values[~np.isfinite(values)] = np.nan
        return values

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The factor for every unit of ``level`` in ``period``.

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
            Indexed by unit code; NaN where an input is unknown or a denominator
            is 0.

        Raises
        ------
        DataError
            If the panel lacks one of :attr:`inputs` (naming it and the period), or
            the factor is not defined at ``level``.
        PeriodError
            If the panel does not cover the years the formula reads.
        """
        panel = checked_panel(panel, f"factor {self.name!r}")
        period = as_period(period)
        level = panel.resolve_level(level)
        self.require(panel, period, level)
        counts = self.counts(panel, period, level)
        return pd.Series(self.values(counts), index=counts.codes.copy(), name=self.name)


def _job_growth(c: PeriodCounts) -> FloatArray:
    return rates.growth_rate(c.before("jobs"), c.end("jobs"))


def _size(c: PeriodCounts) -> FloatArray:
    return rates.log_population(c.start("population_jan1"))


def _neighbour_growth(c: PeriodCounts) -> FloatArray:
    # The hierarchy's one neighbour rule: the rest of the parent, or of the next
    # level up for a unit alone in its parent.
    totals = c.neighbour_totals(np.column_stack([c.before("jobs"), c.end("jobs")]))
    return rates.growth_rate(totals[:, 0], totals[:, 1])


def _labour_market_integration(c: PeriodCounts) -> FloatArray:
    return rates.labour_market_integration(
        c.start("in_commuters"), c.start("out_commuters"), c.start("employed_residents")
    )


def _culture_index(c: PeriodCounts) -> FloatArray:
    return c.start("culture_index").copy()


def _cafe_density(c: PeriodCounts) -> FloatArray:
    return rates.cafe_density(c.start("cafe_jobs"), c.start("population_jan1"))


def _education_level(c: PeriodCounts) -> FloatArray:
    return rates.education_level(
        c.start("higher_education"), c.start("education_known")
    )


def _university(c: PeriodCounts) -> FloatArray:
    return rates.university(c.start("university_staff"), c.start("population_jan1"))


def _housing_construction(c: PeriodCounts) -> FloatArray:
    return rates.housing_construction(
        c.total("dwellings_completed"), c.start("population_jan1")
    )


#: The factors of the published barometer, in the order of the published tables.
BUILTIN_FACTORS: Final[tuple[BuiltinFactor, ...]] = (
    BuiltinFactor(
        "job_growth",
        "growth of jobs located in the unit (place of work) from the end of the "
        "year before the period to the end of its last year (% of the start)",
        ("jobs",),
        _job_growth,
    ),
    BuiltinFactor(
        "labour_market_integration",
        "in-commuters in % of the jobs in the unit as the commuting statistics count "
        "them (employed residents - out-commuters + in-commuters) plus out-commuters "
        "in % of employed residents, in the period's first year (percentage points, "
        "0-200)",
        ("in_commuters", "out_commuters", "employed_residents"),
        _labour_market_integration,
        lowest_only=(
            "commuters summed over the lowest-level units count commuting between "
            "them too, which is not commuting into or out of the larger unit; give "
            "commuting counts measured at that level in a panel of its own"
        ),
    ),
    BuiltinFactor(
        "size",
        "natural logarithm of the population on 1 January of the period's first "
        "year (log persons)",
        ("population_jan1",),
        _size,
        column="log_population",
    ),
    BuiltinFactor(
        "neighbour_growth",
        "job growth of the unit's neighbours (the rest of its parent unit) over "
        "the period (% of their start)",
        ("jobs",),
        _neighbour_growth,
        column="neighbour_job_growth",
    ),
    BuiltinFactor(
        "culture_index",
        "an external culture score of the unit in the period's first year "
        "(score; population-weighted mean over member units)",
        ("culture_index", "population_jan1"),
        _culture_index,
        aggregation="population_mean",
    ),
    BuiltinFactor(
        "cafe_density",
        "jobs in cafés, restaurants and pubs in the period's first year "
        "(% of the start population)",
        ("cafe_jobs", "population_jan1"),
        _cafe_density,
    ),
    BuiltinFactor(
        "education_level",
        "residents with higher education (university or college) in the period's "
        "first year (% of the residents whose education level is known)",
        ("higher_education", "education_known"),
        _education_level,
        published=("lowest",),
    ),
    BuiltinFactor(
        "university",
        "employees of universities and colleges in the period's first year "
        "(% of the start population; 0 where there is none)",
        ("university_staff", "population_jan1"),
        _university,
        published=("higher",),
    ),
    BuiltinFactor(
        "housing_construction",
        "dwellings completed during the period (% of the start population)",
        ("dwellings_completed", "population_jan1"),
        _housing_construction,
    ),
)


def __getattr__(name: str) -> object:
    """The published sets moved to :mod:`attraktiv.factors.published` (a release).

    That module announces them (:func:`attraktiv.core.deprecation.announce_moved`),
    so this one hands them out without importing it back.
    """
    return moved_name(__name__, name)

"""The nine factors of the published barometer, each one definition.

A built-in factor owns its inputs and its formula: the formula turns the counts of a
level's units for a period (:class:`attraktiv.panel.PeriodCounts`, summed to the
level first) into one rate per unit, with the vectorised rate functions of
:mod:`attraktiv._rates`. Adding a built-in factor is adding one
:class:`BuiltinFactor` to :data:`BUILTIN_FACTORS` (and, if the published tables
should show it, its name to :data:`PUBLISHED_LOWEST` or :data:`PUBLISHED_HIGHER`).

Examples
--------
>>> from attraktiv.factors import BUILTIN_FACTORS
>>> [f.name for f in BUILTIN_FACTORS][:3]
['job_growth', 'labour_market_integration', 'size']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, cast

import numpy as np
import pandas as pd

from .. import _rates
from .._text import plural, years_text
from .._typing import FloatArray
from .._validation import check_names
from ..errors import DataError, InvalidOptionError, PeriodError
from ..periods import Period, as_period
from .base import checked_panel, missing_input

if TYPE_CHECKING:
    from ..panel import Panel, PeriodCounts

__all__ = [
    "BUILTIN_FACTORS",
    "PUBLISHED_HIGHER",
    "PUBLISHED_LOWEST",
    "BuiltinFactor",
    "factors_known",
    "published_factors",
    "usable_factors",
]


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
        this text says why (it ends the error for other levels).

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

    def __post_init__(self) -> None:
        if not self.column:
            object.__setattr__(self, "column", self.name)

    def defined_at(self, panel: Panel, level: str) -> bool:
        """Whether the factor is defined for units of ``level``."""
        return self.lowest_only is None or level == panel.hierarchy.lowest_level

    def require(self, panel: Panel, period: Period, level: str) -> None:
        """Raise if the factor cannot be computed for ``level`` from ``panel``.

        Raises
        ------
        DataError
            If the panel lacks one of :attr:`inputs` (naming it and the period), or
            the factor is not defined at ``level`` (saying why).
        """
        missing_input(self, panel, period)
        if not self.defined_at(panel, level):
            raise DataError(
                f"factor {self.name!r} is defined at the {panel.hierarchy.lowest_level}"
                f" level only, not for {plural(level)} in period {period}: "
                f"{self.lowest_only}"
            )

    def values(self, counts: PeriodCounts) -> FloatArray:
        """The formula's values, NaN where not finite."""
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
        level : str

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
        counts = panel.counts(period, level)
        return pd.Series(self.values(counts), index=counts.codes.copy(), name=self.name)


def _job_growth(c: PeriodCounts) -> FloatArray:
    return _rates.growth_rate(c.before("jobs"), c.end("jobs"))


def _size(c: PeriodCounts) -> FloatArray:
    return _rates.log_population(c.start("population_jan1"))


def _neighbour_growth(c: PeriodCounts) -> FloatArray:
    # The hierarchy's one neighbour rule: the rest of the parent, or of the next
    # level up for a unit alone in its parent.
    totals = c.neighbour_totals(np.column_stack([c.before("jobs"), c.end("jobs")]))
    return _rates.growth_rate(totals[:, 0], totals[:, 1])


def _labour_market_integration(c: PeriodCounts) -> FloatArray:
    return _rates.labour_market_integration(
        c.start("in_commuters"), c.start("out_commuters"), c.start("employed_residents")
    )


def _culture_index(c: PeriodCounts) -> FloatArray:
    return c.start("culture_index").copy()


def _cafe_density(c: PeriodCounts) -> FloatArray:
    return _rates.cafe_density(c.start("cafe_jobs"), c.start("population_jan1"))


def _education_level(c: PeriodCounts) -> FloatArray:
    return _rates.education_level(
        c.start("higher_education"), c.start("education_known")
    )


def _university(c: PeriodCounts) -> FloatArray:
    return _rates.university(c.start("university_staff"), c.start("population_jan1"))


def _housing_construction(c: PeriodCounts) -> FloatArray:
    return _rates.housing_construction(
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
        ("culture_index",),
        _culture_index,
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
    ),
    BuiltinFactor(
        "university",
        "employees of universities and colleges in the period's first year "
        "(% of the start population; 0 where there is none)",
        ("university_staff", "population_jan1"),
        _university,
    ),
    BuiltinFactor(
        "housing_construction",
        "dwellings completed during the period (% of the start population)",
        ("dwellings_completed", "population_jan1"),
        _housing_construction,
    ),
)

#: The published factors at the lowest level (municipalities).
PUBLISHED_LOWEST: Final[tuple[str, ...]] = (
    "job_growth",
    "labour_market_integration",
    "size",
    "neighbour_growth",
    "culture_index",
    "cafe_density",
    "education_level",
    "housing_construction",
)

#: The published factors at higher levels (regions): university instead of
#: education level, and no factor defined at the lowest level only.
PUBLISHED_HIGHER: Final[tuple[str, ...]] = (
    "job_growth",
    "size",
    "neighbour_growth",
    "culture_index",
    "cafe_density",
    "university",
    "housing_construction",
)

_BY_NAME: Final = {factor.name: factor for factor in BUILTIN_FACTORS}


def published_factors(panel: Panel, level: str | None = None) -> tuple[str, ...]:
    """The published factor set of a level: defined here, once.

    Parameters
    ----------
    panel : Panel
        Its hierarchy says which level is the lowest.
    level : str, optional
        By default the lowest level.

    Returns
    -------
    tuple of str
        :data:`PUBLISHED_LOWEST` at the lowest level, :data:`PUBLISHED_HIGHER`
        above it.

    See Also
    --------
    usable_factors : leave out the factors whose inputs a panel lacks.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> published_factors(load_norway(), "region")[:3]
    ('job_growth', 'size', 'neighbour_growth')
    """
    panel = checked_panel(panel, "published_factors")
    level = panel.resolve_level(level)
    if level == panel.hierarchy.lowest_level:
        return PUBLISHED_LOWEST
    return PUBLISHED_HIGHER


def usable_factors(
    panel: Panel, factors: Sequence[str]
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The built-in ``factors`` whose input columns ``panel`` has, and the others.

    Parameters
    ----------
    panel : Panel
    factors : sequence of str
        Names of built-in factors, e.g. :func:`published_factors`.

    Returns
    -------
    kept : tuple of str
        In the order given.
    dropped : dict
        Each factor left out, with the reason.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> panel = load_norway()
    >>> kept, dropped = usable_factors(panel, published_factors(panel))
    >>> kept  # doctest: +NORMALIZE_WHITESPACE
    ('job_growth', 'labour_market_integration', 'size', 'neighbour_growth',
     'education_level')
    >>> dropped["cafe_density"]
    'the panel has no input column cafe_jobs'
    """
    panel = checked_panel(panel, "usable_factors")
    kept: list[str] = []
    dropped: dict[str, str] = {}
    for name in check_names("factors", factors, empty=True):
        factor = _BY_NAME.get(name)
        if factor is None:
            raise InvalidOptionError(
                f"{name!r} is not a built-in factor; they are {', '.join(_BY_NAME)}"
            )
        absent = [c for c in factor.inputs if c not in panel.columns]
        if absent:
            dropped[name] = (
                f"the panel has no input column{'s' if len(absent) > 1 else ''} "
                f"{', '.join(absent)}"
            )
        else:
            kept.append(name)
    return tuple(kept), dropped


class _Reads:
    """Stands in for :class:`PeriodCounts` and notes every (column, year) read."""

    def __init__(self, counts: PeriodCounts) -> None:
        self._counts = counts
        self.cells: list[tuple[str, int]] = []

    def __getattr__(self, name: str) -> object:  # codes, period, level, hierarchy
        return getattr(self._counts, name)

    def at(self, column: str, year: int) -> FloatArray:
        self.cells.append((column, year))
        return self._counts.at(column, year)

    def start(self, column: str) -> FloatArray:
        return self.at(column, self._counts.period.first)

    def end(self, column: str) -> FloatArray:
        return self.at(column, self._counts.period.last)

    def before(self, column: str) -> FloatArray:
        self.cells.append((column, self._counts.period.first - 1))
        return self._counts.before(column)

    def total(self, column: str) -> FloatArray:
        self.cells.extend((column, year) for year in self._counts.period.years)
        return self._counts.total(column)

    def neighbour_totals(self, values: FloatArray) -> FloatArray:
        return self._counts.neighbour_totals(values)


def _known_years(counts: PeriodCounts, column: str, years: Sequence[int]) -> str:
    known = [y for y in years if not np.isnan(counts.at(column, y)).any()]
    return years_text(known)


def factors_known(
    panel: Panel,
    factors: Sequence[str],
    period: Period | str | tuple[int, int],
    level: str | None = None,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The built-in ``factors`` known for every unit of ``level`` in ``period``.

    :func:`usable_factors` asks whether the panel has a factor's input columns;
    this asks, for one period and level, whether every cell the factor's formula
    reads is known (not NaN), whether the panel has the years it reads, and
    whether the factor is defined at the level. Use it to choose the factors of a
    driver analysis period by period, on data where some inputs cover only some
    years.

    Parameters
    ----------
    panel : Panel
    factors : sequence of str
        Names of built-in factors, e.g. :func:`published_factors`.
    period : Period, str or tuple
    level : str, optional
        By default the lowest level.

    Returns
    -------
    kept : tuple of str
        In the order given.
    dropped : dict
        Each factor left out, with the reason (the same text for every period in
        which the same inputs are unknown, so the reasons can be grouped).

    Raises
    ------
    InvalidOptionError
        If a name is not a built-in factor or ``level`` is not a level of the
        panel.
    PeriodError
        If a year of the period is not in the panel.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> panel = load_norway()
    >>> names = ["job_growth", "labour_market_integration", "education_level"]
    >>> factors_known(panel, names, "2012-2014")[0]
    ('job_growth', 'labour_market_integration', 'education_level')
    >>> kept, dropped = factors_known(panel, names, "2006-2008")
    >>> kept
    ('job_growth', 'labour_market_integration')
    >>> print(dropped["education_level"])  # doctest: +NORMALIZE_WHITESPACE
    its inputs are unknown (NaN) for all municipalities in the years its formula
    reads; the panel knows higher_education in 2009-2014, education_known in
    2009-2014
    >>> _, dropped = factors_known(panel, names, "2012-2014", "region")
    >>> dropped["labour_market_integration"][:40]
    'defined at the municipality level only: '
    """
    panel = checked_panel(panel, "factors_known")
    period = as_period(period)
    level = panel.resolve_level(level)
    kept_columns, dropped = usable_factors(panel, factors)
    counts = panel.counts(period, level)
    kept: list[str] = []
    for name in kept_columns:
        factor = _BY_NAME[name]
        if not factor.defined_at(panel, level):
            dropped[name] = (
                f"defined at the {panel.hierarchy.lowest_level} level only: "
                f"{factor.lowest_only}"
            )
            continue
        reads = _Reads(counts)
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
                factor.formula(cast("PeriodCounts", reads))
        except PeriodError as err:
            dropped[name] = str(err)
            continue
        unknown = sorted(
            {c for c, y in reads.cells if np.isnan(counts.at(c, y)).any()},
            key=factor.inputs.index,
        )
        if unknown:
            known = ", ".join(
                f"{c} in {_known_years(counts, c, panel.years)}" for c in unknown
            )
            everywhere = all(
                np.isnan(counts.at(c, y)).all() for c, y in reads.cells if c in unknown
            )
            dropped[name] = (
                f"its input{'s are' if len(unknown) > 1 else ' is'} unknown (NaN) for "
                f"{'all' if everywhere else 'some'} {plural(level)} in the years its "
                f"formula reads; the panel knows {known}"
            )
        else:
            kept.append(name)
    return tuple(kept), dropped

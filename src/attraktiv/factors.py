"""Explanatory factors of migration: a protocol, the nine built-ins and a registry.

A factor turns a :class:`~attraktiv.panel.Panel` into one number per unit of a level
for a period (METHOD section 6). Anything with a ``name``, a ``description``, the
``inputs`` it reads from the panel and a ``compute(panel, period, level)`` method is
a factor (:class:`Factor`), so researchers add their own without touching the
library: pass the object to :class:`attraktiv.drivers.DriverAnalysis`, or register it
under a name with :func:`register_factor`.

The nine factors of the published barometer are registered under these names:

=============================  =============================  ========================
name                           period-table column            unit of measure
=============================  =============================  ========================
``job_growth``                 ``job_growth``                 % over the period
``labour_market_integration``  ``labour_market_integration``  percentage points
``size``                       ``log_population``             log persons
``neighbour_growth``           ``neighbour_job_growth``       % over the period
``culture_index``              ``culture_index``              score
``cafe_density``               ``cafe_density``               % of the population
``education_level``            ``education_level``            % of employed residents
``university``                 ``university``                 % of the population
``housing_construction``       ``housing_construction``       % of the population
=============================  =============================  ========================

Their formulas are those of :meth:`attraktiv.Panel.period_table` (which computes them
with :mod:`attraktiv._rates`), so a factor means the same thing everywhere.

Examples
--------
>>> from attraktiv.factors import available_factors, get_factor
>>> available_factors()[:3]
('job_growth', 'labour_market_integration', 'size')
>>> get_factor("size").inputs
('population_jan1',)

A factor of your own, read from an input column (here an invented distance to the
nearest city, in km, averaged over a region's municipalities by population):

>>> from attraktiv.factors import ColumnFactor
>>> distance = ColumnFactor(
...     "distance_to_city", column="distance_km",
...     description="road distance to the nearest city (km)")
>>> distance.inputs
('distance_km', 'population_jan1')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np
import pandas as pd

from ._text import plural
from ._typing import FloatArray, IntArray
from ._validation import check_option
from .errors import DataError, InvalidOptionError, PeriodError
from .panel import LOWEST_LEVEL_ONLY, Panel
from .periods import Period, as_period

__all__ = [
    "BUILTIN_FACTORS",
    "BuiltinFactor",
    "ColumnFactor",
    "Factor",
    "available_factors",
    "factor_values",
    "get_factor",
    "register_factor",
]


@runtime_checkable
class Factor(Protocol):
    """What an explanatory factor must provide (a structural protocol).

    Any object with these four members is a factor; it need not inherit from
    anything. A frozen dataclass, a small class or a module-level object all work.

    Attributes
    ----------
    name : str
        Short identifier, used as the regressor's name in every table (a valid
        Python identifier is best; ``"Intercept"`` is reserved).
    description : str
        What the factor measures, with its unit of measure.
    inputs : tuple of str
        The panel columns (:attr:`attraktiv.Panel.columns`) it reads. They are
        checked before :meth:`compute` is called, so a missing column gives an
        error that names the factor, the column and the period.

    Examples
    --------
    A factor computed from the period table: jobs growth net of neighbour growth.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class RelativeGrowth:
    ...     name: str = "relative_growth"
    ...     description: str = "own minus neighbours' job growth (percentage points)"
    ...     inputs: tuple[str, ...] = ("jobs",)
    ...     def compute(self, panel, period, level):
    ...         table = panel.period_table(period, level)
    ...         return table["job_growth"] - table["neighbour_job_growth"]
    >>> isinstance(RelativeGrowth(), Factor)
    True
    """

    @property
    def name(self) -> str:
        """Short identifier of the factor."""
        ...

    @property
    def description(self) -> str:
        """What the factor measures, with its unit of measure."""
        ...

    @property
    def inputs(self) -> tuple[str, ...]:
        """Panel columns the factor reads."""
        ...

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The factor's value for every unit of ``level`` in ``period``.

        Parameters
        ----------
        panel : Panel
            The data.
        period : Period
            The period.
        level : str
            One of the panel's levels.

        Returns
        -------
        pandas.Series
            One float per unit, indexed by unit code (the codes of
            ``panel.units(level)``, in any order).
        """
        ...


# --- the period tables of one analysis, computed once ------------------------------

_TableKey: TypeAlias = tuple[int, str, str]
_TABLES: ContextVar[dict[_TableKey, pd.DataFrame] | None] = ContextVar(
    "attraktiv_factor_tables", default=None
)


@contextmanager
def _shared_period_tables() -> Iterator[None]:
    """Within the block, built-in factors share each period table (internal).

    Every built-in factor reads one column of :meth:`Panel.period_table`; an analysis
    of eight factors over twelve periods would otherwise compute each table eight
    times. The cache lives only while the block runs (per thread and task), so
    nothing is kept between analyses.
    """
    token = _TABLES.set({})
    try:
        yield
    finally:
        _TABLES.reset(token)


def _period_table(panel: Panel, period: Period, level: str) -> pd.DataFrame:
    cache = _TABLES.get()
    if cache is None:
        return panel.period_table(period, level)
    key = (id(panel), period.label, level)
    table = cache.get(key)
    if table is None:
        table = panel.period_table(period, level)
        cache[key] = table
    # Copy-on-write makes a shallow copy safe to hand out: a factor that changes
    # its table cannot change the one the next factor reads.
    return table.copy(deep=False)


# --- built-in factors -------------------------------------------------------------


def _missing_input(factor: Factor, column: str, panel: Panel, period: Period) -> str:
    return (
        f"factor {factor.name!r} cannot be computed for period {period.label}: the "
        f"panel has no input column {column!r} (it has: {', '.join(panel.columns)})"
    )


@dataclass(frozen=True)
class BuiltinFactor:
    """A factor that is one column of :meth:`attraktiv.Panel.period_table`.

    Parameters
    ----------
    name : str
        The factor's name.
    description : str
        What it measures, with its unit.
    inputs : tuple of str
        The panel columns the period-table column needs.
    column : str
        The period-table column.

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
    column: str

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The period-table column, renamed to the factor's name.

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
            If the panel lacks one of :attr:`inputs` (naming it and the period).
        """
        period = as_period(period)
        for column in self.inputs:
            if column not in panel.columns:
                raise DataError(_missing_input(self, column, panel, period))
        table = _period_table(panel, period, level)
        if self.column not in table.columns and self.column in LOWEST_LEVEL_ONLY:
            raise DataError(
                f"factor {self.name!r} is defined at the {panel.levels[0]} level "
                f"only, not for {plural(level)} in period {period}: "
                f"{LOWEST_LEVEL_ONLY[self.column]}"
            )
        return table[self.column].rename(self.name)


#: The factors of METHOD section 6, in the order of the published tables.
BUILTIN_FACTORS: Final[tuple[BuiltinFactor, ...]] = (
    BuiltinFactor(
        "job_growth",
        "growth of jobs located in the unit (place of work) from the end of the "
        "year before the period to the end of its last year (% of the start)",
        ("jobs",),
        "job_growth",
    ),
    BuiltinFactor(
        "labour_market_integration",
        "in-commuters in % of jobs in the unit plus out-commuters in % of employed "
        "residents, in the period's first year (percentage points, 0-200)",
        ("in_commuters", "jobs", "out_commuters", "employed_residents"),
        "labour_market_integration",
    ),
    BuiltinFactor(
        "size",
        "natural logarithm of the population on 1 January of the period's first "
        "year (log persons)",
        ("population_jan1",),
        "log_population",
    ),
    BuiltinFactor(
        "neighbour_growth",
        "job growth of the unit's neighbours (the rest of its parent unit) over "
        "the period (% of their start)",
        ("jobs",),
        "neighbour_job_growth",
    ),
    BuiltinFactor(
        "culture_index",
        "an external culture score of the unit in the period's first year "
        "(score; population-weighted mean over member units)",
        ("culture_index",),
        "culture_index",
    ),
    BuiltinFactor(
        "cafe_density",
        "jobs in cafés, restaurants and pubs in the period's first year "
        "(% of the start population)",
        ("cafe_jobs", "population_jan1"),
        "cafe_density",
    ),
    BuiltinFactor(
        "education_level",
        "employed residents with at least three years of higher education in the "
        "period's first year (% of employed residents)",
        ("higher_education", "employed_residents"),
        "education_level",
    ),
    BuiltinFactor(
        "university",
        "employees of universities and colleges in the period's first year "
        "(% of the start population; 0 where there is none)",
        ("university_staff", "population_jan1"),
        "university",
    ),
    BuiltinFactor(
        "housing_construction",
        "dwellings completed during the period (% of the start population)",
        ("dwellings_completed", "population_jan1"),
        "housing_construction",
    ),
)


# --- factors read from one input column ---------------------------------------------

OverPeriod: TypeAlias = Literal["first", "mean", "sum"]
Aggregation: TypeAlias = Literal["population_mean", "sum"]
_OVER_PERIOD: Final[tuple[OverPeriod, ...]] = ("first", "mean", "sum")
_AGGREGATIONS: Final[tuple[Aggregation, ...]] = ("population_mean", "sum")


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
        period = as_period(period)
        level = check_option("level", level, panel.levels)
        for column in self.inputs:
            if column not in panel.columns:
                raise DataError(_missing_input(self, column, panel, period))
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


# --- registry -----------------------------------------------------------------------

_REGISTRY: dict[str, Factor] = {factor.name: factor for factor in BUILTIN_FACTORS}
_RESERVED: Final = frozenset({"Intercept"})


def _check_factor(factor: object) -> Factor:
    """``factor`` if it satisfies :class:`Factor` with sensible members (internal).

    Raises
    ------
    InvalidOptionError
        Naming the member that is missing or of the wrong type.
    """
    missing = [
        member
        for member in ("name", "description", "inputs", "compute")
        if not hasattr(factor, member)
    ]
    if missing or not isinstance(factor, Factor):
        raise InvalidOptionError(
            f"{factor!r} is not a factor: it lacks {', '.join(missing)} (a factor "
            "needs name, description, inputs and compute(panel, period, level); "
            "see attraktiv.factors.Factor)"
        )
    name = factor.name
    if not isinstance(name, str) or not name:
        raise InvalidOptionError(
            f"a factor's name must be a non-empty string, got {name!r}"
        )
    if name in _RESERVED:
        raise InvalidOptionError(f"{name!r} is reserved and cannot name a factor")
    inputs = factor.inputs
    if not isinstance(inputs, tuple) or not all(isinstance(c, str) for c in inputs):
        raise InvalidOptionError(
            f"factor {name!r}: inputs must be a tuple of column names, got {inputs!r}"
        )
    if not callable(factor.compute):
        raise InvalidOptionError(f"factor {name!r}: compute is not callable")
    return factor


def register_factor(factor: Factor, *, replace: bool = False) -> Factor:
    """Make a factor available by name (in :func:`get_factor` and analyses).

    Parameters
    ----------
    factor : Factor
        Any object satisfying the :class:`Factor` protocol.
    replace : bool, default False
        Replace a factor already registered under the same name (built-ins too).

    Returns
    -------
    Factor
        ``factor`` itself.

    Raises
    ------
    InvalidOptionError
        If ``factor`` is not a factor, or its name is taken and ``replace`` is
        False.

    Examples
    --------
    >>> from attraktiv.factors import ColumnFactor, get_factor, register_factor
    >>> register_factor(ColumnFactor("ferry_minutes", "ferry_minutes",
    ...                              "ferry time to the mainland (minutes)"))
    ColumnFactor(name='ferry_minutes', ...)
    >>> get_factor("ferry_minutes").description
    'ferry time to the mainland (minutes)'
    """
    checked = _check_factor(factor)
    existing = _REGISTRY.get(checked.name)
    if existing is not None and existing is not checked and not replace:
        raise InvalidOptionError(
            f"a factor named {checked.name!r} is already registered; pass "
            "replace=True to replace it, or choose another name"
        )
    _REGISTRY[checked.name] = checked
    return checked


def get_factor(name: str) -> Factor:
    """The factor registered under ``name``.

    Parameters
    ----------
    name : str
        One of :func:`available_factors`.

    Returns
    -------
    Factor

    Raises
    ------
    InvalidOptionError
        For an unknown name; the message lists the available factors.

    Examples
    --------
    >>> get_factor("neighbour_growth").description[:32]
    "job growth of the unit's neighbo"
    """
    factor = _REGISTRY.get(name)
    if factor is None:
        available = ", ".join(repr(n) for n in _REGISTRY)
        raise InvalidOptionError(
            f"unknown factor {name!r}; the available factors are {available}. "
            "Define your own (see attraktiv.factors.Factor) and pass it, or "
            "register it with register_factor"
        )
    return factor


def available_factors() -> tuple[str, ...]:
    """Names of the registered factors: the nine built-ins first.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "university" in available_factors()
    True
    """
    return tuple(_REGISTRY)


def _resolve_factor(factor: Factor | str) -> Factor:
    """A factor from itself or its registered name (internal)."""
    if isinstance(factor, str):
        return get_factor(factor)
    return _check_factor(factor)


def _describe_units(codes: list[str]) -> str:
    shown = ", ".join(repr(c) for c in codes[:5])
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    return f"{shown}{more}"


def factor_values(
    factor: Factor | str, panel: Panel, period: Period | str, level: str
) -> pd.Series:
    """A factor's values for every unit of a level, checked.

    Parameters
    ----------
    factor : Factor or str
        A factor or the name of a registered one.
    panel : Panel
    period : Period or str
    level : str

    Returns
    -------
    pandas.Series
        Float values named after the factor, indexed by the sorted unit codes of
        ``level`` (``panel.units(level)``).

    Raises
    ------
    InvalidOptionError
        Unknown factor name or level.
    DataError
        The panel lacks an input column (naming factor, column and period); the
        factor has no finite value for some units (naming factor, level, period and
        the units), returns codes that are not units of the level, or returns
        something other than numbers by unit code.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> values = factor_values("job_growth", load_norway(), "2008-2010", "region")
    >>> len(values), values.name
    (85, 'job_growth')
    """
    resolved = _resolve_factor(factor)
    period = as_period(period)
    level = check_option("level", level, panel.levels)
    for column in resolved.inputs:
        if column not in panel.columns:
            raise DataError(_missing_input(resolved, column, panel, period))
    raw = resolved.compute(panel, period, level)
    where = f"at level {level!r} in period {period.label}"
    if not isinstance(raw, pd.Series):
        raise DataError(
            f"factor {resolved.name!r} returned {type(raw).__name__} {where}; "
            "compute must return a pandas Series indexed by unit code"
        )
    if not (
        pd.api.types.is_numeric_dtype(raw.dtype) or pd.api.types.is_bool_dtype(raw)
    ):
        raise DataError(
            f"factor {resolved.name!r} returned non-numeric values (dtype "
            f"{raw.dtype}) {where}"
        )
    codes = panel.units(level)
    if raw.index.equals(codes):  # the usual case: no need to check or align
        values = pd.Series(raw.to_numpy(dtype=np.float64, na_value=np.nan), index=codes)
        return _check_finite(values, resolved.name, where)
    index = raw.index.astype("str")
    if index.has_duplicates:
        duplicated = list(dict.fromkeys(index[index.duplicated()]))
        raise DataError(
            f"factor {resolved.name!r} returned several values for unit(s) "
            f"{_describe_units(duplicated)} {where}"
        )
    unknown = index.difference(codes)
    if len(unknown):
        raise DataError(
            f"factor {resolved.name!r} returned values for codes that are not "
            f"{level} units: {_describe_units(list(unknown))} ({where})"
        )
    values = pd.Series(
        raw.to_numpy(dtype=np.float64, na_value=np.nan), index=index
    ).reindex(codes)
    return _check_finite(values, resolved.name, where)


def _check_finite(values: pd.Series, name: str, where: str) -> pd.Series:
    """``values`` named ``name``, or an error naming the units without a value."""
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        units = [str(c) for c in values.index[bad]]
        raise DataError(
            f"factor {name!r} has no value (NaN or infinite) {where} for "
            f"{len(units)} unit{'s' if len(units) > 1 else ''}: "
            f"{_describe_units(units)}; complete its input data, or leave the "
            "factor out"
        )
    return values.rename(name)

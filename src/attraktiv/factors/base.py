"""What a factor is, and the checks every factor's values pass.

A factor turns a :class:`~attraktiv.panel.Panel` into one number per unit of a level
for a period. Anything with a ``name``, a ``description``, the ``inputs`` it reads
and a ``compute(panel, period, level)`` method is a factor (:class:`Factor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np
import pandas as pd

from ..core.validation import check_instance, check_option, check_text, shown
from ..errors import DataError, InvalidOptionError
from ..panel import ColumnAggregation
from ..periods import Period, as_period

if TYPE_CHECKING:
    from ..panel import Panel

__all__ = [
    "FACTOR_AGGREGATIONS",
    "Factor",
    "FactorAggregation",
    "aggregation_of",
    "check_factor",
    "compute_factor",
    "defined_at",
    "input_aggregation",
    "require_finite",
]

#: How a factor goes from the lowest level to a higher one.
FactorAggregation: TypeAlias = Literal[
    "sum", "population_mean", "ratio_of_sums", "lowest_only"
]
FACTOR_AGGREGATIONS: Final[tuple[FactorAggregation, ...]] = (
    "sum",
    "population_mean",
    "ratio_of_sums",
    "lowest_only",
)

_RESERVED: Final = frozenset({"Intercept"})


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

    Notes
    -----
    A factor may also declare ``aggregation``, how its value goes from the lowest
    level to a higher one (:func:`aggregation_of`): ``"sum"`` of the members'
    counts, ``"population_mean"`` (its inputs averaged over the members, weighted by
    population), ``"ratio_of_sums"`` (its formula recomputed from the members'
    summed counts) or ``"lowest_only"``. Without it, the factor reads what it reads
    from :meth:`attraktiv.Panel.counts`, where the schema's counts are summed and
    any other column must be declared there, never summed silently.

    Examples
    --------
    A factor computed from the panel's counts: jobs per resident at the start.

    >>> from dataclasses import dataclass
    >>> import pandas as pd
    >>> @dataclass(frozen=True)
    ... class JobsPerResident:
    ...     name: str = "jobs_per_resident"
    ...     description: str = "jobs per resident at the start of the period"
    ...     inputs: tuple[str, ...] = ("jobs", "population_jan1")
    ...     def compute(self, panel, period, level):
    ...         counts = panel.counts(period, level)
    ...         values = counts.before("jobs") / counts.start("population_jan1")
    ...         return pd.Series(values, index=counts.codes, name=self.name)
    >>> isinstance(JobsPerResident(), Factor)
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


def check_factor(factor: object) -> Factor:
    """``factor`` if it satisfies :class:`Factor` with sensible members.

    Parameters
    ----------
    factor : object

    Returns
    -------
    Factor

    Raises
    ------
    InvalidOptionError
        Naming the member that is missing or of the wrong type, or an
        ``aggregation`` that is not one of :data:`FACTOR_AGGREGATIONS`.

    Examples
    --------
    >>> check_factor("size")
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: 'size' is not a factor: it lacks name, ...
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
    aggregation_of(factor)  # a declaration, if any, must be one of the four
    return factor


def aggregation_of(factor: Factor) -> FactorAggregation | None:
    """How ``factor`` declares it aggregates to higher levels, or None if it does not.

    Parameters
    ----------
    factor : Factor

    Returns
    -------
    {"sum", "population_mean", "ratio_of_sums", "lowest_only"} or None

    Raises
    ------
    InvalidOptionError
        If the factor declares something else (naming the factor and the choices).

    Examples
    --------
    >>> from attraktiv.factors import get_factor
    >>> aggregation_of(get_factor("culture_index"))
    'population_mean'
    >>> aggregation_of(get_factor("labour_market_integration"))
    'lowest_only'
    """
    declared = getattr(a_factor(factor), "aggregation", None)
    if declared is None:
        return None
    for candidate in FACTOR_AGGREGATIONS:
        if declared == candidate:
            return candidate
    raise InvalidOptionError(
        f"factor {factor.name!r} declares aggregation={declared!r}; choose one of "
        f"{', '.join(repr(a) for a in FACTOR_AGGREGATIONS)}"
    )


def input_aggregation(factor: Factor) -> dict[str, ColumnAggregation]:
    """How each input column of ``factor`` reaches a higher level, as it declares.

    ``"population_mean"`` averages its inputs (but the population itself) weighted
    by population; ``"sum"`` and ``"ratio_of_sums"`` sum them; a factor defined at
    the lowest level only, or declaring nothing, declares none of its columns.

    Examples
    --------
    >>> from attraktiv.factors import get_factor
    >>> input_aggregation(get_factor("culture_index"))
    {'culture_index': 'population_mean'}
    >>> input_aggregation(get_factor("cafe_density"))
    {'cafe_jobs': 'sum', 'population_jan1': 'sum'}
    """
    declared = aggregation_of(factor)
    if declared == "population_mean":
        return {c: "population_mean" for c in factor.inputs if c != "population_jan1"}
    if declared in ("sum", "ratio_of_sums"):
        return dict.fromkeys(factor.inputs, "sum")
    return {}


def defined_at(factor: Factor, panel: Panel, level: str) -> bool:
    """Whether ``factor`` is defined for units of ``level`` of ``panel``.

    Every factor is defined at the lowest level; above it, every factor but one
    that declares ``aggregation="lowest_only"``.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.factors import get_factor
    >>> defined_at(get_factor("labour_market_integration"), load_norway(), "region")
    False
    """
    declared = aggregation_of(factor)
    panel = checked_panel(panel, "defined_at")
    level = panel_level(panel, level)
    return level == panel.hierarchy.lowest_level or declared != "lowest_only"


def a_factor(factor: object) -> Factor:
    """``factor`` if it has the members of :class:`Factor`, else a typed error.

    The quick check of the helpers that read a factor's declarations;
    :func:`check_factor` also checks the members' values.

    Examples
    --------
    >>> a_factor("size")
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: factor='size' is not a factor: it needs ...
    """
    if not isinstance(factor, Factor):
        raise InvalidOptionError(
            f"factor={shown(factor)} is not a factor: it needs name, description, "
            "inputs and compute(panel, period, level) (see attraktiv.factors.Factor; "
            "attraktiv.factors.get_factor gives a registered one by name)"
        )
    return factor


def panel_level(panel: Panel, level: object) -> str:
    """``level`` if it is one of the panel's levels (no default), else a typed error.

    Examples
    --------
    >>> from attraktiv.datasets import load_example
    >>> panel_level(load_example(), "region")
    'region'
    """
    return check_option("level", level, panel.levels)


def missing_input(factor: Factor, panel: Panel, period: Period) -> None:
    """Raise for the first input column of ``factor`` the panel lacks."""
    for column in factor.inputs:
        if column not in panel.columns:
            raise DataError(
                f"factor {factor.name!r} cannot be computed for period "
                f"{period.label}: the panel has no input column {column!r} (it has: "
                f"{', '.join(panel.columns)})"
            )


def _describe_units(codes: list[str]) -> str:
    shown = ", ".join(repr(c) for c in codes[:5])
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    return f"{shown}{more}"


def _where(level: str, period: Period) -> str:
    return f"at level {level!r} in period {period.label}"


def checked_panel(panel: object, needs: str) -> Panel:
    """``panel`` if it is a :class:`~attraktiv.Panel`, else a DataError naming it.

    Examples
    --------
    >>> checked_panel(None, "compute_factor")
    Traceback (most recent call last):
    ...
    attraktiv.errors.DataError: compute_factor needs a Panel as panel, got NoneType; ...
    """
    from ..panel import require_panel  # the panel package imports factors

    return require_panel(panel, f"{needs} needs a Panel as panel")


def compute_factor(
    factor: Factor, panel: Panel, period: Period, level: str
) -> pd.Series:
    """A factor's values aligned to the units of a level; NaN where unknown.

    Parameters
    ----------
    factor : Factor
        A checked factor (:func:`check_factor`).
    panel : Panel
    period : Period
    level : str
        A level of the panel (checked by the caller).

    Returns
    -------
    pandas.Series
        Float values named after the factor, indexed by the sorted unit codes of
        ``level`` (``panel.units(level)``).

    Raises
    ------
    DataError
        The panel lacks an input column (naming factor, column and period); the
        factor returns codes that are not units of the level, several values for a
        unit, or something other than numbers by unit code.
    """
    factor = check_factor(factor)
    panel = checked_panel(panel, "compute_factor")
    missing_input(factor, panel, period)
    raw = factor.compute(panel, period, level)
    where = _where(level, period)
    if not isinstance(raw, pd.Series):
        raise DataError(
            f"factor {factor.name!r} returned {type(raw).__name__} {where}; "
            "compute must return a pandas Series indexed by unit code"
        )
    if not (
        pd.api.types.is_numeric_dtype(raw.dtype) or pd.api.types.is_bool_dtype(raw)
    ):
        raise DataError(
            f"factor {factor.name!r} returned non-numeric values (dtype "
            f"{raw.dtype}) {where}"
        )
    codes = panel.units(level)
    if raw.index.equals(codes):  # the usual case: no need to check or align
        values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
        return pd.Series(values, index=codes, name=factor.name)
    index = raw.index.astype("str")
    if index.has_duplicates:
        duplicated = list(dict.fromkeys(index[index.duplicated()]))
        raise DataError(
            f"factor {factor.name!r} returned several values for unit(s) "
            f"{_describe_units(duplicated)} {where}"
        )
    unknown = index.difference(codes)
    if len(unknown):
        raise DataError(
            f"factor {factor.name!r} returned values for codes that are not "
            f"{level} units: {_describe_units(list(unknown))} ({where})"
        )
    values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.Series(values, index=index, name=factor.name).reindex(codes)


def require_finite(values: pd.Series, name: str, level: str, period: Period) -> None:
    """Raise naming the units where ``values`` (of factor ``name``) is not finite.

    Parameters
    ----------
    values : pandas.Series
        By unit code.
    name : str
        The factor.
    level : str
    period : Period

    Raises
    ------
    DataError
        Naming the factor, level, period and units without a value.
    InvalidOptionError, PeriodError
        If ``values`` is not a Series, ``name`` or ``level`` is not a line of text,
        or ``period`` is not a period.

    Examples
    --------
    >>> import pandas as pd
    >>> require_finite(pd.Series([1.0, float("nan")], index=["0301", "1103"]),
    ...                "size", "municipality", Period(2008, 2010))
    Traceback (most recent call last):
    ...
    attraktiv.errors.DataError: factor 'size' has no value (NaN or infinite) at ...
    """
    check_instance("values", values, pd.Series, "the factor's values by unit code")
    name = check_text("name", name)
    level = check_text("level", level)
    period = as_period(period)
    bad = ~np.isfinite(values.to_numpy(dtype=np.float64, na_value=np.nan))
    if bad.any():
        units = [str(c) for c in values.index[bad]]
        raise DataError(
            f"factor {name!r} has no value (NaN or infinite) {_where(level, period)} "
            f"for {len(units)} unit{'s' if len(units) > 1 else ''}: "
            f"{_describe_units(units)}; complete its input data, or leave the "
            "factor out"
        )

"""Which factors a table holds, read from the registry: the one source of truth.

The published tables of each level, the factors a panel can give, those known in a
period, and the factors an index formula names all come from a
:class:`~attraktiv.factors.FactorRegistry` (by default
:data:`~attraktiv.factors.DEFAULT_REGISTRY`): a factor registered there is shown in
the published driver tables, the report and the command, and an index formula may
name it. Nothing here depends on the position of a factor.

Examples
--------
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.factors import published_factors
>>> published_factors(load_norway(), "region")[:3]
('job_growth', 'size', 'neighbour_growth')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, cast

import numpy as np

from ..core.deprecation import announce_moved
from ..core.text import plural, years_text
from ..core.typing import FloatArray
from ..core.validation import check_instance, check_names, shown
from ..errors import DataError, InvalidOptionError, PeriodError
from ..periods import Period, as_period
from .base import (
    Factor,
    a_factor,
    aggregation_of,
    checked_panel,
    compute_factor,
    defined_at,
    input_aggregation,
    panel_level,
)
from .builtin import BUILTIN_FACTORS, BuiltinFactor
from .registry import DEFAULT_REGISTRY, FactorRegistry

if TYPE_CHECKING:
    from ..panel import Panel, PeriodCounts

__all__ = [
    "PUBLISHED_HIGHER",
    "PUBLISHED_LOWEST",
    "column_of",
    "factors_known",
    "formula_factors",
    "index_factor",
    "published_factors",
    "usable_factors",
]

_BUILTINS: Final = FactorRegistry(BUILTIN_FACTORS)

#: The built-ins' published factors at the lowest level (municipalities), as the
#: default registry holds them before anything is registered;
#: :func:`published_factors` reads the registry itself.
PUBLISHED_LOWEST: Final[tuple[str, ...]] = _BUILTINS.published("lowest")

#: The built-ins' published factors at higher levels (regions): university instead
#: of education level, and no factor defined at the lowest level only.
PUBLISHED_HIGHER: Final[tuple[str, ...]] = tuple(
    name
    for name in _BUILTINS.published("higher")
    if aggregation_of(_BUILTINS.get(name)) != "lowest_only"
)

#: The factor of the index's own job-growth column (``job_growth``).
_INDEX_FACTOR: Final = "job_growth"
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def column_of(factor: Factor) -> str:
    """The period-table column of ``factor``: its ``column``, else its name.

    Examples
    --------
    >>> from attraktiv.factors import get_factor
    >>> column_of(get_factor("size"))
    'log_population'
    """
    if isinstance(factor, BuiltinFactor):  # before the slower structural check
        return factor.column
    return a_factor(factor).name


def _registry(registry: FactorRegistry | None) -> FactorRegistry:
    checked = check_instance("registry", registry, FactorRegistry, none=True)
    return DEFAULT_REGISTRY if checked is None else checked


def index_factor(registry: FactorRegistry | None = None) -> Factor:
    """The factor of the period table's own ``job_growth`` column, by name.

    The registry's ``job_growth`` (a replacement registered there is used), else
    the built-in one.

    Examples
    --------
    >>> index_factor().name
    'job_growth'
    """
    chosen = _registry(registry)
    if _INDEX_FACTOR in chosen:
        return chosen.get(_INDEX_FACTOR)
    return next(f for f in BUILTIN_FACTORS if f.name == _INDEX_FACTOR)


def formula_factors(
    formula: str,
    panel: Panel,
    level: str,
    *,
    registry: FactorRegistry | None = None,
) -> list[Factor]:
    """The registered factors whose period-table column an index formula names.

    Only those the panel has the inputs for and that are defined at ``level``; the
    period table's own columns (job growth among them) are always there.

    Parameters
    ----------
    formula : str
        A model such as ``"net_migration ~ job_growth + log_population"``.
    panel : Panel
    level : str
    registry : FactorRegistry, optional
        By default :data:`~attraktiv.factors.DEFAULT_REGISTRY`.

    Returns
    -------
    list of Factor

    Raises
    ------
    InvalidOptionError
        If ``formula`` is not a text with a ``~``, or ``level`` is not one of the
        panel's levels.
    DataError
        If ``panel`` is not a Panel.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> [f.name for f in formula_factors(
    ...     "net_migration ~ job_growth + log_population", load_norway(), "region")]
    ['size']
    """
    # Any text with a "~" (the model's own check reads the rest, over lines too).
    if not isinstance(formula, str) or not formula.strip():
        raise InvalidOptionError(
            f"formula={shown(formula)} is not valid; give a non-empty text"
        )
    if "~" not in formula:
        raise InvalidOptionError(
            f"formula={shown(formula)} is not a model formula; give one such as "
            "'net_migration ~ job_growth + log_population'"
        )
    panel = checked_panel(panel, "formula_factors")
    level = panel_level(panel, level)
    names = set(_IDENTIFIER.findall(formula))
    chosen = _registry(registry)
    out: list[Factor] = []
    for name in chosen.names():
        factor = chosen.get(name)
        if (
            name != _INDEX_FACTOR
            and column_of(factor) in names
            and set(factor.inputs) <= set(panel.columns)
            and defined_at(factor, panel, level)
        ):
            out.append(factor)
    return out


def published_factors(
    panel: Panel,
    level: str | None = None,
    *,
    registry: FactorRegistry | None = None,
) -> tuple[str, ...]:
    """The published factor set of a level, read from the registry.

    Parameters
    ----------
    panel : Panel
        Its hierarchy says which level is the lowest.
    level : str, optional
        By default the lowest level.
    registry : FactorRegistry, optional
        By default :data:`~attraktiv.factors.DEFAULT_REGISTRY`.

    Returns
    -------
    tuple of str
        The factors registered for the lowest level's tables
        (:meth:`FactorRegistry.published`), or for the higher levels' where they are
        defined there: for the built-ins, :data:`PUBLISHED_LOWEST` and
        :data:`PUBLISHED_HIGHER`, then any factor registered since.

    See Also
    --------
    usable_factors : leave out the factors whose inputs a panel lacks.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> published_factors(load_norway(), "region") == PUBLISHED_HIGHER
    True
    """
    panel = checked_panel(panel, "published_factors")
    level = panel.resolve_level(level)
    chosen = _registry(registry)
    if level == panel.hierarchy.lowest_level:
        return chosen.published("lowest")
    return tuple(
        name
        for name in chosen.published("higher")
        if defined_at(chosen.get(name), panel, level)
    )


def usable_factors(
    panel: Panel,
    factors: Sequence[str],
    *,
    registry: FactorRegistry | None = None,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The registered ``factors`` whose input columns ``panel`` has, and the others.

    Parameters
    ----------
    panel : Panel
    factors : sequence of str
        Names of registered factors, e.g. :func:`published_factors`.
    registry : FactorRegistry, optional
        By default :data:`~attraktiv.factors.DEFAULT_REGISTRY`.

    Returns
    -------
    kept : tuple of str
        In the order given.
    dropped : dict
        Each factor left out, with the reason.

    Raises
    ------
    InvalidOptionError
        For a name not registered, listing the registered ones.

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
    chosen = _registry(registry)
    kept: list[str] = []
    dropped: dict[str, str] = {}
    for name in check_names("factors", factors, empty=True):
        factor = chosen.get(name)
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


def _unknown_cells(
    factor: BuiltinFactor, panel: Panel, period: Period, level: str
) -> str | None:
    """Why a built-in's formula cannot be computed in ``period``, or None."""
    # A panel that leaves incomplete units out of a fit asks about the units kept.
    counts = (
        panel.period_counts(period, level, aggregation=input_aggregation(factor))
        if panel.missing == "drop"
        else factor.counts(panel, period, level)
    )
    reads = _Reads(counts)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            values = factor.formula(cast("PeriodCounts", reads))
    except PeriodError as err:
        return str(err)
    unknown = sorted(
        {c for c, y in reads.cells if np.isnan(counts.at(c, y)).any()},
        key=factor.inputs.index,
    )
    if not unknown:
        if panel.missing == "drop" and np.isnan(values).any():
            # the units kept know their inputs, but not every unit they read (a
            # neighbour left out of the period)
            return (
                f"it is unknown (NaN) for some {plural(level)} kept in the period: "
                "it reads units the period leaves out"
            )
        return None
    known = ", ".join(f"{c} in {_known_years(counts, c, panel.years)}" for c in unknown)
    everywhere = all(
        np.isnan(counts.at(c, y)).all() for c, y in reads.cells if c in unknown
    )
    return (
        f"its input{'s are' if len(unknown) > 1 else ' is'} unknown (NaN) for "
        f"{'all' if everywhere else 'some'} {plural(level)} in the years its "
        f"formula reads; the panel knows {known}"
    )


def _unknown_values(
    factor: Factor, panel: Panel, period: Period, level: str
) -> str | None:
    """Why a factor of any kind has no value for every unit in ``period``, or None."""
    try:
        computed = compute_factor(factor, panel, period, level)
        if panel.missing == "drop":  # the units the period keeps
            computed = computed.reindex(panel.period_counts(period, level).codes)
        values = computed.to_numpy()
    except (DataError, PeriodError) as err:
        return str(err)
    unknown = ~np.isfinite(values)
    if not unknown.any():
        return None
    return (
        f"it is unknown (NaN) for {'all' if unknown.all() else 'some'} "
        f"{plural(level)} in period {period.label}"
    )


def factors_known(
    panel: Panel,
    factors: Sequence[str],
    period: Period | str | tuple[int, int],
    level: str | None = None,
    *,
    registry: FactorRegistry | None = None,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The registered ``factors`` known for every unit of ``level`` in ``period``.

    :func:`usable_factors` asks whether the panel has a factor's input columns;
    this asks, for one period and level, whether the factor is defined at the level
    and known for every unit: for a built-in, whether every cell its formula reads
    is known (not NaN) and the panel has the years it reads; for any other factor,
    whether its values are. Use it to choose the factors of a driver analysis
    period by period, on data where some inputs cover only some years.

    Parameters
    ----------
    panel : Panel
    factors : sequence of str
        Names of registered factors, e.g. :func:`published_factors`.
    period : Period, str or tuple
    level : str, optional
        By default the lowest level.
    registry : FactorRegistry, optional
        By default :data:`~attraktiv.factors.DEFAULT_REGISTRY`.

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
        If a name is not registered or ``level`` is not a level of the panel.
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
    chosen = _registry(registry)
    kept_columns, dropped = usable_factors(panel, factors, registry=chosen)
    panel.counts(period, level)  # the period's years must be in the panel
    kept: list[str] = []
    for name in kept_columns:
        factor = chosen.get(name)
        if not defined_at(factor, panel, level):
            why = getattr(factor, "lowest_only", None) or "it declares so"
            dropped[name] = (
                f"defined at the {panel.hierarchy.lowest_level} level only: {why}"
            )
            continue
        reason = (
            _unknown_cells(factor, panel, period, level)
            if isinstance(factor, BuiltinFactor)
            else _unknown_values(factor, panel, period, level)
        )
        if reason is None:
            kept.append(name)
        else:
            dropped[name] = reason
    return tuple(kept), dropped


# The sets lived in builtin before the registry became their one source.
announce_moved(
    "attraktiv.factors.builtin",
    "attraktiv.factors",
    {
        "PUBLISHED_LOWEST": PUBLISHED_LOWEST,
        "PUBLISHED_HIGHER": PUBLISHED_HIGHER,
        "published_factors": published_factors,
        "usable_factors": usable_factors,
        "factors_known": factors_known,
    },
)

"""The period table: one row per unit of a level, assembled in one place.

Every analysis starts from a period table: the barometer's own columns (net migration
and its flow components in percent of the start population, job growth) and the
explanatory factors, all computed from counts summed to the level first. The table
sits above the panel, which holds the counts, and the factors, which hold the
formulas: the panel is asked for counts, each factor asked for its values, and only
the factors asked for are computed.

Examples
--------
>>> from attraktiv import period_table
>>> from attraktiv.datasets import load_norway
>>> table = period_table(load_norway(), "2008-2010")
>>> table.loc["0235", ["name", "net_migration", "job_growth"]]
name             Ullensaker
net_migration      9.092597
job_growth         1.938465
Name: 0235, dtype: object
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from .core import rates
from .core.validation import shown
from .errors import DataError, InvalidOptionError
from .factors import (
    DEFAULT_REGISTRY,
    BuiltinFactor,
    Factor,
    FactorRegistry,
    column_of,
    compute_factor,
    defined_at,
    index_factor,
    input_aggregation,
)
from .panel import ColumnAggregation, Panel, PeriodCounts, require_panel
from .periods import Period, as_period

__all__ = ["FLOW_PREFIX", "column_of", "period_columns", "period_table"]

#: Prefix of the flow components' columns: ``net_migration_<flow>``.
FLOW_PREFIX: Final = "net_migration_"

_CORE: Final = frozenset({"name", "population_start", "net_migration", "job_growth"})


def _default_factors(
    panel: Panel, level: str, registry: FactorRegistry, job_growth: Factor
) -> list[Factor]:
    """The registered factors (but job growth) the panel can give at ``level``."""
    chosen = (registry.get(name) for name in registry.names())
    return [
        factor
        for factor in chosen
        if factor is not job_growth
        and set(factor.inputs) <= set(panel.columns)
        and defined_at(factor, panel, level)
    ]


def _shared_aggregation(factors: Sequence[Factor]) -> dict[str, ColumnAggregation]:
    """The columns the built-ins declare, for the one set of counts they share."""
    shared: dict[str, ColumnAggregation] = {}
    for factor in factors:
        if isinstance(factor, BuiltinFactor):
            for column, rule in input_aggregation(factor).items():
                shared.setdefault(column, rule)
    return shared


def period_table(
    panel: Panel,
    period: Period | str | tuple[int, int],
    level: str | None = None,
    *,
    factors: Sequence[Factor | str] | None = None,
    flows: bool | None = None,
    registry: FactorRegistry | None = None,
) -> pd.DataFrame:
    """One row per unit of ``level``: net migration, job growth and the factors.

    Parameters
    ----------
    panel : Panel
        The counts.
    period : Period, str or tuple
        The period, e.g. ``"2008-2010"``.
    level : str, optional
        One of ``panel.levels``; by default the lowest.
    factors : sequence of Factor or str, optional
        The factors to add as columns. By default every factor of the registry
        whose input columns the panel has and that is defined at ``level``
        (``labour_market_integration`` is defined at the lowest level only:
        commuters summed over a larger unit count commuting inside it). Pass ``()``
        for the barometer's own columns only.
    flows : bool, optional
        Add the flow components' columns. By default they are added when the panel
        knows every component in every year of the period; ``True`` requires them
        (an error says which years they cover), ``False`` leaves them out.
    registry : FactorRegistry, optional
        Where factor names, the default factors and the factor of the
        ``job_growth`` column are looked up; by default
        :data:`~attraktiv.factors.DEFAULT_REGISTRY`.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code (index name ``"code"``, sorted), with columns in this
        order: ``name``, ``population_start``, ``net_migration``,
        ``net_migration_<c>`` for each flow component, ``job_growth``, then one
        column per factor (built-ins under their period-table column, such as
        ``log_population`` for ``size``; other factors under their name). A
        factor is NaN for a unit where one of its inputs is NaN or its denominator
        is 0; only the barometer's own columns raise errors on NaN.

    Raises
    ------
    PeriodError
        If a year of the period, or the year before it (for its job count), is
        not in the panel; the message names the years available.
    DataError
        If a needed cell (population at the start, net migration in each year,
        jobs before and at the end) is NaN, naming the unit, year and column; if a
        unit has 0 jobs at the start; or if a factor's input column is missing.
    FlowError
        With ``flows=True``, if the flows are not known in the period.
    InvalidOptionError
        If ``level`` is not a level of the panel, or a factor's column would
        replace one of the barometer's own.

    Notes
    -----
    For a unit of the level (counts summed over its members first) and a period
    :math:`y_1 \\ldots y_3`, with :math:`P_0` the population on 1 January of
    :math:`y_1`, :math:`M_y` net migration in year :math:`y`, :math:`J_y` jobs at
    the end of year :math:`y` and :math:`T_y` the same for all members of the
    unit's parent (the unit included):

    .. math::

        \\text{net\\_migration} &= 100 \\, \\textstyle\\sum_{y=y_1}^{y_3} M_y / P_0
        \\\\
        \\text{job\\_growth} &= 100 \\, (J_{y_3} - J_{y_1-1}) / J_{y_1-1} \\\\
        \\text{log\\_population} &= \\ln P_0 \\\\
        \\text{neighbour\\_job\\_growth} &= 100 \\,
            \\frac{(T_{y_3} - J_{y_3}) - (T_{y_1-1} - J_{y_1-1})}
                  {T_{y_1-1} - J_{y_1-1}}

    Each component ``net_migration_<c>`` uses the first formula with its own
    flow, so the components add up to ``net_migration``. Neighbours are "the
    parent minus itself"; for the top level, the rest of the country. Two
    extensions keep neighbour growth defined everywhere:

    - a unit that is its parent's only member (Oslo, Bergen, Halden and
      Sandefjord are regions of their own in the Norwegian data) takes the rest
      of the next level up instead (the rest of its county, ..., at last the rest
      of the country);
    - where levels do not nest (8 of Norway's 85 regions of 2017 straddle a
      county border), a unit's parent is the one holding most of its
      lowest-level members, ties going to the smallest code.

    It is NaN only where the neighbours have no jobs at the start (or there are
    none: a country of one unit).

    Stock factors are measured in the first year of the period :math:`y_1` (this
    is a choice: the start of the period, before the migration it explains):

    .. math::

        \\text{labour\\_market\\_integration} &= 100 \\,
            \\frac{C^{in}_{y_1}}{E_{y_1} - C^{out}_{y_1} + C^{in}_{y_1}}
            + 100 \\, C^{out}_{y_1} / E_{y_1} \\\\
        \\text{cafe\\_density} &= 100 \\, \\text{cafe}_{y_1} / P_0 \\\\
        \\text{education\\_level} &= 100 \\, H_{y_1} / K^{edu}_{y_1} \\\\
        \\text{university} &= 100 \\, U_{y_1} / P_0 \\\\
        \\text{housing\\_construction} &= 100 \\,
            \\textstyle\\sum_{y=y_1}^{y_3} D_y / P_0 \\\\
        \\text{culture\\_index} &= K_{y_1}

    with :math:`C^{in}, C^{out}` in- and out-commuters, :math:`E` employed
    residents (so :math:`E - C^{out} + C^{in}` are the jobs in the unit as the
    commuting statistics count them: all counts of labour-market integration come
    from those statistics, not from the panel's ``jobs``), :math:`H` residents
    with higher education, :math:`K^{edu}` residents with a known education
    level, :math:`U` university staff, :math:`D` dwellings completed and
    :math:`K` the culture score (population weighted mean over members). Each
    formula is defined once, with its factor
    (:data:`attraktiv.factors.BUILTIN_FACTORS`).

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> table = period_table(load_norway(), "2008-2010", level="region")
    >>> table.shape
    (85, 7)
    >>> list(table.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['name', 'population_start', 'net_migration', 'job_growth',
     'log_population', 'neighbour_job_growth', 'education_level']
    >>> bool(table["education_level"].isna().all())  # known in 2009-2014 only
    True
    >>> period_table(load_norway(), "2008-2010", factors=()).shape
    (426, 4)
    """
    counts, columns = period_columns(
        panel, period, level, factors=factors, flows=flows, registry=registry
    )
    table = pd.DataFrame(columns, index=counts.codes.copy())
    table.index.name = "code"
    table["name"] = table["name"].astype("str")
    return table


def period_columns(
    panel: Panel,
    period: Period | str | tuple[int, int],
    level: str | None = None,
    *,
    factors: Sequence[Factor | str] | None = None,
    flows: bool | None = None,
    registry: FactorRegistry | None = None,
) -> tuple[PeriodCounts, dict[str, Any]]:
    """The columns of :func:`period_table` as arrays, with the counts they came from.

    For pipelines that fit many tables and need no DataFrame (the barometer of
    every level and period): the same checks and the same numbers as
    :func:`period_table`, which wraps this.

    Parameters
    ----------
    panel, period, level, factors, flows, registry
        As :func:`period_table`.

    Returns
    -------
    counts : PeriodCounts
        Its ``codes`` are the rows of every array.
    columns : dict
        Column name to array, in the order of :func:`period_table`.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> counts, columns = period_columns(load_norway(), "2008-2010", factors=())
    >>> list(columns), len(counts.codes)
    (['name', 'population_start', 'net_migration', 'job_growth'], 426)
    """
    panel = require_panel(panel, "a period table is made from a Panel")
    period = as_period(period)
    level = panel.resolve_level(level)
    if flows is not None and not isinstance(flows, bool):
        raise InvalidOptionError(f"flows must be True, False or None, got {flows!r}")
    with_flows = panel.flows_known(period) if flows is None else flows
    if factors is not None and (
        isinstance(factors, str | bytes) or not isinstance(factors, Sequence)
    ):
        raise InvalidOptionError(
            f"factors={shown(factors)} is not valid; give a list of factors or "
            "factor names, such as factors=['job_growth']"
        )
    if registry is not None and not isinstance(registry, FactorRegistry):
        raise InvalidOptionError(
            f"registry={shown(registry)} is not valid; give a FactorRegistry or None"
        )
    chosen_registry = DEFAULT_REGISTRY if registry is None else registry
    job_growth = index_factor(chosen_registry)
    chosen = (
        _default_factors(panel, level, chosen_registry, job_growth)
        if factors is None
        else [chosen_registry.resolve(f) for f in factors]
    )
    shared = _shared_aggregation(chosen)
    counts = panel.period_counts(period, level, flows=flows is True, aggregation=shared)
    population = counts.start("population_jan1")
    jobs_start = counts.before("jobs")
    if (jobs_start == 0).any():
        unit = counts.codes[int(np.flatnonzero(jobs_start == 0)[0])]
        raise DataError(
            f"{level} {unit!r} has 0 jobs at the end of {period.first - 1}, so its "
            f"job growth over {period.label} is undefined"
        )
    columns: dict[str, Any] = {
        "name": counts.names,
        "population_start": population,
        "net_migration": rates.net_migration_rate(
            counts.total("net_migration"), population
        ),
    }
    if with_flows:
        for component in panel.components:
            column = FLOW_PREFIX + component
            columns[column] = rates.net_migration_rate(counts.total(column), population)
    columns["job_growth"] = (
        job_growth.formula(counts)
        if isinstance(job_growth, BuiltinFactor)
        else compute_factor(job_growth, panel, period, level)
        .reindex(counts.codes)
        .to_numpy()
    )
    for factor in chosen:
        column = column_of(factor)
        if factor is job_growth:
            continue
        if column in columns:
            raise InvalidOptionError(
                f"factor {factor.name!r} would replace the column {column!r} of the "
                "period table; give it another name"
            )
        if isinstance(factor, BuiltinFactor) and all(
            shared[c] == rule for c, rule in input_aggregation(factor).items()
        ):
            # A built-in's formula reads the counts already gathered here.
            factor.require(panel, period, level)
            columns[column] = factor.values(counts)
        else:
            # reindex: a panel with missing="drop" may keep fewer units
            values = compute_factor(factor, panel, period, level)
            columns[column] = values.reindex(counts.codes).to_numpy()
    return counts, columns

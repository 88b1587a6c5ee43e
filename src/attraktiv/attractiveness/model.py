"""The model of expected net migration whose residual is the attractiveness index.

:class:`AttractivenessModel` fits one level and period (:meth:`~AttractivenessModel.fit`
from a panel, :meth:`~AttractivenessModel.fit_table` from a ready period table) into
an :class:`~attraktiv.attractiveness.AttractivenessResult`; the total and every flow
component are fitted in one batched solve by the regression engine.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.text import years_text
from ..core.typing import COV_TYPES, CovType, FloatArray, IntArray, WeightsOption
from ..core.validation import check_option, check_text, check_weights
from ..errors import AttraktivWarning, DataError, FlowError, ModelError, PeriodError
from ..factors import Factor, formula_factors
from ..panel import Panel, require_panel
from ..periods import Period, as_period, long_term_periods
from ..regression import fit_arrays, formula_arrays
from ..regression.formula import parse_formula, plain_arrays, plain_spec
from ..regression.results import residual_values
from ..tables import period_columns, period_table
from .results import AttractivenessResult, LongTermResult

__all__ = ["AttractivenessModel"]

# A name in a formula: a level of the panel may be one (``C(country)``).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class AttractivenessModel:
    """The model of expected net migration whose residual is attractiveness.

    Parameters
    ----------
    formula : str, default "net_migration ~ job_growth"
        A patsy formula over the columns of :func:`attraktiv.period_table`. The
        default is the 2011 edition; later editions' structural models are one
        formula away, e.g.
        ``"net_migration ~ job_growth + neighbour_job_growth + log_population"``.
    weights : {"population"} or None, default None
        ``"population"`` fits weighted least squares by start population; the
        published method is unweighted.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance of the coefficients (it does not change the index).

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> model = attraktiv.AttractivenessModel()
    >>> result = model.fit(load_norway(), period="2008-2010", level="region")
    >>> result.top(2)["name"].tolist()
    ['Øvre Romerike', 'Halden']
    """

    def __init__(
        self,
        formula: str = "net_migration ~ job_growth",
        *,
        weights: WeightsOption | None = None,
        cov_type: CovType = "nonrobust",
    ) -> None:
        # The one formula check, as every fit would run it: a malformed formula is
        # refused here, naming its position, not at the first fit.
        if isinstance(formula, str) and "~" not in formula:
            raise ModelError(
                f"formula {formula!r} has no '~'; write it as "
                "'net_migration ~ job_growth'"
            )
        parse_formula(formula)
        self.formula = formula
        self.weights = check_weights(weights)
        self.cov_type = check_option("cov_type", cov_type, COV_TYPES)

    def __repr__(self) -> str:
        return (
            f"AttractivenessModel({self.formula!r}, weights={self.weights!r}, "
            f"cov_type={self.cov_type!r})"
        )

    def fit(
        self,
        panel: Panel,
        period: Period | str | tuple[int, int] = "2008-2010",
        level: str | None = None,
    ) -> AttractivenessResult:
        """Fit the model for one period and level and compute every index.

        Parameters
        ----------
        panel : Panel
            The data.
        period : Period, str or tuple, default "2008-2010"
            The period, e.g. ``"2008-2010"``.
        level : str, optional
            One of the panel's levels; by default the lowest (the finest).

        Returns
        -------
        AttractivenessResult

        Raises
        ------
        PeriodError
            If the panel does not cover the period.
        ModelError
            If the formula uses a column the period table lacks.
        DataError, RankDeficientError
            As :func:`attraktiv.ols`.

        Warns
        -----
        AttraktivWarning
            For a panel with ``missing="drop"`` that leaves units out of the
            period: one note, :meth:`attraktiv.Panel.missing_note`.

        Notes
        -----
        A name in the formula that is a level of the panel above ``level`` (such
        as ``country``) is the code of each unit's unit on that level, so
        ``C(country)`` gives every country its own intercept: the index then
        compares a unit with the units of its own country only.
        """
        _require_panel(panel, "AttractivenessModel.fit")
        resolved = as_period(period)
        level = panel.resolve_level(level)
        result = self._fit(panel, resolved, level)
        warn_left_out(panel, resolved, level)
        return result

    def _fit(self, panel: Panel, resolved: Period, level: str) -> AttractivenessResult:
        """:meth:`fit` without the note on units left out."""
        self._check_unit_count(panel, level)
        table = period_table(panel, resolved, level, factors=self._wanted(panel, level))
        self._check_kept(len(table), panel, resolved, level)
        table = _with_levels(table, panel, level, self.formula)
        result = self.fit_table(table, period=resolved, level=level)
        if panel.components and not panel.flows_known(resolved):
            try:
                panel.period_counts(resolved, level, flows=True)
            except FlowError as err:
                return replace(result, _flows_missing=str(err))
        return result

    def _parameter_count(self) -> int:
        parsed = parse_formula(self.formula)
        return len(parsed.terms) + int(parsed.intercept)

    def _check_kept(self, kept: int, panel: Panel, period: Period, level: str) -> None:
        """Refuse a period a ``missing="drop"`` panel leaves too few units in."""
        parameters = self._parameter_count()
        if kept <= parameters:
            raise ModelError(
                f"period {period.label}: {kept} of {len(panel.units(level))} {level} "
                f"units have every value the period needs, too few for the "
                f"{parameters} parameters of {self.formula!r}; at least "
                f"{parameters + 1} are needed. Complete the data, or choose another "
                "period"
            )

    def _check_unit_count(self, panel: Panel, level: str) -> None:
        """Refuse a level with too few units for the formula, naming the level."""
        parameters = self._parameter_count()
        units = len(panel.units(level))
        if units <= parameters:
            counts = ", ".join(f"{lv!r} {len(panel.units(lv))}" for lv in panel.levels)
            raise ModelError(
                f"level {level!r} has {units} unit{'s' if units != 1 else ''}, too "
                f"few for the {parameters} parameters of {self.formula!r}; at least "
                f"{parameters + 1} are needed. Choose a level with more units "
                f"(units per level: {counts})"
            )

    def _wanted(self, panel: Panel, level: str) -> list[Factor]:
        """The factors the formula names (the rest of the table is always there)."""
        return formula_factors(self.formula, panel, level)

    def _level_indices(
        self, panel: Panel, level: str
    ) -> Callable[[Period], tuple[list[str], FloatArray, IntArray]]:
        """The barometer's fit of one period at ``level``, checked once per level.

        The returned function gives a period's outcomes, their residuals (units ×
        outcomes) and the fitted units' positions among ``panel.units(level)``
        (all of them, or those a ``missing="drop"`` panel keeps). The unit count,
        the formula and the factors it names are settled here, once per level.

        A formula that is a plain sum of columns takes the regression package's
        fast path: the design comes from the period table's arrays
        (:func:`~attraktiv.regression.formula.plain_arrays`) and goes straight to
        the engine. Any value it would refuse sends the fit down the ordinary path,
        whose errors name the unit and column. Both give the same numbers.
        """
        self._check_unit_count(panel, level)
        spec = plain_spec(self.formula)
        wanted = self._wanted(panel, level) if spec is not None else []

        def indices(period: Period) -> tuple[list[str], FloatArray, IntArray]:
            if spec is not None:
                counts, columns = period_columns(panel, period, level, factors=wanted)
                self._check_kept(len(counts.codes), panel, period, level)
                arrays = plain_arrays(spec, columns)
                if arrays is not None:
                    flows = (
                        [c for c in columns if c.startswith("net_migration_")]
                        if spec.outcome == "net_migration"
                        else []
                    )
                    fits = fit_arrays(
                        np.column_stack([arrays.y, *(columns[c] for c in flows)]),
                        arrays.x,
                        names=list(arrays.names),
                        outcomes=[spec.outcome, *flows],
                        row_labels=counts.codes,
                        weights=columns["population_start"]
                        if self.weights == "population"
                        else None,
                        cov_type=self.cov_type,
                    )
                    outcomes = [spec.outcome, *flows]
                    return outcomes, residual_values(fits), counts.positions
            result = self._fit(panel, period, level)
            residuals = result.fits.resid
            return (
                [str(c) for c in residuals.columns],
                residuals.to_numpy(),
                panel.units(level).get_indexer(residuals.index.astype("str")),
            )

        return indices

    def fit_table(
        self, table: pd.DataFrame, *, period: Period | str, level: str
    ) -> AttractivenessResult:
        """Fit the model on a ready period table (one row per unit).

        Parameters
        ----------
        table : pandas.DataFrame
            Indexed by unit code, with a ``name`` column and the formula's columns;
            flow components are the columns ``net_migration_<flow>``.
        period : Period or str
            The period the table covers (for labels).
        level : str
            The level of its units (for labels): one line of text.

        Returns
        -------
        AttractivenessResult

        Raises
        ------
        DataError, InvalidOptionError, PeriodError
            For a table that is not a period table, a level that is not a line of
            text, or a period that is not one.
        """
        resolved = as_period(period)
        level = check_text("level", level)
        if not isinstance(table, pd.DataFrame):
            raise DataError(
                f"fit_table needs a period table as a pandas DataFrame (one row per "
                f"unit, indexed by code), got {type(table).__name__}; make one with "
                "attraktiv.period_table(panel, period, level)"
            )
        if "name" not in table.columns:
            raise DataError("the period table has no 'name' column")
        if table.index.has_duplicates:
            repeated = list(dict.fromkeys(table.index[table.index.duplicated()]))
            raise DataError(
                f"the period table has more than one row for unit {repeated[0]!r}; "
                "give one row per unit"
            )
        arrays = formula_arrays(self.formula, table)
        weights = None
        if self.weights == "population":
            if "population_start" not in table.columns:
                raise DataError(
                    "weights='population' needs the column 'population_start' (the "
                    "population at the start of the period), which the period table "
                    "lacks"
                )
            weights = _numbers(table, "population_start")
        flow_columns = (
            [c for c in table.columns if str(c).startswith("net_migration_")]
            if arrays.outcome == "net_migration"
            else []
        )
        flows = [_numbers(table, c) for c in flow_columns]
        if flows:
            _check_flows_add_up(arrays.y, flows, flow_columns, table.index)
        outcomes = np.column_stack([arrays.y, *flows])
        # One factorisation for the total and every flow: the flow indices are
        # residuals of the same projection and add up to the total exactly.
        fits = fit_arrays(
            outcomes,
            arrays.x,
            names=arrays.names,
            outcomes=[arrays.outcome, *flow_columns],
            row_labels=table.index,
            weights=weights,
            cov_type=self.cov_type,
            formula_spec=arrays.spec,
        )
        return AttractivenessResult(
            period=resolved,
            level=level,
            formula=self.formula,
            _source=table.copy(deep=False),  # copy-on-write: later edits stay theirs
            fits=fits,
        )

    def long_term(
        self,
        panel: Panel,
        last_end: int | None = None,
        level: str | None = None,
        *,
        length: int = 3,
        count: int = 3,
    ) -> LongTermResult:
        """The long-term index: the sum over non-overlapping periods .

        Parameters
        ----------
        panel : Panel
        last_end : int, optional
            The last year of the last period; default: that of
            :meth:`Panel.latest_period`. A value missing for some units in a
            period it needs is an error naming the unit, year and column, never a
            reason to fall back to an earlier period.
        level : str, optional
            By default the panel's lowest level.
        length : int, default 3
            Years per period.
        count : int, default 3
            Number of periods.

        Returns
        -------
        LongTermResult

        Raises
        ------
        PeriodError
            If ``count`` periods of ``length`` years reach back before the panel's
            years (naming both and the largest count that fits), or a period
            lacks a value.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> lt = attraktiv.AttractivenessModel().long_term(load_norway(), 2016)
        >>> [str(p) for p in lt.periods]
        ['2008-2010', '2011-2013', '2014-2016']
        >>> lt.top(1)[["name", "long_term"]].round(1)
                  name  long_term
        code
        ...
        """
        _require_panel(panel, "AttractivenessModel.long_term")
        level = panel.resolve_level(level)
        if last_end is None:
            last_end = panel.latest_period(length).last
        periods = long_term_periods(last_end, length=length, count=count)
        if periods[0].first - 1 < panel.years[0]:
            # Named here, by the arguments that ask for too much, rather than by
            # the first fit that lacks a year.
            most = max((periods[-1].last - panel.years[0]) // length, 0)
            raise PeriodError(
                f"period {periods[0].label} needs {periods[0].first - 1} (the year "
                f"before it), but the panel has years {years_text(panel.years)}: "
                f"count={count} periods of length={length} years ending in "
                f"{periods[-1].last} reach back too far; give count={most} or less, "
                "or a shorter length"
            )
        results = tuple(self.fit(panel, p, level) for p in periods)
        return LongTermResult(periods=tuple(periods), level=level, results=results)


def warn_left_out(panel: Panel, period: Period, level: str) -> None:
    """The one note on the units a ``missing="drop"`` panel leaves out of a fit."""
    if panel.missing == "drop":
        note = panel.missing_note(period, level)
        if note:
            warnings.warn(note, AttraktivWarning, stacklevel=3)


def _with_levels(
    table: pd.DataFrame, panel: Panel, level: str, formula: str
) -> pd.DataFrame:
    """The table with a code column for each higher level the formula names.

    ``C(country)`` in a formula asks for each unit's country: the column
    ``country`` holds the code of the unit's unit on that level.
    """
    levels = panel.levels
    above = levels[levels.index(level) + 1 :]
    named = [
        name
        for name in dict.fromkeys(_NAME.findall(formula.split("~", 1)[-1]))
        if name in levels and name not in table.columns
    ]
    wanted = [name for name in named if name in above]
    if len(wanted) < len(named):
        bad = next(name for name in named if name not in above)
        raise ModelError(
            f"formula {formula!r} names the level {bad!r}, but a fit at level "
            f"{level!r} can use only the levels above it as columns ("
            f"{', '.join(map(repr, above)) or 'none'}); fit a lower level"
        )
    if not wanted:
        return table
    table = table.copy()
    for name in wanted:
        parents = panel.hierarchy.mapping(level, name).reindex(table.index)
        table[name] = parents.astype("str").to_numpy()
    return table


def _require_panel(panel: object, where: str) -> None:
    require_panel(
        panel,
        f"{where} needs a Panel",
        " (a ready period table can be fitted with AttractivenessModel.fit_table)",
    )


def _numbers(table: pd.DataFrame, column: str) -> FloatArray:
    """A column of the period table as floats, or an error naming it and a unit."""
    values = table[column]
    if not (
        pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    ):
        raise DataError(
            f"column {column!r} of the period table is not numeric (dtype "
            f"{values.dtype}); give numbers, one per unit"
        )
    numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(numbers)
    if bad.any():
        raise DataError(
            f"column {column!r} of the period table has no value (NaN or infinite) "
            f"for unit {table.index[int(np.flatnonzero(bad)[0])]!r}"
        )
    return numbers


def _check_flows_add_up(
    total: FloatArray, flows: list[FloatArray], names: list[str], units: pd.Index
) -> None:
    """The flow columns must add up to net migration: their indices then add up too."""
    gap = np.sum(flows, axis=0) - total
    scale = np.maximum(1.0, np.abs(total))
    bad = np.abs(gap) > 1e-9 * scale
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"the flow columns {', '.join(map(repr, names))} do not add up to "
            f"net_migration for unit {units[first]!r} (gap {gap[first]:.6g} "
            "percentage points); the flow indices add up to the index only when the "
            "flows add up to net migration"
        )

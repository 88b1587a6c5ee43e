"""The attractiveness index: actual minus expected net migration.

Across all units of one level and one period, least squares fits net migration on
job growth (or any structural model given as a formula over the period table); the
residual of each unit is its attractiveness index, in percentage points of its
population. Flow components get their own indices from the same design, fitted in one
batched solve, so they add up to the total index exactly.

Examples
--------
>>> import attraktiv
>>> from attraktiv.datasets import load_norway
>>> result = attraktiv.AttractivenessModel().fit(load_norway(), period="2008-2010")
>>> result.top(3)[["rank", "name"]]
      rank      name
code
0235     1  Ullensaker
1516     2     Ulstein
1142     3    Rennesøy
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._ranking import descending_order, rank_series
from ._typing import COV_TYPES, CovType, FloatArray, IntArray, WeightsOption
from ._validation import check_count, check_option, check_weights
from .errors import (
    AttraktivError,
    AttraktivWarning,
    DataError,
    FlowError,
    InvalidOptionError,
    ModelError,
    PeriodError,
)
from .factors import BUILTIN_FACTORS, BuiltinFactor
from .panel import Panel, gap_text, require_panel
from .periods import Period, as_period, long_term_periods
from .regression import (
    FormulaSpec,
    OLSManyResult,
    OLSResult,
    fit_arrays,
    formula_arrays,
)
from .regression.formula import parse_formula
from .tables import period_columns, period_table

if TYPE_CHECKING:
    from ._typing import SeedLike
    from .uncertainty import RankMethod, ShrinkTarget, VarianceModel

__all__ = [
    "AttractivenessModel",
    "AttractivenessResult",
    "LongTermResult",
    "barometer",
]

TOTAL = "total"


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _formula_factors(formula: str) -> list[BuiltinFactor]:
    """The built-in factors whose period-table column the formula names."""
    names = set(_IDENTIFIER.findall(formula))
    return [f for f in BUILTIN_FACTORS[1:] if f.column in names]


@dataclass(frozen=True, repr=False)
class AttractivenessResult:
    """The attractiveness index of every unit of one level for one period.

    Created by :meth:`AttractivenessModel.fit`.

    Attributes
    ----------
    period : Period
        The period the index covers.
    level : str
        The level of the units (``"municipality"``, ``"region"``, ...).
    formula : str
        The model of expected net migration.
    source : pandas.DataFrame
        The period table the model was fitted on (a copy each time it is read).
    fits : OLSManyResult
        The batched fit of the outcome (first column) and of every flow component.

    Notes
    -----
    For unit :math:`i` with actual net migration :math:`NM_i` (percent of its start
    population) and expected net migration :math:`\\widehat{NM}_i` from the fitted
    model, the index is

    .. math:: A_i = NM_i - \\widehat{NM}_i,

    in percentage points. Positive means more in-migration than the model's factors
    (by default job growth alone) explain. Because least-squares residuals are linear
    in the outcome, the flow indices add up to :math:`A_i` exactly.
    """

    period: Period
    level: str
    formula: str
    _source: pd.DataFrame = field(compare=False)
    fits: OLSManyResult = field(compare=False)
    # Why a panel with flow components has none here (their years), or "".
    _flows_missing: str = field(default="", compare=False)

    def __repr__(self) -> str:
        return (
            f"AttractivenessResult(level={self.level!r}, period='{self.period}', "
            f"units={len(self._source)}, formula={self.formula!r})"
        )

    @property
    def source(self) -> pd.DataFrame:
        """The period table the model was fitted on (one row per unit, by code).

        A copy: changing it cannot change the result.
        """
        return self._source.copy(deep=False)  # copy-on-write keeps the result's own

    @property
    def table(self) -> pd.DataFrame:
        """The period table the model was fitted on (the same as :attr:`source`)."""
        return self._source.copy(deep=False)

    @cached_property
    def regression(self) -> OLSResult:
        """The fit of the outcome (total net migration by default)."""
        return self.fits.column(0)

    @property
    def outcome(self) -> str:
        """The outcome column of the formula (``net_migration`` by default)."""
        return self.regression.outcome

    @property
    def index(self) -> pd.Series:
        """The attractiveness index by unit code (actual − expected, pp)."""
        index = self.regression.resid  # a new Series: naming it in place is safe
        index.name = "attractiveness"
        return index

    @property
    def expected(self) -> pd.Series:
        """Expected net migration by unit code (percent of start population)."""
        expected = self.regression.fitted  # a new Series: naming it in place is safe
        expected.name = "expected"
        return expected

    @property
    def flows(self) -> pd.DataFrame | None:
        """One attractiveness index per flow component, by unit code, or None.

        None when the data have no flow components. Raises
        :class:`~attraktiv.errors.FlowError`, naming the years the flows cover,
        when the panel has components but does not know them in this period.
        """
        if len(self.fits.outcomes) == 1:
            if self._flows_missing:
                raise FlowError(self._flows_missing)
            return None
        frame = self.fits.resid.iloc[:, 1:].copy()
        frame.columns = pd.Index(
            [c.removeprefix("net_migration_") for c in frame.columns], name="flow"
        )
        return frame

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Expected net migration for new data, from the fitted model.

        Parameters
        ----------
        data : pandas.DataFrame
            The columns the formula's right-hand side uses (``job_growth`` for the
            published model), one row per unit; encoded as the fit's data were.

        Returns
        -------
        pandas.Series
            Named ``expected``, indexed like ``data``: the net migration (percent
            of the start population) the model expects from those values. The
            attractiveness index of a unit is its actual net migration minus this.

        Raises
        ------
        ModelError
            A column the formula needs is missing (named).
        DataError
            A needed value is missing or not numeric.

        Examples
        --------
        >>> import pandas as pd
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.predict(pd.DataFrame({"job_growth": [0.0, 10.0]})).round(3)
        0    1.668
        1    2.392
        Name: expected, dtype: float64
        """
        return self.regression.predict(data).rename("expected")

    def to_frame(self) -> pd.DataFrame:
        """The result as one table: :meth:`ranking`, one row per unit.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first; see :meth:`ranking`.
        """
        return self.ranking()

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals of the model's coefficients.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, as in :meth:`attraktiv.OLSResult.conf_int`.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``, one row per coefficient.
        """
        return self.regression.conf_int(level)

    def ranking(self) -> pd.DataFrame:
        """Every unit, most attractive first.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, with columns ``rank`` (1 = most attractive),
            ``name``, ``attractiveness``, the outcome (``net_migration``),
            ``expected``, ``job_growth`` (when the table has it),
            ``population_start``, and one ``attractiveness_<flow>`` column per
            flow component.
        """
        index = self.index
        expected = self.expected
        frame = pd.DataFrame(
            {
                "rank": rank_series(index),
                "name": self._source["name"],
                "attractiveness": index,
                # actual = expected + residual holds for any outcome expression
                self.outcome: expected + index,
                "expected": expected,
            }
        )
        for column in ("job_growth", "population_start"):
            if column in self._source.columns and column not in frame.columns:
                frame[column] = self._source[column]
        flows = self.flows if len(self.fits.outcomes) > 1 else None
        if flows is not None:
            for flow in flows.columns:
                frame[f"attractiveness_{flow}"] = flows[flow]
        order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
        return frame.iloc[order]

    def top(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` most attractive units (the report shows 20 municipalities).

        Parameters
        ----------
        n : int, default 20

        Returns
        -------
        pandas.DataFrame
            The first ``n`` rows of :meth:`ranking`.
        """
        return self.ranking().head(check_count("n", n))

    def bottom(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` least attractive units, least attractive last.

        Parameters
        ----------
        n : int, default 15

        Returns
        -------
        pandas.DataFrame
            The last ``n`` rows of :meth:`ranking`.
        """
        return self.ranking().tail(check_count("n", n))

    def groups(self, k: int = 5) -> pd.Series:
        """Ordered groups of units for maps (quintiles by default).

        Parameters
        ----------
        k : int, default 5
            Number of groups; each holds about the same number of units.

        Returns
        -------
        pandas.Series
            Ordered categorical by unit code; its categories are the groups' index
            intervals, lowest first.
        """
        return _quantile_groups(self.index, check_count("k", k, minimum=2))

    # --- uncertainty (attraktiv.uncertainty; imported here to keep imports acyclic)

    def std_errors(
        self,
        *,
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """The standard error of every unit's index.

        From gross migration counts where they are known, otherwise from a variance
        function fitted to the residuals; see
        :func:`attraktiv.uncertainty.index_std_errors` for the parameters and the
        method.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code: ``std_error``, ``std_error_sampling``,
            ``std_error_expected`` and ``method`` (``"counts"``,
            ``"residual-floor"`` or ``"residual-power"``).

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.std_errors().loc[["0235", "1835"], ["std_error", "method"]].round(2)
              std_error          method
        code
        0235       0.47  residual-floor
        1835       3.50  residual-floor
        """
        from .uncertainty import index_std_errors

        return index_std_errors(
            self, gross_flows=gross_flows, variance_model=variance_model
        )

    def rank_intervals(
        self,
        level: float = 0.95,
        simultaneous: bool = False,
        *,
        draws: int = 2000,
        rng: SeedLike = None,
        method: RankMethod = "bootstrap",
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """Confidence sets for every unit's rank (Mogstad et al. 2024).

        Marginal sets cover each unit's true rank with probability ``level``;
        simultaneous ones cover all ranks at once. See
        :func:`attraktiv.uncertainty.result_rank_intervals` for the parameters.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first: ``name``, ``rank``,
            ``rank_low``, ``rank_high``, ``attractiveness``, ``std_error``,
            ``method`` (how the standard errors were found).

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.rank_intervals(rng=1).head(2)[["name", "rank_low", "rank_high"]]
                    name  rank_low  rank_high
        code
        0235  Ullensaker         1         67
        1516     Ulstein         1         87
        """
        from .uncertainty import result_rank_intervals

        return result_rank_intervals(
            self,
            level,
            simultaneous,
            draws=draws,
            rng=rng,
            method=method,
            gross_flows=gross_flows,
            variance_model=variance_model,
        )

    def top_set(
        self,
        tau: int,
        level: float = 0.95,
        *,
        draws: int = 2000,
        rng: SeedLike = None,
        method: RankMethod = "bootstrap",
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """The units that may be among the top ``tau``, with confidence ``level``.

        See :func:`attraktiv.uncertainty.result_top_set` for the parameters.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first: ``name``, ``rank``,
            ``attractiveness``, ``std_error``, ``method``.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> len(result.top_set(1, rng=1))
        136
        """
        from .uncertainty import result_top_set

        return result_top_set(
            self,
            tau,
            level,
            draws=draws,
            rng=rng,
            method=method,
            gross_flows=gross_flows,
            variance_model=variance_model,
        )

    def shrunk(
        self,
        *,
        toward: ShrinkTarget = "zero",
        parents: pd.Series | None = None,
        min_population: int | None = None,
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """A ranking by empirical-Bayes (shrunk) index beside the published one.

        Small places' indices are shrunk toward zero (or their parent's mean) in
        proportion to their noise; ``min_population`` applies the later editions'
        rule (1,000). See :func:`attraktiv.uncertainty.shrunk_ranking`.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, highest shrunk index first: ``name``,
            ``population_start``, ``attractiveness``, ``rank``, ``std_error``,
            ``shrinkage``, ``shrunk``, ``posterior_sd``, ``rank_shrunk``,
            ``method``.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.shrunk().loc[["1816", "1835"], ["name", "rank", "rank_shrunk"]]
                   name  rank  rank_shrunk
        code
        1816  Vevelstad     4           66
        1835      Træna     5           73
        """
        from .uncertainty import shrunk_ranking

        return shrunk_ranking(
            self,
            toward=toward,
            parents=parents,
            min_population=min_population,
            gross_flows=gross_flows,
            variance_model=variance_model,
        )


def _quantile_groups(values: pd.Series, k: int) -> pd.Series:
    if values.nunique() < k:
        raise ModelError(
            f"cannot form {k} groups from {values.nunique()} distinct values; "
            "choose a smaller k"
        )
    groups = pd.qcut(values, k, precision=2)
    return pd.Series(groups, index=values.index, name="group")


@dataclass(frozen=True, repr=False)
class LongTermResult:
    """The long-term index: the sum of the indices of consecutive periods.

    Created by :meth:`AttractivenessModel.long_term`.

    Attributes
    ----------
    periods : tuple of Period
        The non-overlapping periods, oldest first (2002–2004, 2005–2007, 2008–2010).
    level : str
    results : tuple of AttractivenessResult
        The fit of each period.

    Notes
    -----
    The long-term index of a unit is :math:`\\sum_p A_{i,p}`: the extra net
    in-migration, in percent of the population, over all the periods that the
    model does not explain. (The top unit of the 2011 barometer had 24.5.)
    """

    periods: tuple[Period, ...]
    level: str
    results: tuple[AttractivenessResult, ...] = field(compare=False)

    def __repr__(self) -> str:
        labels = ", ".join(str(p) for p in self.periods)
        return f"LongTermResult(level={self.level!r}, periods=[{labels}])"

    @property
    def parts(self) -> pd.DataFrame:
        """Each period's index by unit code, one column per period label."""
        return pd.DataFrame(
            {str(r.period): r.index for r in self.results},
        ).rename_axis(columns="period")

    @property
    def total(self) -> pd.Series:
        """The long-term index by unit code: the sum of the parts."""
        return self.parts.sum(axis=1, skipna=False).rename("long_term")

    @property
    def names(self) -> pd.Series:
        """Unit names by code."""
        return self.results[-1].source["name"]

    def ranking(self) -> pd.DataFrame:
        """Every unit by long-term index, most attractive first.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code: ``rank``, ``name``, ``long_term``, then one column
            per period with that period's index.
        """
        total = self.total
        frame = pd.concat(
            [
                rank_series(total),
                self.names,
                total,
                self.parts.rename_axis(columns=None),
            ],
            axis=1,
        )
        order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
        return frame.iloc[order]

    def top(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` units with the highest long-term index."""
        return self.ranking().head(check_count("n", n))

    def bottom(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` units with the lowest long-term index."""
        return self.ranking().tail(check_count("n", n))

    def groups(self, k: int = 5) -> pd.Series:
        """Ordered groups of the long-term index (see AttractivenessResult.groups)."""
        return _quantile_groups(self.total, check_count("k", k, minimum=2))


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
        self._factors = _formula_factors(formula)
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
        _warn_left_out(panel, resolved, level)
        return result

    def _fit(self, panel: Panel, resolved: Period, level: str) -> AttractivenessResult:
        """:meth:`fit` without the note on units left out."""
        self._check_unit_count(panel, level)
        table = period_table(panel, resolved, level, factors=self._wanted(panel, level))
        table = _with_levels(table, panel, level, self.formula)
        result = self.fit_table(table, period=resolved, level=level)
        if panel.components and not panel.flows_known(resolved):
            try:
                panel.period_counts(resolved, level, flows=True)
            except FlowError as err:
                return replace(result, _flows_missing=str(err))
        return result

    def _check_unit_count(self, panel: Panel, level: str) -> None:
        """Refuse a level with too few units for the formula, naming the level."""
        parsed = parse_formula(self.formula)
        parameters = len(parsed.terms) + int(parsed.intercept)
        units = len(panel.units(level))
        if units <= parameters:
            counts = ", ".join(f"{lv!r} {len(panel.units(lv))}" for lv in panel.levels)
            raise ModelError(
                f"level {level!r} has {units} unit{'s' if units != 1 else ''}, too "
                f"few for the {parameters} parameters of {self.formula!r}; at least "
                f"{parameters + 1} are needed. Choose a level with more units "
                f"(units per level: {counts})"
            )

    def _wanted(self, panel: Panel, level: str) -> list[BuiltinFactor]:
        """The factors the formula names (the rest of the table is always there)."""
        return [
            f
            for f in self._factors
            if set(f.inputs) <= set(panel.columns) and f.defined_at(panel, level)
        ]

    def _indices(
        self, panel: Panel, period: Period, level: str, spec: FormulaSpec | None
    ) -> tuple[list[str], FloatArray, pd.Index]:
        """The outcomes and their residuals (units × outcomes), for the barometer.

        With the specification of a plain sum of columns (``spec``), the design is
        built from the period table's arrays and goes straight to the engine; any
        value the engine would refuse sends the fit down the ordinary path, whose
        errors name the unit and column. Both give the same numbers.
        """
        self._check_unit_count(panel, level)
        if spec is not None and spec.design_info is None:
            counts, columns = period_columns(
                panel, period, level, factors=self._wanted(panel, level)
            )
            names = [c for c in spec.columns if c != "Intercept"]
            if spec.outcome in columns and all(c in columns for c in names):
                y = np.asarray(columns[spec.outcome], dtype=np.float64)
                x = [np.asarray(columns[c], dtype=np.float64) for c in names]
                flows = (
                    [c for c in columns if c.startswith("net_migration_")]
                    if spec.outcome == "net_migration"
                    else []
                )
                if all(np.isfinite(v).all() for v in (y, *x)):
                    ones = [np.ones(len(y))] if spec.intercept else []
                    fits = fit_arrays(
                        np.column_stack([y, *(columns[c] for c in flows)]),
                        np.column_stack([*ones, *x]),
                        names=list(spec.columns),
                        outcomes=[spec.outcome, *flows],
                        row_labels=counts.codes,
                        weights=columns["population_start"]
                        if self.weights == "population"
                        else None,
                        cov_type=self.cov_type,
                    )
                    return [spec.outcome, *flows], fits.resid.to_numpy(), counts.codes
        result = self._fit(panel, period, level)
        residuals = result.fits.resid
        return (
            [str(c) for c in residuals.columns],
            residuals.to_numpy(),
            pd.Index(residuals.index.astype("str"), name="code"),
        )

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
            The level of its units (for labels).

        Returns
        -------
        AttractivenessResult
        """
        resolved = as_period(period)
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
        results = tuple(self.fit(panel, p, level) for p in periods)
        return LongTermResult(periods=tuple(periods), level=level, results=results)


def _warn_left_out(panel: Panel, period: Period, level: str) -> None:
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
        for name in dict.fromkeys(_IDENTIFIER.findall(formula))
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


def barometer(
    panel: Panel,
    *,
    levels: Sequence[str] | None = None,
    periods: Sequence[Period | str] | None = None,
    model: AttractivenessModel | None = None,
) -> pd.DataFrame:
    """Every level × period × flow in one call, as one tidy table.

    Parameters
    ----------
    panel : Panel
    levels : sequence of str, optional
        Default: every level of the panel's hierarchy.
    periods : sequence of Period or str, optional
        Default: every period of :meth:`Panel.periods_available`. A value missing
        for some units in one of them raises :class:`DataError` naming the unit,
        year and column; it is never skipped quietly. A period whose years are in
        the panel but which is left out because a column has no value for any
        unit in a year it needs is named in an :class:`AttraktivWarning`.
    model : AttractivenessModel, optional
        Default: the published model, ``net_migration ~ job_growth``.

    Returns
    -------
    pandas.DataFrame
        Columns ``level, period, flow, code, name, attractiveness, rank``; ``flow``
        is ``"total"`` for the index of total net migration and the component name
        for each flow. Sorted by level, period, flow and rank (ties by code). The
        label columns (``level``, ``period``, ``flow``, ``code``, ``name``) are
        categoricals, so a table of millions of rows stays small.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> tidy = attraktiv.barometer(load_norway(), levels=["region"])
    >>> int(tidy.groupby("period").size().iloc[0])
    85
    """
    _require_panel(panel, "barometer")
    if model is not None and not isinstance(model, AttractivenessModel):
        raise InvalidOptionError(
            f"model must be an AttractivenessModel, got {type(model).__name__}"
        )
    model = model or AttractivenessModel()
    if isinstance(levels, str):
        raise InvalidOptionError(
            f"levels must be a list of levels, got the string {levels!r}; write "
            f"levels=[{levels!r}]"
        )
    if levels is not None and not isinstance(levels, Sequence):
        raise InvalidOptionError(
            f"levels must be a list of levels, got {type(levels).__name__}; choose "
            f"from {', '.join(map(repr, panel.levels))}"
        )
    chosen_levels = (
        [panel.resolve_level(level) for level in levels]
        if levels is not None
        else list(panel.levels)
    )
    if not chosen_levels:
        raise InvalidOptionError(
            "levels is empty; give at least one of "
            f"{', '.join(map(repr, panel.levels))}"
        )
    if isinstance(periods, str | Period):
        raise InvalidOptionError(
            f"periods must be a list of periods, got {str(periods)!r}; write "
            f"periods=[{str(periods)!r}]"
        )
    if periods is None:
        chosen_periods, gaps = panel.periods_and_gaps(3)
        if gaps:
            warnings.warn(
                "barometer leaves out "
                + "; ".join(gap_text(*gap) for gap in gaps)
                + "; give periods to choose them",
                AttraktivWarning,
                stacklevel=2,
            )
    else:
        chosen_periods = [as_period(p) for p in periods]
    if panel.missing == "drop":
        finest = min(chosen_levels, key=panel.levels.index)
        for period in sorted(set(chosen_periods)):
            _warn_left_out(panel, period, finest)
    if not chosen_periods:
        raise (
            InvalidOptionError(
                "periods is empty; give at least one period, such as "
                "periods=['2008-2010'], or None for every period the panel covers"
            )
            if periods is not None
            else PeriodError(
                f"the panel (years {panel.years[0]}-{panel.years[-1]}) covers no "
                "period of 3 years and the year before it; give periods explicitly"
            )
        )
    return _tidy(panel, model, sorted(set(chosen_levels)), chosen_periods)


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


def _plain_spec(formula: str) -> FormulaSpec | None:
    """The specification of ``formula`` if it is a plain sum of columns, else None."""
    probe = pd.DataFrame(
        {name: [0.0, 1.0, 3.0] for name in _IDENTIFIER.findall(formula)}
    )
    try:
        spec = formula_arrays(formula, probe).spec
    except AttraktivError:
        return None  # the ordinary path says what is wrong, naming the column
    return spec if spec is not None and spec.design_info is None else None


def _categorical(codes: IntArray, categories: pd.Index | list[str]) -> pd.Categorical:
    dtype: pd.CategoricalDtype = pd.CategoricalDtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _tidy(
    panel: Panel,
    model: AttractivenessModel,
    levels: Sequence[str],
    periods: Sequence[Period],
) -> pd.DataFrame:
    """The tidy barometer, built from arrays in its final order.

    Rows come out sorted by level, period (label), flow and rank, ties by code, so
    nothing is sorted afterwards; the label columns are categoricals, whose codes
    are small integers whatever the number of rows.
    """
    by_label = sorted(set(periods), key=lambda p: p.label)
    period_labels = [p.label for p in by_label]
    unit_codes = pd.Index(
        pd.unique(
            np.concatenate([panel.units(level).to_numpy(object) for level in levels])
        )
    )
    level_of: list[IntArray] = []
    period_of: list[IntArray] = []
    flow_names: list[str] = []
    flow_of: list[IntArray] = []
    code_of: list[IntArray] = []
    names: list[IntArray] = []
    level_names = {
        level: panel.hierarchy.names(level)
        .reindex(panel.units(level))
        .to_numpy(dtype=object)
        for level in levels
    }
    name_index = pd.Index(pd.unique(np.concatenate(list(level_names.values()))))
    values: list[FloatArray] = []
    ranks: list[IntArray] = []
    spec = _plain_spec(model.formula)
    for level_position, level in enumerate(levels):
        all_codes = panel.units(level)
        for period_position, period in enumerate(by_label):
            outcomes, residuals, codes = model._indices(panel, period, level, spec)
            # a panel with missing="drop" fits only the units with every value
            fitted = all_codes.get_indexer(codes)
            level_codes = unit_codes.get_indexer(codes)
            name_codes = name_index.get_indexer(level_names[level][fitted])
            columns = {TOTAL: residuals[:, 0]}
            for j, column in enumerate(outcomes[1:], start=1):
                columns[column.removeprefix("net_migration_")] = residuals[:, j]
            n = len(level_codes)
            for flow in sorted(columns):
                index = columns[flow]
                # units are in code order, so ties come out by code
                order, rank = descending_order(index)
                if flow not in flow_names:
                    flow_names.append(flow)
                level_of.append(np.full(n, level_position, dtype=np.int64))
                period_of.append(np.full(n, period_position, dtype=np.int64))
                flow_of.append(np.full(n, flow_names.index(flow), dtype=np.int64))
                code_of.append(level_codes[order])
                names.append(name_codes[order])
                values.append(index[order])
                ranks.append(rank)
    flow_categories = sorted(flow_names)
    remap = np.asarray([flow_categories.index(f) for f in flow_names], dtype=np.int64)
    return pd.DataFrame(
        {
            "level": _categorical(np.concatenate(level_of), list(levels)),
            "period": _categorical(np.concatenate(period_of), period_labels),
            "flow": _categorical(remap[np.concatenate(flow_of)], flow_categories),
            "code": _categorical(np.concatenate(code_of), unit_codes),
            "name": _categorical(np.concatenate(names), name_index),
            "attractiveness": np.concatenate(values),
            "rank": np.concatenate(ranks),
        }
    )

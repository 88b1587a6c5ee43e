"""The results of a driver analysis: betas, their significance, VIF and LMG.

A :class:`DriverResult` holds statistics only; colouring a table by significance
is presentation and lives with the figures (:func:`attraktiv.plot.beta_table`,
:func:`attraktiv.plot.styled_betas`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Final, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import CovType, FloatArray, SeedLike, WeightsOption
from ..core.validation import (
    check_draws,
    check_flag,
    check_number,
    check_option,
    check_probabilities,
    check_rng,
)
from ..errors import InvalidOptionError, ModelError
from ..periods import Period, as_period
from ..regression import (
    STANDARDIZED_METHODS,
    OLSResult,
    StandardizedMethod,
    lmg,
    vif,
)

__all__ = [
    "FRAME_COLUMNS",
    "MAX_LMG_FACTORS",
    "SIGNIFICANCE_CLASSES",
    "DriverResult",
    "TableValue",
    "cell_class",
    "significance_class",
]

#: Table values :meth:`DriverResult.table` can show.
TableValue: TypeAlias = Literal[
    "beta",
    "std_error",
    "ci_low",
    "ci_high",
    "pvalue",
    "significance",
    "coefficient",
    "vif",
    "lmg",
]
_TABLE_VALUES: Final[tuple[TableValue, ...]] = get_args(TableValue)

#: Relative importance fits 2^k - 1 models; beyond this many factors it is refused.
MAX_LMG_FACTORS: Final = 15

#: Significance classes: strong, weak, not significant.
SIGNIFICANCE_CLASSES: Final[tuple[str, str, str]] = ("p<0.01", "0.01<=p<0.1", "ns")

#: Columns of :meth:`DriverResult.to_frame`.
FRAME_COLUMNS: Final[tuple[str, ...]] = (
    "period",
    "period_end",
    "factor",
    "beta",
    "std_error",
    "ci_low",
    "ci_high",
    "pvalue",
    "significance",
    "coefficient",
)


def cell_class(beta: float, pvalue: float) -> str:
    """The class of one standardized beta by its sign and p-value .

    Parameters
    ----------
    beta : float
        A standardized beta, or NaN where it is missing.
    pvalue : float
        Its p-value, from 0 to 1, or NaN where it is missing.

    Returns
    -------
    str
        ``"strong positive"`` / ``"strong negative"`` for :math:`p < 0.01`,
        ``"weak positive"`` / ``"weak negative"`` for :math:`0.01 \\le p < 0.1`,
        ``"not significant"`` otherwise, and ``"not estimated"`` where either
        value is missing: the classes the figures colour
        (:data:`attraktiv.plot.CELL_COLOURS`).

    Examples
    --------
    >>> cell_class(-0.42, 0.003)
    'strong negative'
    >>> cell_class(0.1, 0.05)
    'weak positive'
    """
    beta_missing, pvalue_missing = _missing(beta), _missing(pvalue)
    if not beta_missing:
        beta = check_number("beta", beta)
    if not pvalue_missing:
        pvalue = check_number("pvalue", pvalue, minimum=0.0, maximum=1.0)
    if beta_missing or pvalue_missing:
        return "not estimated"
    strong, weak, _ = SIGNIFICANCE_CLASSES
    label = str(_classes(np.array([pvalue]))[0])
    if label not in (strong, weak):
        return "not significant"
    strength = "strong" if label == strong else "weak"
    return f"{strength} {'positive' if beta > 0 else 'negative'}"


def _missing(value: object) -> bool:
    """Whether a number is missing: NaN (or pandas' NA), not merely infinite."""
    return value is pd.NA or (
        isinstance(value, float | np.floating) and bool(np.isnan(value))
    )


def significance_class(pvalues: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """The significance class of each p-value.

    Parameters
    ----------
    pvalues : sequence of float
        Two-sided p-values, from 0 to 1 (a list, array or Series).

    Returns
    -------
    ndarray of str
        ``"p<0.01"`` (strong), ``"0.01<=p<0.1"`` (weak) or ``"ns"`` (not
        significant, or a missing p-value).

    Raises
    ------
    DataError
        If ``pvalues`` is not a one-dimensional list-like of at least one number
        from 0 to 1 (NaN for a missing one).

    Examples
    --------
    >>> significance_class([0.001, 0.01, 0.0999, 0.1, 0.5]).tolist()
    ['p<0.01', '0.01<=p<0.1', '0.01<=p<0.1', 'ns', 'ns']
    """
    return _classes(check_probabilities("pvalues", pvalues))


def _classes(p: FloatArray) -> npt.NDArray[np.str_]:
    strong, weak, ns = SIGNIFICANCE_CLASSES
    return np.asarray(np.where(p < 0.01, strong, np.where(p < 0.1, weak, ns)))


@dataclass(frozen=True, repr=False)
class _Design:
    """The factors and outcomes of one level and period (shared by the flows)."""

    period: Period
    level: str
    factors: tuple[str, ...]
    outcomes: tuple[str, ...]
    units: pd.Index
    x: FloatArray
    y: FloatArray
    weights: FloatArray | None

    @cached_property
    def lmg(self) -> FloatArray:
        """LMG shares, factors × outcomes (every outcome in one pass)."""
        k = len(self.factors)
        if k > MAX_LMG_FACTORS:
            raise ModelError(
                f"relative importance fits 2^k - 1 models; with {k} factors that is "
                f"{2**k - 1:,}. It is limited to {MAX_LMG_FACTORS} factors"
            )
        return lmg(self.x, self.y, self.weights, names=self.factors)

    @cached_property
    def vif(self) -> FloatArray:
        """Variance inflation factor of each factor, shape (k,)."""
        return vif(self.x, self.weights, names=self.factors)


@dataclass(frozen=True, repr=False)
class DriverResult:
    """Standardized betas of the factors of one outcome and level, period by period.

    Created by :meth:`DriverAnalysis.fit` or :func:`published_tables`.

    Attributes
    ----------
    outcome : str
        The outcome column: ``net_migration`` or ``net_migration_<flow>``.
    level : str
        The level of the units.
    factors : tuple of str
        Factor names, in the analysis' order (the rows of :meth:`table`).
    periods : tuple of Period
        The periods, in the order fitted.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}
        Covariance estimator of the standard errors and p-values.
    weights : {"population"} or None
        ``"population"`` for weighted least squares by start population.
    results : tuple of OLSResult
        The engine's fit for each period (coefficients on the factors' own scale).

    Notes
    -----
    For factor :math:`j` with raw coefficient :math:`b_j`,

    .. math:: \\beta_j = b_j \\, \\frac{s(x_j)}{s(y)},

    the coefficient of :math:`x_j` when the outcome and every factor are z-scored
    (:meth:`attraktiv.OLSResult.standardized`; weighted standard deviations under
    ``weights``). Its standard error and interval account for the sampling of
    :math:`s(x_j)` and :math:`s(y)` as well as of :math:`b_j`: the delta method (with
    HC4's leverage factor on its moment part, Satterthwaite degrees of freedom and
    a Cornish-Fisher skewness correction of the interval) under ``cov_type`` by
    default, a pairs bootstrap on request (``method`` of :meth:`to_frame`). Its
    p-value is the t-test of :math:`b_j = 0` (Student's t with :math:`n - k - 1`
    degrees of freedom for every ``cov_type``), the same
    hypothesis as :math:`\\beta_j = 0`. The classes are ``p<0.01`` (strong),
    ``0.01<=p<0.1`` (weak) and ``ns``.

    A beta is a partial association in standard-deviation units, holding the other
    factors fixed, in this sample; it is not a causal effect, and it changes with
    the spread of the factor in the sample.
    """

    outcome: str
    level: str
    factors: tuple[str, ...]
    periods: tuple[Period, ...]
    cov_type: CovType
    weights: WeightsOption | None
    results: tuple[OLSResult, ...] = field(compare=False)
    _designs: tuple[_Design, ...] = field(compare=False)
    _column: int = field(compare=False)

    def __repr__(self) -> str:
        labels = ", ".join(p.label for p in self.periods[:3])
        more = ", ..." if len(self.periods) > 3 else ""
        return (
            f"DriverResult(outcome={self.outcome!r}, level={self.level!r}, "
            f"factors={list(self.factors)}, periods=[{labels}{more}], "
            f"cov_type={self.cov_type!r})"
        )

    @property
    def period_ends(self) -> tuple[int, ...]:
        """The last year of each period (the labels of the published tables)."""
        return tuple(p.label_end for p in self.periods)

    @property
    def rsquared(self) -> pd.Series:
        """R² of each period's fit, indexed by period end year."""
        return pd.Series(
            [r.rsquared for r in self.results],
            index=pd.Index(self.period_ends, name="period_end"),
            name="rsquared",
        )

    @property
    def nobs(self) -> pd.Series:
        """Number of units in each period's fit, indexed by period end year."""
        return pd.Series(
            [r.nobs for r in self.results],
            index=pd.Index(self.period_ends, name="period_end"),
            name="nobs",
        )

    def data(self, period: Period | str) -> pd.DataFrame:
        """The outcome and factor values one period's fit used, by unit code.

        Parameters
        ----------
        period : Period or str
            One of :attr:`periods`.

        Returns
        -------
        pandas.DataFrame
            Columns: the outcome, then the factors.
        """
        design = self._designs[self._position(period)]
        frame = pd.DataFrame(design.x, index=design.units, columns=list(self.factors))
        frame.insert(0, self.outcome, design.y[:, self._column])
        return frame

    def _position(self, period: Period | str) -> int:
        wanted = as_period(period)
        if wanted not in self.periods:
            labels = ", ".join(p.label for p in self.periods)
            raise InvalidOptionError(
                f"period {wanted.label} is not in this result; its periods are {labels}"
            )
        return self.periods.index(wanted)

    def _table(self, values: FloatArray | npt.NDArray[np.str_]) -> pd.DataFrame:
        """Factors × period end years from a (k, periods) array."""
        return pd.DataFrame(
            values,
            index=pd.Index(self.factors, name="factor"),
            columns=pd.Index(self.period_ends, name="period_end"),
        )

    def _standardized(
        self, level: float, method: StandardizedMethod, draws: int, rng: SeedLike
    ) -> FloatArray:
        """Betas, shape (periods, factors, 5): estimate, se, ci_low, ci_high, p."""
        columns = pd.Index(["estimate", "std_error", "ci_low", "ci_high", "pvalue"])
        method = check_option("method", method, STANDARDIZED_METHODS)
        # Checked whatever the method, so that a bad value never passes unseen;
        # the bootstrap draws (draws × units) resamples in each period.
        units = max(result.nobs for result in self.results)
        draws = check_draws("draws", draws, units=units, minimum=10)
        # One generator for every period, so that a seed gives one answer.
        generator = check_rng(rng)
        blocks = []
        for result in self.results:
            table = result.standardized(
                level, method=method, draws=draws, rng=generator
            )
            if tuple(table.index) != self.factors:  # pragma: no cover - defensive
                table = table.loc[list(self.factors)]
            wanted = np.asarray(table.columns.get_indexer(columns))
            blocks.append(table.to_numpy(dtype=np.float64)[:, wanted])
        return np.stack(blocks)

    @cached_property
    def _coefficients(self) -> FloatArray:
        """Raw coefficients, shape (factors, periods)."""
        names = pd.Index(list(self.factors))
        position = np.asarray(self.results[0].params.index.get_indexer(names))
        return np.column_stack([r.params.to_numpy()[position] for r in self.results])

    def to_frame(
        self,
        level: float = 0.95,
        *,
        importance: bool = False,
        method: StandardizedMethod = "delta",
        draws: int = 999,
        rng: SeedLike = None,
    ) -> pd.DataFrame:
        """Tidy table: one row per period and factor.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level of ``ci_low`` and ``ci_high`` (intervals of the beta),
            as in :meth:`attraktiv.OLSResult.to_frame`.
        importance : bool, default False
            Add the columns ``vif`` (:meth:`vif`) and ``lmg``
            (:meth:`relative_importance`).
        method : {"delta", "delta-asymptotic", "bootstrap"}, default "delta"
            Standard errors and intervals of the betas by the delta method (with
            its small-sample corrections, or without them) or a pairs bootstrap
            (:meth:`attraktiv.OLSResult.standardized`).
        draws : int, default 999
            Bootstrap resamples per period, at least 10 (checked with every
            method).
        rng : numpy.random.Generator, int or None
            Source of the bootstrap's randomness (checked with every method).

        Returns
        -------
        pandas.DataFrame
            Columns ``period`` (label such as ``"2008-2010"``), ``period_end``,
            ``factor``, ``beta``, ``std_error``, ``ci_low``, ``ci_high`` (of the
            beta), ``pvalue``, ``significance`` and ``coefficient`` (the raw
            coefficient, in outcome units per factor unit); then ``vif`` and
            ``lmg`` if asked for.

        Raises
        ------
        InvalidOptionError
            For an unknown ``method``, ``draws`` that is not a whole number of at
            least 10 or too many for the units, or a ``rng`` that is not a
            generator, a seed or None.
        """
        if not isinstance(importance, bool):
            raise InvalidOptionError(
                f"importance must be True or False, got {importance!r}"
            )
        k, n_periods = len(self.factors), len(self.periods)
        betas = self._standardized(level, method, draws, rng).reshape(n_periods * k, 5)
        frame = pd.DataFrame(
            {
                "period": np.repeat([p.label for p in self.periods], k),
                "period_end": np.repeat(np.asarray(self.period_ends, np.int64), k),
                "factor": np.tile(np.asarray(self.factors, dtype=object), n_periods),
                "beta": betas[:, 0],
                "std_error": betas[:, 1],
                "ci_low": betas[:, 2],
                "ci_high": betas[:, 3],
                "pvalue": betas[:, 4],
                "significance": _classes(betas[:, 4]),
                "coefficient": self._coefficients.T.reshape(-1),
            }
        )
        for column in ("period", "factor", "significance"):
            frame[column] = frame[column].astype("str")
        if importance:
            frame["vif"] = self._vif_values().T.reshape(-1)
            frame["lmg"] = self._lmg_values().T.reshape(-1)
        return frame

    def conf_int(
        self,
        level: float = 0.95,
        *,
        method: StandardizedMethod = "delta",
        draws: int = 999,
        rng: SeedLike = None,
    ) -> pd.DataFrame:
        """Confidence intervals of the betas, one row per period and factor.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, as in :meth:`attraktiv.OLSResult.conf_int`.
        method, draws, rng
            As :meth:`to_frame`.

        Returns
        -------
        pandas.DataFrame
            Columns ``period``, ``period_end``, ``factor``, ``ci_low``,
            ``ci_high``.
        """
        frame = self.to_frame(level, method=method, draws=draws, rng=rng)
        return frame[["period", "period_end", "factor", "ci_low", "ci_high"]]

    def table(
        self,
        value: TableValue = "beta",
        *,
        level: float = 0.95,
        method: StandardizedMethod = "delta",
        draws: int = 999,
        rng: SeedLike = None,
    ) -> pd.DataFrame:
        """The published layout: one row per factor, one column per period end year.

        Parameters
        ----------
        value : {"beta", "std_error", "ci_low", "ci_high", "pvalue", "significance", \
"coefficient", "vif", "lmg"}, default "beta"
            A column of :meth:`to_frame`.
        level : float, default 0.95
            Confidence level of ``ci_low`` and ``ci_high``.
        method, draws, rng
            As :meth:`to_frame`.

        Returns
        -------
        pandas.DataFrame
            Index ``factor``, columns ``period_end`` (2003 means 2001-2003): the
            column ``value`` of :meth:`to_frame`, one period per column.
        """
        value = check_option("value", value, _TABLE_VALUES)
        frame = self.to_frame(
            level,
            importance=value in ("vif", "lmg"),
            method=method,
            draws=draws,
            rng=rng,
        )
        shape = (len(self.periods), len(self.factors))
        return self._table(frame[value].to_numpy().reshape(shape).T.copy())

    def _vif_values(self) -> FloatArray:
        return np.column_stack([d.vif for d in self._designs])

    def _lmg_values(self) -> FloatArray:
        return np.column_stack([d.lmg[:, self._column] for d in self._designs])

    def vif(self) -> pd.DataFrame:
        """Variance inflation factor of each factor in each period.

        Returns
        -------
        pandas.DataFrame
            Factors × period end years.

        Notes
        -----
        .. math:: \\mathrm{VIF}_j = \\frac{1}{1 - R_j^2}

        with :math:`R_j^2` from regressing factor :math:`j` on the other factors
        and an intercept (weighted like the analysis). 1 means no overlap with
        the other factors; values above 5-10 mean its beta is imprecise because
        the others nearly explain it.
        """
        return self._table(self._vif_values())

    def relative_importance(self, *, normalized: bool = False) -> pd.DataFrame:
        """LMG relative importance: each factor's share of R², period by period.

        Parameters
        ----------
        normalized : bool, default False
            Divide by R², so the shares of each period sum to 1.

        Returns
        -------
        pandas.DataFrame
            Factors × period end years; each column sums to that period's R²
            (:attr:`rsquared`), or to 1 when ``normalized``.

        Raises
        ------
        ModelError
            With more than :data:`MAX_LMG_FACTORS` factors.

        Notes
        -----
        The LMG measure (Lindeman, Merenda and Gold, 1980) averages the increase in
        R² from adding factor :math:`j` over all :math:`k!` orders of entering the
        factors; it is the Shapley value of R²:

        .. math::

            \\mathrm{LMG}_j = \\sum_{S \\subseteq F \\setminus \\{j\\}}
                \\frac{|S|! \\, (k - |S| - 1)!}{k!}
                \\left[ R^2(S \\cup \\{j\\}) - R^2(S) \\right].

        The R² of all :math:`2^k - 1` subsets come from the least-squares engine,
        one batched call per subset for all the flows fitted together (255 calls
        for eight factors). With an intercept, adding a factor never lowers R², so
        the shares are non-negative (up to rounding) and add up to R² exactly.
        Unlike betas, they do not depend on the order or the scale of the factors,
        and they split the explained variance of correlated factors between them.

        References
        ----------
        .. [1] Lindeman, R. H., Merenda, P. F. and Gold, R. Z. (1980). Introduction
           to Bivariate and Multivariate Analysis. Glenview, IL: Scott, Foresman.
        .. [2] Grömping, U. (2006). Relative importance for linear regression in R:
           the package relaimpo. Journal of Statistical Software 17(1), 1-27.
        """
        normalized = check_flag("normalized", normalized)
        values = self._lmg_values()
        if normalized:
            values = values / self.rsquared.to_numpy()[None, :]
        return self._table(values)

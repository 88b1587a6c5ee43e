"""Driver analysis: what characterises attractive places (METHOD sections 6 and 8).

For one level, period and flow, least squares fits net migration (or one of its flow
components) on all the explanatory factors together; each factor is reported by its
standardized coefficient (beta), its two-sided t-test p-value and a significance
class. Beside the betas: confidence intervals, variance inflation factors and the
relative importance of each factor (LMG shares of R²). Every fit goes through the
library's one least-squares engine (:func:`attraktiv.ols_many`); all the flows of one
level and period share one design and one factorisation.

Examples
--------
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.drivers import DriverAnalysis
>>> analysis = DriverAnalysis(["job_growth", "neighbour_growth", "size"])
>>> result = analysis.fit(load_norway(), periods=["2008-2010"], level="region")
>>> result.table().round(3)
period_end         2010
factor
job_growth        0.322
neighbour_growth  0.111
size              0.401
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, cast, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._typing import COV_TYPES, CovType, FloatArray, WeightsOption
from ._validation import check_option, check_weights
from .errors import DataError, InvalidOptionError, ModelError, RankDeficientError
from .factors import (
    Factor,
    _period_table,
    _resolve_factor,
    _shared_period_tables,
    factor_values,
)
from .panel import Panel
from .periods import Period, as_period
from .regression import OLSResult, ols_many
from .regression._kernel import Collinearity, estimate

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "CELL_COLOURS",
    "PUBLISHED_FACTORS",
    "SIGNIFICANCE_CLASSES",
    "DriverAnalysis",
    "DriverResult",
    "cell_class",
    "published_tables",
    "shapley_shares",
    "significance_class",
    "subset_rsquared",
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

#: Significance classes of METHOD section 6: strong, weak, not significant.
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

#: The factors of the published tables, per level (regions: university instead of
#: education level, METHOD section 6). Regions have no labour-market integration:
#: commuting summed over municipalities counts commuting inside the region too, and
#: the data has no commuting counts measured for regions
#: (:data:`attraktiv.panel.LOWEST_LEVEL_ONLY`).
PUBLISHED_FACTORS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "municipality": (
            "job_growth",
            "labour_market_integration",
            "size",
            "neighbour_growth",
            "culture_index",
            "cafe_density",
            "education_level",
            "housing_construction",
        ),
        "region": (
            "job_growth",
            "size",
            "neighbour_growth",
            "culture_index",
            "cafe_density",
            "university",
            "housing_construction",
        ),
    }
)

_TOTAL: Final = "net_migration"
_PREFIX: Final = "net_migration_"

#: Relative importance fits 2^k - 1 models; beyond this many factors it is refused.
MAX_LMG_FACTORS: Final = 15

#: Cell colours by sign and significance class (ColorBrewer RdBu): blue for positive,
#: red for negative, darker for stronger evidence; they read well for the common
#: colour-vision deficiencies. Keys are the classes of :func:`cell_class`. Shared by
#: :meth:`DriverResult.styled` and :func:`attraktiv.plot.beta_table`.
CELL_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "strong positive": "#2166ac",
        "weak positive": "#92c5de",
        "not significant": "#f7f7f7",
        "weak negative": "#f4a582",
        "strong negative": "#b2182b",
        "not estimated": "#d9d9d9",
    }
)

# (background, text) of the styled table by sign and significance class.
_COLOURS: Final[Mapping[tuple[int, str], tuple[str, str]]] = MappingProxyType(
    {
        (1, "p<0.01"): (CELL_COLOURS["strong positive"], "white"),
        (1, "0.01<=p<0.1"): (CELL_COLOURS["weak positive"], "black"),
        (-1, "0.01<=p<0.1"): (CELL_COLOURS["weak negative"], "black"),
        (-1, "p<0.01"): (CELL_COLOURS["strong negative"], "white"),
    }
)


def cell_class(beta: float, pvalue: float) -> str:
    """The class of one standardized beta by its sign and p-value (METHOD 6).

    Parameters
    ----------
    beta, pvalue : float

    Returns
    -------
    str
        ``"strong positive"`` / ``"strong negative"`` for :math:`p < 0.01`,
        ``"weak positive"`` / ``"weak negative"`` for :math:`0.01 \\le p < 0.1`,
        ``"not significant"`` otherwise, and ``"not estimated"`` where either
        value is missing: the keys of :data:`CELL_COLOURS`.

    Examples
    --------
    >>> cell_class(-0.42, 0.003)
    'strong negative'
    >>> cell_class(0.1, 0.05)
    'weak positive'
    """
    if not (np.isfinite(beta) and np.isfinite(pvalue)):
        return "not estimated"
    strong, weak, _ = SIGNIFICANCE_CLASSES
    label = str(significance_class([pvalue])[0])
    if label not in (strong, weak):
        return "not significant"
    strength = "strong" if label == strong else "weak"
    return f"{strength} {'positive' if beta > 0 else 'negative'}"


def significance_class(pvalues: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """The significance class of each p-value (METHOD section 6).

    Parameters
    ----------
    pvalues : array_like
        Two-sided p-values.

    Returns
    -------
    ndarray of str
        ``"p<0.01"`` (strong), ``"0.01<=p<0.1"`` (weak) or ``"ns"`` (not
        significant).

    Examples
    --------
    >>> significance_class([0.001, 0.01, 0.0999, 0.1, 0.5]).tolist()
    ['p<0.01', '0.01<=p<0.1', '0.01<=p<0.1', 'ns', 'ns']
    """
    p = np.asarray(pvalues, dtype=np.float64)
    strong, weak, ns = SIGNIFICANCE_CLASSES
    return np.asarray(np.where(p < 0.01, strong, np.where(p < 0.1, weak, ns)))


# --- the numbers behind relative importance and VIF ------------------------------


def _popcount(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    counts = np.zeros_like(masks)
    remaining = masks.copy()
    while remaining.any():
        counts += remaining & 1
        remaining >>= 1
    return counts


def _compress(x: FloatArray, y: FloatArray, weights: FloatArray | None) -> FloatArray:
    """Triangular factor ``T`` of the centred (weighted) data ``[x y]``.

    ``T'T`` equals the centred cross-product matrix of ``[x y]``, so a least-squares
    fit of a column of ``T`` on other columns of ``T`` (without intercept) has the
    coefficients and the residual sum of squares of the fit with intercept on the
    data: the same problem in ``k + m`` rows instead of ``n``.
    """
    data = np.column_stack([x, y])
    if weights is None:
        centred = data - data.mean(axis=0)
    else:
        share = weights / weights.sum()
        centred = (data - share @ data) * np.sqrt(weights)[:, None]
    return np.asarray(np.linalg.qr(centred, mode="r"), dtype=np.float64)


def _rsquared(design: FloatArray, y: FloatArray) -> FloatArray:
    """R² of each column of ``y`` on ``design``, both columns of a centred factor."""
    fit = estimate(design, y, centre=False)
    if isinstance(fit, Collinearity):  # pragma: no cover - the full design is checked
        raise RankDeficientError("a subset of the factors is rank deficient")
    return np.asarray(1.0 - fit.ssr / fit.raw_ss, dtype=np.float64)


def subset_rsquared(
    x: FloatArray, y: FloatArray, weights: FloatArray | None = None
) -> FloatArray:
    """R² of every subset of the columns of ``x`` (with an intercept), for each y.

    Parameters
    ----------
    x : ndarray, shape (n, k)
        The factors (without the constant), of full column rank beside it.
    y : ndarray, shape (n, m)
        Outcomes that share the design; each subset is one batched engine call.
    weights : ndarray, shape (n,), optional
        Analytic weights (weighted R²).

    Returns
    -------
    ndarray, shape (2**k, m)
        Row ``s`` holds the R² of the subset whose bit ``j`` is set when column
        ``j`` is in it; row 0 (the intercept alone) is 0.

    Notes
    -----
    Every fit goes through the least-squares engine
    (:func:`attraktiv.regression._kernel.estimate`), all outcomes at once, on the
    triangular factor :math:`T` of the centred data,
    :math:`T'T = [\\tilde X \\; \\tilde Y]'[\\tilde X \\; \\tilde Y]`: the same
    normal equations, residual and total sums of squares as the fit with an
    intercept on the :math:`n` rows, in :math:`k + m` rows.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(50, 2))
    >>> y = (x @ [1.0, 0.5] + rng.normal(size=50))[:, None]
    >>> subset_rsquared(x, y).round(3).ravel().tolist()
    [0.0, 0.555, 0.184, 0.649]
    """
    k = x.shape[1]
    factor = _compress(x, y, weights)
    tx, ty = factor[:, :k], factor[:, k:]
    r2 = np.zeros((2**k, y.shape[1]))
    for mask in range(1, 2**k):
        columns = [j for j in range(k) if mask >> j & 1]
        r2[mask] = _rsquared(tx[:, columns], ty)
    return r2


def shapley_shares(r2: FloatArray) -> FloatArray:
    """Shapley (LMG) shares of each column from the R² of every subset.

    Parameters
    ----------
    r2 : ndarray, shape (2**k, m)
        As returned by :func:`subset_rsquared`.

    Returns
    -------
    ndarray, shape (k, m)
        The share of factor ``j`` for each outcome; the shares sum to the R² of
        the full model.

    Notes
    -----
    .. math::

        \\mathrm{LMG}_j = \\sum_{S \\subseteq F \\setminus \\{j\\}}
            \\frac{|S|! \\, (k - |S| - 1)!}{k!}
            \\left[ R^2(S \\cup \\{j\\}) - R^2(S) \\right]

    Examples
    --------
    Two factors: each gets half its R² alone plus half of what it adds to the other.

    >>> import numpy as np
    >>> r2 = np.array([[0.0], [0.555], [0.184], [0.649]])
    >>> shapley_shares(r2).ravel().round(4).tolist()
    [0.51, 0.139]
    """
    k = r2.shape[0].bit_length() - 1
    masks = np.arange(2**k, dtype=np.int64)
    sizes = _popcount(masks)
    weight_by_size = np.array(
        [
            math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
            for s in range(k)
        ]
    )
    shares = np.empty((k, r2.shape[1]))
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        increments = r2[without | (1 << j)] - r2[without]
        shares[j] = weight_by_size[sizes[without]] @ increments
    return shares


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
        return shapley_shares(subset_rsquared(self.x, self.y, self.weights))

    @cached_property
    def vif(self) -> FloatArray:
        """Variance inflation factor of each factor, shape (k,)."""
        k = self.x.shape[1]
        if k == 1:
            return np.ones(1)
        factor = _compress(self.x, np.zeros((len(self.x), 0)), self.weights)
        vif = np.empty(k)
        for j in range(k):
            others = np.delete(factor, j, axis=1)
            r2 = float(_rsquared(others, factor[:, j : j + 1])[0])
            vif[j] = 1.0 / (1.0 - r2)
        return vif


def _level_text(level: str, period: Period) -> str:
    return f"at level {level!r} in period {period.label}"


def _check_design(x: pd.DataFrame, y: pd.DataFrame, level: str, period: Period) -> None:
    """Errors for designs whose betas are undefined, naming factor, level, period."""
    n, k = x.shape
    where = _level_text(level, period)
    if n < k + 2:
        raise ModelError(
            f"{n} units {where} are too few for {k} factors "
            f"({', '.join(map(str, x.columns))}) and an intercept; at least "
            f"{k + 2} are needed"
        )
    values = x.to_numpy()
    constant = np.ptp(values, axis=0) == 0
    if constant.any():
        j = int(np.flatnonzero(constant)[0])
        raise RankDeficientError(
            f"factor {x.columns[j]!r} is constant {where} (every unit has "
            f"{values[0, j]:g}), so its beta is undefined; leave it out at this level"
        )
    outcomes = y.to_numpy()
    flat = np.ptp(outcomes, axis=0) == 0
    if flat.any():
        j = int(np.flatnonzero(flat)[0])
        raise ModelError(
            f"outcome {y.columns[j]!r} is constant {where}, so standardized "
            "coefficients are undefined"
        )


def _collinear_error(
    x: pd.DataFrame, weights: FloatArray | None, level: str, period: Period
) -> RankDeficientError:
    n = len(x)
    design = np.column_stack([np.ones(n), x.to_numpy()])
    problem = estimate(design, np.ones((n, 1)), weights)
    names = ["Intercept", *map(str, x.columns)]
    involved: list[str] = []
    if isinstance(problem, Collinearity):
        for group in problem.involved:
            involved += [names[i] for i in group if i > 0 and names[i] not in involved]
    shown = ", ".join(repr(name) for name in involved) or "the factors"
    return RankDeficientError(
        f"factors {shown} are perfectly collinear {_level_text(level, period)} (one "
        "is a linear combination of the others and the intercept), so their betas "
        "are not identified; leave one of them out"
    )


def _fit_period(
    x: pd.DataFrame,
    y: pd.DataFrame,
    weights: FloatArray | None,
    *,
    level: str,
    period: Period,
    cov_type: CovType,
) -> tuple[_Design, tuple[OLSResult, ...]]:
    """One batched fit of every outcome on the factors of one level and period."""
    _check_design(x, y, level, period)
    try:
        fits = ols_many(y, x, weights=weights, cov_type=cov_type)
    except RankDeficientError:
        raise _collinear_error(x, weights, level, period) from None
    design = _Design(
        period=period,
        level=level,
        factors=tuple(map(str, x.columns)),
        outcomes=tuple(map(str, y.columns)),
        units=x.index,
        x=x.to_numpy(dtype=np.float64),
        y=y.to_numpy(dtype=np.float64),
        weights=weights,
    )
    return design, tuple(fits.column(j) for j in range(y.shape[1]))


# --- results ----------------------------------------------------------------------


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

    .. math::

        \\beta_j = b_j \\, \\frac{s(x_j)}{s(y)}, \\qquad
        \\operatorname{se}(\\beta_j) = \\operatorname{se}(b_j) \\,
            \\frac{s(x_j)}{s(y)},

    the coefficient of :math:`x_j` when the outcome and every factor are z-scored
    (:meth:`attraktiv.OLSResult.standardized`; weighted standard deviations under
    ``weights``). Its t statistic and p-value are those of :math:`b_j` (Student's t
    with :math:`n - k - 1` degrees of freedom for every ``cov_type``). The classes
    are ``p<0.01`` (strong), ``0.01<=p<0.1`` (weak) and ``ns``.

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

    @cached_property
    def _standardized_cache(self) -> dict[float, FloatArray]:
        return {}

    def _standardized(self, confidence_level: float) -> FloatArray:
        """Betas, shape (periods, factors, 5): estimate, se, ci_low, ci_high, p."""
        cached = self._standardized_cache.get(confidence_level)
        if cached is None:
            columns = ["estimate", "std_error", "ci_low", "ci_high", "pvalue"]
            blocks = []
            for result in self.results:
                table = result.standardized(confidence_level)
                if tuple(table.index) != self.factors:  # pragma: no cover - defensive
                    table = table.loc[list(self.factors)]
                values = table.to_numpy(dtype=np.float64)
                wanted = np.asarray(table.columns.get_indexer(pd.Index(columns)))
                blocks.append(values[:, wanted])
            cached = np.stack(blocks)
            # A result is a value: what it hands out must not change it.
            cached.flags.writeable = False
            self._standardized_cache[confidence_level] = cached
        return cached

    @cached_property
    def _coefficients(self) -> FloatArray:
        """Raw coefficients, shape (factors, periods)."""
        names = pd.Index(list(self.factors))
        position = np.asarray(self.results[0].params.index.get_indexer(names))
        return np.column_stack([r.params.to_numpy()[position] for r in self.results])

    def to_frame(
        self, confidence_level: float = 0.95, *, importance: bool = False
    ) -> pd.DataFrame:
        """Tidy table: one row per period and factor.

        Parameters
        ----------
        confidence_level : float, default 0.95
            Coverage of ``ci_low`` and ``ci_high`` (intervals of the beta).
        importance : bool, default False
            Add the columns ``vif`` (:meth:`vif`) and ``lmg``
            (:meth:`relative_importance`).

        Returns
        -------
        pandas.DataFrame
            Columns ``period`` (label such as ``"2008-2010"``), ``period_end``,
            ``factor``, ``beta``, ``std_error``, ``ci_low``, ``ci_high`` (of the
            beta), ``pvalue``, ``significance`` and ``coefficient`` (the raw
            coefficient, in outcome units per factor unit); then ``vif`` and
            ``lmg`` if asked for.
        """
        k, n_periods = len(self.factors), len(self.periods)
        betas = self._standardized(confidence_level).reshape(n_periods * k, 5)
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
                "significance": significance_class(betas[:, 4]),
                "coefficient": self._coefficients.T.reshape(-1),
            }
        )
        for column in ("period", "factor", "significance"):
            frame[column] = frame[column].astype("str")
        if importance:
            frame["vif"] = self._vif_values().T.reshape(-1)
            frame["lmg"] = self._lmg_values().T.reshape(-1)
        return frame

    def table(
        self, value: TableValue = "beta", confidence_level: float = 0.95
    ) -> pd.DataFrame:
        """The published layout: one row per factor, one column per period end year.

        Parameters
        ----------
        value : {"beta", "std_error", "ci_low", "ci_high", "pvalue", "significance", \
"coefficient", "vif", "lmg"}, default "beta"
            What the cells hold.
        confidence_level : float, default 0.95
            Coverage of ``ci_low`` and ``ci_high``.

        Returns
        -------
        pandas.DataFrame
            Index ``factor``, columns ``period_end`` (2003 means 2001-2003).
        """
        value = check_option("value", value, _TABLE_VALUES)
        if value == "vif":
            return self._table(self._vif_values())
        if value == "lmg":
            return self._table(self._lmg_values())
        if value == "coefficient":
            return self._table(self._coefficients.copy())
        position = {"beta": 0, "std_error": 1, "ci_low": 2, "ci_high": 3}.get(value, 4)
        values = self._standardized(confidence_level)[:, :, position].T.copy()
        if value == "significance":
            return self._table(significance_class(values))
        return self._table(values)

    def styled(self, decimals: int = 2) -> Styler:
        """The beta table coloured by sign and significance class (pandas Styler).

        Parameters
        ----------
        decimals : int, default 2
            Decimals shown.

        Returns
        -------
        pandas.io.formats.style.Styler
            Cells of :meth:`table` (betas): dark blue for ``p<0.01`` and positive,
            light blue for ``0.01<=p<0.1`` and positive, light and dark red for the
            negative ones, no colour for ``ns``.

        Raises
        ------
        ImportError
            If jinja2 (which pandas' Styler needs) is not installed.
        """
        try:
            import jinja2  # noqa: F401
        except ImportError:
            raise ImportError(
                "DriverResult.styled() needs jinja2, which pandas' Styler uses; "
                "install it with 'pip install jinja2' (table() gives the same "
                "numbers without colours)"
            ) from None
        betas = self.table("beta")
        classes = self.table("significance").to_numpy()
        signs = np.sign(betas.to_numpy())
        css = np.full(betas.shape, "", dtype=object)
        for (sign, label), (background, text) in _COLOURS.items():
            css[(signs == sign) & (classes == label)] = (
                f"background-color: {background}; color: {text}"
            )
        styles = pd.DataFrame(css, index=betas.index, columns=betas.columns)
        caption = (
            f"Standardized betas of {self.outcome}, {self.level} level "
            "(blue positive, red negative; dark: p below 0.01, light: p from 0.01 "
            "to 0.1)"
        )
        return (
            betas.style.format(precision=decimals)
            .apply(lambda _: styles, axis=None)
            .set_caption(caption)
        )

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
        values = self._lmg_values()
        if normalized:
            values = values / self.rsquared.to_numpy()[None, :]
        return self._table(values)


# --- the analysis -----------------------------------------------------------------


def _resolve_outcome(outcome: str, available: Sequence[str]) -> str:
    """The outcome column: the name itself, ``net_migration_<name>``, or the total."""
    if outcome == "total":
        outcome = _TOTAL
    for candidate in (outcome, _PREFIX + outcome):
        if candidate in available:
            return candidate
    short = [c.removeprefix(_PREFIX) for c in available if c != _TOTAL]
    choices = ", ".join(repr(c) for c in [_TOTAL, *short])
    raise InvalidOptionError(
        f"outcome={outcome!r} is not a flow of this panel; choose one of {choices} "
        "(a flow may also be given by its column, 'net_migration_<flow>')"
    )


def _flow_columns(panel: Panel) -> tuple[str, ...]:
    return (_TOTAL, *(_PREFIX + c for c in panel.components))


def _is_year_pair(value: object) -> bool:
    """Whether ``value`` is one period given as ``(first, last)``."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(
            isinstance(v, int | np.integer) and not isinstance(v, bool) for v in value
        )
    )


def _resolve_periods(
    panel: Panel,
    periods: Sequence[Period | str | tuple[int, int]]
    | Period
    | str
    | tuple[int, int]
    | None,
) -> tuple[Period, ...]:
    if periods is None:
        chosen = tuple(panel.periods_available())
        if not chosen:
            raise InvalidOptionError("the panel covers no period of 3 years")
    elif isinstance(periods, Period | str):
        chosen = (as_period(periods),)
    elif _is_year_pair(periods):
        first, last = cast("tuple[int, int]", periods)
        chosen = (as_period((int(first), int(last))),)
    else:
        chosen = tuple(
            as_period(p)
            for p in cast("Sequence[Period | str | tuple[int, int]]", periods)
        )
    if not chosen:
        raise InvalidOptionError("periods is empty; give at least one period")
    ends: dict[int, Period] = {}
    for period in chosen:
        other = ends.get(period.label_end)
        if other is not None:
            raise InvalidOptionError(
                f"periods {other.label} and {period.label} end in the same year; "
                "driver tables label periods by their end year, so give each end "
                "year once"
            )
        ends[period.label_end] = period
    return chosen


def _fit_panel(
    panel: Panel,
    factors: Sequence[Factor],
    outcomes: Sequence[str],
    periods: Sequence[Period],
    level: str,
    cov_type: CovType,
    weights: WeightsOption | None,
) -> dict[str, DriverResult]:
    """Every outcome of one level over the periods: one batched fit per period."""
    designs: list[_Design] = []
    fits: list[tuple[OLSResult, ...]] = []
    with _shared_period_tables():
        for period in periods:
            table = _period_table(panel, period, level)
            x = pd.concat(
                [factor_values(f, panel, period, level) for f in factors], axis=1
            )
            y = table.loc[x.index, list(outcomes)]
            w = (
                table.loc[x.index, "population_start"].to_numpy(dtype=np.float64)
                if weights == "population"
                else None
            )
            design, results = _fit_period(
                x, y, w, level=level, period=period, cov_type=cov_type
            )
            designs.append(design)
            fits.append(results)
    names = tuple(f.name for f in factors)
    return {
        outcome: DriverResult(
            outcome=outcome,
            level=level,
            factors=names,
            periods=tuple(periods),
            cov_type=cov_type,
            weights=weights,
            results=tuple(f[j] for f in fits),
            _designs=tuple(designs),
            _column=j,
        )
        for j, outcome in enumerate(outcomes)
    }


class DriverAnalysis:
    """Standardized betas of explanatory factors of migration (METHOD section 6).

    Parameters
    ----------
    factors : sequence of Factor or str
        The factors, as registered names (:func:`attraktiv.factors.available_factors`)
        or objects satisfying :class:`attraktiv.factors.Factor`. Fitted together,
        each with its own beta.
    outcome : str, default "net_migration"
        Total net migration, or a flow component: by its short name
        (``"immigration"``, ``"domestic_immigrant"``, ``"domestic_other"``, or any
        component of the panel) or by its column (``"net_migration_immigration"``).
        ``"total"`` means ``"net_migration"``.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors and p-values (METHOD section 8;
        the published method is ``"nonrobust"``).
    weights : {"population"} or None, default None
        ``"population"`` fits weighted least squares by start population (then
        betas use weighted standard deviations); the published method is
        unweighted.

    Raises
    ------
    InvalidOptionError
        Unknown factor names (the message lists the available ones), duplicate
        factors, no factors, or an invalid option.

    See Also
    --------
    published_tables : the eight tables of the report in one call.

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> panel = simulate_panel(426, rng=7)
    >>> analysis = DriverAnalysis(["job_growth", "size", "housing_construction"],
    ...                           outcome="immigration")
    >>> result = analysis.fit(panel, periods=["2011-2013", "2014-2016"])
    >>> result.outcome
    'net_migration_immigration'
    >>> result.to_frame()[["period_end", "factor", "beta", "significance"]].round(3)
       period_end                factor   beta significance
    0        2013            job_growth  0.393       p<0.01
    1        2013                  size  0.201       p<0.01
    2        2013  housing_construction  0.037           ns
    3        2016            job_growth  0.305       p<0.01
    4        2016                  size  0.222       p<0.01
    5        2016  housing_construction  0.065           ns
    """

    def __init__(
        self,
        factors: Sequence[Factor | str],
        outcome: str = "net_migration",
        *,
        cov_type: CovType = "nonrobust",
        weights: WeightsOption | None = None,
    ) -> None:
        if isinstance(factors, str) or not isinstance(factors, Sequence):
            raise InvalidOptionError(
                f"factors must be a list of factors or names, got {factors!r}"
            )
        resolved = tuple(_resolve_factor(f) for f in factors)
        if not resolved:
            raise InvalidOptionError("factors is empty; give at least one factor")
        names = [f.name for f in resolved]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InvalidOptionError(
                f"factor {repeated[0]!r} is given more than once; every factor "
                "needs its own name"
            )
        if not isinstance(outcome, str):
            raise InvalidOptionError(f"outcome must be a name, got {outcome!r}")
        self._factors = resolved
        self.outcome = outcome
        self.cov_type: CovType = check_option("cov_type", cov_type, COV_TYPES)
        self.weights: WeightsOption | None = check_weights(weights)

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The factors, resolved to objects."""
        return self._factors

    def __repr__(self) -> str:
        return (
            f"DriverAnalysis(factors={[f.name for f in self._factors]}, "
            f"outcome={self.outcome!r}, cov_type={self.cov_type!r}, "
            f"weights={self.weights!r})"
        )

    def fit(
        self,
        panel: Panel,
        periods: Sequence[Period | str | tuple[int, int]]
        | Period
        | str
        | tuple[int, int]
        | None = None,
        level: str = "municipality",
    ) -> DriverResult:
        """Fit the factors for every period at one level.

        Parameters
        ----------
        panel : Panel
            The data; it must have every factor's input columns.
        periods : sequence of Period or str, or one period, optional
            Default: every rolling three-year period the panel covers
            (:meth:`attraktiv.Panel.periods_available`). End years must differ.
        level : str, default "municipality"
            One of the panel's levels.

        Returns
        -------
        DriverResult

        Raises
        ------
        DataError
            A factor's input column is missing (naming factor, column and period),
            or a factor has no value for some units (naming factor, level, period
            and units).
        RankDeficientError
            A factor is constant at the level in a period, or factors are perfectly
            collinear (naming them, the level and the period).
        ModelError
            Fewer units than factors + 2, or a constant outcome.
        PeriodError
            A period the panel does not cover.
        InvalidOptionError
            Unknown outcome (listing the panel's flows) or level.
        """
        level = check_option("level", level, panel.levels)
        outcome = _resolve_outcome(self.outcome, _flow_columns(panel))
        chosen = _resolve_periods(panel, periods)
        return _fit_panel(
            panel,
            self._factors,
            (outcome,),
            chosen,
            level,
            self.cov_type,
            self.weights,
        )[outcome]

    def fit_table(
        self,
        table: pd.DataFrame,
        period: Period | str | tuple[int, int],
        level: str = "municipality",
    ) -> DriverResult:
        """Fit on a ready table with one column per factor (no panel needed).

        Parameters
        ----------
        table : pandas.DataFrame
            One row per unit: the outcome column and one column per factor, named
            after the factors (and ``population_start`` when weighted).
        period : Period or str
            The period the table covers (for labels).
        level : str, default "municipality"
            The level of its units (for labels).

        Returns
        -------
        DriverResult

        Raises
        ------
        DataError
            A column is missing or has missing values.
        RankDeficientError, ModelError
            As :meth:`fit`.

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame({
        ...     "net_migration": [1.0, 3.0, 2.0, 5.0, 4.0, 6.5],
        ...     "job_growth": [0.0, 2.0, 1.0, 4.0, 2.5, 5.0],
        ...     "size": [8.0, 9.5, 8.2, 9.9, 10.4, 9.0]})
        >>> result = DriverAnalysis(["job_growth", "size"]).fit_table(
        ...     table, "2008-2010")
        >>> result.table().round(3)
        period_end   2010
        factor
        job_growth  0.981
        size        0.024
        """
        period = as_period(period)
        if not isinstance(table, pd.DataFrame):
            raise DataError(f"table must be a DataFrame, got {type(table).__name__}")
        flows = [str(c) for c in table.columns if str(c).startswith(_TOTAL)]
        outcome = _resolve_outcome(self.outcome, flows)
        needed = [f.name for f in self._factors]
        if self.weights == "population":
            needed.append("population_start")
        for column in needed:
            if column not in table.columns:
                raise DataError(
                    f"the table has no column {column!r} (period {period.label}); "
                    f"its columns are {', '.join(map(str, table.columns))}"
                )
        where = _level_text(level, period)
        for column in [outcome, *needed]:
            values = table[column].to_numpy(dtype=np.float64, na_value=np.nan)
            bad = ~np.isfinite(values)
            if bad.any():
                units = [str(u) for u in table.index[bad][:5]]
                raise DataError(
                    f"column {column!r} has no value (NaN or infinite) {where} for "
                    f"{int(bad.sum())} unit(s): {', '.join(map(repr, units))}"
                )
        x = table[[f.name for f in self._factors]].astype(np.float64)
        y = table[[outcome]].astype(np.float64)
        w = (
            table["population_start"].to_numpy(dtype=np.float64)
            if self.weights == "population"
            else None
        )
        design, results = _fit_period(
            x, y, w, level=level, period=period, cov_type=self.cov_type
        )
        return DriverResult(
            outcome=outcome,
            level=level,
            factors=design.factors,
            periods=(period,),
            cov_type=self.cov_type,
            weights=self.weights,
            results=results,
            _designs=(design,),
            _column=0,
        )


def published_tables(
    panel: Panel,
    periods: Sequence[Period | str | tuple[int, int]] | None = None,
    *,
    factors: Mapping[str, Sequence[Factor | str]] | None = None,
    cov_type: CovType = "nonrobust",
    weights: WeightsOption | None = None,
) -> dict[tuple[str, str], DriverResult]:
    """The driver tables of the report: every level × flow in one call.

    Parameters
    ----------
    panel : Panel
        Data with every factor input and the flow components (such as
        :func:`attraktiv.datasets.simulate_panel`).
    periods : sequence of Period or str, optional
        Default: every rolling three-year period the panel covers.
    factors : mapping of level to factors, optional
        Default :data:`PUBLISHED_FACTORS`: the eight published factors for
        municipalities, and for regions the same with ``university`` in place of
        ``education_level``. Its keys are the levels fitted.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
    weights : {"population"} or None, default None

    Returns
    -------
    dict
        Keyed by ``(level, outcome)`` with outcome ``net_migration`` and
        ``net_migration_<flow>`` for each flow component of the panel; with the
        defaults and a panel of three components, the eight published tables.

    Raises
    ------
    DataError, RankDeficientError, ModelError, PeriodError, InvalidOptionError
        As :meth:`DriverAnalysis.fit`.

    Notes
    -----
    All flows of one level and period share their design, so each level and period
    costs one factorisation; relative importance is then computed for all the flows
    at once too.

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> tables = published_tables(simulate_panel(426, rng=3))
    >>> len(tables), sorted({level for level, _ in tables})
    (8, ['municipality', 'region'])
    >>> tables["region", "net_migration_immigration"].table().shape
    (7, 12)
    """
    chosen_factors = PUBLISHED_FACTORS if factors is None else factors
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    checked_weights = check_weights(weights)
    chosen_periods = _resolve_periods(panel, periods)
    outcomes = _flow_columns(panel)
    out: dict[tuple[str, str], DriverResult] = {}
    for level, level_factors in chosen_factors.items():
        level = check_option("level", level, panel.levels)
        analysis = DriverAnalysis(level_factors)  # resolves and checks the factors
        fitted = _fit_panel(
            panel,
            analysis.factors,
            outcomes,
            chosen_periods,
            level,
            cov_type,
            checked_weights,
        )
        for outcome in outcomes:
            out[level, outcome] = fitted[outcome]
    return out
